"""Applications for a licence and for its renewal, and the licensing officers' queue."""
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.auth import create_user
from portal.database import today
from portal.errors import DomainError, Refused
from portal.extensions import db
from portal.models import Role, User
from portal.text import _l
from portal.uploads import Upload
from registry.models import Agency, AgencyDocument, DocumentKind, Licence, LicenceStatus, PersonRole
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
    item = QueueItem(agency)
    moments = []
    applying = licence.status in (S.APPLICATION, S.UNDER_REVIEW)
    if applying:
        item.kinds.append(licence.status.label)
        moments.append(licence.events[0].at if licence.events else agency.created_at)
    if licence.renewal_requested_at:
        item.kinds.append(_l("Renewal requested"))
        moments.append(licence.renewal_requested_at)
    if agency.review_flag:
        item.kinds.append(_l("Flagged for review"))
        moments.append(agency.updated_at)
    item.since = min(moments)
    if applying or licence.renewal_requested_at:
        item.blockers = licence_blockers(agency)
    return item


def applications_queue(query: str = "") -> list[QueueItem]:
    """Applications, renewal requests and flagged agencies, oldest first, with what blocks a licence; only those
    named like `query` (typos allowed) or holding that registration or licence number, when it is given."""
    stmt = sa.select(Agency).join(Licence).where(sa.or_(
        Licence.status.in_([S.APPLICATION, S.UNDER_REVIEW]),
        Licence.renewal_requested_at.is_not(None),
        Agency.review_flag.is_(True),
    ))
    if query.strip():
        stmt = stmt.where(named_or_numbered(query))
    agencies = db.session.scalars(stmt.options(
        selectinload(Agency.licence).selectinload(Licence.events), selectinload(Agency.people),
        selectinload(Agency.guarantees))).all()
    return sorted((_queue_item(a) for a in agencies), key=lambda i: (i.since, i.agency.id))
