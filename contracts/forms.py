"""Forms of the contract pages: drafting, signatures, decisions, templates, and the worker's check; each
hands the services their arguments."""
from datetime import UTC, datetime, time
from decimal import Decimal

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from contracts.models import (
    CONTRACT_FIELDS,
    TERM_FIELDS,
    ClauseKind,
    Contract,
    EmployerPaidItem,
    RepatriationCase,
    SignatoryRole,
    TemplateVersion,
)
from contracts.services import FeeLine
from portal.countries import COMMON_DESTINATIONS, country_choices
from portal.database import utcnow
from portal.forms import AmountField, DayMonthYearField, SelectField, choices
from portal.i18n import LANGUAGE_NAMES
from portal.text import _l
from registry.models import ForeignParty, PartyKind, Sector, WatchlistStatus

# Destinations the ministry writes templates for: the common ones (the Gulf, Jordan, Lebanon...) and a few more.
TEMPLATE_DESTINATIONS = (*COMMON_DESTINATIONS, "PL", "DE")
_TEXT_TERMS = {"title", "currency", "dispute_attache", "dispute_authority", "change_note"}


def _add_booleans(form_cls, prefix: str, enum, default: bool = True) -> None:
    """One checkbox per employer-paid item or repatriation case (prefix<value>), ticked by default."""
    for member in enum:
        setattr(form_cls, f"{prefix}{member.value}", BooleanField(member.label, default=default))


# ---------------------------------------------------------------- contracts


class FeeForm(Form):
    """One fee the worker was asked to pay; blank rows are ignored."""

    description = StringField(_l("What the fee was for"), validators=[Optional(), Length(max=200)])
    amount = AmountField(_l("Amount"), validators=[Optional(), NumberRange(min=0)])
    currency = StringField(_l("Currency"), validators=[Optional(), Length(min=3, max=3)])
    paid_to = StringField(_l("Paid to"), validators=[Optional(), Length(max=200)])

    @property
    def blank(self) -> bool:
        return not (self.description.data or "").strip() and self.amount.data in (None, Decimal("0"))


class ContractForm(FlaskForm):
    # The parties are chosen by their public ids (offer_parties); a page never shows a row's key. No party is
    # chosen for the agency: the first option is a placeholder that fails validation.
    partner_agency_id = SelectField(_l("Partner agency in the destination country"),
                                    validators=[InputRequired(_l("Choose the partner agency in the destination "
                                                                 "country."))])
    employer_id = SelectField(_l("Employer"), validators=[InputRequired(_l("Choose the employer."))])

    worker_name = StringField(_l("Worker's full name"), validators=[DataRequired(), Length(max=200)])
    worker_date_of_birth = DayMonthYearField(_l("Date of birth"), validators=[InputRequired()])
    worker_passport_number = StringField(_l("Passport number"), validators=[DataRequired(), Length(max=40)])
    worker_phone = StringField(_l("Worker's phone"), validators=[DataRequired(), Length(max=40)])
    worker_next_of_kin = TextAreaField(_l("Next of kin (name, relationship, phone)"),
                                       validators=[DataRequired(), Length(max=1000)])
    worker_language = SelectField(_l("Worker's language"), default="en")

    job_title = StringField(_l("Job title"), validators=[DataRequired(), Length(max=200)])
    place_of_work = StringField(_l("Place of work (city)"), validators=[DataRequired(), Length(max=200)])
    start_date = DayMonthYearField(_l("Start date"), validators=[InputRequired()])
    currency = StringField(_l("Wage currency"), validators=[DataRequired(), Length(min=3, max=3)])
    monthly_wage = AmountField(_l("Monthly wage"), validators=[InputRequired(), NumberRange(min=0)])
    hours_per_week = IntegerField(_l("Hours of work per week"), validators=[InputRequired(), NumberRange(0, 168)])
    weekly_rest_days = IntegerField(_l("Rest days per week"), validators=[InputRequired(), NumberRange(0, 7)])
    annual_leave_days = IntegerField(_l("Paid leave days per year"), validators=[InputRequired(), NumberRange(0, 365)])
    duration_months = IntegerField(_l("Duration (months)"), validators=[InputRequired(), NumberRange(1, 120)])
    probation_months = IntegerField(_l("Probation (months)"), default=0,
                                    validators=[InputRequired(), NumberRange(0, 24)])
    death_disability_compensation = AmountField(_l("Death and disability compensation"),
                                                 validators=[InputRequired(), NumberRange(min=0)])
    passport_kept_by_worker = BooleanField(_l("The worker keeps their own passport and identity documents"),
                                           default=True)
    fees = FieldList(FormField(FeeForm), min_entries=3, max_entries=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.worker_language.choices = choices(LANGUAGE_NAMES.items())

    def offer_parties(self, parties: list[ForeignParty]) -> None:
        """The partner agencies and employers of the destination to choose from, after a placeholder: blacklisted
        ones are not offered, watched ones are marked."""
        def label(party: ForeignParty) -> str:
            return party.name + (" — " + _("on the watchlist") if party.on_watchlist else "")

        offered = [p for p in parties if p.watchlist_status != WatchlistStatus.BLACKLISTED]
        self.offered = {p.public_id: p for p in offered}
        self.partner_agency_id.choices = choices(((p.public_id, label(p)) for p in offered
                                                  if p.kind == PartyKind.PARTNER_AGENCY),
                                                 blank=_l("Choose a partner agency…"))
        self.employer_id.choices = choices(((p.public_id, label(p)) for p in offered
                                            if p.kind == PartyKind.EMPLOYER),
                                           blank=_l("Choose an employer…"))

    def show_parties(self, contract) -> None:
        """A draft opened for editing shows the parties it names."""
        self.partner_agency_id.data = contract.partner_agency.public_id
        self.employer_id.data = contract.employer.public_id

    def chosen_parties(self) -> tuple[ForeignParty | None, ForeignParty | None]:
        """The partner agency and the employer chosen (None for one not chosen among those offered)."""
        offered = getattr(self, "offered", {})
        return offered.get(self.partner_agency_id.data), offered.get(self.employer_id.data)

    def prefill(self, version: TemplateVersion) -> None:
        """A new contract starts at the template's minimum terms."""
        self.currency.data = version.currency
        self.monthly_wage.data = version.min_monthly_wage
        self.hours_per_week.data = version.max_hours_per_week
        self.weekly_rest_days.data = version.min_weekly_rest_days
        self.annual_leave_days.data = version.min_annual_leave_days
        self.duration_months.data = version.max_duration_months
        self.probation_months.data = min(version.max_probation_months, 3)
        self.death_disability_compensation.data = version.min_death_disability_compensation
        self.job_title.data = version.template.occupation

    def fill_fees(self, contract: Contract) -> None:
        """Show a draft's fees, with two empty rows to add more."""
        for i, fee in enumerate(contract.fees):
            if i >= len(self.fees.entries):
                self.fees.append_entry()
            entry = self.fees.entries[i].form
            entry.description.data, entry.amount.data = fee.description, fee.amount
            entry.currency.data, entry.paid_to.data = fee.currency, fee.paid_to
        while len(self.fees.entries) < len(contract.fees) + 2:
            self.fees.append_entry()

    def contract_fields(self) -> dict:
        """The contract's terms as the drafting services take them."""
        return {name: getattr(self, name).data for name in CONTRACT_FIELDS}

    def fee_lines(self) -> list[FeeLine]:
        """The fees typed, blank rows left out (a fee's currency defaults to the wage's)."""
        return [FeeLine(f.description.data or "", f.amount.data, f.currency.data or self.currency.data,
                        f.paid_to.data or "") for f in (entry.form for entry in self.fees.entries) if not f.blank]


_add_booleans(ContractForm, "employer_pays_", EmployerPaidItem)
_add_booleans(ContractForm, "repatriation_", RepatriationCase)


class SignatureForm(FlaskForm):
    role = SelectField(_l("Party"), choices=choices(SignatoryRole.choices()))
    signer_name = StringField(_l("Name of the person who signed"), validators=[DataRequired(), Length(max=200)])
    signer_capacity = StringField(_l("Signed as (e.g. Director, Owner, the worker)"),
                                  validators=[DataRequired(), Length(max=200)])
    signed_on = DayMonthYearField(_l("Date signed"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])

    def signed_at(self) -> datetime | None:
        """The moment recorded for the date given: now for today, noon UTC for an earlier day."""
        day = self.signed_on.data
        if day is None:
            return None
        now = utcnow()
        return now if day >= now.date() else datetime.combine(day, time(12, 0), tzinfo=UTC)


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class NoteForm(FlaskForm):
    reason = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])


class AttestForm(FlaskForm):
    reference = StringField(_l("Attestation reference (optional)"), validators=[Optional(), Length(max=100)])


class CheckForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: nothing changes

    code = StringField(_l("Verification code"), validators=[DataRequired(), Length(max=30)],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})


# ---------------------------------------------------------------- templates


class ClauseForm(Form):
    kind = HiddenField(default="standard")
    language = StringField(_l("Language"), default="en", validators=[Optional(), Length(max=8)])
    heading = StringField(_l("Heading"), validators=[Optional(), Length(max=200)])
    body = TextAreaField(_l("Text"), validators=[Optional(), Length(max=5000)])

    def row(self) -> dict | None:
        """The clause as the template services take it; None for an emptied clause (removed), except that an
        emptied liability clause stays, for the rules to refuse."""
        kind = ClauseKind.JOINT_LIABILITY if self.kind.data == ClauseKind.JOINT_LIABILITY else ClauseKind.STANDARD
        heading, body, language = self.heading.data or "", self.body.data or "", self.language.data or "en"
        if not heading.strip() and not body.strip():
            kept = kind == ClauseKind.JOINT_LIABILITY
            return {"kind": kind, "heading": "", "body": "", "language": language} if kept else None
        return {"kind": kind, "heading": heading, "body": body, "language": language.strip() or "en"}


class TermsForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    currency = StringField(_l("Currency of the wage floor"), validators=[DataRequired(), Length(min=3, max=3)])
    min_monthly_wage = AmountField(_l("Monthly wage floor"),
                                    validators=[InputRequired(), NumberRange(min=0)])
    max_hours_per_week = IntegerField(_l("Maximum hours per week"), validators=[InputRequired(), NumberRange(0, 168)])
    min_weekly_rest_days = IntegerField(_l("Minimum rest days per week"),
                                        validators=[InputRequired(), NumberRange(0, 7)])
    min_annual_leave_days = IntegerField(_l("Minimum paid leave days per year"),
                                         validators=[InputRequired(), NumberRange(0, 365)])
    max_duration_months = IntegerField(_l("Maximum contract duration (months)"),
                                       validators=[InputRequired(), NumberRange(1, 120)])
    max_probation_months = IntegerField(_l("Probation limit (months)"),
                                        validators=[InputRequired(), NumberRange(0, 24)])
    min_death_disability_compensation = AmountField(_l("Minimum death and disability compensation"),
                                                     validators=[InputRequired(), NumberRange(min=0)])
    worker_keeps_passport = BooleanField(_l("The worker keeps their own passport and identity documents"),
                                         default=True)
    dispute_attache = StringField(_l("Disputes, first: the labour attaché"),
                                  validators=[DataRequired(), Length(max=500)])
    dispute_authority = StringField(_l("Disputes, then: the destination's labour authority"),
                                    validators=[DataRequired(), Length(max=500)])
    change_note = TextAreaField(_l("What changed in this version"), validators=[Optional(), Length(max=2000)])
    clauses = FieldList(FormField(ClauseForm), min_entries=1, max_entries=60)

    def terms(self) -> dict:
        """The minimum terms as the template services take them (empty text for an empty text field)."""
        return {name: "" if getattr(self, name).data is None and name in _TEXT_TERMS else getattr(self, name).data
                for name in TERM_FIELDS}

    def clause_rows(self) -> list[dict]:
        """The clauses typed, emptied ones removed."""
        return [row for row in (entry.form.row() for entry in self.clauses.entries) if row is not None]

    def fill_clauses(self, clauses: list[dict], blanks: int = 2) -> None:
        """Show these clauses, then empty ones to add more."""
        while len(self.clauses.entries):
            self.clauses.pop_entry()
        for clause in clauses + [{"kind": "standard", "heading": "", "body": "", "language": "en"}] * blanks:
            self.clauses.append_entry(clause)


_add_booleans(TermsForm, "employer_pays_", EmployerPaidItem)
_add_booleans(TermsForm, "repatriation_", RepatriationCase)


class NewTemplateForm(TermsForm):
    destination_country = SelectField(_l("Destination country"), validators=[DataRequired()])
    sector = SelectField(_l("Sector"), choices=choices(Sector.choices()), validators=[DataRequired()])
    occupation = StringField(_l("Occupation"), validators=[DataRequired(), Length(max=120)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.destination_country.choices = country_choices(blank=None, codes=list(TEMPLATE_DESTINATIONS))
