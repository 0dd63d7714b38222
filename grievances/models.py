"""Grievances, their categories, timeline, referrals, evidence files and escalations."""
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

import contracts.models  # noqa: F401  (the contracts table a grievance may link to)
from portal.database import UTCDateTime, enum_column, utcnow
from portal.extensions import db


class FilerType(StrEnum):
    WORKER = "worker"
    RELATIVE = "relative"
    REPRESENTATIVE = "representative"
    ANONYMOUS = "anonymous"


FILER_LABELS = {
    FilerType.WORKER: _l("I am the worker"),
    FilerType.RELATIVE: _l("I am a relative or friend of the worker"),
    FilerType.REPRESENTATIVE: _l("I represent the worker (NGO, lawyer, union)"),
    FilerType.ANONYMOUS: _l("I do not want to give my name (anonymous)"),
}


class GrievanceStatus(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    REFERRED = "referred"
    RESOLVED = "resolved"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


OPEN_STATUSES = frozenset({
    GrievanceStatus.RECEIVED, GrievanceStatus.ACKNOWLEDGED, GrievanceStatus.INVESTIGATING, GrievanceStatus.REFERRED,
})
DONE_STATUSES = frozenset({GrievanceStatus.RESOLVED, GrievanceStatus.CLOSED})

STATUS_LABELS = {
    GrievanceStatus.RECEIVED: _l("Received"),
    GrievanceStatus.ACKNOWLEDGED: _l("Acknowledged"),
    GrievanceStatus.INVESTIGATING: _l("Being investigated"),
    GrievanceStatus.REFERRED: _l("Referred"),
    GrievanceStatus.RESOLVED: _l("Resolved"),
    GrievanceStatus.CLOSED: _l("Closed"),
    GrievanceStatus.WITHDRAWN: _l("Withdrawn"),
}

# What the worker reads under the status: one plain sentence.
STATUS_ADVICE = {
    GrievanceStatus.RECEIVED: _l("We have your grievance. A case officer will look at it soon."),
    GrievanceStatus.ACKNOWLEDGED: _l("A case officer has read your grievance and will look into it."),
    GrievanceStatus.INVESTIGATING: _l("A case officer is finding out what happened."),
    GrievanceStatus.REFERRED: _l("Your case was passed to people who can help where you are. See the details below."),
    GrievanceStatus.RESOLVED: _l("A decision was made on your case. See the result below."),
    GrievanceStatus.CLOSED: _l("Your case is closed. If the problem is not solved, send us a message."),
    GrievanceStatus.WITHDRAWN: _l("This grievance was withdrawn."),
}


class Category(StrEnum):
    UNPAID_WAGES = "unpaid_wages"
    WITHHELD_DOCUMENTS = "withheld_documents"
    RECRUITMENT_FEES = "recruitment_fees"
    CONTRACT_SUBSTITUTION = "contract_substitution"
    EXCESSIVE_HOURS = "excessive_hours"
    ABUSE = "abuse"
    CONFINEMENT = "confinement"
    THREATS = "threats"
    DEBT_BONDAGE = "debt_bondage"
    UNSAFE_WORK = "unsafe_work"
    MEDICAL = "medical"
    REPATRIATION = "repatriation"
    OTHER = "other"


CATEGORY_LABELS = {
    Category.UNPAID_WAGES: _l("I was not paid, or paid less than promised"),
    Category.WITHHELD_DOCUMENTS: _l("My passport or documents were taken from me"),
    Category.RECRUITMENT_FEES: _l("I was made to pay fees to get the job"),
    Category.CONTRACT_SUBSTITUTION: _l("I got a different contract or job than promised"),
    Category.EXCESSIVE_HOURS: _l("Too many working hours, or no rest day"),
    Category.ABUSE: _l("I was hit, sexually abused or insulted"),
    Category.CONFINEMENT: _l("I am locked in or not allowed to go out"),
    Category.THREATS: _l("I or my family were threatened"),
    Category.DEBT_BONDAGE: _l("I must work to pay off a debt"),
    Category.UNSAFE_WORK: _l("My work is dangerous"),
    Category.MEDICAL: _l("I am sick or hurt and need a doctor"),
    Category.REPATRIATION: _l("I want to come home, or I am stranded"),
    Category.OTHER: _l("Something else"),
}

# Short labels for officials' tables.
CATEGORY_SHORT = {
    Category.UNPAID_WAGES: _l("Unpaid wages"),
    Category.WITHHELD_DOCUMENTS: _l("Withheld documents"),
    Category.RECRUITMENT_FEES: _l("Recruitment fees"),
    Category.CONTRACT_SUBSTITUTION: _l("Contract substitution"),
    Category.EXCESSIVE_HOURS: _l("Excessive hours"),
    Category.ABUSE: _l("Abuse"),
    Category.CONFINEMENT: _l("Confinement"),
    Category.THREATS: _l("Threats"),
    Category.DEBT_BONDAGE: _l("Debt bondage"),
    Category.UNSAFE_WORK: _l("Unsafe work"),
    Category.MEDICAL: _l("Medical"),
    Category.REPATRIATION: _l("Repatriation"),
    Category.OTHER: _l("Other"),
}

URGENT_CATEGORIES = frozenset({Category.ABUSE, Category.CONFINEMENT, Category.THREATS, Category.MEDICAL})


class Outcome(StrEnum):
    REMEDIED = "remedied"
    COMPENSATION_PAID = "compensation_paid"
    REPATRIATED = "repatriated"
    NOT_SUBSTANTIATED = "not_substantiated"
    WITHDRAWN = "withdrawn"


OUTCOME_LABELS = {
    Outcome.REMEDIED: _l("The problem was put right"),
    Outcome.COMPENSATION_PAID: _l("Compensation was paid"),
    Outcome.REPATRIATED: _l("The worker was brought home"),
    Outcome.NOT_SUBSTANTIATED: _l("The complaint could not be proven"),
    Outcome.WITHDRAWN: _l("The complaint was withdrawn"),
}

SUBSTANTIATED_OUTCOMES = frozenset({Outcome.REMEDIED, Outcome.COMPENSATION_PAID, Outcome.REPATRIATED})


class ReferralTarget(StrEnum):
    LABOUR_ATTACHE = "labour_attache"
    NGO = "ngo"
    POLICE = "police"
    DESTINATION_LABOUR_AUTHORITY = "destination_labour_authority"


REFERRAL_LABELS = {
    ReferralTarget.LABOUR_ATTACHE: _l("the embassy or labour attaché"),
    ReferralTarget.NGO: _l("a support organisation (NGO)"),
    ReferralTarget.POLICE: _l("the police or anti-trafficking unit"),
    ReferralTarget.DESTINATION_LABOUR_AUTHORITY: _l("the labour authority of the destination country"),
}


class ContactMethod(StrEnum):
    PHONE = "phone"
    WHATSAPP = "whatsapp"
    EMAIL = "email"
    VIA_RELATIVE = "via_relative"
    NONE = "none"


CONTACT_LABELS = {
    ContactMethod.PHONE: _l("Phone call or SMS"),
    ContactMethod.WHATSAPP: _l("WhatsApp"),
    ContactMethod.EMAIL: _l("Email"),
    ContactMethod.VIA_RELATIVE: _l("Through a relative or friend"),
    ContactMethod.NONE: _l("Do not contact me (I will check with my reference number)"),
}


class EventKind(StrEnum):
    FILED = "filed"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    REFERRED = "referred"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"
    WITHDRAWN = "withdrawn"
    ASSIGNED = "assigned"
    MESSAGE_TO_WORKER = "message_to_worker"
    MESSAGE_FROM_WORKER = "message_from_worker"
    AGENCY_RESPONSE = "agency_response"
    EVIDENCE_ADDED = "evidence_added"
    NOTE = "note"
    ESCALATED = "escalated"


# Who sees which kind of event. Internal notes and escalations stay inside the ministry.
WORKER_VISIBLE = frozenset({
    EventKind.FILED, EventKind.ACKNOWLEDGED, EventKind.INVESTIGATING, EventKind.REFERRED, EventKind.RESOLVED,
    EventKind.CLOSED, EventKind.REOPENED, EventKind.WITHDRAWN, EventKind.ASSIGNED, EventKind.MESSAGE_TO_WORKER,
    EventKind.MESSAGE_FROM_WORKER, EventKind.AGENCY_RESPONSE, EventKind.EVIDENCE_ADDED,
})
# The agency learns that a case was referred, not to whom (the police, a shelter) or why.
AGENCY_VISIBLE = frozenset({
    EventKind.FILED, EventKind.ACKNOWLEDGED, EventKind.INVESTIGATING, EventKind.REFERRED, EventKind.RESOLVED,
    EventKind.CLOSED, EventKind.REOPENED, EventKind.WITHDRAWN, EventKind.AGENCY_RESPONSE,
})


class DeadlineKind(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    RESOLVE = "resolve"


DEADLINE_LABELS = {
    DeadlineKind.ACKNOWLEDGE: _l("Acknowledge"),
    DeadlineKind.RESOLVE: _l("Resolve"),
}
OVERDUE_LABELS = {
    DeadlineKind.ACKNOWLEDGE: _l("Acknowledgement overdue"),
    DeadlineKind.RESOLVE: _l("Resolution overdue"),
}
# Whole sentences per deadline, so each language can word them its own way.
ESCALATION_MESSAGES = {
    DeadlineKind.ACKNOWLEDGE: _l("Escalated to %(name)s: the case was not acknowledged in time."),
    DeadlineKind.RESOLVE: _l("Escalated to %(name)s: the case was not resolved in time."),
}

class GrievanceCategory(db.Model):
    """One category ticked on a grievance (a row each, so the queue filters and counts in SQL)."""

    __tablename__ = "grievance_categories"

    grievance_id: Mapped[int] = mapped_column(sa.ForeignKey("grievances.id", ondelete="CASCADE"), primary_key=True)
    category: Mapped[Category] = mapped_column(enum_column(Category), primary_key=True, index=True)


class Grievance(db.Model):
    __tablename__ = "grievances"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(13), unique=True)
    tracking_code_hash: Mapped[str] = mapped_column(sa.String(64))
    filer_type: Mapped[FilerType] = mapped_column(enum_column(FilerType))
    # Against whom: an agency of the registry, or an unlicensed recruiter by name and phone.
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agencies.id"), index=True)
    recruiter_name: Mapped[str] = mapped_column(sa.String(200), default="")
    recruiter_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    employer_name: Mapped[str] = mapped_column(sa.String(200), default="")
    destination_country: Mapped[str] = mapped_column(sa.String(2), index=True)
    contract_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    description: Mapped[str] = mapped_column(sa.Text)
    amount_claimed: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    amount_currency: Mapped[str] = mapped_column(sa.String(3), default="")
    # Identity and contacts: only for the assigned officer, supervisors, administrators (and the agency
    # with the worker's consent).
    contact_name: Mapped[str] = mapped_column(sa.String(200), default="")
    contact_method: Mapped[ContactMethod] = mapped_column(enum_column(ContactMethod), default=ContactMethod.NONE)
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    contact_whatsapp: Mapped[str] = mapped_column(sa.String(40), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_relative: Mapped[str] = mapped_column(sa.String(300), default="")
    share_identity_with_agency: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    filed_from_ip: Mapped[str | None] = mapped_column(sa.String(45))  # never for anonymous filings

    urgent: Mapped[bool] = mapped_column(default=False, index=True)
    status: Mapped[GrievanceStatus] = mapped_column(enum_column(GrievanceStatus), index=True)
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome))
    compensation_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    compensation_currency: Mapped[str] = mapped_column(sa.String(3), default="")
    resolution_summary: Mapped[str] = mapped_column(sa.Text, default="")
    assigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)

    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledge_due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    resolve_due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    agency = relationship("Agency")
    assigned_to = relationship("User", foreign_keys=[assigned_to_id])
    category_rows: Mapped[list[GrievanceCategory]] = relationship(
        cascade="all, delete-orphan", order_by="GrievanceCategory.category"
    )
    events: Mapped[list["GrievanceEvent"]] = relationship(
        back_populates="grievance", cascade="all, delete-orphan", order_by="GrievanceEvent.id"
    )
    evidence: Mapped[list["EvidenceFile"]] = relationship(
        back_populates="grievance", cascade="all, delete-orphan", order_by="EvidenceFile.id"
    )
    referrals: Mapped[list["Referral"]] = relationship(
        back_populates="grievance", cascade="all, delete-orphan", order_by="Referral.id"
    )
    escalations: Mapped[list["Escalation"]] = relationship(
        back_populates="grievance", cascade="all, delete-orphan", order_by="Escalation.id"
    )

    @property
    def categories(self) -> list[Category]:
        return [row.category for row in self.category_rows]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def substantiated(self) -> bool:
        return self.status in DONE_STATUSES and self.outcome in SUBSTANTIATED_OUTCOMES

    @property
    def against(self) -> str:
        """Who the grievance is against, in one line."""
        if self.agency is not None:
            return self.agency.legal_name
        return " ".join(p for p in (self.recruiter_name, self.recruiter_phone) if p)

    def __repr__(self) -> str:
        return f"<Grievance {self.reference} {self.status}>"


class GrievanceEvent(db.Model):
    """One line of the timeline: a step, a message, a response, an internal note or an escalation."""

    __tablename__ = "grievance_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    grievance_id: Mapped[int] = mapped_column(sa.ForeignKey("grievances.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    grievance: Mapped[Grievance] = relationship(back_populates="events")
    actor = relationship("User")


class Referral(db.Model):
    """The case passed to someone who can act where the worker is: who, when, why."""

    __tablename__ = "grievance_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    grievance_id: Mapped[int] = mapped_column(sa.ForeignKey("grievances.id", ondelete="CASCADE"), index=True)
    target: Mapped[ReferralTarget] = mapped_column(enum_column(ReferralTarget))
    to_whom: Mapped[str] = mapped_column(sa.String(200))
    referred_on: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    grievance: Mapped[Grievance] = relationship(back_populates="referrals")


class EvidenceFile(db.Model):
    """A photo or PDF sent by the worker, kept under instance/uploads/evidence under a random name."""

    __tablename__ = "grievance_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    grievance_id: Mapped[int] = mapped_column(sa.ForeignKey("grievances.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    mime_type: Mapped[str] = mapped_column(sa.String(60))
    size: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    grievance: Mapped[Grievance] = relationship(back_populates="evidence")


class Escalation(db.Model):
    """A missed deadline passed to a supervisor; one per case, deadline kind and due time."""

    __tablename__ = "grievance_escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    grievance_id: Mapped[int] = mapped_column(sa.ForeignKey("grievances.id", ondelete="CASCADE"), index=True)
    deadline: Mapped[DeadlineKind] = mapped_column(enum_column(DeadlineKind))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    supervisor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    grievance: Mapped[Grievance] = relationship(back_populates="escalations")
    supervisor = relationship("User")

    __table_args__ = (
        sa.UniqueConstraint("grievance_id", "deadline", "due_at", name="uq_grievance_escalations_once"),
    )
