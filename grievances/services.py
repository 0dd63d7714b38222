"""The grievance rules: filing, tracking, the case workflow, deadlines, escalation, confidentiality.

Services flush and never commit: the request or the CLI command commits once.
"""
import hashlib
import hmac
import os
import secrets
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

import filetype
import sqlalchemy as sa
from babel import Locale
from flask import current_app
from flask_babel import format_date, format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from contracts.models import Contract
from contracts.services import contract_by_code
from contracts.services import liable_parties as contract_parties
from grievances.models import (
    AGENCY_VISIBLE,
    DONE_STATUSES,
    ESCALATION_MESSAGES,
    OPEN_STATUSES,
    OUTCOME_LABELS,
    REFERRAL_LABELS,
    STATUS_LABELS,
    SUBSTANTIATED_OUTCOMES,
    URGENT_CATEGORIES,
    WORKER_VISIBLE,
    Category,
    ContactMethod,
    DeadlineKind,
    Escalation,
    EventKind,
    EvidenceFile,
    FilerType,
    Grievance,
    GrievanceCategory,
    GrievanceEvent,
    GrievanceStatus,
    Outcome,
    Referral,
    ReferralTarget,
)
from portal import audit
from portal.database import utcnow
from portal.errors import DomainError, NotFound, Refused
from portal.extensions import db
from portal.models import Role, User
from registry.models import Agency
from registry.services import agency_by_licence_number, flag_for_review, normalise, search_agencies

S = GrievanceStatus

# ---------------------------------------------------------------- references and tracking codes

# No 0/O, 1/I/L or U/V to confuse on a small screen or when read aloud: 29 symbols.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
REFERENCE_PREFIX = "GRV-"
TRACKING_CODE_LENGTH = 16  # 16 symbols of a 29-letter alphabet: about 77 bits from `secrets`


def new_reference() -> str:
    """A random reference like GRV-7K4M-9QTD (not sequential, not guessable from another)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{REFERENCE_PREFIX}{body[:4]}-{body[4:]}"


def new_tracking_code() -> str:
    """A secret code shown to the filer once, grouped in fours: XXXX-XXXX-XXXX-XXXX."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(TRACKING_CODE_LENGTH))
    return "-".join(body[i:i + 4] for i in range(0, TRACKING_CODE_LENGTH, 4))


def _symbols(text: str) -> str:
    """Upper-case letters and digits only: spaces, dashes and case do not matter."""
    return "".join(c for c in (text or "").upper() if c.isascii() and c.isalnum())


def normalise_reference(text: str) -> str:
    """GRV-7K4M-9QTD from whatever the worker typed (spaces, dashes, lower case, with or without GRV)."""
    plain = _symbols(text)
    if plain.startswith("GRV"):
        plain = plain[3:]
    if len(plain) != 8:
        return ""
    return f"{REFERENCE_PREFIX}{plain[:4]}-{plain[4:]}"


def hash_tracking_code(code: str) -> str:
    """HMAC-SHA256 of the normalised code, keyed with a pepper derived from the secret key.

    The code carries ~77 random bits, so a slow password hash would add no protection against guessing
    but would cost CPU on every check; the pepper means a copy of the database alone cannot be used to
    test codes offline.
    """
    pepper = current_app.config.get("GRIEVANCE_CODE_PEPPER") or current_app.config["SECRET_KEY"]
    key = hashlib.sha256(("grievance-tracking-code:" + pepper).encode()).digest()
    return hmac.new(key, _symbols(code).encode(), hashlib.sha256).hexdigest()


_DUMMY_HASH = "0" * 64


def find_for_tracking(reference: str, code: str) -> Grievance | None:
    """The grievance when both the reference and the code are right; None otherwise, in about the same time."""
    wanted = normalise_reference(reference)
    grievance = db.session.scalar(sa.select(Grievance).where(Grievance.reference == wanted)) if wanted else None
    given = hash_tracking_code(code)  # always computed, so a wrong reference costs the same as a wrong code
    stored = grievance.tracking_code_hash if grievance is not None else _DUMMY_HASH
    if hmac.compare_digest(given, stored) and grievance is not None:
        return grievance
    return None


# ---------------------------------------------------------------- deadlines


def acknowledge_deadline(filed_at: datetime, urgent: bool) -> datetime:
    """Acknowledge within 2 days; an urgent case within 24 hours."""
    return filed_at + (timedelta(hours=24) if urgent else timedelta(days=2))


def resolve_deadline(start: datetime) -> datetime:
    """Resolve within 30 days of filing (or of reopening)."""
    return start + timedelta(days=30)


def overdue_deadlines(grievance: Grievance, now: datetime | None = None) -> list[DeadlineKind]:
    """The deadlines this case has missed (acknowledge, resolve)."""
    now = now or utcnow()
    missed = []
    if grievance.status == S.RECEIVED and grievance.acknowledge_due_at < now:
        missed.append(DeadlineKind.ACKNOWLEDGE)
    if grievance.status in OPEN_STATUSES and grievance.resolve_due_at < now:
        missed.append(DeadlineKind.RESOLVE)
    return missed


def next_deadline(grievance: Grievance) -> tuple[DeadlineKind, datetime] | None:
    """The deadline the case is now working towards."""
    if grievance.status == S.RECEIVED:
        return DeadlineKind.ACKNOWLEDGE, grievance.acknowledge_due_at
    if grievance.status in OPEN_STATUSES:
        return DeadlineKind.RESOLVE, grievance.resolve_due_at
    return None


def _overdue_clause(kind: DeadlineKind, now: datetime):
    if kind == DeadlineKind.ACKNOWLEDGE:
        return sa.and_(Grievance.status == S.RECEIVED, Grievance.acknowledge_due_at < now)
    return sa.and_(Grievance.status.in_(OPEN_STATUSES), Grievance.resolve_due_at < now)


def overdue_clause(now: datetime | None = None):
    """SQL condition: the case has missed a deadline."""
    now = now or utcnow()
    return sa.or_(_overdue_clause(DeadlineKind.ACKNOWLEDGE, now), _overdue_clause(DeadlineKind.RESOLVE, now))


# ---------------------------------------------------------------- filing


class FilingInvalid(DomainError):
    """Several fields of a filing are wrong; fields maps each (API) field name to its message."""

    def __init__(self, fields: dict[str, object]):
        first = next(iter(fields))
        super().__init__(fields[first], field=first)
        self.fields = fields


@dataclass
class Upload:
    """An evidence file as received: its name and its bytes (already size-limited by the reader)."""

    filename: str
    data: bytes


@dataclass
class FilingInput:
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


@dataclass
class Filing:
    grievance: Grievance
    tracking_code: str
    stored_paths: list[str]


ALLOWED_EVIDENCE = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP", "application/pdf": "PDF"}
CURRENCIES = ["USD", "SAR", "AED", "QAR", "KWD", "OMR", "BHD", "JOD", "LBP", "EUR", "UGX", "KES", "ETB", "SDG",
              "TZS", "RWF", "SOS", "SSP"]
PRIORITY_DESTINATIONS = ["SA", "AE", "QA", "KW", "OM", "BH", "JO", "LB", "IQ", "TR"]


def country_codes() -> list[str]:
    """Every ISO 3166 alpha-2 country code Babel knows (no regions such as 001 or EU)."""
    return sorted(code for code in Locale("en").territories if len(code) == 2 and code.isalpha()
                  and code not in ("EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"))


def evidence_folder() -> str:
    """instance/uploads/evidence: outside the static folders, never served directly."""
    return os.path.join(current_app.config["UPLOAD_FOLDER"], "evidence")


def evidence_path(evidence: EvidenceFile) -> str:
    """Where an evidence file's bytes are kept."""
    return os.path.join(evidence_folder(), evidence.stored_name)


def check_evidence(uploads: Iterable[Upload], field_name: str = "evidence") -> list[tuple[Upload, str]]:
    """Each file's real type from its content (JPEG, PNG, WebP or PDF) and its size, or a DomainError."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    max_files = current_app.config.get("GRIEVANCE_MAX_FILES", 5)
    uploads = [u for u in uploads if u.filename or u.data]
    if len(uploads) > max_files:
        raise DomainError(_l("Send at most %(n)d files at a time.", n=max_files), field=field_name)
    checked = []
    for upload in uploads:
        if len(upload.data) > limit:
            raise DomainError(_l("“%(name)s” is too large: each file may be %(mb)d MB at most.",
                                 name=upload.filename, mb=limit // (1024 * 1024)), field=field_name)
        kind = filetype.guess(upload.data) if upload.data else None
        if kind is None or kind.mime not in ALLOWED_EVIDENCE:
            raise DomainError(_l("“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF.", name=upload.filename),
                              field=field_name)
        checked.append((upload, kind.mime))
    return checked


def _store_evidence(grievance: Grievance, checked: list[tuple[Upload, str]], now: datetime) -> list[str]:
    """Write the files under random names and attach them; returns the paths written (for clean-up)."""
    folder = evidence_folder()
    os.makedirs(folder, exist_ok=True)
    written = []
    try:
        for upload, mime in checked:
            stored = secrets.token_hex(16)
            path = os.path.join(folder, stored)
            with open(path, "xb") as fh:
                fh.write(upload.data)
            written.append(path)
            name = os.path.basename((upload.filename or "evidence").replace("\\", "/"))[:255] or "evidence"
            grievance.evidence.append(EvidenceFile(original_name=name, stored_name=stored, mime_type=mime,
                                                   size=len(upload.data), uploaded_at=now))
        db.session.flush()
    except BaseException:
        discard_files(written)
        raise
    return written


def discard_files(paths: Iterable[str]) -> None:
    """Delete evidence files written for a filing whose transaction did not commit."""
    for path in paths:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


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


def _validate(data: FilingInput) -> tuple[dict, dict]:
    """Checked values, and every field error at once (API field names)."""
    errors: dict[str, object] = {}
    clean: dict = {}

    def fail(name, message):
        errors.setdefault(name, message)

    try:
        clean["filer_type"] = FilerType(data.filer_type)
    except ValueError:
        fail("filer_type", _l("Say who is filing."))
    anonymous = clean.get("filer_type") == FilerType.ANONYMOUS

    clean["agency"] = None
    if data.agency_text.strip():
        try:
            clean["agency"] = resolve_agency(data.agency_text, data.agency_by_name)
        except DomainError as error:
            fail("agency_licence_number", error.message)
    elif not data.recruiter_name.strip() and not data.contract_code.strip():
        fail("agency_licence_number", _l("Say which agency or recruiter this is about: a licence number or a "
                                         "name."))
    clean["recruiter_name"] = data.recruiter_name.strip()[:200]
    clean["recruiter_phone"] = data.recruiter_phone.strip()[:40]
    clean["employer_name"] = data.employer_name.strip()[:200]

    country = data.destination_country.strip().upper()
    if country not in country_codes():
        fail("destination_country", _l("Choose the country where the work is."))
    clean["destination_country"] = country

    clean["contract"] = None
    if data.contract_code.strip():
        contract = contract_by_code(data.contract_code)
        if contract is None:
            fail("contract_code", _l("No attested contract has this code. Check it, or leave it empty."))
        else:
            clean["contract"] = contract
            if clean["agency"] is None and not clean["recruiter_name"] and contract.origin_agency_id:
                clean["agency"] = db.session.get(Agency, contract.origin_agency_id)

    categories = []
    for code in data.categories:
        try:
            categories.append(Category(code))
        except ValueError:
            fail("categories", _l("Unknown category “%(code)s”.", code=code))
    if not categories:
        fail("categories", _l("Tick at least one thing that happened."))
    clean["categories"] = sorted(set(categories))

    description = data.description.strip()
    if len(description) < 10:
        fail("description", _l("Tell us what happened, in a few words at least."))
    elif len(description) > 20000:
        fail("description", _l("Please shorten your account (20,000 characters at most)."))
    clean["description"] = description

    clean["amount"], clean["currency"] = None, ""
    if data.amount is None and data.amount_text.strip():
        try:
            data.amount = parse_amount(data.amount_text)
        except DomainError as error:
            fail("amount_claimed", error.message)
    if data.amount is not None:
        if data.amount <= 0 or data.amount >= Decimal("1e12"):
            fail("amount_claimed", _l("The amount must be more than zero."))
        elif data.currency.upper() not in CURRENCIES:
            fail("amount_claimed", _l("Choose the currency of the amount."))
        clean["amount"], clean["currency"] = data.amount.quantize(Decimal("0.01")), data.currency.upper()

    _validate_contact(data, clean, fail, anonymous)
    clean["share_identity_with_agency"] = bool(data.share_identity_with_agency) and not anonymous
    language = (data.language or "en").strip()
    clean["language"] = language if language in current_app.config["LANGUAGES"] else "en"
    return clean, errors


def _validate_contact(data: FilingInput, clean: dict, fail, anonymous: bool) -> None:
    name = data.contact_name.strip()[:200]
    if anonymous and name:
        fail("contact.name", _l("Leave your name empty to stay anonymous, or choose who you are above."))
    if not anonymous and clean.get("filer_type") and not name:
        fail("contact.name", _l("Give your name, or choose “anonymous” above."))
    try:
        method = ContactMethod(data.contact_method or "none")
    except ValueError:
        fail("contact.method", _l("Choose how we may contact you."))
        method = ContactMethod.NONE
    values = {
        "phone": data.contact_phone.strip()[:40], "whatsapp": data.contact_whatsapp.strip()[:40],
        "email": data.contact_email.strip()[:254], "via_relative": data.contact_relative.strip()[:300],
    }
    for key in ("phone", "whatsapp"):
        digits = [c for c in values[key] if c.isdigit()]
        if values[key] and (len(digits) < 6 or any(c not in "+0123456789 -()" for c in values[key])):
            fail(f"contact.{key}", _l("Write the number with digits only, with the country code, e.g. +966 5…"))
    if values["email"] and ("@" not in values["email"] or "." not in values["email"].split("@")[-1]):
        fail("contact.email", _l("This email address does not look right."))
    if method != ContactMethod.NONE and not values[method.value]:
        messages = {
            ContactMethod.PHONE: _l("Give the phone number we should call."),
            ContactMethod.WHATSAPP: _l("Give the WhatsApp number."),
            ContactMethod.EMAIL: _l("Give the email address."),
            ContactMethod.VIA_RELATIVE: _l("Give the relative's name and how to reach them."),
        }
        fail(f"contact.{method.value}", messages[method])
    clean.update(contact_name="" if anonymous else name, contact_method=method, contact_phone=values["phone"],
                 contact_whatsapp=values["whatsapp"], contact_email=values["email"],
                 contact_relative=values["via_relative"])


def file_grievance(data: FilingInput, ip: str | None = None, now: datetime | None = None, *,
                   reference: str | None = None, tracking_code: str | None = None) -> Filing:
    """Check and record a grievance with its evidence; the caller commits, or calls discard_files on failure.

    A fixed reference and tracking code are only for demonstration data that a tester follows.
    """
    now = now or utcnow()
    clean, errors = _validate(data)
    checked = []
    try:
        checked = check_evidence(data.evidence)
    except DomainError as error:
        errors.setdefault("evidence", error.message)
    if errors:
        raise FilingInvalid(errors)

    urgent = bool(set(clean["categories"]) & URGENT_CATEGORIES)
    code = tracking_code or new_tracking_code()
    anonymous = clean["filer_type"] == FilerType.ANONYMOUS
    grievance = None
    for _attempt in range(8):
        candidate = Grievance(
            reference=(reference if reference and _attempt == 0 else new_reference()),
            tracking_code_hash=hash_tracking_code(code),
            filer_type=clean["filer_type"],
            agency_id=clean["agency"].id if clean["agency"] else None,
            recruiter_name=clean["recruiter_name"], recruiter_phone=clean["recruiter_phone"],
            employer_name=clean["employer_name"], destination_country=clean["destination_country"],
            contract_id=clean["contract"].id if clean["contract"] is not None else None,
            description=clean["description"], amount_claimed=clean["amount"], amount_currency=clean["currency"],
            contact_name=clean["contact_name"], contact_method=clean["contact_method"],
            contact_phone=clean["contact_phone"], contact_whatsapp=clean["contact_whatsapp"],
            contact_email=clean["contact_email"], contact_relative=clean["contact_relative"],
            share_identity_with_agency=clean["share_identity_with_agency"], language=clean["language"],
            filed_from_ip=None if anonymous else (ip or None),
            urgent=urgent, status=S.RECEIVED, filed_at=now, updated_at=now,
            acknowledge_due_at=acknowledge_deadline(now, urgent), resolve_due_at=resolve_deadline(now),
            category_rows=[GrievanceCategory(category=c) for c in clean["categories"]],
        )
        try:
            with db.session.begin_nested():
                db.session.add(candidate)
                db.session.flush()
        except IntegrityError:
            continue  # the random reference was already taken: draw another
        grievance = candidate
        break
    if grievance is None:  # pragma: no cover - 8 collisions in a row in 29^8 references
        raise DomainError(_l("Please try again."))
    _event(grievance, EventKind.FILED, None, now)
    audit.record("grievance.file", grievance, actor=None, reference=grievance.reference, urgent=urgent,
                 filer_type=grievance.filer_type.value, categories=[c.value for c in clean["categories"]],
                 evidence_files=len(checked))
    paths = _store_evidence(grievance, checked, now)
    if checked:
        _event(grievance, EventKind.EVIDENCE_ADDED, None, now, data={"files": len(checked)})
    return Filing(grievance, code, paths)


# ---------------------------------------------------------------- the worker, after filing


def worker_message(grievance: Grievance, body: str, now: datetime | None = None) -> GrievanceEvent:
    """The worker (or filer) writes to the case officer."""
    body = (body or "").strip()
    if not body:
        raise DomainError(_l("Write your message."), field="message")
    if len(body) > 5000:
        raise DomainError(_l("Please shorten your message (5,000 characters at most)."), field="message")
    return _event(grievance, EventKind.MESSAGE_FROM_WORKER, None, now or utcnow(), body=body)


def worker_add_evidence(grievance: Grievance, uploads: list[Upload], now: datetime | None = None) -> list[str]:
    """More photos or PDFs from the worker; returns the paths written (discard them if the commit fails)."""
    now = now or utcnow()
    checked = check_evidence(uploads)
    if not checked:
        raise DomainError(_l("Choose a photo or a PDF to send."), field="evidence")
    paths = _store_evidence(grievance, checked, now)
    _event(grievance, EventKind.EVIDENCE_ADDED, None, now, data={"files": len(checked)})
    return paths


# ---------------------------------------------------------------- who sees what


def attache_countries(user: User) -> list[str]:
    """The destination countries an attaché works on (empty for other officials)."""
    return [c.strip().upper() for c in (user.attache_countries or "").split(",") if c.strip()]


def sees_all_cases(user: User) -> bool:
    """Administrators and supervisors see and act on every case."""
    return user.role == Role.ADMINISTRATOR or (user.role == Role.CASE_OFFICER and user.is_supervisor)


def case_scope(user: User):
    """SQL condition on Grievance: the cases this official may open (attachés: their countries only)."""
    if user.role not in (Role.ADMINISTRATOR, Role.CASE_OFFICER):
        return sa.false()
    countries = attache_countries(user)
    if sees_all_cases(user) or not countries:
        return sa.true()
    return Grievance.destination_country.in_(countries)


def can_open_case(user: User, grievance: Grievance) -> bool:
    """Case officers and administrators open cases; an attaché only those in their countries."""
    if user.role not in (Role.ADMINISTRATOR, Role.CASE_OFFICER):
        return False
    countries = attache_countries(user)
    return sees_all_cases(user) or not countries or grievance.destination_country in countries


def can_see_identity(user: User, grievance: Grievance) -> bool:
    """Identity, contacts and evidence: the assigned officer, supervisors, administrators; the agency on consent."""
    if user.role == Role.AGENCY_REPRESENTATIVE:
        return grievance.share_identity_with_agency and user.agency_id == grievance.agency_id \
            and grievance.agency_id is not None
    if not can_open_case(user, grievance):
        return False
    return sees_all_cases(user) or grievance.assigned_to_id == user.id


def can_act(user: User, grievance: Grievance) -> bool:
    """Workflow steps: the assigned case officer, a supervisor or an administrator."""
    return can_open_case(user, grievance) and (sees_all_cases(user) or grievance.assigned_to_id == user.id)


def record_identity_view(user: User, grievance: Grievance, what: str = "identity") -> None:
    """Every look at a worker's identity, contacts or evidence goes into the audit log."""
    audit.record(f"grievance.view_{what}", grievance, actor=user, reference=grievance.reference)


def get_case(reference: str, user: User) -> Grievance:
    """The case for an official, or NotFound (also when outside an attaché's countries)."""
    grievance = db.session.scalar(sa.select(Grievance).where(Grievance.reference == normalise_reference(reference)))
    if grievance is None or not can_open_case(user, grievance):
        raise NotFound(_l("No such case."))
    return grievance


def get_agency_case(reference: str, user: User) -> Grievance:
    """A grievance against the representative's own agency, or NotFound."""
    grievance = db.session.scalar(sa.select(Grievance).where(Grievance.reference == normalise_reference(reference)))
    if grievance is None or user.agency_id is None or grievance.agency_id != user.agency_id:
        raise NotFound(_l("No such case."))
    return grievance


# ---------------------------------------------------------------- the case workflow

ACTION_STEPS = {
    # action: (statuses it may start from, status it leads to)
    "acknowledge": (frozenset({S.RECEIVED}), S.ACKNOWLEDGED),
    "investigate": (frozenset({S.ACKNOWLEDGED, S.REFERRED}), S.INVESTIGATING),
    "refer": (frozenset({S.INVESTIGATING, S.REFERRED}), S.REFERRED),
    "resolve": (frozenset({S.INVESTIGATING, S.REFERRED}), S.RESOLVED),
    "close": (frozenset({S.RESOLVED}), S.CLOSED),
    "reopen": (frozenset({S.RESOLVED, S.CLOSED, S.WITHDRAWN}), S.INVESTIGATING),
    "withdraw": (OPEN_STATUSES, S.WITHDRAWN),
}

ACTION_LABELS = {
    "acknowledge": _l("Acknowledge"),
    "investigate": _l("Start investigating"),
    "refer": _l("Refer"),
    "resolve": _l("Resolve"),
    "close": _l("Close"),
    "reopen": _l("Reopen"),
    "withdraw": _l("Record withdrawal"),
}


def allowed_actions(grievance: Grievance) -> list[str]:
    """The workflow steps open for this case now, in display order."""
    return [a for a, (sources, _target) in ACTION_STEPS.items() if grievance.status in sources]


def _check_step(grievance: Grievance, action: str, actor: User) -> None:
    if not can_act(actor, grievance):
        raise Refused(_l("Only the case officer assigned to this case, or a supervisor, can do this. "
                         "Take the case first."))
    sources, _target = ACTION_STEPS[action]
    if grievance.status not in sources:
        steps = ", ".join(str(ACTION_LABELS[a]) for a in allowed_actions(grievance)) or "—"
        raise Refused(_l("A case that is “%(status)s” cannot be given the step “%(action)s”. "
                         "Possible steps now: %(steps)s.", status=STATUS_LABELS[grievance.status],
                         action=ACTION_LABELS[action], steps=steps))


def _event(grievance: Grievance, kind: EventKind, actor: User | None, now: datetime, body: str = "",
           data: dict | None = None) -> GrievanceEvent:
    event = GrievanceEvent(kind=kind, at=now, actor_id=actor.id if actor else None, body=body, data=data or {})
    grievance.events.append(event)
    grievance.updated_at = now
    db.session.flush()
    return event


def _step(grievance: Grievance, action: str, actor: User, now: datetime, kind: EventKind, reason: str = "",
          body: str = "", data: dict | None = None, **details) -> GrievanceEvent:
    grievance.status = ACTION_STEPS[action][1]
    event = _event(grievance, kind, actor, now, body=body, data=data)
    audit.record(f"grievance.{action}", grievance, reason=reason, actor=actor, reference=grievance.reference,
                 status=grievance.status.value, **details)
    return event


def acknowledge(grievance: Grievance, actor: User, now: datetime | None = None) -> GrievanceEvent:
    """The ministry tells the worker their grievance was read (deadline: 2 days, urgent 24 hours)."""
    now = now or utcnow()
    _check_step(grievance, "acknowledge", actor)
    grievance.acknowledged_at = now
    return _step(grievance, "acknowledge", actor, now, EventKind.ACKNOWLEDGED)


def start_investigation(grievance: Grievance, actor: User, now: datetime | None = None) -> GrievanceEvent:
    """Investigation starts (or resumes after a referral)."""
    now = now or utcnow()
    _check_step(grievance, "investigate", actor)
    return _step(grievance, "investigate", actor, now, EventKind.INVESTIGATING)


def refer(grievance: Grievance, actor: User, target: str, to_whom: str, referred_on: date | None = None,
          note: str = "", now: datetime | None = None) -> Referral:
    """Pass the case to an embassy/attaché, an NGO, the police or the destination's labour authority."""
    now = now or utcnow()
    _check_step(grievance, "refer", actor)
    try:
        target = ReferralTarget(target)
    except ValueError:
        raise DomainError(_l("Choose whom the case is referred to."), field="target") from None
    to_whom = (to_whom or "").strip()
    if not to_whom:
        raise DomainError(_l("Name the office or person (e.g. “Labour attaché, Embassy in Riyadh”)."),
                          field="to_whom")
    referred_on = referred_on or now.date()
    if referred_on > now.date():
        raise DomainError(_l("The referral date cannot be in the future."), field="referred_on")
    when = datetime.combine(referred_on, now.timetz()) if referred_on != now.date() else now
    referral = Referral(target=target, to_whom=to_whom[:200], referred_on=when, note=(note or "").strip(),
                        actor_id=actor.id)
    grievance.referrals.append(referral)
    _step(grievance, "refer", actor, now, EventKind.REFERRED,
          data={"target": target.value, "to_whom": referral.to_whom, "on": referred_on.isoformat()},
          body=referral.note, target=target.value, to_whom=referral.to_whom)
    return referral


def resolve(grievance: Grievance, actor: User, outcome: str, summary: str, amount: Decimal | None = None,
            currency: str = "", now: datetime | None = None) -> GrievanceEvent:
    """Record the outcome; a substantiated outcome against an agency raises its review flag."""
    now = now or utcnow()
    _check_step(grievance, "resolve", actor)
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise DomainError(_l("Choose the outcome."), field="outcome") from None
    summary = (summary or "").strip()
    if not summary:
        raise DomainError(_l("Say in a sentence what was decided; the worker will read it."), field="summary")
    if outcome == Outcome.COMPENSATION_PAID:
        if amount is None or amount <= 0:
            raise DomainError(_l("Give the amount of compensation paid."), field="amount")
        if (currency or "").upper() not in CURRENCIES:
            raise DomainError(_l("Choose the currency of the compensation."), field="currency")
        grievance.compensation_amount, grievance.compensation_currency = amount, currency.upper()
    else:
        grievance.compensation_amount, grievance.compensation_currency = None, ""
    grievance.outcome, grievance.resolution_summary, grievance.resolved_at = outcome, summary, now
    data = {"outcome": outcome.value}
    if grievance.compensation_amount is not None:
        data.update(amount=str(grievance.compensation_amount), currency=grievance.compensation_currency)
    event = _step(grievance, "resolve", actor, now, EventKind.RESOLVED, body=summary, data=data, **data)
    if outcome in SUBSTANTIATED_OUTCOMES and grievance.agency is not None:
        _flag_agency(grievance, actor, now)
    return event


def _flag_agency(grievance: Grievance, actor: User, now: datetime) -> None:
    line = (f"{now.date().isoformat()}: grievance {grievance.reference} substantiated "
            f"({grievance.outcome.value}).")
    flag_for_review(grievance.agency, actor, line, grievance=grievance.reference, outcome=grievance.outcome.value)


def close(grievance: Grievance, actor: User, now: datetime | None = None) -> GrievanceEvent:
    """A resolved case is closed."""
    now = now or utcnow()
    _check_step(grievance, "close", actor)
    grievance.closed_at = now
    return _step(grievance, "close", actor, now, EventKind.CLOSED)


def reopen(grievance: Grievance, actor: User, reason: str, now: datetime | None = None) -> GrievanceEvent:
    """Back to investigation with a reason; a fresh 30-day resolution deadline starts."""
    now = now or utcnow()
    _check_step(grievance, "reopen", actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Give the reason for reopening."), field="reason")
    grievance.outcome, grievance.resolved_at, grievance.closed_at = None, None, None
    grievance.compensation_amount, grievance.compensation_currency = None, ""
    grievance.resolve_due_at = resolve_deadline(now)
    return _step(grievance, "reopen", actor, now, EventKind.REOPENED, reason=reason, body=reason)


def withdraw(grievance: Grievance, actor: User, reason: str, now: datetime | None = None) -> GrievanceEvent:
    """The worker asked to withdraw the grievance (recorded by the officer, with what they said)."""
    now = now or utcnow()
    _check_step(grievance, "withdraw", actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Say how and why the worker withdrew."), field="reason")
    return _step(grievance, "withdraw", actor, now, EventKind.WITHDRAWN, reason=reason, body=reason)


def case_officers(grievance: Grievance | None = None) -> list[User]:
    """Active case officers who could take this case (attachés only for their countries)."""
    users = db.session.scalars(
        sa.select(User).where(User.role == Role.CASE_OFFICER, User.active.is_(True)).order_by(User.name, User.email)
    ).all()
    return [u for u in users if grievance is None or can_open_case(u, grievance)]


def assign(grievance: Grievance, actor: User, officer: User | None, now: datetime | None = None) -> GrievanceEvent:
    """A supervisor assigns any case; a case officer may take an unassigned case for themselves."""
    now = now or utcnow()
    officer = officer or actor
    if not can_open_case(actor, grievance):
        raise NotFound(_l("No such case."))
    if not sees_all_cases(actor) and (officer.id != actor.id or grievance.assigned_to_id is not None):
        raise Refused(_l("Only a supervisor can assign a case to someone else or reassign it."))
    if officer.role != Role.CASE_OFFICER or not officer.active:
        raise DomainError(_l("Choose an active case officer."), field="officer")
    if not can_open_case(officer, grievance):
        raise DomainError(_l("This officer works on other destination countries."), field="officer")
    if grievance.assigned_to_id == officer.id:
        raise Refused(_l("The case is already assigned to this officer."))
    if grievance.status not in OPEN_STATUSES:
        raise Refused(_l("Only an open case can be assigned."))
    grievance.assigned_to_id = officer.id
    grievance.assigned_to = officer
    event = _event(grievance, EventKind.ASSIGNED, actor, now, data={"officer": officer.name or officer.email})
    audit.record("grievance.assign", grievance, actor=actor, reference=grievance.reference, officer=officer.email)
    return event


def message_worker(grievance: Grievance, actor: User, body: str, now: datetime | None = None) -> GrievanceEvent:
    """A message the worker reads when tracking the case."""
    body = (body or "").strip()
    if not can_act(actor, grievance):
        raise Refused(_l("Only the case officer assigned to this case, or a supervisor, can write to the worker."))
    if not body:
        raise DomainError(_l("Write the message."), field="body")
    event = _event(grievance, EventKind.MESSAGE_TO_WORKER, actor, now or utcnow(), body=body)
    audit.record("grievance.message", grievance, actor=actor, reference=grievance.reference)
    return event


def add_note(grievance: Grievance, actor: User, body: str, now: datetime | None = None) -> GrievanceEvent:
    """An internal note: never shown to the worker or the agency."""
    body = (body or "").strip()
    if not can_open_case(actor, grievance):
        raise NotFound(_l("No such case."))
    if not body:
        raise DomainError(_l("Write the note."), field="body")
    event = _event(grievance, EventKind.NOTE, actor, now or utcnow(), body=body)
    audit.record("grievance.note", grievance, actor=actor, reference=grievance.reference)
    return event


def agency_respond(grievance: Grievance, actor: User, body: str, now: datetime | None = None) -> GrievanceEvent:
    """The agency's answer; it joins the timeline that the worker and the case officer see."""
    body = (body or "").strip()
    if actor.role != Role.AGENCY_REPRESENTATIVE or actor.agency_id != grievance.agency_id:
        raise NotFound(_l("No such case."))
    if not body:
        raise DomainError(_l("Write your response."), field="body")
    if len(body) > 10000:
        raise DomainError(_l("Please shorten the response (10,000 characters at most)."), field="body")
    event = _event(grievance, EventKind.AGENCY_RESPONSE, actor, now or utcnow(), body=body)
    audit.record("grievance.agency_response", grievance, actor=actor, reference=grievance.reference)
    return event


# ---------------------------------------------------------------- escalation


def supervisor_for(grievance: Grievance) -> User | None:
    """The supervisor who receives this case's escalations (the longest-serving active supervisor)."""
    supervisors = db.session.scalars(
        sa.select(User).where(User.role == Role.CASE_OFFICER, User.is_supervisor.is_(True), User.active.is_(True))
        .order_by(User.id)
    ).all()
    return supervisors[0] if supervisors else None


def escalate(grievance: Grievance, deadline: DeadlineKind, now: datetime | None = None) -> Escalation | None:
    """Escalate one missed deadline once; None when it already was (by this run or a concurrent one)."""
    now = now or utcnow()
    due = grievance.acknowledge_due_at if deadline == DeadlineKind.ACKNOWLEDGE else grievance.resolve_due_at
    supervisor = supervisor_for(grievance)
    escalation = Escalation(grievance_id=grievance.id, deadline=deadline, due_at=due, escalated_at=now,
                            supervisor_id=supervisor.id if supervisor else None)
    try:
        with db.session.begin_nested():
            db.session.add(escalation)
            db.session.flush()
    except IntegrityError:
        return None  # the unique (grievance, deadline, due time) row exists: escalated already
    name = (supervisor.name or supervisor.email) if supervisor else ""
    _event(grievance, EventKind.ESCALATED, None, now, data={"deadline": deadline.value, "supervisor": name,
                                                             "due": due.isoformat()})
    audit.record("grievance.escalate", grievance, actor=None, reference=grievance.reference,
                 deadline=deadline.value, due=due.isoformat(), supervisor=supervisor.email if supervisor else None)
    return escalation


def escalate_overdue(now: datetime | None = None) -> list[Escalation]:
    """Escalate every missed deadline not escalated yet; safe to run twice or in parallel."""
    now = now or utcnow()
    done = []
    for kind in DeadlineKind:
        due_column = Grievance.acknowledge_due_at if kind == DeadlineKind.ACKNOWLEDGE else Grievance.resolve_due_at
        already = sa.select(Escalation.id).where(
            Escalation.grievance_id == Grievance.id, Escalation.deadline == kind, Escalation.due_at == due_column
        ).exists()
        cases = db.session.scalars(
            sa.select(Grievance).where(_overdue_clause(kind, now), ~already).order_by(Grievance.id)
        ).all()
        for grievance in cases:
            escalation = escalate(grievance, kind, now)
            if escalation is not None:
                done.append(escalation)
    return done


# ---------------------------------------------------------------- the queue


@dataclass
class QueueFilters:
    status: str = ""
    urgent: bool = False
    overdue: bool = False
    destination: str = ""
    agency: str = ""
    category: str = ""
    assigned: str = ""  # "me", "none" or ""
    escalated: bool = False


def queue(user: User, filters: QueueFilters, now: datetime | None = None, page: int = 1,
          per_page: int = 50) -> tuple[list[Grievance], int]:
    """The cases this official may see, filtered; open cases by their next deadline, overdue ones first."""
    now = now or utcnow()
    stmt = sa.select(Grievance).where(case_scope(user))
    if filters.status == "open":
        stmt = stmt.where(Grievance.status.in_(OPEN_STATUSES))
    elif filters.status in {s.value for s in S}:
        stmt = stmt.where(Grievance.status == S(filters.status))
    if filters.urgent:
        stmt = stmt.where(Grievance.urgent.is_(True))
    if filters.overdue:
        stmt = stmt.where(overdue_clause(now))
    if filters.destination:
        stmt = stmt.where(Grievance.destination_country == filters.destination.upper())
    if filters.agency:
        needle = f"%{filters.agency.strip().lower()}%"
        agency_ids = sa.select(Agency.id).where(sa.func.lower(Agency.legal_name).like(needle))
        stmt = stmt.where(sa.or_(Grievance.agency_id.in_(agency_ids),
                                 sa.func.lower(Grievance.recruiter_name).like(needle)))
    if filters.category in [c.value for c in Category]:
        stmt = stmt.where(Grievance.id.in_(
            sa.select(GrievanceCategory.grievance_id).where(GrievanceCategory.category == Category(filters.category))
        ))
    if filters.assigned == "me":
        stmt = stmt.where(Grievance.assigned_to_id == user.id)
    elif filters.assigned == "none":
        stmt = stmt.where(Grievance.assigned_to_id.is_(None))
    if filters.escalated:
        stmt = stmt.where(Grievance.id.in_(sa.select(Escalation.grievance_id)))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    open_first = sa.case((Grievance.status.in_(OPEN_STATUSES), 0), else_=1)
    next_due = sa.case((Grievance.status == S.RECEIVED, Grievance.acknowledge_due_at), else_=Grievance.resolve_due_at)
    stmt = stmt.order_by(open_first, next_due, Grievance.id)  # the most pressing deadline first
    stmt = stmt.options(selectinload(Grievance.category_rows), selectinload(Grievance.agency),
                        selectinload(Grievance.assigned_to), selectinload(Grievance.escalations))
    rows = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return list(rows), total


def agency_cases(user: User) -> list[Grievance]:
    """Grievances against the representative's own agency, newest first."""
    return list(db.session.scalars(
        sa.select(Grievance).where(Grievance.agency_id == user.agency_id)
        .options(selectinload(Grievance.category_rows)).order_by(Grievance.filed_at.desc())
    ).all())


# ---------------------------------------------------------------- the timeline in plain words


@dataclass
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    body: str = ""
    internal: bool = False
    by: str = ""  # who acted, for officials only

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}" if self.body else self.title


def event_title(event: GrievanceEvent, audience: str) -> str:
    """One plain sentence for a timeline event, worded for the worker, the agency or officials."""
    data = event.data or {}
    kind = event.kind
    worker = audience == "worker"
    if kind == EventKind.FILED:
        return _("Grievance received.")
    if kind == EventKind.ACKNOWLEDGED:
        return _("A case officer read your grievance.") if worker else _("Acknowledged by the ministry.")
    if kind == EventKind.INVESTIGATING:
        return _("The case is being investigated.")
    if kind == EventKind.REFERRED:
        if audience == "agency":
            return _("The ministry referred the case to another authority.")
        on = date.fromisoformat(data["on"]) if data.get("on") else event.at.date()
        return _("Referred to %(target)s (%(who)s) on %(date)s.",
                 target=REFERRAL_LABELS.get(data.get("target"), data.get("target", "")),
                 who=data.get("to_whom", ""), date=format_date(on))
    if kind == EventKind.RESOLVED:
        text = _("Resolved: %(outcome)s.", outcome=OUTCOME_LABELS.get(data.get("outcome"), ""))
        if data.get("amount"):
            text += " " + _("Amount: %(amount)s %(currency)s.", amount=format_decimal(Decimal(data["amount"])),
                            currency=data.get("currency", ""))
        return text
    if kind == EventKind.CLOSED:
        return _("The case was closed.")
    if kind == EventKind.REOPENED:
        return _("The case was reopened.")
    if kind == EventKind.WITHDRAWN:
        return _("The grievance was withdrawn.")
    if kind == EventKind.ASSIGNED:
        if worker:
            return _("A case officer is now handling your case.")
        return _("Assigned to %(name)s.", name=data.get("officer", ""))
    if kind == EventKind.MESSAGE_TO_WORKER:
        return _("Message from your case officer:") if worker else _("Message to the worker:")
    if kind == EventKind.MESSAGE_FROM_WORKER:
        return _("Your message:") if worker else _("Message from the worker:")
    if kind == EventKind.AGENCY_RESPONSE:
        return _("Your response:") if audience == "agency" else _("Response from the agency:")
    if kind == EventKind.EVIDENCE_ADDED:
        n = int(data.get("files", 1))
        return ngettext("%(num)d file added as evidence.", "%(num)d files added as evidence.", n)
    if kind == EventKind.NOTE:
        return _("Internal note (not shown to the worker or the agency):")
    if kind == EventKind.ESCALATED:
        message = ESCALATION_MESSAGES.get(data.get("deadline"), ESCALATION_MESSAGES[DeadlineKind.RESOLVE])
        return message % {"name": data.get("supervisor") or _("the supervisors")}
    return str(kind)


def timeline(grievance: Grievance, audience: str) -> list[TimelineEntry]:
    """The case's history for the worker, the agency, or officials ("official": everything)."""
    visible = {"worker": WORKER_VISIBLE, "agency": AGENCY_VISIBLE}.get(audience)
    entries = []
    for event in grievance.events:
        if visible is not None and event.kind not in visible:
            continue
        body = event.body
        if audience != "official" and event.kind in (EventKind.REOPENED, EventKind.WITHDRAWN, EventKind.REFERRED):
            body = ""  # the officer's reasons and referral notes are internal
        if audience == "agency" and event.kind == EventKind.RESOLVED and not grievance.share_identity_with_agency:
            body = ""
        by = (event.actor.name or event.actor.email) if audience == "official" and event.actor else ""
        entries.append(TimelineEntry(event.at, event.kind.value, event_title(event, audience), body,
                                     internal=event.kind in (EventKind.NOTE, EventKind.ESCALATED), by=by))
    return entries


# ---------------------------------------------------------------- the agency's public record


def agency_record(agency_id: int) -> dict:
    """Total, open, resolved and substantiated grievances and the median days to resolution (no worker data)."""
    done = Grievance.status.in_(DONE_STATUSES)
    row = db.session.execute(
        sa.select(
            sa.func.count(Grievance.id),
            sa.func.coalesce(sa.func.sum(sa.case((Grievance.status.in_(OPEN_STATUSES), 1), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(sa.case((done, 1), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(
                sa.case((sa.and_(done, Grievance.outcome.in_(SUBSTANTIATED_OUTCOMES)), 1), else_=0)), 0),
        ).where(Grievance.agency_id == agency_id)
    ).one()
    spans = db.session.execute(
        sa.select(Grievance.filed_at, Grievance.resolved_at)
        .where(Grievance.agency_id == agency_id, done, Grievance.resolved_at.is_not(None))
    ).all()
    days = [(resolved - filed).total_seconds() / 86400 for filed, resolved in spans]
    median = round(statistics.median(days), 1) if days else None
    return {"total": int(row[0]), "open": int(row[1]), "resolved": int(row[2]), "substantiated": int(row[3]),
            "median_days_to_resolve": median}


# ---------------------------------------------------------------- a linked contract's liable parties


def linked_contract(grievance: Grievance) -> Contract | None:
    """The contract the worker's check code linked, if any."""
    if grievance.contract_id is None:
        return None
    return db.session.get(Contract, grievance.contract_id)


def liable_parties(grievance: Grievance) -> list[dict]:
    """The parties jointly liable under the linked contract, with the claims each covers, in plain labels."""
    contract = linked_contract(grievance)
    if contract is None:
        return []
    return [{"name": p.name, "role": p.role_label, "claims": p.claim_labels} for p in contract_parties(contract)]


def parse_amount(text: str | None) -> Decimal | None:
    """A decimal amount from a form, None when empty; a DomainError when not a number."""
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise DomainError(_l("Write the amount as a number, e.g. 1200.50."), field="amount") from None

