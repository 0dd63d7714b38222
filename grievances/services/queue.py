"""The case officers' queue (the cases an official may open, filtered, the most pressing first) and the
list of grievances against an agency, for its representative."""
from dataclasses import asdict, dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from grievances import recruiter_index
from grievances.models import Category, Escalation, Grievance, GrievanceCategory, GrievanceStatus
from grievances.services.access import case_scope
from portal.database import utcnow
from portal.database_index import fts_phrase
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

    def query(self) -> dict[str, str]:
        """The queue's address arguments for these filters, as its filter form reads them."""
        flags = {name: "y" for name in ("urgent", "overdue", "escalated") if getattr(self, name)}
        return dict(sorted(({name: value for name, value in asdict(self).items() if isinstance(value, str) and value}
                            | flags).items()))


def _status_clause(status: str):
    if status == "open":
        return Grievance.done.is_(False)
    if status in {s.value for s in S}:
        return Grievance.status == S(status)
    return None


def _against(text: str, clauses: list) -> sa.Select:
    """The queue's key (done, next_due_at, id) of the cases against an agency whose name holds these words (on the
    registry's search index, small typos allowed) or an unregistered recruiter whose name holds the text, meeting
    the other clauses: a union of two index walks (the agency branch reads only the agency's queue index), never a
    scan of the cases; the page is then sorted from these keys alone and only its cases are loaded."""
    key = sa.select(*QUEUE_ORDER)
    return sa.union_all(key.where(Grievance.agency_id.in_(agencies_named(text)), *clauses),
                        _recruiter_named(key, text).where(*clauses))


def _recruiter_named(stmt: sa.Select, text: str) -> sa.Select:
    """The statement kept to cases against an unregistered recruiter whose name holds this text (case ignored),
    on the database's own index of those names (grievances.recruiter_index)."""
    needle = text.strip().lower()
    if db.session.get_bind().dialect.name == "postgresql" or len(needle) < recruiter_index.SHORTEST:
        return stmt.where(Grievance.agency_id.is_(None),
                          sa.func.lower(Grievance.recruiter_name).contains(needle, autoescape=True))
    # The names' index drives: its matches are listed first and the cases read by their key. "+ 0" keeps SQLite
    # from walking every unregistered case on the agency index instead (its statistics take "no agency" for a
    # value as rare as one agency) and asking the names' index about each.
    return stmt.where((Grievance.agency_id + 0).is_(None), Grievance.id.in_(sa.select(RECRUITERS.c.rowid).where(
        sa.text("grievance_recruiters_fts MATCH :recruiter_match").bindparams(
            sa.bindparam("recruiter_match", fts_phrase(needle), unique=True)))))


RECRUITERS = sa.table("grievance_recruiters_fts", sa.column("rowid"))


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
        _category_clause(filters.category),
        _assigned_clause(filters.assigned, user),
        Grievance.id.in_(sa.select(Escalation.grievance_id)) if filters.escalated else None,
    ]
    return [clause for clause in clauses if clause is not None]


@dataclass
class QueuePage:
    """One page of the queue, the capped count of the cases it holds, and the references of the cases to page on
    from (the last of this page for the next, the first for the previous; None at either end)."""

    cases: list[Grievance]
    total: int
    next_after: str | None
    previous_before: str | None


QUEUE_ORDER = (Grievance.done, Grievance.next_due_at, Grievance.id)


def _beyond(anchor: Grievance, forward: bool):
    """The cases after (or before) this one in the queue's order: a range on the order's index (keyset), so that
    page 100 costs what page 1 does, where OFFSET would walk and throw away every case before it."""
    key = sa.tuple_(*QUEUE_ORDER)
    values = sa.tuple_(*(sa.literal(getattr(anchor, column.key), column.type) for column in QUEUE_ORDER))
    return key > values if forward else key < values


def queue(user: User, filters: QueueFilters, now: datetime | None = None, after: str = "", before: str = "",
          per_page: int = 50) -> QueuePage:
    """The cases this official may see, filtered; open cases by their next deadline, overdue ones first: the
    page after the case of reference `after` (or before `before`; the first page without either)."""
    clauses = _clauses(user, filters, now or utcnow())
    total = _count(filters, clauses)
    # a case out of this official's scope is no anchor (its place in the queue would tell it exists)
    anchor = db.session.scalar(sa.select(Grievance).where(
        Grievance.reference == (after or before), case_scope(user))) if (after or before) else None
    forward = anchor is None or not before
    if anchor is not None:
        clauses = [*clauses, _beyond(anchor, forward)]
    # the most pressing deadline first, on the stored sort key (an index walk, not a sort of every case)
    keys = _keys(filters, clauses).subquery()
    order = [keys.c.done, keys.c.next_due_at, keys.c.id]
    page = sa.select(keys.c.id).order_by(*(order if forward else [c.desc() for c in order])).limit(per_page + 1)
    rows = list(db.session.scalars(
        sa.select(Grievance).where(Grievance.id.in_(page)).order_by(*QUEUE_ORDER).options(
            selectinload(Grievance.category_rows), selectinload(Grievance.agency),
            selectinload(Grievance.assigned_to), selectinload(Grievance.escalations))))
    more = len(rows) > per_page
    rows = rows[:per_page] if forward else rows[-per_page:]
    further = more if forward else anchor is not None  # a page further on in the queue's order
    earlier = anchor is not None if forward else more
    return QueuePage(rows, total, rows[-1].reference if rows and further else None,
                     rows[0].reference if rows and earlier else None)


def count_cases(user: User, filters: QueueFilters, now: datetime | None = None) -> int:
    """How many cases of this official's queue meet the filters, as the queue counts them."""
    return _count(filters, _clauses(user, filters, now or utcnow()))


def _count(filters: QueueFilters, clauses: list) -> int:
    """Counted up to CASES_COUNTED + 1 ("more than …"): the count walks the same index as the page and stops."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(
        _keys(filters, clauses).limit(CASES_COUNTED + 1).subquery()))


def oldest_case_filed(user: User, filters: QueueFilters, now: datetime | None = None) -> datetime | None:
    """When the longest-waiting case meeting the filters was filed (cases not assigned: on their index)."""
    return db.session.scalar(sa.select(Grievance.filed_at).where(*_clauses(user, filters, now or utcnow()))
                             .order_by(Grievance.filed_at).limit(1))


def _keys(filters: QueueFilters, clauses: list) -> sa.Select:
    """The queue's key (done, next_due_at, id) of the cases meeting the clauses (and the agency filter)."""
    if filters.agency.strip():
        return _against(filters.agency, clauses)
    return sa.select(*QUEUE_ORDER).where(*clauses)


def agency_cases(user: User) -> list[Grievance]:
    """Grievances against the representative's own agency, newest first."""
    return list(db.session.scalars(
        sa.select(Grievance).where(Grievance.agency_id == user.agency_id)
        .options(selectinload(Grievance.category_rows)).order_by(Grievance.filed_at.desc())
    ).all())
