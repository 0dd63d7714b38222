"""Standard contract templates (numbered versions, minimum terms, clauses) and employment contracts
with their fees, signatures, jointly liable parties and history."""
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import UTCDateTime, enum_column, utcnow
from portal.extensions import db
from registry.models import Agency, ForeignParty

# ---------------------------------------------------------------- labels shared by templates and contracts

# Items the employer pays for (ILO employer-pays principle): the attribute suffix and its label.
EMPLOYER_PAID_ITEMS = {
    "outbound_travel": _l("Travel to the job"),
    "return_travel": _l("Return travel home"),
    "visa_work_permit": _l("Visa and work permit"),
    "medical_exam": _l("Medical examination"),
    "insurance": _l("Insurance"),
    "accommodation": _l("Accommodation"),
    "food": _l("Food"),
}

# When the employer (and, jointly, the agencies) must bring the worker home at no cost to the worker.
REPATRIATION_CASES = {
    "end": _l("At the end of the contract"),
    "termination": _l("If the contract is terminated early"),
    "death": _l("If the worker dies (return of the remains)"),
    "crisis": _l("In a crisis (war, disaster, epidemic)"),
}


class LiabilityRole(StrEnum):
    ORIGIN_AGENCY = "origin_agency"
    PARTNER_AGENCY = "partner_agency"
    EMPLOYER = "employer"


ROLE_LABELS = {
    "origin_agency": _l("Recruitment agency (home country)"),
    "partner_agency": _l("Partner agency (destination country)"),
    "employer": _l("Employer"),
}

CLAIMS = ("unpaid_wages", "death_disability_compensation", "repatriation")

CLAIM_LABELS = {
    "unpaid_wages": _l("Unpaid wages"),
    "death_disability_compensation": _l("Death and disability compensation"),
    "repatriation": _l("Repatriation costs"),
}


class SignatoryRole(StrEnum):
    ORIGIN_AGENCY = "origin_agency"
    PARTNER_AGENCY = "partner_agency"
    EMPLOYER = "employer"
    WORKER = "worker"


SIGNATORY_LABELS = {
    SignatoryRole.ORIGIN_AGENCY: _l("Recruitment agency (home country)"),
    SignatoryRole.PARTNER_AGENCY: _l("Partner agency (destination country)"),
    SignatoryRole.EMPLOYER: _l("Employer"),
    SignatoryRole.WORKER: _l("Worker"),
}


# ---------------------------------------------------------------- templates


class TemplateVersionStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"  # a newer version was published; contracts made from it keep it


TEMPLATE_STATUS_LABELS = {
    TemplateVersionStatus.DRAFT: _l("Draft"),
    TemplateVersionStatus.PUBLISHED: _l("Published"),
    TemplateVersionStatus.RETIRED: _l("Replaced by a newer version"),
}


class ClauseKind(StrEnum):
    STANDARD = "standard"
    JOINT_LIABILITY = "joint_liability"  # required in every version; cannot be removed


class ContractTemplate(db.Model):
    """A standard contract for one destination country and one sector (occupation)."""

    __tablename__ = "contract_templates"
    __table_args__ = (sa.UniqueConstraint("destination_country", "sector", name="uq_contract_templates_destination_sector"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    destination_country: Mapped[str] = mapped_column(sa.String(2), index=True)
    sector: Mapped[str] = mapped_column(sa.String(40))
    occupation: Mapped[str] = mapped_column(sa.String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list["TemplateVersion"]] = relationship(
        back_populates="template", cascade="all, delete-orphan", order_by="TemplateVersion.number"
    )

    @property
    def published_version(self) -> "TemplateVersion | None":
        return next((v for v in self.versions if v.status == TemplateVersionStatus.PUBLISHED), None)

    @property
    def draft_version(self) -> "TemplateVersion | None":
        return next((v for v in self.versions if v.status == TemplateVersionStatus.DRAFT), None)


class TemplateVersion(db.Model):
    """One numbered version of a template: its minimum terms and clauses. Published versions never change."""

    __tablename__ = "contract_template_versions"
    __table_args__ = (sa.UniqueConstraint("template_id", "number", name="uq_contract_template_versions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(sa.ForeignKey("contract_templates.id"), index=True)
    number: Mapped[int]
    status: Mapped[TemplateVersionStatus] = mapped_column(
        enum_column(TemplateVersionStatus), default=TemplateVersionStatus.DRAFT
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    # Minimum terms checked at attestation.
    currency: Mapped[str] = mapped_column(sa.String(3))
    min_monthly_wage: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    max_hours_per_week: Mapped[int]
    min_weekly_rest_days: Mapped[int]
    min_annual_leave_days: Mapped[int]
    max_duration_months: Mapped[int]
    max_probation_months: Mapped[int]
    min_death_disability_compensation: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    employer_pays_outbound_travel: Mapped[bool] = mapped_column(default=True)
    employer_pays_return_travel: Mapped[bool] = mapped_column(default=True)
    employer_pays_visa_work_permit: Mapped[bool] = mapped_column(default=True)
    employer_pays_medical_exam: Mapped[bool] = mapped_column(default=True)
    employer_pays_insurance: Mapped[bool] = mapped_column(default=True)
    employer_pays_accommodation: Mapped[bool] = mapped_column(default=True)
    employer_pays_food: Mapped[bool] = mapped_column(default=True)
    worker_keeps_passport: Mapped[bool] = mapped_column(default=True)
    repatriation_end: Mapped[bool] = mapped_column(default=True)
    repatriation_termination: Mapped[bool] = mapped_column(default=True)
    repatriation_death: Mapped[bool] = mapped_column(default=True)
    repatriation_crisis: Mapped[bool] = mapped_column(default=True)
    # The dispute route: first the labour attaché, then the destination's labour authority.
    dispute_attache: Mapped[str] = mapped_column(sa.Text, default="")
    dispute_authority: Mapped[str] = mapped_column(sa.Text, default="")
    change_note: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    template: Mapped[ContractTemplate] = relationship(back_populates="versions")
    clauses: Mapped[list["TemplateClause"]] = relationship(
        back_populates="version", cascade="all, delete-orphan",
        order_by="TemplateClause.position",
    )

    @property
    def required_employer_items(self) -> list[str]:
        return [k for k in EMPLOYER_PAID_ITEMS if getattr(self, f"employer_pays_{k}")]

    @property
    def required_repatriation(self) -> list[str]:
        return [k for k in REPATRIATION_CASES if getattr(self, f"repatriation_{k}")]

    def clauses_in(self, language: str) -> list["TemplateClause"]:
        """The clauses in a language, falling back to English when no translation exists."""
        found = [c for c in self.clauses if c.language == language]
        return found or [c for c in self.clauses if c.language == "en"]

    @property
    def languages(self) -> list[str]:
        return sorted({c.language for c in self.clauses})


class TemplateClause(db.Model):
    """A clause of a template version; {placeholders} are filled from the contract's fields."""

    __tablename__ = "contract_template_clauses"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("contract_template_versions.id"), index=True)
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    position: Mapped[int]
    kind: Mapped[ClauseKind] = mapped_column(enum_column(ClauseKind), default=ClauseKind.STANDARD)
    heading: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)

    version: Mapped[TemplateVersion] = relationship(back_populates="clauses")


# ---------------------------------------------------------------- contracts


class ContractStatus(StrEnum):
    DRAFT = "draft"
    AWAITING_SIGNATURES = "awaiting_signatures"
    SIGNED = "signed"
    ATTESTED = "attested"
    ACTIVE = "active"
    COMPLETED = "completed"
    TERMINATED = "terminated"
    SUPERSEDED = "superseded"


CONTRACT_STATUS_LABELS = {
    ContractStatus.DRAFT: _l("Draft"),
    ContractStatus.AWAITING_SIGNATURES: _l("Awaiting signatures"),
    ContractStatus.SIGNED: _l("Signed, awaiting attestation"),
    ContractStatus.ATTESTED: _l("Attested"),
    ContractStatus.ACTIVE: _l("Active (worker deployed)"),
    ContractStatus.COMPLETED: _l("Completed"),
    ContractStatus.TERMINATED: _l("Terminated"),
    ContractStatus.SUPERSEDED: _l("Superseded by a newer contract"),
}


class Contract(db.Model):
    """An employment contract made from a template version, signed by the parties, attested by the ministry."""

    __tablename__ = "contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Given at attestation: 10 unambiguous characters, stored without dashes.
    verification_code: Mapped[str | None] = mapped_column(sa.String(16), unique=True)
    status: Mapped[ContractStatus] = mapped_column(enum_column(ContractStatus), default=ContractStatus.DRAFT,
                                                   index=True)
    status_reason: Mapped[str] = mapped_column(sa.Text, default="")
    template_version_id: Mapped[int] = mapped_column(sa.ForeignKey("contract_template_versions.id"), index=True)
    destination_country: Mapped[str] = mapped_column(sa.String(2), index=True)
    sector: Mapped[str] = mapped_column(sa.String(40))
    origin_agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id"), index=True)
    partner_agency_id: Mapped[int] = mapped_column(sa.ForeignKey("foreign_parties.id"), index=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("foreign_parties.id"), index=True)
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contracts.id"), index=True)

    # The worker: private data, never on public pages or in public JSON.
    worker_name: Mapped[str] = mapped_column(sa.String(200))
    worker_date_of_birth: Mapped[date] = mapped_column(sa.Date)
    worker_passport_number: Mapped[str] = mapped_column(sa.String(40))
    worker_phone: Mapped[str] = mapped_column(sa.String(40))
    worker_next_of_kin: Mapped[str] = mapped_column(sa.Text)
    worker_language: Mapped[str] = mapped_column(sa.String(8), default="en")

    # The terms.
    job_title: Mapped[str] = mapped_column(sa.String(200))
    place_of_work: Mapped[str] = mapped_column(sa.String(200))
    start_date: Mapped[date] = mapped_column(sa.Date)
    currency: Mapped[str] = mapped_column(sa.String(3))
    monthly_wage: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    hours_per_week: Mapped[int]
    weekly_rest_days: Mapped[int]
    annual_leave_days: Mapped[int]
    duration_months: Mapped[int]
    probation_months: Mapped[int] = mapped_column(default=0)
    death_disability_compensation: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    employer_pays_outbound_travel: Mapped[bool] = mapped_column(default=True)
    employer_pays_return_travel: Mapped[bool] = mapped_column(default=True)
    employer_pays_visa_work_permit: Mapped[bool] = mapped_column(default=True)
    employer_pays_medical_exam: Mapped[bool] = mapped_column(default=True)
    employer_pays_insurance: Mapped[bool] = mapped_column(default=True)
    employer_pays_accommodation: Mapped[bool] = mapped_column(default=True)
    employer_pays_food: Mapped[bool] = mapped_column(default=True)
    passport_kept_by_worker: Mapped[bool] = mapped_column(default=True)
    repatriation_end: Mapped[bool] = mapped_column(default=True)
    repatriation_termination: Mapped[bool] = mapped_column(default=True)
    repatriation_death: Mapped[bool] = mapped_column(default=True)
    repatriation_crisis: Mapped[bool] = mapped_column(default=True)

    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    attested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    attested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attestation_reference: Mapped[str] = mapped_column(sa.String(100), default="")

    template_version: Mapped[TemplateVersion] = relationship()
    origin_agency: Mapped[Agency] = relationship(foreign_keys=[origin_agency_id])
    partner_agency: Mapped[ForeignParty] = relationship(foreign_keys=[partner_agency_id])
    employer: Mapped[ForeignParty] = relationship(foreign_keys=[employer_id])
    supersedes: Mapped["Contract | None"] = relationship(
        remote_side=[id], foreign_keys=[supersedes_id], back_populates="superseded_by_list"
    )
    superseded_by_list: Mapped[list["Contract"]] = relationship(
        back_populates="supersedes", foreign_keys=[supersedes_id], order_by="Contract.id"
    )
    fees: Mapped[list["WorkerFee"]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="WorkerFee.id"
    )
    signatures: Mapped[list["Signature"]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="Signature.id"
    )
    liabilities: Mapped[list["LiableParty"]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="LiableParty.id"
    )
    events: Mapped[list["ContractEvent"]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="ContractEvent.id"
    )

    @property
    def employer_pays(self) -> list[str]:
        return [k for k in EMPLOYER_PAID_ITEMS if getattr(self, f"employer_pays_{k}")]

    @property
    def repatriation(self) -> list[str]:
        return [k for k in REPATRIATION_CASES if getattr(self, f"repatriation_{k}")]

    @property
    def worker_paid_total(self) -> Decimal:
        return sum((f.amount for f in self.fees), Decimal("0"))

    @property
    def code_display(self) -> str:
        """The verification code in groups of four, as printed: K7MX-4P2Q-RT."""
        code = self.verification_code or ""
        return "-".join(code[i:i + 4] for i in range(0, len(code), 4))

    @property
    def superseded_by(self) -> "Contract | None":
        """The newer attested contract that replaced this one, if any."""
        if self.status != ContractStatus.SUPERSEDED:
            return None
        return next((c for c in reversed(self.superseded_by_list) if c.attested_at), None)

    def signature_of(self, role: SignatoryRole) -> "Signature | None":
        return next((s for s in self.signatures if s.role == role), None)

    def __repr__(self) -> str:
        return f"<Contract {self.id} {self.status}>"


class WorkerFee(db.Model):
    """A fee or cost the worker was asked to pay (must total zero for attestation)."""

    __tablename__ = "contract_worker_fees"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    description: Mapped[str] = mapped_column(sa.String(200))
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    currency: Mapped[str] = mapped_column(sa.String(3))
    paid_to: Mapped[str] = mapped_column(sa.String(200), default="")

    contract: Mapped[Contract] = relationship(back_populates="fees")


class Signature(db.Model):
    """A party's signature: who signed, as whom, when; and who recorded it in the portal."""

    __tablename__ = "contract_signatures"
    __table_args__ = (sa.UniqueConstraint("contract_id", "role", name="uq_contract_signatures_contract_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    role: Mapped[SignatoryRole] = mapped_column(enum_column(SignatoryRole))
    signer_name: Mapped[str] = mapped_column(sa.String(200))
    signer_capacity: Mapped[str] = mapped_column(sa.String(200))  # "as whom": Director, Owner, the worker
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    in_app: Mapped[bool] = mapped_column(default=False)  # signed by the logged-in representative
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contract: Mapped[Contract] = relationship(back_populates="signatures")
    recorded_by = relationship("User")


class LiableParty(db.Model):
    """A party liable jointly and severally with the others for the contract's claims."""

    __tablename__ = "contract_liable_parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    role: Mapped[LiabilityRole] = mapped_column(enum_column(LiabilityRole))
    name: Mapped[str] = mapped_column(sa.String(200))
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agencies.id"))
    foreign_party_id: Mapped[int | None] = mapped_column(sa.ForeignKey("foreign_parties.id"))
    claims: Mapped[list[str]] = mapped_column(sa.JSON, default=lambda: list(CLAIMS))

    contract: Mapped[Contract] = relationship(back_populates="liabilities")

    @property
    def role_label(self):
        return ROLE_LABELS[self.role.value]

    @property
    def claim_labels(self) -> list:
        return [CLAIM_LABELS[c] for c in self.claims]


class ContractEvent(db.Model):
    """One step in a contract's history: who, when, from which status to which, why."""

    __tablename__ = "contract_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(40))
    from_status: Mapped[ContractStatus | None] = mapped_column(enum_column(ContractStatus))
    to_status: Mapped[ContractStatus] = mapped_column(enum_column(ContractStatus))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contract: Mapped[Contract] = relationship(back_populates="events")
    actor = relationship("User")
