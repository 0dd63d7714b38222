"""Standard contract templates: one per destination and sector, in numbered versions with their minimum
terms and clauses. A published version never changes."""
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contracts.models.enums import ClauseKind, EmployerPaidItem, RepatriationCase, TemplateVersionStatus, ticked
from portal.database import HasPublicId, UTCDateTime, enum_column, utcnow
from portal.extensions import db


class ContractTemplate(HasPublicId, db.Model):
    """A standard contract for one destination country and one sector (occupation)."""

    __tablename__ = "contract_templates"
    __table_args__ = (
        sa.UniqueConstraint("destination_country", "sector", name="uq_contract_templates_destination_sector"),
    )

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
        """The version new contracts are made from, if one is published."""
        return next((v for v in self.versions if v.status == TemplateVersionStatus.PUBLISHED), None)

    @property
    def draft_version(self) -> "TemplateVersion | None":
        """The version being edited, if any."""
        return next((v for v in self.versions if v.status == TemplateVersionStatus.DRAFT), None)


class TemplateVersion(HasPublicId, db.Model):
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
    def required_employer_items(self) -> list[EmployerPaidItem]:
        """The items the employer must pay for."""
        return ticked(self, "employer_pays_", EmployerPaidItem)

    @property
    def required_repatriation(self) -> list[RepatriationCase]:
        """When the worker must be brought home at no cost to them."""
        return ticked(self, "repatriation_", RepatriationCase)

    def clauses_in(self, language: str) -> list["TemplateClause"]:
        """The clauses in a language, falling back to English when no translation exists."""
        found = [c for c in self.clauses if c.language == language]
        return found or [c for c in self.clauses if c.language == "en"]

    @property
    def languages(self) -> list[str]:
        """The languages the clauses are written in."""
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
