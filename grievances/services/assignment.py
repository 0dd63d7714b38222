"""Who handles a case: a case officer takes an unassigned case, a supervisor assigns any case to anyone
who may open it."""
from datetime import datetime

import sqlalchemy as sa

from grievances.models import OPEN_STATUSES, EventKind, Grievance, GrievanceEvent
from grievances.services.access import can_open_case, sees_all_cases
from grievances.services.events import add_event
from portal import audit
from portal.database import lock, utcnow
from portal.errors import DomainError, NotFound, Refused
from portal.extensions import db
from portal.models import Role, User
from portal.text import _l


def case_officers(grievance: Grievance | None = None) -> list[User]:
    """Active case officers who could take this case (attachés only for their countries)."""
    users = db.session.scalars(
        sa.select(User).where(User.role == Role.CASE_OFFICER, User.active.is_(True)).order_by(User.name, User.email)
    ).all()
    return [u for u in users if grievance is None or can_open_case(u, grievance)]


def _check_assignment(grievance: Grievance, actor: User, officer: User) -> None:
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


def assign(grievance: Grievance, actor: User, officer: User | None, now: datetime | None = None) -> GrievanceEvent:
    """A supervisor assigns any case; a case officer may take an unassigned case for themselves (officer None)."""
    officer = officer or actor
    lock(grievance)  # two officers taking the case at once: the second sees the first one's assignment
    _check_assignment(grievance, actor, officer)
    grievance.assigned_to_id = officer.id
    grievance.assigned_to = officer
    event = add_event(grievance, EventKind.ASSIGNED, actor, now or utcnow(),
                      data={"officer": officer.name or officer.email})
    audit.record("grievance.assign", grievance, actor=actor, reference=grievance.reference, officer=officer.email)
    return event
