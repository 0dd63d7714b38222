"""The licence lifecycle: what a licence's status is on a day, what the public is told, and every decision
an officer takes (with who, when, why and under which order), in one transition table."""
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

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
    VettingStatus,
)

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
PUBLIC_LICENCE_STATUSES = [s for s in S if s != S.REJECTED]


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


def allowed_actions(licence: Licence, day: date | None = None) -> list[LicenceAction]:
    """The officer decisions open for this licence today, in display order."""
    open_now = LIFECYCLE.allowed(effective_status(licence, day))
    return [a for a in OFFICER_ACTIONS if a in open_now]


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


def start_application(licence: Licence, actor: User | None) -> LicenceEvent:
    """Open a new agency's licence file with its application (the first line of its history)."""
    # No reason: the step's label ("Application received") already says it, in the reader's language.
    return LIFECYCLE.run(licence, A.APPLY, actor, "", audit_details={"order_reference": ""})


def decide(licence: Licence, action: LicenceAction, actor: User | None, reason: str, order_reference: str = "",
           *, licence_class: LicenceClass | None = None, day: date | None = None) -> LicenceEvent:
    """Apply one licence decision, or raise Refused/DomainError saying why it is not allowed."""
    day = day or today()
    reason, order_reference = (reason or "").strip(), (order_reference or "").strip()
    lock(licence)
    current = effective_status(licence, day)
    LIFECYCLE.check(licence, action, actor, current)
    if not reason:
        raise DomainError(_l("Give the reason for this decision."), field="reason")
    if action in NEEDS_ORDER_REFERENCE and not order_reference:
        raise DomainError(_l("Give the reference of the written order."), field="order_reference")
    if action in (A.ISSUE, A.RENEW):
        problems = licence_blockers(licence.agency, day)
        if problems:
            raise Refused(problems=[(None, p) for p in problems])
        _set_validity(licence, action, day, licence_class)
    if action == A.REQUEST_RENEWAL:
        licence.renewal_requested_at = utcnow()
    elif action in (A.RENEW, A.REVOKE):
        licence.renewal_requested_at = None
    return LIFECYCLE.run(licence, action, actor, reason, status=current,
                         history={"order_reference": order_reference},
                         audit_details={"order_reference": order_reference})


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
    licence.valid_until = add_years(licence.valid_from, years) - timedelta(days=1)


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
