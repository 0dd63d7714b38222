"""Grievances, their categories, timeline, referrals, evidence and escalations; the enums their pages show."""
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from contracts.models import Contract
from grievances import recruiter_index  # noqa: F401  (the database's index of recruiters, made with the tables)
from portal.database import HasPublicId, UTCDateTime, enum_column, utcnow
from portal.extensions import db
from portal.labels import LabelledEnum
from portal.models import User
from portal.text import _l, _lp
from registry.models import Agency, touch_agencies

# The currencies a worker's claim or a compensation may be given in.
CURRENCIES = ["USD", "SAR", "AED", "QAR", "KWD", "OMR", "BHD", "JOD", "LBP", "EUR", "UGX", "KES", "ETB", "SDG",
              "TZS", "RWF", "SOS", "SSP"]


class FilerType(LabelledEnum):
    WORKER = "worker", _l("I am the worker")
    RELATIVE = "relative", _l("I am a relative or friend of the worker")
    REPRESENTATIVE = "representative", _l("I represent the worker (NGO, lawyer, union)")
    ANONYMOUS = "anonymous", _l("I do not want to give my name (anonymous)")


# One English word, two roles: officials read the status of "the case", the worker that of "your grievance"
# (Kiswahili and French agree the word with each noun), so each has its own context: "case status" on
# officials' pages, "your grievance" on the worker's.


class GrievanceStatus(LabelledEnum):
    """A case's status: its label on officials' pages, the plain sentence the worker reads under it, then
    its label on the worker's page."""

    RECEIVED = ("received", _lp("case status", "Received"),
                _l("We have your grievance. A case officer will look at it soon."), _lp("your grievance", "Received"))
    ACKNOWLEDGED = ("acknowledged", _lp("case status", "Acknowledged"),
                    _l("A case officer has read your grievance and will look into it."),
                    _lp("your grievance", "Acknowledged"))
    INVESTIGATING = ("investigating", _lp("case status", "Being investigated"),
                     _l("A case officer is finding out what happened."), _lp("your grievance", "Being investigated"))
    REFERRED = ("referred", _lp("case status", "Referred"),
                _l("Your case was passed to people who can help where you are. See the details below."),
                _lp("your grievance", "Referred"))
    RESOLVED = ("resolved", _lp("case status", "Resolved"),
                _l("A decision was made on your case. See the result below."), _lp("your grievance", "Resolved"))
    CLOSED = ("closed", _lp("case status", "Closed"),
              _l("Your case is closed. If the problem is not solved, send us a message."),
              _lp("your grievance", "Closed"))
    WITHDRAWN = ("withdrawn", _lp("case status", "Withdrawn"), _l("This grievance was withdrawn."),
                 _lp("your grievance", "Withdrawn"))

    @property
    def advice(self):
        """What the worker reads under the status."""
        return self.texts[0]

    @property
    def worker_label(self):
        """The status as the worker's own page names it."""
        return self.texts[1]


OPEN_STATUSES = frozenset({
    GrievanceStatus.RECEIVED, GrievanceStatus.ACKNOWLEDGED, GrievanceStatus.INVESTIGATING, GrievanceStatus.REFERRED,
})
DONE_STATUSES = frozenset({GrievanceStatus.RESOLVED, GrievanceStatus.CLOSED})


class Category(LabelledEnum):
    """What happened: the worker's words on the form, then the short label of officials' tables."""

    UNPAID_WAGES = "unpaid_wages", _l("I was not paid, or paid less than promised"), _l("Unpaid wages")
    WITHHELD_DOCUMENTS = ("withheld_documents", _l("My passport or documents were taken from me"),
                          _l("Withheld documents"))
    RECRUITMENT_FEES = "recruitment_fees", _l("I was made to pay fees to get the job"), _l("Recruitment fees")
    CONTRACT_SUBSTITUTION = ("contract_substitution", _l("I got a different contract or job than promised"),
                             _l("Contract substitution"))
    EXCESSIVE_HOURS = "excessive_hours", _l("Too many working hours, or no rest day"), _l("Excessive hours")
    ABUSE = "abuse", _l("I was hit, sexually abused or insulted"), _l("Abuse")
    CONFINEMENT = "confinement", _l("I am locked in or not allowed to go out"), _l("Confinement")
    THREATS = "threats", _l("I or my family were threatened"), _l("Threats")
    DEBT_BONDAGE = "debt_bondage", _l("I must work to pay off a debt"), _l("Debt bondage")
    UNSAFE_WORK = "unsafe_work", _l("My work is dangerous"), _l("Unsafe work")
    MEDICAL = "medical", _l("I am sick or hurt and need a doctor"), _l("Medical")
    REPATRIATION = "repatriation", _l("I want to come home, or I am stranded"), _l("Repatriation")
    OTHER = "other", _l("Something else"), _l("Other")

    @property
    def short(self):
        """The short label of officials' tables."""
        return self.texts[0]


URGENT_CATEGORIES = frozenset({Category.ABUSE, Category.CONFINEMENT, Category.THREATS, Category.MEDICAL})


class Outcome(LabelledEnum):
    REMEDIED = "remedied", _l("The problem was put right")
    COMPENSATION_PAID = "compensation_paid", _l("Compensation was paid")
    REPATRIATED = "repatriated", _l("The worker was brought home")
    NOT_SUBSTANTIATED = "not_substantiated", _l("The complaint could not be proven")
    WITHDRAWN = "withdrawn", _l("The complaint was withdrawn")


SUBSTANTIATED_OUTCOMES = frozenset({Outcome.REMEDIED, Outcome.COMPENSATION_PAID, Outcome.REPATRIATED})


class ReferralTarget(LabelledEnum):
    LABOUR_ATTACHE = "labour_attache", _l("the embassy or labour attaché")
    NGO = "ngo", _l("a support organisation (NGO)")
    POLICE = "police", _l("the police or anti-trafficking unit")
    DESTINATION_LABOUR_AUTHORITY = ("destination_labour_authority",
                                    _l("the labour authority of the destination country"))


class ContactMethod(LabelledEnum):
    PHONE = "phone", _l("Phone call or SMS")
    WHATSAPP = "whatsapp", _l("WhatsApp")
    EMAIL = "email", _l("Email")
    VIA_RELATIVE = "via_relative", _l("Through a relative or friend")
    NONE = "none", _l("Do not contact me (I will check with my reference number)")


class CaseAction(LabelledEnum):
    """A step of the case workflow, labelled as the officer's button says it."""

    ACKNOWLEDGE = "acknowledge", _l("Acknowledge")
    INVESTIGATE = "investigate", _l("Start investigating")
    REFER = "refer", _l("Refer")
    RESOLVE = "resolve", _l("Resolve")
    CLOSE = "close", _l("Close")
    REOPEN = "reopen", _l("Reopen")
    WITHDRAW = "withdraw", _l("Record withdrawal")


class EventKind(StrEnum):
    """A line of the timeline (its wording per reader lives in grievances.timeline)."""

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


class DeadlineKind(LabelledEnum):
    """A case's deadline: its label, the mark of a missed one, and the escalation sentence (whole sentences,
    so that each language words them its own way)."""

    ACKNOWLEDGE = ("acknowledge", _l("Acknowledge"), _l("Acknowledgement overdue"),
                   _l("Escalated to %(name)s: the case was not acknowledged in time."))
    RESOLVE = ("resolve", _l("Resolve"), _l("Resolution overdue"),
               _l("Escalated to %(name)s: the case was not resolved in time."))

    @property
    def overdue(self):
        """The mark of a missed deadline."""
        return self.texts[0]

    @property
    def escalation(self):
        """The timeline sentence of an escalation, with %(name)s for the supervisor."""
        return self.texts[1]


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
    assigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledge_due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    resolve_due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # The queue's stored sort key, kept by set_queue_key on every save: open cases first (done is false), by the
    # deadline they work towards; an open case is overdue exactly when next_due_at has passed.
    done: Mapped[bool] = mapped_column(default=False)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    agency: Mapped[Agency | None] = relationship()
    contract: Mapped[Contract | None] = relationship()
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    category_rows: Mapped[list[GrievanceCategory]] = relationship(cascade="all, delete-orphan",
                                                                  order_by="GrievanceCategory.category")
    events: Mapped[list["GrievanceEvent"]] = relationship(back_populates="grievance", cascade="all, delete-orphan",
                                                          order_by="GrievanceEvent.id")
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

    __table_args__ = (
        sa.Index("ix_grievances_queue", "done", "next_due_at", "id"),
        sa.Index("ix_grievances_urgent_queue", "urgent", "done", "next_due_at", "id"),
        sa.Index("ix_grievances_agency_queue", "agency_id", "done", "next_due_at", "id"),
        sa.Index("ix_grievances_destination_queue", "destination_country", "done", "next_due_at", "id"),
        sa.Index("ix_grievances_assigned_queue", "assigned_to_id", "done", "next_due_at", "id"),
        sa.Index("ix_grievances_waiting", "filed_at", sqlite_where=sa.text("done IS 0 AND assigned_to_id IS NULL"),
                 postgresql_where=sa.text("done IS false AND assigned_to_id IS NULL")),  # open, not assigned
    )


@sa.event.listens_for(Grievance, "before_insert")
@sa.event.listens_for(Grievance, "before_update")
def set_queue_key(mapper, connection, grievance: Grievance) -> None:
    """Keep the queue's sort key current whatever service changed the case (status or deadlines)."""
    grievance.done = grievance.status not in OPEN_STATUSES
    grievance.next_due_at = (grievance.acknowledge_due_at if grievance.status == GrievanceStatus.RECEIVED
                             else grievance.resolve_due_at)


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
    actor: Mapped[User | None] = relationship()


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


class EvidenceFile(HasPublicId, db.Model):
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
    supervisor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)

    grievance: Mapped[Grievance] = relationship(back_populates="escalations")
    supervisor: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("grievance_id", "deadline", "due_at", name="uq_grievance_escalations_once"),
    )


class FilingKey(db.Model):
    """A filing's idempotency key (the API's Idempotency-Key header, the form's one-time token), kept only
    hashed: a retry with the same key is answered with the first filing instead of filing twice."""

    __tablename__ = "grievance_filing_keys"

    key_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    grievance_id: Mapped[int | None] = mapped_column(sa.ForeignKey("grievances.id", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(sa.String(64), default="")  # of the API request; "" for the form
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@sa.event.listens_for(Session, "after_flush")
def _touch_agencies_of_changed_cases(session: Session, flush_context) -> None:
    """A flushed change of a grievance touches the agency it is against (its public record changed), and the
    agency it was against before."""
    ids = []
    for grievance in (o for o in [*session.new, *session.dirty, *session.deleted] if isinstance(o, Grievance)):
        history = sa.inspect(grievance).attrs.agency_id.history
        ids += [grievance.agency_id, *history.deleted]
    touch_agencies(session, ids)
