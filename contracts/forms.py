"""Forms of the contract pages: drafting, signatures, decisions, templates, and the worker's check."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from contracts.models import EMPLOYER_PAID_ITEMS, REPATRIATION_CASES, SIGNATORY_LABELS, SignatoryRole
from registry.models import Sector

# Destinations the ministry writes templates for (the Gulf, Jordan, Lebanon and a few more).
DESTINATIONS = ("SA", "AE", "QA", "KW", "OM", "BH", "JO", "LB", "IQ", "TR", "PL", "DE")


def choices(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def _add_booleans(form_cls, prefix: str, labels: dict, default: bool = True) -> None:
    """One checkbox per employer-paid item or repatriation case (prefix_key), ticked by default."""
    for key, label in labels.items():
        setattr(form_cls, f"{prefix}{key}", BooleanField(label, default=default))


# ---------------------------------------------------------------- contracts


class FeeForm(Form):
    """One fee the worker was asked to pay; blank rows are ignored."""

    description = StringField(_l("What the fee was for"), validators=[Optional(), Length(max=200)])
    amount = DecimalField(_l("Amount"), places=2, validators=[Optional(), NumberRange(min=0)])
    currency = StringField(_l("Currency"), validators=[Optional(), Length(min=3, max=3)])
    paid_to = StringField(_l("Paid to"), validators=[Optional(), Length(max=200)])


class ContractForm(FlaskForm):
    partner_agency_id = SelectField(_l("Partner agency in the destination country"), coerce=int,
                                    validators=[InputRequired()])
    employer_id = SelectField(_l("Employer"), coerce=int, validators=[InputRequired()])

    worker_name = StringField(_l("Worker's full name"), validators=[DataRequired(), Length(max=200)])
    worker_date_of_birth = DateField(_l("Date of birth"), validators=[InputRequired()])
    worker_passport_number = StringField(_l("Passport number"), validators=[DataRequired(), Length(max=40)])
    worker_phone = StringField(_l("Worker's phone"), validators=[DataRequired(), Length(max=40)])
    worker_next_of_kin = TextAreaField(_l("Next of kin (name, relationship, phone)"),
                                       validators=[DataRequired(), Length(max=1000)])
    worker_language = SelectField(_l("Worker's language"), default="en")

    job_title = StringField(_l("Job title"), validators=[DataRequired(), Length(max=200)])
    place_of_work = StringField(_l("Place of work (city)"), validators=[DataRequired(), Length(max=200)])
    start_date = DateField(_l("Start date"), validators=[InputRequired()])
    currency = StringField(_l("Wage currency"), validators=[DataRequired(), Length(min=3, max=3)])
    monthly_wage = DecimalField(_l("Monthly wage"), places=2, validators=[InputRequired(), NumberRange(min=0)])
    hours_per_week = IntegerField(_l("Hours of work per week"), validators=[InputRequired(), NumberRange(0, 168)])
    weekly_rest_days = IntegerField(_l("Rest days per week"), validators=[InputRequired(), NumberRange(0, 7)])
    annual_leave_days = IntegerField(_l("Paid leave days per year"), validators=[InputRequired(), NumberRange(0, 365)])
    duration_months = IntegerField(_l("Duration (months)"), validators=[InputRequired(), NumberRange(1, 120)])
    probation_months = IntegerField(_l("Probation (months)"), default=0,
                                    validators=[InputRequired(), NumberRange(0, 24)])
    death_disability_compensation = DecimalField(_l("Death and disability compensation"), places=2,
                                                 validators=[InputRequired(), NumberRange(min=0)])
    passport_kept_by_worker = BooleanField(_l("The worker keeps their own passport and identity documents"),
                                           default=True)
    fees = FieldList(FormField(FeeForm), min_entries=3, max_entries=20)


_add_booleans(ContractForm, "employer_pays_", EMPLOYER_PAID_ITEMS)
_add_booleans(ContractForm, "repatriation_", REPATRIATION_CASES)


class SignatureForm(FlaskForm):
    role = SelectField(_l("Party"), choices=choices((r.value, SIGNATORY_LABELS[r]) for r in SignatoryRole))
    signer_name = StringField(_l("Name of the person who signed"), validators=[DataRequired(), Length(max=200)])
    signer_capacity = StringField(_l("Signed as (e.g. Director, Owner, the worker)"),
                                  validators=[DataRequired(), Length(max=200)])
    signed_on = DateField(_l("Date signed"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class NoteForm(FlaskForm):
    reason = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])


class AttestForm(FlaskForm):
    reference = StringField(_l("Attestation reference (optional)"), validators=[Optional(), Length(max=100)])


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token."""


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


class TermsForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    currency = StringField(_l("Currency of the wage floor"), validators=[DataRequired(), Length(min=3, max=3)])
    min_monthly_wage = DecimalField(_l("Monthly wage floor"), places=2, validators=[InputRequired(), NumberRange(min=0)])
    max_hours_per_week = IntegerField(_l("Maximum hours per week"), validators=[InputRequired(), NumberRange(0, 168)])
    min_weekly_rest_days = IntegerField(_l("Minimum rest days per week"),
                                        validators=[InputRequired(), NumberRange(0, 7)])
    min_annual_leave_days = IntegerField(_l("Minimum paid leave days per year"),
                                         validators=[InputRequired(), NumberRange(0, 365)])
    max_duration_months = IntegerField(_l("Maximum contract duration (months)"),
                                       validators=[InputRequired(), NumberRange(1, 120)])
    max_probation_months = IntegerField(_l("Probation limit (months)"), validators=[InputRequired(), NumberRange(0, 24)])
    min_death_disability_compensation = DecimalField(_l("Minimum death and disability compensation"), places=2,
                                                     validators=[InputRequired(), NumberRange(min=0)])
    worker_keeps_passport = BooleanField(_l("The worker keeps their own passport and identity documents"),
                                         default=True)
    dispute_attache = StringField(_l("Disputes, first: the labour attaché"), validators=[DataRequired(), Length(max=500)])
    dispute_authority = StringField(_l("Disputes, then: the destination's labour authority"),
                                    validators=[DataRequired(), Length(max=500)])
    change_note = TextAreaField(_l("What changed in this version"), validators=[Optional(), Length(max=2000)])
    clauses = FieldList(FormField(ClauseForm), min_entries=1, max_entries=60)


_add_booleans(TermsForm, "employer_pays_", EMPLOYER_PAID_ITEMS)
_add_booleans(TermsForm, "repatriation_", REPATRIATION_CASES)


class NewTemplateForm(TermsForm):
    destination_country = SelectField(_l("Destination country"), validators=[DataRequired()])
    sector = SelectField(_l("Sector"), choices=choices(Sector.choices()), validators=[DataRequired()])
    occupation = StringField(_l("Occupation"), validators=[DataRequired(), Length(max=120)])
