"""The registry's rules: licence lifecycle, vetting and guarantees, verdicts, search, watchlist, bans.

Services flush and never commit: the request or the CLI command commits once.
"""
import os
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher
from enum import StrEnum

import filetype
import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal import audit
from portal.database import utcnow
from portal.errors import DomainError, Refused
from portal.extensions import db
from portal.models import User
from registry.models import (
    Agency,
    AgencyDocument,
    ApplicationMessage,
    DeploymentBan,
    ForeignParty,
    Guarantee,
    Licence,
    LicenceAction,
    LicenceClass,
    LicenceEvent,
    LicenceStatus,
    Person,
    VettingStatus,
    WatchlistStatus,
)

A = LicenceAction
S = LicenceStatus


# ---------------------------------------------------------------- what the worker is told


class PublicStatus(StrEnum):
    LICENSED = "licensed"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"
    PENDING = "pending"


@dataclass(frozen=True)
class Verdict:
    status: str  # a PublicStatus value, or "not_found"
    label: object
    advice: object


VERDICTS = {
    "licensed": (
        _l("Licensed"),
        _l("You may use this agency; it must not charge you fees."),
    ),
    "suspended": (
        _l("Suspended"),
        _l("Do not pay or sign anything with this agency now. Its licence is suspended."),
    ),
    "revoked": (
        _l("Licence revoked"),
        _l("This agency may no longer recruit workers. Do not pay or sign anything; report anyone using its name."),
    ),
    "expired": (
        _l("Licence expired"),
        _l("This agency's licence has run out. Do not pay or sign anything until it is renewed."),
    ),
    "pending": (
        _l("Not yet licensed"),
        _l("This agency has applied but is not licensed yet. It may not recruit you or take money from you."),
    ),
    "not_found": (
        _l("Not a licensed agency"),
        _l(
            "No licensed agency has this name or number. Anyone recruiting under it is doing so illegally: "
            "do not pay or hand over your passport, and report them."
        ),
    ),
}

_PUBLIC = {
    S.LICENSED: PublicStatus.LICENSED,
    S.SUSPENDED: PublicStatus.SUSPENDED,
    S.REVOKED: PublicStatus.REVOKED,
    S.EXPIRED: PublicStatus.EXPIRED,
    S.APPLICATION: PublicStatus.PENDING,
    S.UNDER_REVIEW: PublicStatus.PENDING,
}


def today() -> date:
    return utcnow().date()


def effective_status(licence: Licence, day: date | None = None) -> LicenceStatus:
    """The licence's status on a day: a licensed or suspended licence past valid_until is expired."""
    day = day or today()
    if licence.status in (S.LICENSED, S.SUSPENDED) and licence.valid_until and licence.valid_until < day:
        return S.EXPIRED
    return licence.status


def public_status(agency: Agency, day: date | None = None) -> PublicStatus | None:
    """What the public registry shows; None for a rejected application (never licensed)."""
    return _PUBLIC.get(effective_status(agency.licence, day))


def public_status_of(status: LicenceStatus) -> str:
    """The public name of a licence status (an application under review is "pending")."""
    return _PUBLIC.get(status, status).value


def verdict(status: str | None) -> Verdict:
    """The badge and the one plain sentence a worker reads for a public status (None: not found)."""
    key = str(status) if status else "not_found"
    label, advice = VERDICTS[key]
    return Verdict(key, label, advice)


# ---------------------------------------------------------------- the licence lifecycle

# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[LicenceAction, tuple[frozenset, LicenceStatus | None]] = {
    A.START_REVIEW: (frozenset({S.APPLICATION}), S.UNDER_REVIEW),
    A.ISSUE: (frozenset({S.UNDER_REVIEW}), S.LICENSED),
    A.REJECT: (frozenset({S.APPLICATION, S.UNDER_REVIEW}), S.REJECTED),
    A.RENEW: (frozenset({S.LICENSED, S.EXPIRED}), S.LICENSED),
    A.SUSPEND: (frozenset({S.LICENSED}), S.SUSPENDED),
    A.REINSTATE: (frozenset({S.SUSPENDED}), S.LICENSED),
    A.REVOKE: (frozenset({S.LICENSED, S.SUSPENDED, S.EXPIRED}), S.REVOKED),
    A.EXPIRE: (frozenset({S.LICENSED, S.SUSPENDED}), S.EXPIRED),
    A.REQUEST_RENEWAL: (frozenset({S.LICENSED, S.EXPIRED}), None),  # status unchanged
}

ACTION_LABELS = {
    A.APPLY: _l("Application received"),
    A.START_REVIEW: _l("Review started"),
    A.ISSUE: _l("Licence issued"),
    A.REJECT: _l("Application rejected"),
    A.REQUEST_RENEWAL: _l("Renewal requested"),
    A.RENEW: _l("Licence renewed"),
    A.SUSPEND: _l("Licence suspended"),
    A.REINSTATE: _l("Licence reinstated"),
    A.REVOKE: _l("Licence revoked"),
    A.EXPIRE: _l("Licence expired"),
}

# What an officer's button says: the decision as a verb.
DECISION_LABELS = {
    A.START_REVIEW: _l("Start the review"),
    A.ISSUE: _l("Issue the licence"),
    A.REJECT: _l("Reject the application"),
    A.RENEW: _l("Renew the licence"),
    A.SUSPEND: _l("Suspend the licence"),
    A.REINSTATE: _l("Reinstate the licence"),
    A.REVOKE: _l("Revoke the licence"),
    A.EXPIRE: _l("Record the expiry"),
    A.REQUEST_RENEWAL: _l("Ask for renewal"),
}

STATUS_LABELS = {
    S.APPLICATION: _l("Application"),
    S.UNDER_REVIEW: _l("Under review"),
    S.LICENSED: _l("Licensed"),
    S.SUSPENDED: _l("Suspended"),
    S.REVOKED: _l("Revoked"),
    S.REJECTED: _l("Rejected"),
    S.EXPIRED: _l("Expired"),
}

# Officers' decisions; the order reference is the ministry's written decision.
OFFICER_ACTIONS = (A.START_REVIEW, A.ISSUE, A.REJECT, A.RENEW, A.SUSPEND, A.REINSTATE, A.REVOKE)
NEEDS_ORDER_REFERENCE = frozenset({A.ISSUE, A.REJECT, A.RENEW, A.SUSPEND, A.REINSTATE, A.REVOKE})


def allowed_actions(licence: Licence, day: date | None = None) -> list[LicenceAction]:
    """The officer decisions open for this licence today, in display order."""
    current = effective_status(licence, day)
    return [a for a in OFFICER_ACTIONS if current in TRANSITIONS[a][0]]


def licence_blockers(agency: Agency, day: date | None = None) -> list:
    """Why a licence cannot be issued or renewed today (empty when it can)."""
    day = day or today()
    problems = []
    if not agency.directors:
        problems.append(_l("No director is recorded."))
    unvetted = [p.name for p in agency.people if p.vetting_status != VettingStatus.VETTED]
    if unvetted:
        problems.append(_l("Not every director and shareholder is vetted: %(names)s.", names=", ".join(unvetted)))
    if not any(g.counts_on(day) for g in agency.guarantees):
        problems.append(_l("No verified, unexpired guarantee is lodged."))
    return problems


def _record(licence: Licence, action: LicenceAction, to: LicenceStatus, actor, reason: str, order: str,
            current: LicenceStatus | None = None):
    event = LicenceEvent(
        action=action,
        from_status=current,
        to_status=to,
        reason=reason,
        order_reference=order,
        actor_id=actor.id if actor else None,
        at=utcnow(),
    )
    licence.events.append(event)
    licence.status = to
    licence.updated_at = event.at
    db.session.flush()
    audit.record(f"licence.{action.value}", licence, reason=reason, actor=actor, order_reference=order, status=to.value)
    return event


def decide(licence: Licence, action: LicenceAction, actor: User | None, reason: str, order_reference: str = "",
           *, licence_class: LicenceClass | None = None, day: date | None = None) -> LicenceEvent:
    """Apply one licence decision, or raise Refused/DomainError saying why it is not allowed."""
    day = day or today()
    reason, order_reference = (reason or "").strip(), (order_reference or "").strip()
    sources, target = TRANSITIONS[action]
    current = effective_status(licence, day)
    if current not in sources:
        raise Refused(
            _l("“%(decision)s” is not possible while the licence status is “%(status)s”.",
               decision=DECISION_LABELS[action], status=STATUS_LABELS[current])
        )
    if not reason:
        raise DomainError(_l("Give the reason for this decision."), field="reason")
    if action in NEEDS_ORDER_REFERENCE and not order_reference:
        raise DomainError(_l("Give the reference of the written order."), field="order_reference")
    if action in (A.ISSUE, A.RENEW):
        problems = licence_blockers(licence.agency, day)
        if problems:
            raise Refused(" ".join(str(p) for p in problems))
        _set_validity(licence, action, day, licence_class)
    if action == A.REQUEST_RENEWAL:
        licence.renewal_requested_at = utcnow()
    elif action in (A.RENEW, A.REVOKE):
        licence.renewal_requested_at = None
    return _record(licence, action, target or current, actor, reason, order_reference, current)


def _set_validity(licence: Licence, action: LicenceAction, day: date, licence_class) -> None:
    years = current_app.config["LICENCE_TERM_YEARS"]
    if action == A.ISSUE:
        licence.valid_from = day
        licence.licence_class = licence_class or licence.licence_class
        db.session.flush()
        licence.number = licence.number or f"EA/{day.year}/{licence.id:04d}"
    else:
        still_valid = licence.valid_until and licence.valid_until >= day
        licence.valid_from = licence.valid_until + timedelta(days=1) if still_valid else day
    licence.valid_until = _add_years(licence.valid_from, years) - timedelta(days=1)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def expire_licences(day: date | None = None) -> list[Licence]:
    """Record the expiry of every licensed or suspended licence whose validity has passed."""
    day = day or today()
    due = db.session.scalars(
        sa.select(Licence).where(Licence.status.in_([S.LICENSED, S.SUSPENDED]), Licence.valid_until < day)
    ).all()
    for licence in due:
        reason = f"Validity ended on {licence.valid_until.isoformat()}"
        _record(licence, A.EXPIRE, S.EXPIRED, None, reason, "", licence.status)
    return due


def request_renewal(agency: Agency, actor: User, note: str) -> LicenceEvent:
    """An agency asks for its licence to be renewed (the new guarantee is lodged separately)."""
    if agency.licence.renewal_requested_at:
        raise Refused(_l("A renewal request is already waiting for a decision."))
    return decide(agency.licence, A.REQUEST_RENEWAL, actor, note or "Renewal requested")


def licence_status_on(agency: Agency, day: date) -> LicenceStatus | None:
    """The licence status in force on a past or present day, from the history (None before applying)."""
    licence = agency.licence
    past = [e for e in licence.events if e.at.date() <= day and e.action != A.REQUEST_RENEWAL]
    status = max(past, key=lambda e: (e.at, e.id)).to_status if past else None
    if status in (S.LICENSED, S.SUSPENDED) and licence.valid_until and licence.valid_until < day:
        return S.EXPIRED
    return status


# ---------------------------------------------------------------- agencies, people, guarantees


def normalise(text: str) -> str:
    """Lower-case, accents and punctuation removed, single spaces: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def _refresh_search_names(agency: Agency) -> None:
    names = [agency.legal_name, *(agency.trading_names or [])]
    agency.search_names = "\n".join(normalise(n) for n in names if n.strip())


AGENCY_FIELDS = (
    "legal_name", "trading_names", "registration_number", "address", "phone", "email", "destinations",
    "sectors", "complaints_officer_name", "complaints_officer_phone", "complaints_officer_email",
)


def _check_registration_number(number: str, agency_id: int | None) -> None:
    taken = db.session.scalar(
        sa.select(Agency.id).where(Agency.registration_number == number, Agency.id != (agency_id or 0))
    )
    if taken:
        raise DomainError(_l("Another agency is registered with this number."), field="registration_number")


def create_agency(actor: User | None, **fields) -> Agency:
    """A new agency with a licence application on file."""
    _check_registration_number(fields["registration_number"], None)
    agency = Agency(**{k: v for k, v in fields.items() if k in AGENCY_FIELDS})
    _refresh_search_names(agency)
    agency.licence = Licence(status=S.APPLICATION, licence_class=fields.get("licence_class") or LicenceClass.GENERAL)
    db.session.add(agency)
    db.session.flush()
    _record(agency.licence, A.APPLY, S.APPLICATION, actor, "Application received", "")
    return agency


def update_agency(agency: Agency, actor: User, **fields) -> Agency:
    """Change an agency's details; the change is in the audit log."""
    if "registration_number" in fields:
        _check_registration_number(fields["registration_number"], agency.id)
    changed = {}
    for key in AGENCY_FIELDS:
        if key in fields and getattr(agency, key) != fields[key]:
            changed[key] = fields[key]
            setattr(agency, key, fields[key])
    _refresh_search_names(agency)
    db.session.flush()
    if changed:
        audit.record("agency.update", agency, actor=actor, fields=sorted(changed))
    return agency


def add_person(agency: Agency, **fields) -> Person:
    person = Person(**fields)
    agency.people.append(person)
    db.session.flush()
    return person


def vet_person(person: Person, status: VettingStatus, note: str, actor: User) -> Person:
    """Record the outcome of vetting a director or shareholder (police clearance checked)."""
    if status == VettingStatus.VETTED and not person.police_clearance_ref:
        raise DomainError(_l("Record the police clearance reference before vetting."), field="police_clearance_ref")
    if status == VettingStatus.REJECTED and not note.strip():
        raise DomainError(_l("Say why the vetting failed."), field="note")
    person.vetting_status, person.vetting_note = status, note.strip()
    person.vetted_by_id, person.vetted_at = actor.id, utcnow()
    db.session.flush()
    audit.record(f"person.{status.value}", person, reason=note, actor=actor, agency_id=person.agency_id)
    return person


def lodge_guarantee(agency: Agency, actor: User | None, *, verified: bool = False, **fields) -> Guarantee:
    """Record a guarantee (bond); an official entering it may verify it at once."""
    if fields["amount"] <= 0:
        raise DomainError(_l("The amount must be more than zero."), field="amount")
    guarantee = Guarantee(**fields)
    agency.guarantees.append(guarantee)
    if verified:
        guarantee.verified_by_id, guarantee.verified_at = actor.id, utcnow()
    db.session.flush()
    if actor is not None and actor.is_official:
        audit.record("guarantee.lodge", guarantee, actor=actor, agency_id=agency.id, verified=verified)
    return guarantee


def verify_guarantee(guarantee: Guarantee, actor: User) -> Guarantee:
    """An official confirms the bond with the bank."""
    if guarantee.verified_at:
        raise Refused(_l("This guarantee is already verified."))
    guarantee.verified_by_id, guarantee.verified_at = actor.id, utcnow()
    db.session.flush()
    audit.record("guarantee.verify", guarantee, actor=actor, agency_id=guarantee.agency_id)
    return guarantee


def store_document(agency: Agency, upload, kind: str, actor: User | None) -> AgencyDocument:
    """Keep an uploaded PDF under a random name outside the static folder, after checking its content."""
    data = upload.read(current_app.config["UPLOAD_MAX_BYTES"] + 1)
    if len(data) > current_app.config["UPLOAD_MAX_BYTES"]:
        raise DomainError(_l("The file is too large (10 MB at most)."), field="documents")
    if not data or filetype.guess_mime(data) != "application/pdf":
        raise DomainError(_l("Only PDF files are accepted."), field="documents")
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], "agency-documents")
    os.makedirs(folder, exist_ok=True)
    stored = secrets.token_hex(16)
    with open(os.path.join(folder, stored), "wb") as fh:
        fh.write(data)
    document = AgencyDocument(
        kind=kind, original_name=(upload.filename or "document.pdf")[:255], stored_name=stored,
        size=len(data), uploaded_by_id=actor.id if actor else None,
    )
    agency.documents.append(document)
    db.session.flush()
    return document


def document_path(document: AgencyDocument) -> str:
    return os.path.join(current_app.config["UPLOAD_FOLDER"], "agency-documents", document.stored_name)


def add_message(agency: Agency, author: User, body: str) -> ApplicationMessage:
    """An officer's query on an application, or the agency's answer."""
    if not body.strip():
        raise DomainError(_l("Write a message."), field="body")
    message = ApplicationMessage(author_id=author.id, from_official=author.is_official, body=body.strip())
    agency.messages.append(message)
    db.session.flush()
    if author.is_official:
        audit.record("application.query", agency, actor=author)
    return message


# ---------------------------------------------------------------- finding agencies


def agency_by_licence_number(number: str) -> Agency | None:
    """The agency holding this licence number (spaces and case ignored)."""
    wanted = "".join(number.split()).upper()
    return db.session.scalar(sa.select(Agency).join(Licence).where(sa.func.upper(Licence.number) == wanted))


def _similar(a: str, b: str) -> bool:
    """Small typos allowed: about one wrong letter in five (cheap upper bounds first)."""
    if abs(len(a) - len(b)) > max(len(a), len(b)) // 4:
        return False
    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8


def _token_matches(query_token: str, token: str) -> bool:
    if token.startswith(query_token) or len(query_token) >= 3 and query_token in token:
        return True
    return len(query_token) >= 4 and _similar(query_token, token)


def _name_score(query: str, names: str, matches: dict[str, set[str]]) -> float:
    """1 for a substring, else the share of query words found (allowing small typos) in one name.

    matches maps each query word to the registry's words it matches, worked out once per search:
    names share most of their words ("recruitment", "ltd"), so this is far cheaper than per name.
    """
    if query in names:
        return 1.0
    best = 0.0
    for name in names.split("\n"):
        tokens = set(name.split())
        found = sum(1 for word in matches if tokens & matches[word])
        best = max(best, found / len(matches))
    return best


def _compact(text: str | None) -> str:
    return "".join(c for c in (text or "").lower() if c.isalnum())


PUBLIC_LICENCE_STATUSES = [s for s in S if s != S.REJECTED]


def search_agencies(query: str = "", status: str | None = None, destination: str | None = None,
                    page: int = 1, per_page: int = 20) -> tuple[list[Agency], int]:
    """Agencies in the public registry matching a name, trading name, licence or registration number."""
    stmt = sa.select(Agency.id, Agency.search_names, Agency.registration_number, Licence.number).join(Licence)
    stmt = stmt.where(Licence.status.in_(PUBLIC_LICENCE_STATUSES))
    rows = db.session.execute(stmt.order_by(Agency.legal_name, Agency.id)).all()
    q = normalise(query)
    compact = _compact(q)
    looks_like_number = any(c.isdigit() for c in compact)
    vocabulary = {token for row in rows for token in row.search_names.split()}
    matches = {word: {t for t in vocabulary if _token_matches(word, t)} for word in q.split()}
    scored = []
    for agency_id, names, reg_no, lic_no in rows:
        if not q:
            score = 1.0
        elif looks_like_number and compact in (_compact(lic_no), _compact(reg_no)):
            score = 2.0
        else:
            score = _name_score(q, names, matches)
        if score >= 1.0:
            scored.append((-score, agency_id))
    ids = [agency_id for _, agency_id in sorted(scored, key=lambda x: x[0])]
    agencies = _load_agencies(ids)
    if status:
        agencies = [a for a in agencies if public_status(a) == status]
    if destination:
        agencies = [a for a in agencies if destination.upper() in (a.destinations or [])]
    start = (page - 1) * per_page
    return agencies[start:start + per_page], len(agencies)


def _load_agencies(ids: list[int]) -> list[Agency]:
    if not ids:
        return []
    found = db.session.scalars(
        sa.select(Agency).where(Agency.id.in_(ids)).options(selectinload(Agency.licence))
    ).all()
    by_id = {a.id: a for a in found}
    return [by_id[i] for i in ids]


# ---------------------------------------------------------------- foreign parties and bans


def add_foreign_party(actor: User, **fields) -> ForeignParty:
    party = ForeignParty(**fields)
    db.session.add(party)
    db.session.flush()
    audit.record("foreign_party.create", party, actor=actor, kind=party.kind.value)
    return party


def set_watchlist(party: ForeignParty, status: WatchlistStatus, reason: str, actor: User) -> ForeignParty:
    """Put a foreign employer or partner agency on the watchlist, or clear it, with a reason."""
    if not reason.strip():
        raise DomainError(_l("Give the reason."), field="reason")
    if status == party.watchlist_status:
        raise Refused(_l("The watchlist status is already that."))
    party.watchlist_status, party.watchlist_reason = status, reason.strip()
    party.watchlisted_since, party.watchlisted_by_id = utcnow(), actor.id
    db.session.flush()
    audit.record(f"watchlist.{status.value}", party, reason=reason, actor=actor)
    return party


def add_ban(actor: User, country: str, sector: str | None, starts_on: date, ends_on: date | None,
            reason: str) -> DeploymentBan:
    """Ban deployment to a country (or one sector there) between two dates."""
    if ends_on and ends_on < starts_on:
        raise DomainError(_l("The end date is before the start date."), field="ends_on")
    if not reason.strip():
        raise DomainError(_l("Give the reason."), field="reason")
    ban = DeploymentBan(country=country.upper(), sector=sector or None, starts_on=starts_on, ends_on=ends_on,
                        reason=reason.strip(), created_by_id=actor.id)
    db.session.add(ban)
    db.session.flush()
    audit.record("ban.create", ban, reason=reason, actor=actor, country=ban.country, sector=ban.sector)
    return ban


def lift_ban(ban: DeploymentBan, actor: User, reason: str, day: date | None = None) -> DeploymentBan:
    day = day or today()
    if not ban.applies_on(day):
        raise Refused(_l("This ban is not in force."))
    ban.ends_on = day - timedelta(days=1) if day > ban.starts_on else ban.starts_on
    db.session.flush()
    audit.record("ban.lift", ban, reason=reason, actor=actor)
    return ban


def ban_in_force(country: str, sector: str | None, day: date | None = None) -> DeploymentBan | None:
    """The deployment ban covering this country and sector on the day, if any."""
    day = day or today()
    bans = db.session.scalars(sa.select(DeploymentBan).where(DeploymentBan.country == country.upper())).all()
    for ban in bans:
        if ban.applies_on(day) and (ban.sector is None or ban.sector == sector):
            return ban
    return None
