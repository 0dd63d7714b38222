"""The licence lifecycle: what a licence's status is on a day, what the public is told, and every decision
an officer takes (with who, when, why and under which order), in one transition table."""
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from portal.countries import country_name
from portal.database import lock, today, utcnow
from portal.errors import DomainError, Refused
from portal.extensions import db
from portal.models import User
from portal.text import _l
from portal.workflow import Transition, Workflow
from registry.models import (
    Agency,
    Licence,
    LicenceAction,
    LicenceClass,
    LicenceEvent,
    LicenceStatus,
    PublicStatus,
    Sector,
    VettingStatus,
)
from registry.services.guarantees import covering_guarantee, guarantee_problems
from registry.services.links import agency_links
from registry.services.search import PUBLIC_LICENCE_STATUSES  # noqa: F401  (part of this module's interface)

A = LicenceAction
S = LicenceStatus

_PUBLIC = {
    S.LICENSED: PublicStatus.LICENSED,
    S.SUSPENDED: PublicStatus.SUSPENDED,
    S.REVOKED: PublicStatus.REVOKED,
    S.EXPIRED: PublicStatus.EXPIRED,
    S.APPLICATION: PublicStatus.PENDING,
    S.UNDER_REVIEW: PublicStatus.PENDING,
}


def effective_status(licence: Licence, day: date | None = None) -> LicenceStatus:
    """The licence's status on a day: a licensed or suspended licence past valid_until is expired."""
    return licence.status_on(day or today())


def public_status(agency: Agency, day: date | None = None) -> PublicStatus | None:
    """What the public registry shows; None for a rejected application (never licensed)."""
    return _PUBLIC.get(effective_status(agency.licence, day))


def public_status_of(status: LicenceStatus) -> str:
    """The public name of a licence status (an application under review is "pending")."""
    return _PUBLIC.get(status, status).value


def verdict(agency: Agency | None, day: date | None = None) -> PublicStatus:
    """What a worker is told about an agency: its public status, or NOT_FOUND when there is none."""
    return (public_status(agency, day) if agency is not None else None) or PublicStatus.NOT_FOUND


def _history(licence: Licence, action: LicenceAction, before, after, actor: User | None, reason: str, at,
             order_reference: str = "") -> LicenceEvent:
    event = LicenceEvent(action=action, from_status=before, to_status=after, reason=reason,
                         order_reference=order_reference, actor_id=actor.id if actor else None, at=at)
    licence.events.append(event)
    licence.updated_at = at
    return event


def _refusal(action: LicenceAction, status: LicenceStatus):
    return _l("“%(decision)s” is not possible while the licence status is “%(status)s”.",
              decision=action.decision, status=status.label)


LIFECYCLE = Workflow("licence", {
    A.APPLY: Transition([None], S.APPLICATION),
    A.START_REVIEW: Transition({S.APPLICATION}, S.UNDER_REVIEW),
    A.ISSUE: Transition({S.UNDER_REVIEW}, S.LICENSED),
    A.REJECT: Transition({S.APPLICATION, S.UNDER_REVIEW}, S.REJECTED),
    A.RENEW: Transition({S.LICENSED, S.EXPIRED}, S.LICENSED),
    A.SUSPEND: Transition({S.LICENSED}, S.SUSPENDED),
    A.REINSTATE: Transition({S.SUSPENDED}, S.LICENSED),
    A.REVOKE: Transition({S.LICENSED, S.SUSPENDED, S.EXPIRED}, S.REVOKED),
    A.EXPIRE: Transition({S.LICENSED, S.SUSPENDED}, S.EXPIRED),
    A.REQUEST_RENEWAL: Transition({S.LICENSED, S.EXPIRED}),  # status unchanged
}, refusal=_refusal, history=_history)

# Officers' decisions, in display order; the order reference is the ministry's written decision.
OFFICER_ACTIONS = (A.START_REVIEW, A.ISSUE, A.REJECT, A.RENEW, A.SUSPEND, A.REINSTATE, A.REVOKE)
NEEDS_ORDER_REFERENCE = frozenset({A.ISSUE, A.REJECT, A.RENEW, A.SUSPEND, A.REINSTATE, A.REVOKE})
# Decisions that stop an agency (or refuse it) are confirmed on a second step before they are taken.
NEEDS_CONFIRMATION = frozenset({A.SUSPEND, A.REVOKE, A.REJECT})
# The sectors each licence class may cover (None: any sector).
CLASS_SECTORS = {LicenceClass.GENERAL: None, LicenceClass.DOMESTIC: frozenset({Sector.DOMESTIC_WORK.value})}


@dataclass(frozen=True)
class Suspension:
    """How long a suspension lasts: until a date (or, when review is set, until it is reviewed on that date),
    and the note the public profile shows workers."""

    until: date | None
    review: bool = False
    public_note: str = ""


@dataclass(frozen=True)
class Scope:
    """The destinations (ISO country codes) and sectors a licence covers."""

    destinations: tuple[str, ...]
    sectors: tuple[str, ...]


def allowed_actions(licence: Licence, day: date | None = None) -> list[LicenceAction]:
    """The officer decisions open for this licence today, in display order."""
    open_now = LIFECYCLE.allowed(effective_status(licence, day))
    return [a for a in OFFICER_ACTIONS if a in open_now]


def licence_blockers(agency: Agency, day: date | None = None, licence_class: LicenceClass | None = None) -> list:
    """Why a licence (of that class: the licence's own by default) cannot be issued or renewed today for its next
    term (empty when it can)."""
    day = day or today()
    licence_class = licence_class or agency.licence.licence_class
    problems = []
    if not agency.directors:
        problems.append(_l("No director is recorded."))
    unvetted = [p.name for p in agency.people if p.vetting_status != VettingStatus.VETTED]
    if unvetted:
        problems.append(_l("Not every director and shareholder is vetted: %(names)s.", names=", ".join(unvetted)))
    _start, end = next_term(agency.licence, day)
    problems += guarantee_problems(agency, licence_class, day, end)
    return problems


def next_term(licence: Licence, day: date) -> tuple[date, date]:
    """The validity a licence issued or renewed that day would have: a renewal follows on from a term still
    running; otherwise the term starts that day. (Before any cap at the guarantee's expiry.)"""
    still_valid = licence.number is not None and licence.valid_until is not None and licence.valid_until >= day
    start = licence.valid_until + timedelta(days=1) if still_valid else day
    return start, add_years(start, current_app.config["LICENCE_TERM_YEARS"]) - timedelta(days=1)


def start_application(licence: Licence, actor: User | None) -> LicenceEvent:
    """Open a new agency's licence file with its application (the first line of its history)."""
    # No reason: the step's label ("Application received") already says it, in the reader's language.
    return LIFECYCLE.run(licence, A.APPLY, actor, "", audit_details={"order_reference": ""})


def check_decision(licence: Licence, action: LicenceAction, actor: User | None, reason: str,
                   order_reference: str = "", *, suspension: Suspension | None = None,
                   day: date | None = None) -> None:
    """Refuse (Refused/DomainError, every reason at once) a decision that may not be taken as asked; change
    nothing. The confirmation step of a suspension, revocation or rejection asks this first."""
    day = day or today()
    LIFECYCLE.check(licence, action, actor, effective_status(licence, day))
    problems = []
    if not (reason or "").strip():
        problems.append(("reason", _l("Give the reason for this decision.")))
    if action in NEEDS_ORDER_REFERENCE and not (order_reference or "").strip():
        problems.append(("order_reference", _l("Give the reference of the written order.")))
    if action == A.SUSPEND:
        problems += _suspension_problems(suspension, day)
    if problems:
        raise DomainError(problems=problems)


def _suspension_problems(suspension: Suspension | None, day: date) -> list:
    problems = []
    if suspension is None or suspension.until is None:
        problems.append(("suspended_until", _l("Give the date the suspension ends or is reviewed.")))
    elif suspension.until <= day:
        problems.append(("suspended_until", _l("The suspension's end or review date must be after today.")))
    if suspension is None or not suspension.public_note.strip():
        problems.append(("public_note", _l("Write the note workers will read on the agency's profile.")))
    return problems


def decide(licence: Licence, action: LicenceAction, actor: User | None, reason: str, order_reference: str = "",
           *, licence_class: LicenceClass | None = None, scope: Scope | None = None,
           suspension: Suspension | None = None, link_override: str = "", day: date | None = None) -> LicenceEvent:
    """Apply one licence decision, or raise Refused/DomainError saying why it is not allowed.

    Issuing takes the class and the scope (the agency's applied destinations and sectors by default), and the
    officer's reason to issue although the agency is linked to another (phoenix detection); suspending takes the
    suspension's end or review date and its public note."""
    day = day or today()
    reason, order_reference = (reason or "").strip(), (order_reference or "").strip()
    lock(licence)
    current = effective_status(licence, day)
    check_decision(licence, action, actor, reason, order_reference, suspension=suspension, day=day)
    audit_details = {"order_reference": order_reference}
    if action in (A.ISSUE, A.RENEW):
        _check_blockers(licence, action, day, licence_class, scope)
    if action == A.ISSUE:
        audit_details |= _check_links(licence, link_override)
    if action in (A.ISSUE, A.RENEW):
        _set_validity(licence, action, day, licence_class)
    _record_suspension(licence, action, suspension)
    if action == A.REQUEST_RENEWAL:
        licence.renewal_requested_at = utcnow()
    elif action in (A.RENEW, A.REVOKE):
        licence.renewal_requested_at = None
    return LIFECYCLE.run(licence, action, actor, reason, status=current,
                         history={"order_reference": order_reference}, audit_details=audit_details)


def _check_links(licence: Licence, override: str) -> dict:
    """An agency linked to others is issued a licence only with the officer's recorded reason (audited)."""
    links = agency_links(licence.agency)
    if not links:
        return {}
    override = (override or "").strip()
    if not override:
        names = ", ".join(link.agency.legal_name for link in links)
        raise DomainError(_l("This agency shares people or details with: %(names)s. To issue the licence anyway, "
                             "give your reason.", names=names), field="link_override_reason")
    licence.link_override_reason = override
    return {"link_override": override, "linked_agencies": [link.agency.id for link in links]}


def _check_blockers(licence: Licence, action: LicenceAction, day: date, licence_class, scope: Scope | None):
    licence_class = (licence_class if action == A.ISSUE else None) or licence.licence_class
    problems = [(None, p) for p in licence_blockers(licence.agency, day, licence_class)]
    if action == A.ISSUE:
        scope = scope or Scope(tuple(licence.agency.destinations or ()), tuple(licence.agency.sectors or ()))
        problems += scope_problems(licence_class, scope)
        if not problems:
            licence.destinations, licence.sectors = list(scope.destinations), list(scope.sectors)
    if problems:
        raise Refused(problems=problems)


def scope_problems(licence_class: LicenceClass, scope: Scope) -> list:
    """Why a scope does not fit a licence of that class: (field, message) pairs, empty when it fits."""
    problems = []
    if not scope.destinations:
        problems.append(("destinations", _l("Choose at least one destination country the licence covers.")))
    if not scope.sectors:
        problems.append(("sectors", _l("Choose at least one sector the licence covers.")))
    allowed = CLASS_SECTORS[licence_class]
    outside = [s for s in scope.sectors if allowed is not None and s not in allowed]
    if outside:
        problems.append(("sectors", _l("A licence of the class “%(licence_class)s” cannot cover: %(sectors)s.",
                                       licence_class=licence_class.label,
                                       sectors=", ".join(str(Sector.label_of(s)) for s in outside))))
    return problems


def _record_suspension(licence: Licence, action: LicenceAction, suspension: Suspension | None) -> None:
    """A suspension keeps its date and public note until the licence is reinstated or revoked."""
    if action == A.SUSPEND:
        licence.suspended_until, licence.suspension_is_review = suspension.until, suspension.review
        licence.public_note = suspension.public_note.strip()
    elif action in (A.REINSTATE, A.REVOKE, A.EXPIRE):
        licence.suspended_until, licence.suspension_is_review, licence.public_note = None, False, ""


def covers(licence: Licence, country: str, sector: str) -> list:
    """Why a contract to that country in that sector is outside the licence's scope (empty: inside)."""
    problems = []
    if country not in (licence.destinations or []):
        problems.append(_l("The agency's licence does not cover deployment to %(country)s.",
                           country=country_name(country)))
    if sector not in (licence.sectors or []):
        problems.append(_l("The agency's licence does not cover the sector %(sector)s.",
                           sector=Sector.label_of(sector)))
    return problems


def _set_validity(licence: Licence, action: LicenceAction, day: date, licence_class) -> None:
    """The new term; capped at the covering guarantee's expiry when the deployment caps rather than refuses."""
    licence.valid_from, licence.valid_until = next_term(licence, day)
    if action == A.ISSUE:
        licence.licence_class = licence_class or licence.licence_class
        db.session.flush()
        licence.number = licence.number or f"EA/{day.year}/{licence.id:04d}"
    guarantee = covering_guarantee(licence.agency, licence.licence_class, day)
    if guarantee is not None and guarantee.expires_on < licence.valid_until:
        licence.valid_until = guarantee.expires_on


def add_years(day: date, years: int) -> date:
    """The same day some years later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def expire_licences(day: date | None = None, *, after_id: int = 0, limit: int | None = None) -> list[Licence]:
    """Record the expiry of the licensed or suspended licences whose validity has passed (those after
    after_id in id order, at most limit of them: a job commits batch by batch). Each is locked as it is
    read (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's write lock is taken at BEGIN), so two runs at
    once never expire a licence twice."""
    day = day or today()
    due = db.session.scalars(
        sa.select(Licence)
        .where(Licence.status.in_([S.LICENSED, S.SUSPENDED]), Licence.valid_until < day, Licence.id > after_id)
        .order_by(Licence.id).limit(limit)
        .with_for_update(skip_locked=True).execution_options(populate_existing=True)
    ).all()
    for licence in due:
        reason = f"Validity ended on {licence.valid_until.isoformat()}"
        LIFECYCLE.run(licence, A.EXPIRE, None, reason, audit_details={"order_reference": ""})
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
