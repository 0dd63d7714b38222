"""Applications for a licence and for its renewal, and the licensing officers' queue."""
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from portal.auth import create_user
from portal.database import today, utcnow
from portal.errors import DomainError, Refused
from portal.extensions import db
from portal.models import Role, User
from portal.text import _l
from portal.uploads import Upload
from registry.models import (
    Agency,
    AgencyDocument,
    DocumentKind,
    Guarantee,
    Licence,
    LicenceEvent,
    LicenceStatus,
    PersonRole,
)
from registry.services.agencies import add_person, create_agency, store_document
from registry.services.guarantees import lodge_guarantee
from registry.services.licences import effective_status, licence_blockers, request_renewal
from registry.services.search import named_or_numbered

S = LicenceStatus


def _store_all(agency: Agency, files: list[tuple[str, DocumentKind, Upload]], actor: User | None) -> list:
    """Store every (form field, kind, file), each refusal naming the field it came from."""
    return [store_document(agency, upload, kind, actor, field=field_name) for field_name, kind, upload in files]


def submit_application(agency_fields: dict, people: list[dict], guarantee: dict,
                       files: list[tuple[str, DocumentKind, Upload]],
                       representative: dict) -> tuple[Agency, User, list[AgencyDocument]]:
    """The online application: agency, licence application, people, unverified guarantee, documents
    and the representative's account, all flushed together (the caller commits once).

    files are (form field, kind, file) tuples; representative has name, email, password.
    """
    if not any(p["role"] == PersonRole.DIRECTOR for p in people):
        raise DomainError(_l("Name at least one director."), field="people")
    if not files:
        raise DomainError(_l("Attach the certificate of incorporation as a PDF file."),
                          field="incorporation_document")
    agency = create_agency(None, **agency_fields)
    try:
        user = create_user(representative["email"], representative["password"], Role.AGENCY_REPRESENTATIVE,
                           agency_id=agency.id, name=representative.get("name", ""))
    except DomainError as error:
        field_name = {"email": "account_email"}.get(error.field, error.field)
        raise DomainError(error.message, field=field_name) from error
    for person in people:
        add_person(agency, **person)
    lodge_guarantee(agency, user, verified=False, **guarantee)
    documents = _store_all(agency, files, user)
    return agency, user, documents


def submit_renewal(agency: Agency, actor: User, note: str, guarantee: dict,
                   upload: Upload | None = None) -> list[AgencyDocument]:
    """A representative applies to renew: the renewal request, a new (unverified) guarantee, a PDF."""
    if effective_status(agency.licence) not in (S.LICENSED, S.EXPIRED):
        raise Refused(_l("Only a licence that is in force or has expired can be renewed."))
    request_renewal(agency, actor, (note or "").strip())
    lodge_guarantee(agency, actor, verified=False, **guarantee)
    return _store_all(agency, [("document", DocumentKind.GUARANTEE, upload)] if upload else [], actor)


# ---------------------------------------------------------------- the licensing officers' queue

APPLYING = (S.APPLICATION, S.UNDER_REVIEW)
WAITING_COUNTED = 1000


def waiting_since(agency: Agency) -> datetime | None:
    """Since when something of this agency waits for a licensing officer: the oldest of its application (the
    licence's first step), its renewal request and its review flag; None when nothing does."""
    licence = agency.licence
    moments = [licence.renewal_requested_at, agency.review_flagged_at if agency.review_flag else None]
    if licence.status in APPLYING:
        first = licence.events[0].at if licence.events else None
        moments.append(first or agency.created_at or utcnow())  # not yet written: received now
    return min((m for m in moments if m is not None), default=None)


def _keep_waiting_since(session: Session, _context, _instances) -> None:
    """Before every flush: the queue's sort key of each agency added or changed (or whose licence or its history
    was) is made current, whatever service changed it; a flag raised is dated."""
    changed = (*session.new, *session.dirty)
    touched = {o for o in changed if isinstance(o, Agency)}
    touched |= {o.agency for o in changed if isinstance(o, Licence) and o.agency is not None}
    touched |= {o.licence.agency for o in changed if isinstance(o, LicenceEvent) and o.licence is not None}
    for agency in touched:
        if agency in session.deleted or agency.licence is None:
            continue
        flagged_at = (agency.review_flagged_at or utcnow()) if agency.review_flag else None
        if agency.review_flagged_at != flagged_at:
            agency.review_flagged_at = flagged_at
        since = waiting_since(agency)
        if agency.licence.waiting_since != since:  # an unchanged licence stays out of the flush
            agency.licence.waiting_since = since


sa.event.listen(Session, "before_flush", _keep_waiting_since)


@dataclass
class QueueItem:
    agency: Agency
    kinds: list = field(default_factory=list)  # what is waiting: application, renewal, review flag
    since: datetime | None = None
    blockers: list = field(default_factory=list)

    @property
    def age_days(self) -> int:
        """Whole days since it was received (0 on the day itself)."""
        return max((today() - self.since.date()).days, 0)


def _queue_item(agency: Agency) -> QueueItem:
    licence = agency.licence
    item = QueueItem(agency, since=licence.waiting_since)
    if licence.status in APPLYING:
        item.kinds.append(licence.status.label)
    if licence.renewal_requested_at:
        item.kinds.append(_l("Renewal requested"))
    if agency.review_flag:
        item.kinds.append(_l("Flagged for review"))
    if licence.status in APPLYING or licence.renewal_requested_at:
        item.blockers = licence_blockers(agency)
    return item


@dataclass
class ApplicationsPage:
    """One page of the queue, the capped count of what waits, and the public ids of the agencies to page on from
    (the last of this page for the next, the first for the previous; None at either end)."""

    items: list[QueueItem]
    total: int
    next_after: str | None
    previous_before: str | None


QUEUE_ORDER = (Licence.waiting_since, Licence.agency_id)


def _waiting(query: str) -> sa.Select:
    """The queue's keys (waiting_since, agency_id) of what waits, named like `query` when it is given."""
    stmt = sa.select(*QUEUE_ORDER).where(Licence.waiting_since.is_not(None))
    if query.strip():
        stmt = stmt.join(Agency, Agency.id == Licence.agency_id).where(named_or_numbered(query))
    return stmt


def _anchor(public_id: str) -> tuple | None:
    """The queue key of a waiting agency to page on from (None: not found, or no longer waiting)."""
    if not public_id:
        return None
    row = db.session.execute(sa.select(*QUEUE_ORDER).join(Agency, Agency.id == Licence.agency_id).where(
        Agency.public_id == public_id, Licence.waiting_since.is_not(None))).first()
    return tuple(row) if row else None


def _beyond(anchor: tuple, forward: bool):
    """What waits after (or before) the anchor in the queue's order: a range on the index (keyset), so that a page
    far on costs what the first does."""
    values = sa.tuple_(*(sa.literal(value, column.type) for value, column in zip(anchor, QUEUE_ORDER, strict=True)))
    return sa.tuple_(*QUEUE_ORDER) > values if forward else sa.tuple_(*QUEUE_ORDER) < values


def applications_queue(query: str = "", after: str = "", before: str = "", per_page: int = 50) -> ApplicationsPage:
    """Applications, renewal requests and flagged agencies, oldest first, with what blocks a licence; only those
    named like `query` (typos allowed) or holding that registration or licence number, when it is given: the page
    after the agency of public id `after` (or before `before`; the first page without either)."""
    # counted up to WAITING_COUNTED + 1 ("more than …"), on the same index walk as the page
    total = db.session.scalar(sa.select(sa.func.count()).select_from(
        _waiting(query).limit(WAITING_COUNTED + 1).subquery()))
    anchor = _anchor(after or before)
    forward = anchor is None or not before
    stmt = _waiting(query)
    if anchor is not None:
        stmt = stmt.where(_beyond(anchor, forward))
    # the oldest first on the stored sort key (an index walk, not a sort of everything waiting)
    order = [Licence.waiting_since, Licence.agency_id]
    keys = list(db.session.execute(stmt.order_by(*(order if forward else [c.desc() for c in order]))
                                   .limit(per_page + 1)))
    more = len(keys) > per_page
    keys = sorted(keys[:per_page])
    agencies = {a.id: a for a in db.session.scalars(sa.select(Agency).where(
        Agency.id.in_([agency_id for _since, agency_id in keys])).options(
        selectinload(Agency.licence), selectinload(Agency.people),
        selectinload(Agency.guarantees).selectinload(Guarantee.drawdowns)))}
    items = [_queue_item(agencies[agency_id]) for _since, agency_id in keys]
    further = more if forward else anchor is not None
    earlier = anchor is not None if forward else more
    return ApplicationsPage(items, total, items[-1].agency.public_id if items and further else None,
                            items[0].agency.public_id if items and earlier else None)
