"""Deadlines: acknowledge within 2 days (urgent: 24 hours), resolve within 30 days; which ones a case has
missed, in Python for one case and in SQL for the queue and the escalation job."""
from datetime import datetime, timedelta

import sqlalchemy as sa

from grievances.models import OPEN_STATUSES, DeadlineKind, Grievance, GrievanceStatus
from portal.database import utcnow

S = GrievanceStatus
ACKNOWLEDGE_WITHIN_DAYS, ACKNOWLEDGE_URGENT_WITHIN_HOURS, RESOLVE_WITHIN_DAYS = 2, 24, 30


def acknowledge_deadline(filed_at: datetime, urgent: bool) -> datetime:
    """Acknowledge within 2 days; an urgent case within 24 hours."""
    return filed_at + (timedelta(hours=ACKNOWLEDGE_URGENT_WITHIN_HOURS) if urgent
                       else timedelta(days=ACKNOWLEDGE_WITHIN_DAYS))


def resolve_deadline(start: datetime) -> datetime:
    """Resolve within 30 days of filing (or of reopening)."""
    return start + timedelta(days=RESOLVE_WITHIN_DAYS)


def due_at(grievance: Grievance, kind: DeadlineKind) -> datetime:
    """When the case's deadline of this kind falls."""
    return grievance.acknowledge_due_at if kind == DeadlineKind.ACKNOWLEDGE else grievance.resolve_due_at


def due_column(kind: DeadlineKind):
    """The column holding the deadline of this kind."""
    return Grievance.acknowledge_due_at if kind == DeadlineKind.ACKNOWLEDGE else Grievance.resolve_due_at


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


def missed_clause(kind: DeadlineKind, now: datetime):
    """SQL condition: the case has missed its deadline of this kind."""
    if kind == DeadlineKind.ACKNOWLEDGE:
        return sa.and_(Grievance.status == S.RECEIVED, Grievance.acknowledge_due_at < now)
    return sa.and_(Grievance.status.in_(OPEN_STATUSES), Grievance.resolve_due_at < now)


def overdue_clause(now: datetime | None = None):
    """SQL condition: the case has missed a deadline."""
    now = now or utcnow()
    return sa.or_(*(missed_clause(kind, now) for kind in DeadlineKind))
