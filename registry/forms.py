"""Forms of the registry's desk: the online application, officials' decisions, vetting, guarantees, bans."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    PasswordField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from portal import uploads
from portal.auth import MIN_PASSWORD_LENGTH
from portal.countries import COMMON_DESTINATIONS, COMMON_ORIGINS, country_choices
from portal.database import today
from portal.forms import AmountField, DayMonthYearField, MultiCheckboxField, SelectField, SelectMultipleField, choices
from portal.text import _l, _ln
from registry.models import DocumentKind, LicenceClass, PartyKind, PersonRole, Sector, VettingStatus, WatchlistStatus
from registry.services import Scope, Suspension

PDF_ONLY = {"accept": "application/pdf,.pdf"}  # a hint to the browser; the server checks the content
PERSON_ROWS = 4  # person rows on the application form (no JavaScript to add more)


def parse_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _future(form, field):
    if field.data and field.data <= today():
        raise ValidationError(_l("The guarantee must still be valid: give a date after today."))


# ---------------------------------------------------------------- agencies


class AgencyForm(FlaskForm):
    """An agency's details, as officials enter them (and the first part of the online application)."""

    legal_name = StringField(_l("Legal name"), validators=[DataRequired(), Length(max=200)])
    trading_names = TextAreaField(_l("Trading names (one per line)"), validators=[Optional(), Length(max=2000)])
    registration_number = StringField(_l("Company registration number"), validators=[DataRequired(), Length(max=60)])
    address = TextAreaField(_l("Address"), validators=[DataRequired(), Length(max=1000)])
    phone = TelField(_l("Phone"), validators=[DataRequired(), Length(max=40)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    destinations = SelectMultipleField(_l("Destination countries"), validators=[DataRequired()])
    sectors = MultiCheckboxField(_l("Sectors"), choices=choices(Sector.choices()), validators=[DataRequired()])
    complaints_officer_name = StringField(_l("Complaints officer: name"), validators=[DataRequired(), Length(max=200)])
    complaints_officer_phone = TelField(_l("Complaints officer: phone"), validators=[DataRequired(), Length(max=40)])
    complaints_officer_email = EmailField(
        _l("Complaints officer: email"), validators=[Optional(), Email(), Length(max=254)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.destinations.choices = country_choices(blank=None, common=COMMON_DESTINATIONS)

    def agency_fields(self) -> dict:
        """The values the registry services take, cleaned."""
        return {
            "legal_name": self.legal_name.data.strip(),
            "trading_names": parse_lines(self.trading_names.data),
            "registration_number": self.registration_number.data.strip(),
            "address": self.address.data.strip(),
            "phone": self.phone.data.strip(),
            "email": self.email.data.strip(),
            "destinations": list(self.destinations.data),
            "sectors": list(self.sectors.data),
            "complaints_officer_name": self.complaints_officer_name.data.strip(),
            "complaints_officer_phone": self.complaints_officer_phone.data.strip(),
            "complaints_officer_email": (self.complaints_officer_email.data or "").strip(),
        }

    def fill_from(self, agency) -> None:
        """Show an agency's present values (for editing)."""
        for name in ("legal_name", "registration_number", "address", "phone", "email",
                     "complaints_officer_name", "complaints_officer_phone", "complaints_officer_email"):
            getattr(self, name).data = getattr(agency, name)
        self.trading_names.data = "\n".join(agency.trading_names or [])
        self.destinations.data = list(agency.destinations or [])
        self.sectors.data = list(agency.sectors or [])


class PersonRowForm(Form):
    """One director or shareholder row; a row without a name is left out."""

    name = StringField(_l("Full name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=choices(PersonRole.choices()), default=PersonRole.DIRECTOR.value)
    nationality = SelectField(_l("Nationality"), validators=[Optional()])
    id_number = StringField(_l("National ID or passport number"), validators=[Optional(), Length(max=60)])
    police_clearance_ref = StringField(_l("Police clearance reference"), validators=[Optional(), Length(max=100)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.nationality.choices = country_choices(common=COMMON_ORIGINS)

    @property
    def filled(self) -> bool:
        return bool((self.name.data or "").strip())

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.filled:
            for field in (self.nationality, self.id_number):
                if not (field.data or "").strip():
                    field.errors.append(_l("This is needed for every person you list."))
                    ok = False
        return ok

    def person_fields(self) -> dict:
        return {
            "role": PersonRole(self.role.data),
            "name": self.name.data.strip(),
            "nationality": self.nationality.data,
            "id_number": self.id_number.data.strip(),
            "police_clearance_ref": (self.police_clearance_ref.data or "").strip(),
        }


class PersonForm(FlaskForm, PersonRowForm):
    """An official adds a director or shareholder to an agency."""

    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])


class GuaranteeFields:
    amount = AmountField(_l("Guarantee amount"), validators=[InputRequired(), NumberRange(min=0)])
    currency = StringField(_l("Currency (ISO code, e.g. USD)"), default="USD",
                           validators=[DataRequired(), Length(min=3, max=3)])
    bank = StringField(_l("Bank"), validators=[DataRequired(), Length(max=200)])
    reference = StringField(_l("Guarantee reference"), validators=[DataRequired(), Length(max=100)])
    expires_on = DayMonthYearField(_l("Guarantee expiry date"), validators=[DataRequired(), _future])

    def guarantee_fields(self) -> dict:
        return {
            "amount": self.amount.data,
            "currency": self.currency.data.strip().upper(),
            "bank": self.bank.data.strip(),
            "reference": self.reference.data.strip(),
            "expires_on": self.expires_on.data,
        }


class ApplicationForm(AgencyForm, GuaranteeFields):
    """The public online licence application: company, people, guarantee, documents, the account."""

    people = FieldList(FormField(PersonRowForm), min_entries=PERSON_ROWS, max_entries=PERSON_ROWS)
    incorporation_document = FileField(_l("Certificate of incorporation (PDF)"), render_kw=PDF_ONLY)
    guarantee_document = FileField(_l("Guarantee letter from the bank (PDF, optional)"), render_kw=PDF_ONLY)
    other_documents = MultipleFileField(_l("Other supporting documents (PDF, optional, several allowed)"),
                                        render_kw=PDF_ONLY)
    representative_name = StringField(_l("Your full name"), validators=[DataRequired(), Length(max=200)])
    account_email = EmailField(_l("Your email (you log in with it)"),
                               validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_ln("Choose a password (at least %(num)d character)",
                                 "Choose a password (at least %(num)d characters)", MIN_PASSWORD_LENGTH),
                             validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)])
    password_confirm = PasswordField(
        _l("Type the password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords are not the same."))],
    )

    def validate_incorporation_document(self, field):
        if not field.data:
            raise ValidationError(_l("Attach the certificate of incorporation as a PDF file."))

    def filled_people(self) -> list[dict]:
        return [row.form.person_fields() for row in self.people if row.form.filled]

    def files(self) -> list[tuple[str, DocumentKind, uploads.Upload]]:
        """(form field, document kind, file) for every file sent."""
        sent = [("incorporation_document", DocumentKind.INCORPORATION, self.incorporation_document.data),
                ("guarantee_document", DocumentKind.GUARANTEE, self.guarantee_document.data)]
        sent += [("other_documents", DocumentKind.OTHER, f) for f in (self.other_documents.data or [])]
        return [(name, kind, uploads.read(f)) for name, kind, f in sent if f]

    def representative(self) -> dict:
        """The applicant's own account."""
        return {"name": self.representative_name.data.strip(), "email": self.account_email.data,
                "password": self.password.data}


# ---------------------------------------------------------------- officials' decisions


class DecisionForm(FlaskForm):
    """One licence decision; the route keeps only the fields of its action (class and scope to issue, the
    suspension's date and public note to suspend). confirmed is set on the second step of a suspension,
    revocation or rejection."""

    reason = TextAreaField(_l("Reason"), validators=[Length(max=4000)])
    order_reference = StringField(_l("Order reference"), validators=[Length(max=100)])
    licence_class = SelectField(_l("Licence class"), choices=choices(LicenceClass.choices()),
                                default=LicenceClass.GENERAL.value)
    destinations = SelectMultipleField(_l("Destination countries the licence covers"))
    sectors = MultiCheckboxField(_l("Sectors the licence covers"), choices=choices(Sector.choices()))
    suspended_until = DayMonthYearField(_l("Suspended until"), validators=[Optional()])
    suspension_is_review = SelectField(_l("On that date"), choices=choices((
        ("end", _l("the suspension ends")), ("review", _l("the suspension is reviewed")))), default="end")
    public_note = TextAreaField(_l("Note for workers (shown on the agency's public profile)"),
                                validators=[Length(max=1000)])
    link_override_reason = TextAreaField(
        _l("Reason to issue although the agency is linked to another (recorded and audited)"),
        validators=[Length(max=4000)])
    confirmed = HiddenField(default="")

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.destinations.choices = country_choices(blank=None, common=COMMON_DESTINATIONS)
        if agency is not None and self.destinations.data is None:  # a fresh form: the scope applied for
            self.destinations.data = list(agency.destinations or [])
            self.sectors.data = list(agency.sectors or [])

    def scope(self):
        """The destinations and sectors chosen for the licence."""
        return Scope(tuple(self.destinations.data or ()), tuple(self.sectors.data or ()))

    def suspension(self):
        """The suspension's date, whether it ends or is reviewed then, and its public note."""
        return Suspension(self.suspended_until.data, self.suspension_is_review.data == "review",
                          (self.public_note.data or "").strip())


class VetForm(FlaskForm):
    status = SelectField(_l("Outcome"), choices=choices(
        (s.value, s.label) for s in (VettingStatus.VETTED, VettingStatus.REJECTED)))
    police_clearance_ref = StringField(_l("Police clearance reference"), validators=[Length(max=100)])
    note = StringField(_l("Note (say why when vetting fails)"), validators=[Length(max=2000)])


class GuaranteeForm(FlaskForm, GuaranteeFields):
    verified = BooleanField(_l("I have confirmed this guarantee with the bank"))
    verification_reference = StringField(_l("The bank's reference for its confirmation"),
                                         validators=[Length(max=100)])


class VerifyGuaranteeForm(FlaskForm):
    verification_reference = StringField(_l("The bank's reference for its confirmation"),
                                         validators=[Length(max=100)])


class DrawdownForm(FlaskForm):
    amount = AmountField(_l("Amount drawn"), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason (the claim it pays)"), validators=[Length(max=2000)])
    grievance_reference = StringField(_l("Grievance reference (if the draw-down pays a worker's grievance)"),
                                      validators=[Optional(), Length(max=40)])

    def drawdown_fields(self) -> dict:
        return {"amount": self.amount.data, "reason": self.reason.data or "",
                "grievance_reference": (self.grievance_reference.data or "").strip().upper()}


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=4000)])


class AnswerForm(FlaskForm):
    """An agency's answer to the licensing office's query: text, the PDF documents asked for, or both."""

    body = TextAreaField(_l("Your answer"), validators=[Optional(), Length(max=4000)])
    documents = MultipleFileField(_l("Documents asked for (PDF, optional, several allowed)"), render_kw=PDF_ONLY)

    def files(self) -> list[uploads.Upload]:
        return uploads.read_all(self.documents.data or [])


class RenewalForm(FlaskForm, GuaranteeFields):
    document = FileField(_l("New guarantee letter (PDF, optional)"), render_kw=PDF_ONLY)
    note = TextAreaField(_l("Note to the licensing office (optional)"), validators=[Length(max=4000)])

    def document_file(self) -> uploads.Upload | None:
        return uploads.read(self.document.data) if self.document.data else None


class ClearFlagForm(FlaskForm):
    reason = StringField(_l("Why the review is closed"), validators=[DataRequired(), Length(max=2000)])


# ---------------------------------------------------------------- foreign parties and bans


class ForeignPartyForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=choices(PartyKind.choices()))
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    country = SelectField(_l("Country"), validators=[DataRequired()])
    registration_number = StringField(_l("Registration number"), validators=[Optional(), Length(max=100)])
    address = TextAreaField(_l("Address"), validators=[Optional(), Length(max=1000)])
    phone = TelField(_l("Phone"), validators=[Optional(), Length(max=40)])
    email = EmailField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(common=COMMON_DESTINATIONS)

    def party_fields(self) -> dict:
        return {
            "kind": PartyKind(self.kind.data),
            "name": self.name.data.strip(),
            "country": self.country.data,
            "registration_number": (self.registration_number.data or "").strip(),
            "address": (self.address.data or "").strip(),
            "phone": (self.phone.data or "").strip(),
            "email": (self.email.data or "").strip(),
        }


class WatchlistForm(FlaskForm):
    status = SelectField(_l("Watchlist status"), choices=choices(WatchlistStatus.choices()))
    reason = TextAreaField(_l("Reason"), validators=[Length(max=4000)])


class BanForm(FlaskForm):
    country = SelectField(_l("Destination country"), validators=[DataRequired()])
    sector = SelectField(_l("Sector"), choices=choices(Sector.choices(), blank=_l("All sectors")))
    starts_on = DayMonthYearField(_l("From"), validators=[DataRequired()])
    ends_on = DayMonthYearField(_l("Until (optional)"), validators=[Optional()])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=4000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(common=COMMON_DESTINATIONS)


class LiftBanForm(FlaskForm):
    reason = StringField(_l("Reason for lifting"), validators=[DataRequired(), Length(max=2000)])
