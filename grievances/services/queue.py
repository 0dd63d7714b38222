"""The case officers' queue (the cases an official may open, filtered, the most pressing first) and the
list of grievances against an agency, for its representative."""
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from grievances.models import Category, Escalation, Grievance, GrievanceCategory, GrievanceStatus
from grievances.services.access import case_scope
from portal.database import utcnow
from portal.extensions import db
from portal.models import User
from registry.services import agencies_named

S = GrievanceStatus
CASES_COUNTED = 1000


@dataclass
class QueueFilters:
    """What an official filters the queue by; an empty value filters nothing."""

    status: str = ""  # "open", a status, or "" for any
    urgent: bool = False
    overdue: bool = False
    destination: str = ""
    agency: str = ""  # part of an agency's or a recruiter's name
    category: str = ""
    assigned: str = ""  # "me", "none" or ""
    escalated: bool = False


def _status_clause(status: str):
    if status == "open":
        return Grievance.done.is_(False)
    if status in {s.value for s in S}:
        return Grievance.status == S(status)
    return None


def _against_clause(text: str):
    """Against an agency whose name holds these words (on the registry's search index, small typos allowed),
    or an unlicensed recruiter of that name."""
    needle = f"%{text.strip().lower()}%"
    return sa.or_(Grievance.agency_id.in_(agencies_named(text)),
                  sa.and_(Grievance.agency_id.is_(None), sa.func.lower(Grievance.recruiter_name).like(needle)))


def _category_clause(category: str):
    """Cases with this category: checked per case (the category table's key) while the queue walks its index,
    so that the walk stops at the page's end instead of listing every case of the category first."""
    if category not in {c.value for c in Category}:
        return None
    return sa.exists().where(GrievanceCategory.grievance_id == Grievance.id,
                             GrievanceCategory.category == Category(category))


def _assigned_clause(assigned: str, user: User):
    return {"me": Grievance.assigned_to_id == user.id, "none": Grievance.assigned_to_id.is_(None)}.get(assigned)


def _clauses(user: User, filters: QueueFilters, now: datetime) -> list:
    """The SQL conditions of the filters that are set."""
    clauses = [
        case_scope(user),
        _status_clause(filters.status),
        Grievance.urgent.is_(True) if filters.urgent else None,
        sa.and_(Grievance.done.is_(False), Grievance.next_due_at < now) if filters.overdue else None,
        Grievance.destination_country == filters.destination.upper() if filters.destination else None,
        _against_clause(filters.agency) if filters.agency else None,
        _category_clause(filters.category),
        _assigned_clause(filters.assigned, user),
        Grievance.id.in_(sa.select(Escalation.grievance_id)) if filters.escalated else None,
    ]
    return [clause for clause in clauses if clause is not None]


def queue(user: User, filters: QueueFilters, now: datetime | None = None, page: int = 1,
          per_page: int = 50) -> tuple[list[Grievance], int]:
    """The cases this official may see, filtered; open cases by their next deadline, overdue ones first."""
    stmt = sa.select(Grievance).where(*_clauses(user, filters, now or utcnow()))
    # counted up to CASES_COUNTED + 1 ("more than …"): the count walks the same index as the page and stops
    total = db.session.scalar(sa.select(sa.func.count()).select_from(
        stmt.with_only_columns(Grievance.id).limit(CASES_COUNTED + 1).subquery()))
    # the most pressing deadline first, on the stored sort key (an index walk, not a sort of every case)
    stmt = stmt.order_by(Grievance.done, Grievance.next_due_at, Grievance.id)
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
