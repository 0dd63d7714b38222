"""Forms of the grievance pages. The rules live in services; these only read and keep what was typed."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from grievances.models import (
    CATEGORY_LABELS,
    CATEGORY_SHORT,
    CONTACT_LABELS,
    FILER_LABELS,
    OUTCOME_LABELS,
    REFERRAL_LABELS,
    STATUS_LABELS,
)
from grievances.services import CURRENCIES

ACCEPT = "image/jpeg,image/png,image/webp,application/pdf"
CODE_INPUT = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}


def choices(pairs, blank=None) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs, with an optional empty first choice."""
    items = [SelectChoice("", blank)] if blank is not None else []
    return items + [SelectChoice(str(value), label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _currency_choices(blank):
    return choices([(c, c) for c in CURRENCIES], blank)


class FilingForm(FlaskForm):
    filer_type = RadioField(_l("Who is filing?"), choices=choices(FILER_LABELS.items()), validate_choice=False)
    agency = StringField(_l("Licensed agency: licence number or name"), validators=[Length(max=200)])
    recruiter_name = StringField(_l("Or a recruiter who is not in the registry: their name"),
                                 validators=[Length(max=200)])
    recruiter_phone = TelField(_l("The recruiter's phone number"), validators=[Length(max=40)])
    employer_name = StringField(_l("Employer abroad (name of the family or company)"), validators=[Length(max=200)])
    destination_country = SelectField(_l("Country where you work or worked"), validate_choice=False)
    contract_code = StringField(_l("Contract check code (if you have one)"), validators=[Length(max=40)])
    categories = MultiCheckboxField(_l("What happened? Tick all that apply."), choices=choices(CATEGORY_LABELS.items()),
                                    validate_choice=False)
    description = TextAreaField(_l("Tell us what happened"), validators=[Length(max=20000)])
    amount = StringField(_l("Money you are owed (optional)"), validators=[Length(max=20)],
                         render_kw={"inputmode": "decimal", "autocomplete": "off"})
    currency = SelectField(_l("Currency"), choices=_currency_choices(_l("Choose")), validate_choice=False)
    evidence = MultipleFileField(_l("Photos or PDF documents (optional)"), render_kw={"accept": ACCEPT})
    contact_name = StringField(_l("Your name"), validators=[Length(max=200)])
    contact_method = RadioField(_l("How may we contact you?"), choices=choices(CONTACT_LABELS.items()),
                                default="none", validate_choice=False)
    contact_phone = TelField(_l("Phone number"), validators=[Length(max=40)])
    contact_whatsapp = TelField(_l("WhatsApp number"), validators=[Length(max=40)])
    contact_email = EmailField(_l("Email address"), validators=[Length(max=254)])
    contact_relative = StringField(_l("Relative or friend: name and phone"), validators=[Length(max=300)])
    share_identity = BooleanField(_l("The agency may see my name and contacts"), default=False)
    language = SelectField(_l("Language we should use with you"), validate_choice=False)


# API field names from services -> the form field that shows the error.
FILING_FIELDS = {
    "filer_type": "filer_type", "agency_licence_number": "agency", "recruiter_name": "recruiter_name",
    "recruiter_phone": "recruiter_phone", "employer_name": "employer_name",
    "destination_country": "destination_country", "contract_code": "contract_code", "categories": "categories",
    "description": "description", "amount_claimed": "amount", "contact.name": "contact_name",
    "contact.method": "contact_method", "contact.phone": "contact_phone", "contact.whatsapp": "contact_whatsapp",
    "contact.email": "contact_email", "contact.via_relative": "contact_relative", "evidence": "evidence",
    "language": "language",
}


class TrackForm(FlaskForm):
    reference = StringField(_l("Reference number"), validators=[Length(max=40)], render_kw=CODE_INPUT)
    code = StringField(_l("Secret tracking code"), validators=[Length(max=60)], render_kw=CODE_INPUT)


class ReplyForm(FlaskForm):
    message = TextAreaField(_l("Your message to the case officer"), validators=[Length(max=5000)])


class EvidenceForm(FlaskForm):
    evidence = MultipleFileField(_l("Add photos or PDF documents"), render_kw={"accept": ACCEPT})


class ActionForm(FlaskForm):
    """A workflow step with no fields of its own (CSRF only)."""


class AssignForm(FlaskForm):
    officer = SelectField(_l("Case officer"), validate_choice=False)


class ReferForm(FlaskForm):
    target = SelectField(_l("Refer to"), choices=choices(REFERRAL_LABELS.items(), _l("Choose")),
                         validate_choice=False)
    to_whom = StringField(_l("Office or person"), validators=[Length(max=200)])
    referred_on = DateField(_l("Date of the referral"), validators=[Optional()])
    note = TextAreaField(_l("Note (internal)"), validators=[Length(max=5000)])


class ResolveForm(FlaskForm):
    outcome = SelectField(_l("Outcome"), choices=choices(OUTCOME_LABELS.items(), _l("Choose")),
                          validate_choice=False)
    summary = TextAreaField(_l("What was decided (the worker reads this)"), validators=[Length(max=5000)])
    amount = StringField(_l("Compensation paid"), validators=[Length(max=20)])
    currency = SelectField(_l("Currency"), choices=_currency_choices(_l("Choose")), validate_choice=False)


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Length(max=5000)])


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message to the worker"), validators=[Length(max=5000)])


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Internal note"), validators=[Length(max=5000)])


class AgencyResponseForm(FlaskForm):
    body = TextAreaField(_l("Your response"), validators=[Length(max=10000)])


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=choices([("open", _l("Open"))] + list(STATUS_LABELS.items()), _l("Any")),
                         validate_choice=False)
    urgent = BooleanField(_l("Urgent only"))
    overdue = BooleanField(_l("Overdue only"))
    escalated = BooleanField(_l("Escalated"))
    destination = SelectField(_l("Destination"), validate_choice=False)
    agency = StringField(_l("Agency or recruiter"), validators=[Length(max=200)])
    category = SelectField(_l("Category"), choices=choices(CATEGORY_SHORT.items(), _l("Any")),
                           validate_choice=False)
    assigned = SelectField(_l("Assigned"), choices=choices([("me", _l("To me")), ("none", _l("Not assigned"))],
                                                            _l("Anyone")), validate_choice=False)
