"""Applications for a licence and for its renewal, and the licensing officers' queue.

Like registry.services: functions flush, never commit, and raise DomainError/Refused saying why.
"""
import os
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal import audit
from portal.auth import create_user
from portal.errors import DomainError, Refused
from portal.extensions import db
from portal.models import Role, User
from registry import services
from registry.models import Agency, AgencyDocument, Licence, LicenceStatus, Person, PersonRole

S = LicenceStatus


def _store_all(agency: Agency, uploads, actor: User | None) -> list[AgencyDocument]:
    """Store every upload, or none: the files already written are removed when one is refused."""
    stored: list[AgencyDocument] = []
    try:
        for field_name, kind, upload in uploads:
            try:
                stored.append(services.store_document(agency, upload, kind, actor))
            except DomainError as error:
                raise DomainError(error.message, field=field_name) from error
    except Exception:
        discard_files(stored)
        raise
    return stored


def discard_files(documents: list[AgencyDocument]) -> None:
    """Remove stored files whose rows are being rolled back."""
    for document in documents:
        try:
            os.remove(services.document_path(document))
        except FileNotFoundError:
            pass


def submit_application(agency_fields: dict, people: list[dict], guarantee: dict, uploads: list,
                       representative: dict) -> tuple[Agency, User, list[AgencyDocument]]:
    """The online application: agency, licence application, people, unverified guarantee, documents
    and the representative's account, all flushed together (the caller commits once or rolls back).

    uploads are (form field, kind, file) tuples; representative has name, email, password.
    Returns the stored documents too, so a caller whose commit fails can remove their files.
    """
    if not any(p["role"] == PersonRole.DIRECTOR for p in people):
        raise DomainError(_l("Name at least one director."), field="people")
    if not uploads:
        raise DomainError(_l("Attach the certificate of incorporation as a PDF file."),
                          field="incorporation_document")
    agency = services.create_agency(None, **agency_fields)
    try:
        user = create_user(representative["email"], representative["password"], Role.AGENCY_REPRESENTATIVE,
                           agency_id=agency.id, name=representative.get("name", ""))
    except DomainError as error:
        field_name = {"email": "account_email"}.get(error.field, error.field)
        raise DomainError(error.message, field=field_name) from error
    for person in people:
        services.add_person(agency, **person)
    services.lodge_guarantee(agency, user, verified=False, **guarantee)
    documents = _store_all(agency, uploads, user)
    return agency, user, documents


def submit_renewal(agency: Agency, actor: User, note: str, guarantee: dict, upload=None) -> list[AgencyDocument]:
    """A representative applies to renew: the renewal request, a new (unverified) guarantee, a PDF."""
    if services.effective_status(agency.licence) not in (S.LICENSED, S.EXPIRED):
        raise Refused(_l("Only a licence that is in force or has expired can be renewed."))
    services.request_renewal(agency, actor, (note or "").strip())
    services.lodge_guarantee(agency, actor, verified=False, **guarantee)
    return _store_all(agency, [("document", "guarantee", upload)] if upload else [], actor)


def record_person(agency: Agency, actor: User, **fields) -> Person:
    """An official adds a director or shareholder (not yet vetted); the audit log keeps it."""
    person = services.add_person(agency, **fields)
    audit.record("person.add", person, actor=actor, agency_id=agency.id, role=person.role.value)
    return person


def record_police_clearance(person: Person, reference: str, actor: User) -> Person:
    """An official records (or corrects) a person's police clearance reference, e.g. sent in answer to a query."""
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(_l("Give the police clearance reference."), field="police_clearance_ref")
    if reference != person.police_clearance_ref:
        previous, person.police_clearance_ref = person.police_clearance_ref, reference
        db.session.flush()
        audit.record("person.police_clearance", person, actor=actor, agency_id=person.agency_id,
                     previous=previous, reference=reference)
    return person


def clear_review_flag(agency: Agency, actor: User, reason: str) -> Agency:
    """A licensing officer closes the review that grievances raised on an agency."""
    if not agency.review_flag:
        raise Refused(_l("This agency is not flagged for review."))
    if not (reason or "").strip():
        raise DomainError(_l("Give the reason."), field="reason")
    agency.review_flag, agency.review_flag_reason = False, ""
    db.session.flush()
    audit.record("agency.clear_review_flag", agency, reason=reason.strip(), actor=actor)
    return agency


# ---------------------------------------------------------------- the licensing officers' queue


@dataclass
class QueueItem:
    agency: Agency
    kinds: list = field(default_factory=list)  # what is waiting: application, renewal, review flag
    since: datetime | None = None
    blockers: list = field(default_factory=list)


def applications_queue() -> list[QueueItem]:
    """Applications, renewal requests and flagged agencies, oldest first, with what blocks a licence."""
    agencies = db.session.scalars(
        sa.select(Agency).join(Licence).where(sa.or_(
            Licence.status.in_([S.APPLICATION, S.UNDER_REVIEW]),
            Licence.renewal_requested_at.is_not(None),
            Agency.review_flag.is_(True),
        )).options(selectinload(Agency.licence).selectinload(Licence.events), selectinload(Agency.people),
                   selectinload(Agency.guarantees))
    ).all()
    items = []
    for agency in agencies:
        licence = agency.licence
        item = QueueItem(agency)
        moments = []
        if licence.status in (S.APPLICATION, S.UNDER_REVIEW):
            item.kinds.append(services.STATUS_LABELS[licence.status])
            moments.append(licence.events[0].at if licence.events else agency.created_at)
        if licence.renewal_requested_at:
            item.kinds.append(_l("Renewal requested"))
            moments.append(licence.renewal_requested_at)
        if agency.review_flag:
            item.kinds.append(_l("Flagged for review"))
            moments.append(agency.updated_at)
        item.since = min(moments)
        if licence.status in (S.APPLICATION, S.UNDER_REVIEW) or licence.renewal_requested_at:
            item.blockers = services.licence_blockers(agency)
        items.append(item)
    return sorted(items, key=lambda i: (i.since, i.agency.id))
