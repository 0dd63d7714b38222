"""Escalation: a missed deadline is passed to a supervisor once per case, deadline and due time, however
often (or however many at once) the job runs."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from grievances.models import DeadlineKind, Escalation, EventKind, Grievance
from grievances.services.deadlines import due_at, due_column, missed_clause
from grievances.services.events import add_event
from portal import audit
from portal.database import utcnow
from portal.extensions import db
from portal.models import Role, User


def supervisor_for(grievance: Grievance) -> User | None:
    """The supervisor who receives this case's escalations (the longest-serving active supervisor)."""
    return db.session.scalar(
        sa.select(User).where(User.role == Role.CASE_OFFICER, User.is_supervisor.is_(True), User.active.is_(True))
        .order_by(User.id).limit(1)
    )


def escalate(grievance: Grievance, deadline: DeadlineKind, now: datetime | None = None) -> Escalation | None:
    """Escalate one missed deadline once; None when it already was (by this run or a concurrent one)."""
    now = now or utcnow()
    due = due_at(grievance, deadline)
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
    add_event(grievance, EventKind.ESCALATED, None, now,
              data={"deadline": deadline.value, "supervisor": name, "due": due.isoformat()})
    audit.record("grievance.escalate", grievance, actor=None, reference=grievance.reference,
                 deadline=deadline.value, due=due.isoformat(), supervisor=supervisor.email if supervisor else None)
    return escalation


def escalate_overdue(now: datetime | None = None) -> list[Escalation]:
    """Escalate every missed deadline not escalated yet, in one transaction (a job uses the batches)."""
    now = now or utcnow()
    done = []
    for kind in DeadlineKind:
        done += escalate_missed(kind, now)[0]
    return done


def escalate_missed(kind: DeadlineKind, now: datetime, *, after_id: int = 0,
                    limit: int | None = None) -> tuple[list[Escalation], int | None]:
    """Escalate the cases after after_id (id order, at most limit) that missed this deadline and were not
    escalated for it; returns the escalations made and the last case looked at (None: no case left).
    Safe to run twice or in parallel: the escalation's unique key refuses a second one."""
    already = sa.select(Escalation.id).where(
        Escalation.grievance_id == Grievance.id, Escalation.deadline == kind, Escalation.due_at == due_column(kind)
    ).exists()
    cases = db.session.scalars(
        sa.select(Grievance).where(missed_clause(kind, now), ~already, Grievance.id > after_id)
        .order_by(Grievance.id).limit(limit)
    ).all()
    escalations = [escalate(grievance, kind, now) for grievance in cases]
    return [e for e in escalations if e is not None], (cases[-1].id if cases else None)
