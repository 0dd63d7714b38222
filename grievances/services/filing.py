"""Filing a grievance without an account: every field checked at once (reasons named by the API's field
names), then the grievance recorded under a unique random reference, with its tracking code (returned once,
kept hashed), the first line of its timeline, the audit entry and its evidence."""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask import current_app
from flask_babel import format_decimal
from sqlalchemy.exc import IntegrityError

from contracts.services import contract_by_code
from grievances.models import (
    CURRENCIES,
    URGENT_CATEGORIES,
    Category,
    ContactMethod,
    EventKind,
    FilerType,
    FilingKey,
    Grievance,
    GrievanceCategory,
    GrievanceStatus,
)
from grievances.services import codes
from grievances.services.deadlines import acknowledge_deadline, resolve_deadline
from grievances.services.events import add_event
from grievances.services.evidence import check_evidence, store_evidence
from portal import audit
from portal.codes import save_unique
from portal.countries import country_codes
from portal.database import is_amount, utcnow
from portal.errors import DomainError, InvalidInput, Problems, Refused
from portal.extensions import db
from portal.forms import AMOUNT_HINT
from portal.text import _l, _ln
from portal.uploads import Upload
from registry.models import Agency
from registry.services import agency_by_licence_number, normalise, search_agencies


@dataclass
class FilingInput:
    """A filing as the form or the API read it, before any check (the API names the agency by number only)."""

    filer_type: str = ""
    agency_text: str = ""  # licence number (API), or licence number or name (form)
    agency_by_name: bool = False
    recruiter_name: str = ""
    recruiter_phone: str = ""
    employer_name: str = ""
    destination_country: str = ""
    contract_code: str = ""
    categories: list[str] = field(default_factory=list)
    description: str = ""
    amount: Decimal | None = None
    amount_text: str = ""  # as typed on the form, when amount is not given
    currency: str = ""
    contact_name: str = ""
    contact_method: str = "none"
    contact_phone: str = ""
    contact_whatsapp: str = ""
    contact_email: str = ""
    contact_relative: str = ""
    share_identity_with_agency: bool = False
    language: str = "en"
    evidence: list[Upload] = field(default_factory=list)
    key: str = ""  # idempotency key: a retry with it is answered with the first filing
    fingerprint: str = ""  # of the request sent with the key (API); another request may not reuse the key


@dataclass
class Filing:
    """A recorded grievance and its tracking code, which only the filer is shown, once."""

    grievance: Grievance
    tracking_code: str  # shown to the filer once; only its hash is kept
    repeated: bool = False  # a retry answered with the filing its key made before


# What each way of contact needs, when it is the way chosen.
CONTACT_NEEDED = {
    ContactMethod.PHONE: _l("Give the phone number we should call."),
    ContactMethod.WHATSAPP: _l("Give the WhatsApp number."),
    ContactMethod.EMAIL: _l("Give the email address."),
    ContactMethod.VIA_RELATIVE: _l("Give the relative's name and how to reach them."),
}


def parse_amount(text: str | None) -> Decimal | None:
    """A decimal amount from a form, None when empty; a DomainError when not a number."""
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or not is_amount(amount):
        raise DomainError(AMOUNT_HINT, field="amount")
    return amount


def resolve_agency(text: str, by_name: bool) -> Agency:
    """The registry agency meant by a licence number (or, on the form, a name); a DomainError otherwise."""
    text = (text or "").strip()
    agency = agency_by_licence_number(text) if text else None
    if agency is not None:
        return agency
    if by_name and text:
        matches, total = search_agencies(text, per_page=50)
        exact = [a for a in matches if normalise(text) in (normalise(n) for n in [a.legal_name, *a.trading_names])]
        if total == 1 or len(exact) == 1:
            return matches[0] if total == 1 else exact[0]
        if total > 1:
            names = "; ".join(f"{a.legal_name} ({a.licence.number or '—'})" for a in matches[:5])
            raise DomainError(_l("Several agencies match “%(text)s”: %(names)s. Type the licence number of the "
                                 "right one.", text=text, names=names), field="agency_licence_number")
    raise DomainError(_l("No agency in the registry has this licence number or name. If the recruiter is not "
                         "licensed, choose “a recruiter who is not in the registry” and give their name."),
                      field="agency_licence_number")


def _filer_type(data: FilingInput, problems: Problems) -> FilerType | None:
    try:
        return FilerType(data.filer_type)
    except ValueError:
        problems.add("filer_type", _l("Say who is filing."))
        return None


def _agency(data: FilingInput, problems: Problems) -> Agency | None:
    if data.agency_text.strip():
        try:
            return resolve_agency(data.agency_text, data.agency_by_name)
        except DomainError as error:
            problems.add("agency_licence_number", error.message)
    elif not data.recruiter_name.strip() and not data.contract_code.strip():
        problems.add("agency_licence_number", _l("Say which agency or recruiter this is about: a licence number or "
                                                 "a name."))
    return None


def _against(data: FilingInput, problems: Problems) -> dict:
    """Whom the grievance is about and where the work is: an agency, a recruiter, a contract, a country."""
    agency = _agency(data, problems)
    recruiter_name = data.recruiter_name.strip()[:200]
    country = data.destination_country.strip().upper()
    if country not in country_codes():
        problems.add("destination_country", _l("Choose the country where the work is."))
    contract = contract_by_code(data.contract_code) if data.contract_code.strip() else None
    if data.contract_code.strip() and contract is None:
        problems.add("contract_code", _l("No attested contract has this code. Check it, or leave it empty."))
    agency_id = agency.id if agency is not None else None
    if contract is not None and agency is None and not recruiter_name:
        agency_id = contract.origin_agency_id  # the contract names the agency that recruited the worker
    return {"agency_id": agency_id, "recruiter_name": recruiter_name,
            "recruiter_phone": data.recruiter_phone.strip()[:40], "employer_name": data.employer_name.strip()[:200],
            "destination_country": country, "contract_id": contract.id if contract is not None else None}


def _categories(codes_ticked: list[str], problems: Problems) -> list[Category]:
    categories = set()
    for code in codes_ticked:
        try:
            categories.add(Category(code))
        except ValueError:
            problems.add("categories", _l("Unknown category “%(code)s”.", code=code))
    if not categories:
        problems.add("categories", _l("Tick at least one thing that happened."))
    return sorted(categories)


def _description(text: str, problems: Problems) -> str:
    description = text.strip()
    if len(description) < 10:
        problems.add("description", _l("Tell us what happened, in a few words at least."))
    elif len(description) > 20000:
        problems.add("description", _ln("Please shorten your account (%(count)s character at most).",
                                           "Please shorten your account (%(count)s characters at most).", 20000,
                                           count=format_decimal(20000)))
    return description


def _amount(data: FilingInput, problems: Problems) -> dict:
    amount = data.amount
    if amount is None and data.amount_text.strip():
        try:
            amount = parse_amount(data.amount_text)
        except DomainError as error:
            problems.add("amount_claimed", error.message)
    if amount is None:
        return {"amount_claimed": None, "amount_currency": ""}
    if amount <= 0 or amount >= Decimal("1e12"):
        problems.add("amount_claimed", _l("The amount must be more than zero."))
        return {"amount_claimed": None, "amount_currency": ""}
    if data.currency.upper() not in CURRENCIES:
        problems.add("amount_claimed", _l("Choose the currency of the amount."))
    return {"amount_claimed": amount.quantize(Decimal("0.01")), "amount_currency": data.currency.upper()}


def _contact_method(text: str, problems: Problems) -> ContactMethod:
    try:
        return ContactMethod(text or "none")
    except ValueError:
        problems.add("contact.method", _l("Choose how we may contact you."))
        return ContactMethod.NONE


def _check_ways(ways: dict[str, str], method: ContactMethod, problems: Problems) -> None:
    """Numbers look like numbers, the email like an email, and the way chosen is given."""
    for key in ("phone", "whatsapp"):
        digits = [c for c in ways[key] if c.isdigit()]
        if ways[key] and (len(digits) < 6 or any(c not in "+0123456789 -()" for c in ways[key])):
            problems.add(f"contact.{key}", _l("Write the number with digits only, with the country code, e.g. +966 5…"))
    if ways["email"] and ("@" not in ways["email"] or "." not in ways["email"].split("@")[-1]):
        problems.add("contact.email", _l("This email address does not look right."))
    if method != ContactMethod.NONE and not ways[method.value]:
        problems.add(f"contact.{method.value}", CONTACT_NEEDED[method])


def _contact(data: FilingInput, filer_type: FilerType | None, problems: Problems) -> dict:
    """Who the filer is and how to reach them; nothing of the kind for an anonymous filing."""
    anonymous = filer_type == FilerType.ANONYMOUS
    name = data.contact_name.strip()[:200]
    if anonymous and name:
        problems.add("contact.name", _l("Leave your name empty to stay anonymous, or choose who you are above."))
    if not anonymous and filer_type is not None and not name:
        problems.add("contact.name", _l("Give your name, or choose “anonymous” above."))
    method = _contact_method(data.contact_method, problems)
    ways = {"phone": data.contact_phone.strip()[:40], "whatsapp": data.contact_whatsapp.strip()[:40],
            "email": data.contact_email.strip()[:254], "via_relative": data.contact_relative.strip()[:300]}
    _check_ways(ways, method, problems)
    return {"contact_name": "" if anonymous else name, "contact_method": method, "contact_phone": ways["phone"],
            "contact_whatsapp": ways["whatsapp"], "contact_email": ways["email"],
            "contact_relative": ways["via_relative"],
            "share_identity_with_agency": bool(data.share_identity_with_agency) and not anonymous}


def _language(text: str) -> str:
    language = (text or "en").strip()
    return language if language in current_app.config["LANGUAGES"] else "en"


def _reference_draws(first: str | None) -> Callable[[], str]:
    """New references to try in turn; the first one fixed when given (the demo's case that a tester follows)."""
    fixed = [first] if first else []
    return lambda: fixed.pop() if fixed else codes.new_reference()


def file_grievance(data: FilingInput, ip: str | None = None, now: datetime | None = None, *,
                   reference: str | None = None, tracking_code: str | None = None) -> Filing:
    """Check and record a grievance with its evidence, or refuse with every reason at once (API field names).

    A fixed reference and tracking code are only for demonstration data that a tester follows.
    """
    now = now or utcnow()
    earlier = _earlier_filing(data)
    if earlier is not None:
        return earlier
    problems = Problems(InvalidInput)
    filer_type = _filer_type(data, problems)
    fields = _against(data, problems)
    categories = _categories(data.categories, problems)
    fields.update(description=_description(data.description, problems), **_amount(data, problems),
                  **_contact(data, filer_type, problems))
    check_evidence(data.evidence, problems)
    problems.raise_if_any()
    claim = _claim_key(data)
    if isinstance(claim, Filing):
        return claim

    urgent = bool(set(categories) & URGENT_CATEGORIES)
    code = tracking_code or (codes.tracking_code_for_key(data.key) if data.key else codes.new_tracking_code())
    grievance = Grievance(
        **fields, filer_type=filer_type, tracking_code_hash=codes.hash_tracking_code(code),
        language=_language(data.language), filed_from_ip=None if filer_type == FilerType.ANONYMOUS else (ip or None),
        urgent=urgent, status=GrievanceStatus.RECEIVED, filed_at=now, updated_at=now,
        acknowledge_due_at=acknowledge_deadline(now, urgent), resolve_due_at=resolve_deadline(now),
        category_rows=[GrievanceCategory(category=c) for c in categories],
    )
    save_unique(grievance, "reference", _reference_draws(reference))
    add_event(grievance, EventKind.FILED, None, now)
    audit.record("grievance.file", grievance, actor=None, reference=grievance.reference, urgent=urgent,
                 filer_type=grievance.filer_type.value, categories=[c.value for c in categories],
                 evidence_files=len(data.evidence))
    store_evidence(grievance, data.evidence, now)
    if claim is not None:
        claim.grievance_id = grievance.id
    return Filing(grievance, code)


def _earlier_filing(data: FilingInput) -> Filing | None:
    """The filing already made with this idempotency key (the same request sent again), if any."""
    if not data.key:
        return None
    claim = db.session.get(FilingKey, codes.hash_filing_key(data.key))
    if claim is None or claim.grievance_id is None:
        return None
    if data.fingerprint and claim.fingerprint and claim.fingerprint != data.fingerprint:
        raise Refused(_l("This Idempotency-Key was already used for a different filing. Use a new key for a new "
                         "grievance."), field="Idempotency-Key")
    grievance = db.session.get(Grievance, claim.grievance_id)
    return Filing(grievance, codes.tracking_code_for_key(data.key), repeated=True)


def _claim_key(data: FilingInput) -> FilingKey | Filing | None:
    """Hold the idempotency key for this filing. When the same key is being filed at this very moment, the
    database makes this request wait for the other's end: then it answers with that filing."""
    if not data.key:
        return None
    claim = FilingKey(key_hash=codes.hash_filing_key(data.key), fingerprint=data.fingerprint)
    try:
        with db.session.begin_nested():
            db.session.add(claim)
            db.session.flush()
    except IntegrityError:
        earlier = _earlier_filing(data)
        if earlier is None:  # pragma: no cover - the other filing's key is held but not yet given its case
            raise Refused(_l("This filing is already being sent. Wait a moment and try again.")) from None
        return earlier
    return claim
