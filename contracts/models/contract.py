"""Employment contracts with their fees, signatures, jointly liable parties and history."""
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contracts.models.enums import (
    Claim,
    ContractStatus,
    EmployerPaidItem,
    LiabilityRole,
    RepatriationCase,
    SignatoryRole,
    ticked,
)
from contracts.models.templates import TemplateVersion
from portal import codes
from portal.database import HasPublicId, UTCDateTime, enum_column, utcnow
from portal.extensions import db
from portal.models import User
from registry.models import Agency, ForeignParty


class Contract(HasPublicId, db.Model):
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

    # The desk list walks one of these newest first (keyset on updated_at, id), whatever it is filtered by.
    __table_args__ = (
        sa.Index("ix_contracts_desk", "updated_at", "id"),
        sa.Index("ix_contracts_desk_status", "status", "updated_at", "id"),
        sa.Index("ix_contracts_desk_agency", "origin_agency_id", "updated_at", "id"),
        sa.Index("ix_contracts_desk_destination", "destination_country", "updated_at", "id"),
    )

    @property
    def employer_pays(self) -> list[EmployerPaidItem]:
        """The items the employer pays for under this contract."""
        return ticked(self, "employer_pays_", EmployerPaidItem)

    @property
    def repatriation(self) -> list[RepatriationCase]:
        """When the worker is brought home at no cost to them."""
        return ticked(self, "repatriation_", RepatriationCase)

    @property
    def worker_paid_total(self) -> Decimal:
        """The fees the worker was asked to pay, added up (must be zero for attestation)."""
        return sum((f.amount for f in self.fees), Decimal("0"))

    @property
    def number(self) -> str:
        """How pages name the contract: its verification code once attested, its public id before."""
        return self.code_display or self.public_id

    @property
    def code_display(self) -> str:
        """The verification code in groups of four, as printed: K7MX-4P2Q-RT."""
        return codes.grouped(self.verification_code or "")

    @property
    def superseded_by(self) -> "Contract | None":
        """The newer attested contract that replaced this one, if any."""
        if self.status != ContractStatus.SUPERSEDED:
            return None
        return next((c for c in reversed(self.superseded_by_list) if c.attested_at), None)

    def signature_of(self, role: SignatoryRole) -> "Signature | None":
        """The party's signature, if it has signed."""
        return next((s for s in self.signatures if s.role == role), None)

    @property
    def missing_signatures(self) -> list[SignatoryRole]:
        """The parties who have not signed yet, in signing order."""
        return [role for role in SignatoryRole if self.signature_of(role) is None]

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
    recorded_by: Mapped[User | None] = relationship()


class LiableParty(db.Model):
    """A party liable jointly and severally with the others for the contract's claims."""

    __tablename__ = "contract_liable_parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    role: Mapped[LiabilityRole] = mapped_column(enum_column(LiabilityRole))
    name: Mapped[str] = mapped_column(sa.String(200))
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agencies.id"))
    foreign_party_id: Mapped[int | None] = mapped_column(sa.ForeignKey("foreign_parties.id"))
    claims: Mapped[list[str]] = mapped_column(sa.JSON, default=lambda: [c.value for c in Claim])

    contract: Mapped[Contract] = relationship(back_populates="liabilities")

    @property
    def role_label(self):
        """The liable party's role, in the reader's language."""
        return self.role.label

    @property
    def claim_labels(self) -> list:
        """What the party is liable for, in the reader's language."""
        return [Claim.label_of(claim) for claim in self.claims]


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
    actor: Mapped[User | None] = relationship()
