"""Forms of the grievance pages. The rules live in services; these only read and keep what was typed."""
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    MultipleFileField,
    RadioField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from grievances.models import CURRENCIES, Category, ContactMethod, FilerType, GrievanceStatus, Outcome, ReferralTarget
from grievances.services import FilingInput, QueueFilters
from portal.forms import DayMonthYearField, MultiCheckboxField, SelectField, choices
from portal.i18n import LANGUAGE_NAMES
from portal.text import _l
from portal.uploads import Upload

ACCEPT = "image/jpeg,image/png,image/webp,application/pdf"
CODE_INPUT = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}


def _currency_choices(blank):
    return choices([(c, c) for c in CURRENCIES], blank)


class FilingForm(FlaskForm):
    filer_type = RadioField(_l("Who is filing?"), choices=choices(FilerType.choices()), validate_choice=False)
    agency = StringField(_l("Licensed agency: licence number or name"), validators=[Length(max=200)])
    recruiter_name = StringField(_l("Or a recruiter who is not in the registry: their name"),
                                 validators=[Length(max=200)])
    recruiter_phone = TelField(_l("The recruiter's phone number"), validators=[Length(max=40)])
    employer_name = StringField(_l("Employer abroad (name of the family or company)"), validators=[Length(max=200)])
    destination_country = SelectField(_l("Country where you work or worked"), validate_choice=False)
    contract_code = StringField(_l("Contract check code (if you have one)"), validators=[Length(max=40)])
    categories = MultiCheckboxField(_l("What happened? Tick all that apply."), choices=choices(Category.choices()),
                                    validate_choice=False)
    description = TextAreaField(_l("Tell us what happened"), validators=[Length(max=20000)])
    amount = StringField(_l("Money you are owed (optional)"), validators=[Length(max=20)],
                         render_kw={"inputmode": "decimal", "autocomplete": "off"})
    currency = SelectField(_l("Currency"), choices=_currency_choices(_l("Choose")), validate_choice=False)
    evidence = MultipleFileField(_l("Photos or PDF documents (optional)"), render_kw={"accept": ACCEPT})
    contact_name = StringField(_l("Your name"), validators=[Length(max=200)])
    contact_method = RadioField(_l("How may we contact you?"), choices=choices(ContactMethod.choices()),
                                default="none", validate_choice=False)
    contact_phone = TelField(_l("Phone number"), validators=[Length(max=40)])
    contact_whatsapp = TelField(_l("WhatsApp number"), validators=[Length(max=40)])
    contact_email = EmailField(_l("Email address"), validators=[Length(max=254)])
    contact_relative = StringField(_l("Relative or friend: name and phone"), validators=[Length(max=300)])
    share_identity = BooleanField(_l("The agency may see my name and contacts"), default=False)
    language = SelectField(_l("Language we should use with you"), validate_choice=False)
    # One-time token of this copy of the form: sent twice (a double tap, a retry after an error), it files once.
    filing_token = HiddenField(validators=[Length(max=100)])

    def filing_input(self, evidence: list[Upload]) -> FilingInput:
        """What was typed, for services.file_grievance (the agency may be named instead of its number)."""
        return FilingInput(
            filer_type=self.filer_type.data or "", agency_text=self.agency.data or "", agency_by_name=True,
            recruiter_name=self.recruiter_name.data or "", recruiter_phone=self.recruiter_phone.data or "",
            employer_name=self.employer_name.data or "", destination_country=self.destination_country.data or "",
            contract_code=self.contract_code.data or "", categories=self.categories.data or [],
            description=self.description.data or "", amount_text=self.amount.data or "",
            currency=self.currency.data or "", contact_name=self.contact_name.data or "",
            contact_method=self.contact_method.data or "none", contact_phone=self.contact_phone.data or "",
            contact_whatsapp=self.contact_whatsapp.data or "", contact_email=self.contact_email.data or "",
            contact_relative=self.contact_relative.data or "",
            share_identity_with_agency=bool(self.share_identity.data), language=self.language.data or "en",
            evidence=evidence, key=self.filing_key(),
        )

    def filing_key(self) -> str:
        """The form's one-time token as an idempotency key ("" for a form without one)."""
        token = (self.filing_token.data or "").strip()
        return "form:" + token if len(token) >= 16 else ""


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


class AssignForm(FlaskForm):
    officer = SelectField(_l("Case officer"), validate_choice=False)


class ReferForm(FlaskForm):
    target = SelectField(_l("Refer to"), choices=choices(ReferralTarget.choices(), _l("Choose")),
                         validate_choice=False)
    to_whom = StringField(_l("Office or person"), validators=[Length(max=200)])
    referred_on = DayMonthYearField(_l("Date of the referral"), validators=[Optional()])
    note = TextAreaField(_l("Note (internal)"), validators=[Length(max=5000)])


class ResolveForm(FlaskForm):
    outcome = SelectField(_l("Outcome"), choices=choices(Outcome.choices(), _l("Choose")),
                          validate_choice=False)
    summary = TextAreaField(_l("What was decided (the worker reads this)"), validators=[Length(max=5000)])
    amount = StringField(_l("Compensation paid"), validators=[Length(max=20)])
    currency = SelectField(_l("Currency"), choices=_currency_choices(_l("Choose")), validate_choice=False)


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Length(max=5000)])


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message to the worker"), validators=[Length(max=5000)])
    # The language the message is written in, so the worker's page can say "this message is in English".
    language = SelectField(_l("Language of this message"), choices=choices(LANGUAGE_NAMES.items()),
                           validate_choice=False)


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Internal note"), validators=[Length(max=5000)])


class AgencyResponseForm(FlaskForm):
    body = TextAreaField(_l("Your response"), validators=[Length(max=10000)])


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=choices([("open", _l("Open")), *GrievanceStatus.choices()], _l("Any")),
                         validate_choice=False)
    urgent = BooleanField(_l("Urgent only"))
    overdue = BooleanField(_l("Overdue only"))
    escalated = BooleanField(_l("Escalated"))
    destination = SelectField(_l("Destination"), validate_choice=False)
    agency = StringField(_l("Agency or recruiter"), validators=[Length(max=200)])
    category = SelectField(_l("Category"), choices=choices(((c.value, c.short) for c in Category), _l("Any")),
                           validate_choice=False)
    assigned = SelectField(_l("Assigned"), choices=choices([("me", _l("To me")), ("none", _l("Not assigned"))],
                                                            _l("Anyone")), validate_choice=False)

    def filters(self) -> QueueFilters:
        """The filters chosen, for services.queue."""
        return QueueFilters(
            status=self.status.data or "", urgent=bool(self.urgent.data), overdue=bool(self.overdue.data),
            destination=self.destination.data or "", agency=(self.agency.data or "").strip(),
            category=self.category.data or "", assigned=self.assigned.data or "", escalated=bool(self.escalated.data),
        )
