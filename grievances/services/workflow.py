"""The case workflow: received → acknowledged → investigating → referred → resolved → closed (or withdrawn,
or reopened), one transition table on portal.workflow. Each step is taken by the assigned case officer, a
supervisor or an administrator; it changes the status, adds its line to the timeline and its audit entry."""
from datetime import date, datetime
from decimal import Decimal

from grievances.models import (
    CURRENCIES,
    OPEN_STATUSES,
    SUBSTANTIATED_OUTCOMES,
    CaseAction,
    EventKind,
    Grievance,
    GrievanceEvent,
    GrievanceStatus,
    Outcome,
    Referral,
    ReferralTarget,
)
from grievances.services.access import can_act
from grievances.services.deadlines import resolve_deadline
from grievances.services.events import add_event
from portal.database import utcnow
from portal.errors import DomainError, Problems
from portal.i18n import format_list
from portal.models import User
from portal.text import _l
from portal.workflow import Transition, Workflow
from registry.services import flag_for_review

A = CaseAction
S = GrievanceStatus

NOT_YOURS = _l("Only the case officer assigned to this case, or a supervisor, can do this. Take the case first.")

# The timeline line each step adds.
STEP_EVENTS = {
    A.ACKNOWLEDGE: EventKind.ACKNOWLEDGED, A.INVESTIGATE: EventKind.INVESTIGATING, A.REFER: EventKind.REFERRED,
    A.RESOLVE: EventKind.RESOLVED, A.CLOSE: EventKind.CLOSED, A.REOPEN: EventKind.REOPENED,
    A.WITHDRAW: EventKind.WITHDRAWN,
}


def _history(grievance: Grievance, action: CaseAction, _before, _after, actor: User, _reason: str, at: datetime, *,
             body: str = "", data: dict | None = None) -> GrievanceEvent:
    return add_event(grievance, STEP_EVENTS[action], actor, at, body=body, data=data)


def _refusal(action: CaseAction, status: GrievanceStatus):
    steps = format_list(step.label for step in CASE_WORKFLOW.allowed(status)) or "—"
    return _l("A case that is “%(status)s” cannot be given the step “%(action)s”. Possible steps now: %(steps)s.",
              status=status.label, action=action.label, steps=steps)


def _step(sources, target: GrievanceStatus) -> Transition:
    return Transition(sources, target, may=can_act, forbidden=NOT_YOURS)


CASE_WORKFLOW = Workflow("grievance", {
    A.ACKNOWLEDGE: _step({S.RECEIVED}, S.ACKNOWLEDGED),
    A.INVESTIGATE: _step({S.ACKNOWLEDGED, S.REFERRED}, S.INVESTIGATING),
    A.REFER: _step({S.INVESTIGATING, S.REFERRED}, S.REFERRED),
    A.RESOLVE: _step({S.INVESTIGATING, S.REFERRED}, S.RESOLVED),
    A.CLOSE: _step({S.RESOLVED}, S.CLOSED),
    A.REOPEN: _step({S.RESOLVED, S.CLOSED, S.WITHDRAWN}, S.INVESTIGATING),
    A.WITHDRAW: _step(OPEN_STATUSES, S.WITHDRAWN),
}, refusal=_refusal, history=_history)


def allowed_actions(grievance: Grievance) -> list[CaseAction]:
    """The workflow steps open for this case now, in display order."""
    return CASE_WORKFLOW.allowed(grievance.status)


def _run_step(grievance: Grievance, action: CaseAction, actor: User, now: datetime, reason: str = "",
              body: str = "", data: dict | None = None, **details) -> GrievanceEvent:
    """Take the step: status, timeline line (body, data) and audit entry (the reference and details)."""
    return CASE_WORKFLOW.run(grievance, action, actor, reason, at=now, history={"body": body, "data": data},
                             audit_details={"reference": grievance.reference, **details})


def acknowledge(grievance: Grievance, actor: User, now: datetime | None = None) -> GrievanceEvent:
    """The ministry tells the worker their grievance was read (deadline: 2 days, urgent 24 hours)."""
    now = now or utcnow()
    CASE_WORKFLOW.check(grievance, A.ACKNOWLEDGE, actor)
    grievance.acknowledged_at = now
    return _run_step(grievance, A.ACKNOWLEDGE, actor, now)


def start_investigation(grievance: Grievance, actor: User, now: datetime | None = None) -> GrievanceEvent:
    """Investigation starts (or resumes after a referral)."""
    return _run_step(grievance, A.INVESTIGATE, actor, now or utcnow())


def _referral_target(text: str, problems: Problems) -> ReferralTarget | None:
    try:
        return ReferralTarget(text)
    except ValueError:
        problems.add("target", _l("Choose whom the case is referred to."))
        return None


def refer(grievance: Grievance, actor: User, target: str, to_whom: str, referred_on: date | None = None,
          note: str = "", now: datetime | None = None) -> Referral:
    """Pass the case to an embassy/attaché, an NGO, the police or the destination's labour authority."""
    now = now or utcnow()
    CASE_WORKFLOW.check(grievance, A.REFER, actor)
    problems = Problems()
    target = _referral_target(target, problems)
    to_whom = (to_whom or "").strip()
    if not to_whom:
        problems.add("to_whom", _l("Name the office or person (e.g. “Labour attaché, Embassy in Riyadh”)."))
    referred_on = referred_on or now.date()
    if referred_on > now.date():
        problems.add("referred_on", _l("The referral date cannot be in the future."))
    problems.raise_if_any()
    when = datetime.combine(referred_on, now.timetz()) if referred_on != now.date() else now
    referral = Referral(target=target, to_whom=to_whom[:200], referred_on=when, note=(note or "").strip(),
                        actor_id=actor.id)
    grievance.referrals.append(referral)
    _run_step(grievance, A.REFER, actor, now, body=referral.note,
          data={"target": target.value, "to_whom": referral.to_whom, "on": referred_on.isoformat()},
          target=target.value, to_whom=referral.to_whom)
    return referral


def _outcome(text: str, problems: Problems) -> Outcome | None:
    try:
        return Outcome(text)
    except ValueError:
        problems.add("outcome", _l("Choose the outcome."))
        return None


def _compensation(outcome: Outcome | None, amount: Decimal | None, currency: str, problems: Problems) -> tuple:
    """The amount and currency of compensation paid (none for another outcome)."""
    if outcome != Outcome.COMPENSATION_PAID:
        return None, ""
    if amount is None or amount <= 0:
        problems.add("amount", _l("Give the amount of compensation paid."))
    if (currency or "").upper() not in CURRENCIES:
        problems.add("currency", _l("Choose the currency of the compensation."))
    return amount, (currency or "").upper()


def resolve(grievance: Grievance, actor: User, outcome: str, summary: str, amount: Decimal | None = None,
            currency: str = "", now: datetime | None = None) -> GrievanceEvent:
    """Record the outcome; a substantiated outcome against an agency raises its review flag."""
    now = now or utcnow()
    CASE_WORKFLOW.check(grievance, A.RESOLVE, actor)
    problems = Problems()
    outcome = _outcome(outcome, problems)
    summary = (summary or "").strip()
    if not summary:
        problems.add("summary", _l("Say in a sentence what was decided; the worker will read it."))
    amount, currency = _compensation(outcome, amount, currency, problems)
    problems.raise_if_any()
    grievance.compensation_amount, grievance.compensation_currency = amount, currency
    grievance.outcome, grievance.resolution_summary, grievance.resolved_at = outcome, summary, now
    data = {"outcome": outcome.value}
    if amount is not None:
        data.update(amount=str(amount), currency=currency)
    event = _run_step(grievance, A.RESOLVE, actor, now, body=summary, data=data, **data)
    if outcome in SUBSTANTIATED_OUTCOMES and grievance.agency is not None:
        _flag_agency(grievance, actor, now)
    return event


def _flag_agency(grievance: Grievance, actor: User, now: datetime) -> None:
    line = f"{now.date().isoformat()}: grievance {grievance.reference} substantiated ({grievance.outcome.label})."
    flag_for_review(grievance.agency, actor, line, grievance=grievance.reference, outcome=grievance.outcome.value)


def close(grievance: Grievance, actor: User, now: datetime | None = None) -> GrievanceEvent:
    """A resolved case is closed."""
    now = now or utcnow()
    CASE_WORKFLOW.check(grievance, A.CLOSE, actor)
    grievance.closed_at = now
    return _run_step(grievance, A.CLOSE, actor, now)


def _required_reason(text: str, missing) -> str:
    reason = (text or "").strip()
    if not reason:
        raise DomainError(missing, field="reason")
    return reason


def reopen(grievance: Grievance, actor: User, reason: str, now: datetime | None = None) -> GrievanceEvent:
    """Back to investigation with a reason; a fresh 30-day resolution deadline starts."""
    now = now or utcnow()
    CASE_WORKFLOW.check(grievance, A.REOPEN, actor)
    reason = _required_reason(reason, _l("Give the reason for reopening."))
    grievance.outcome, grievance.resolved_at, grievance.closed_at = None, None, None
    grievance.compensation_amount, grievance.compensation_currency = None, ""
    grievance.resolve_due_at = resolve_deadline(now)
    return _run_step(grievance, A.REOPEN, actor, now, reason=reason, body=reason)


def withdraw(grievance: Grievance, actor: User, reason: str, now: datetime | None = None) -> GrievanceEvent:
    """The worker asked to withdraw the grievance (recorded by the officer, with what they said)."""
    now = now or utcnow()
    CASE_WORKFLOW.check(grievance, A.WITHDRAW, actor)
    reason = _required_reason(reason, _l("Say how and why the worker withdrew."))
    return _run_step(grievance, A.WITHDRAW, actor, now, reason=reason, body=reason)
