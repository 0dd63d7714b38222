"""An agency's record: its details, directors and shareholders (vetted), supporting documents and the query
thread of its application. (Guarantees: registry.services.guarantees; the review flag: .review.)"""
import sqlalchemy as sa
from flask import current_app

from portal import audit, uploads
from portal.database import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.models import User
from portal.text import _l, _ln
from registry.models import (
    Agency,
    AgencyDocument,
    ApplicationMessage,
    DocumentKind,
    Licence,
    LicenceClass,
    LicenceStatus,
    Person,
    VettingStatus,
)
from registry.services.licences import start_application
from registry.services.links import agency_links
from registry.services.names import normalise
from registry.services.review import flag_for_review

AGENCY_FIELDS = (
    "legal_name", "trading_names", "registration_number", "address", "phone", "email", "destinations",
    "sectors", "complaints_officer_name", "complaints_officer_phone", "complaints_officer_email",
)
DOCUMENTS = "agency-documents"  # the uploads folder of agencies' PDFs


def _refresh_search_names(agency: Agency) -> None:
    names = [agency.legal_name, *(agency.trading_names or [])]
    agency.search_names = "\n".join(normalise(n) for n in names if n.strip())


def _check_registration_number(number: str, agency_id: int | None) -> None:
    taken = db.session.scalar(
        sa.select(Agency.id).where(Agency.registration_number == number, Agency.id != (agency_id or 0))
    )
    if taken:
        raise DomainError(_l("Another agency is registered with this number."), field="registration_number")


def create_agency(actor: User | None, **fields) -> Agency:
    """A new agency with a licence application on file."""
    _check_registration_number(fields["registration_number"], None)
    agency = Agency(**{k: v for k, v in fields.items() if k in AGENCY_FIELDS})
    _refresh_search_names(agency)
    agency.licence = Licence(licence_class=fields.get("licence_class") or LicenceClass.GENERAL)
    db.session.add(agency)
    start_application(agency.licence, actor)
    return agency


def update_agency(agency: Agency, actor: User, **fields) -> Agency:
    """Change an agency's details; the change is in the audit log. A licensed agency whose new details link it
    to another agency is flagged for review."""
    if "registration_number" in fields:
        _check_registration_number(fields["registration_number"], agency.id)
    before = _link_keys(agency)
    changed = {}
    for key in AGENCY_FIELDS:
        if key in fields and getattr(agency, key) != fields[key]:
            changed[key] = fields[key]
            setattr(agency, key, fields[key])
    _refresh_search_names(agency)
    db.session.flush()
    if changed:
        audit.record("agency.update", agency, actor=actor, fields=sorted(changed))
        _flag_new_links(agency, actor, before)
    return agency


def _in_force(agency: Agency) -> bool:
    return agency.licence.status in (LicenceStatus.LICENSED, LicenceStatus.SUSPENDED)


def _link_keys(agency: Agency) -> set:
    """What a licensed agency shares with others now (nothing is looked up for an applicant)."""
    if not _in_force(agency):
        return set()
    return {(link.agency.id, str(shared)) for link in agency_links(agency) for shared in link.shared}


def _flag_new_links(agency: Agency, actor: User | None, before: set) -> None:
    """Flag a licensed agency for review when a change links it to another agency it was not linked to."""
    new = sorted(_link_keys(agency) - before)
    if new:
        names = {link.agency.id: link.agency.legal_name for link in agency_links(agency)}
        lines = "; ".join(f"{names[other_id]}: {shared}" for other_id, shared in new)
        flag_for_review(agency, actor, f"New link to another agency after a change: {lines}",
                        linked_agencies=sorted({other_id for other_id, _s in new}))


def add_person(agency: Agency, **fields) -> Person:
    """A director or shareholder of the agency, not yet vetted."""
    person = Person(**fields)
    agency.people.append(person)
    db.session.flush()
    return person


def record_person(agency: Agency, actor: User, **fields) -> Person:
    """An official adds a director or shareholder (not yet vetted); the audit log keeps it. Added to a licensed
    agency, the unvetted person flags it for review (and so does any link the person brings)."""
    before = _link_keys(agency)
    person = add_person(agency, **fields)
    audit.record("person.add", person, actor=actor, agency_id=agency.id, role=person.role.value)
    if _in_force(agency):
        flag_for_review(agency, actor, f"{person.role.label} added, not yet vetted: {person.name}",
                        person_id=person.id)
        _flag_new_links(agency, actor, before)
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


def vet_person(person: Person, status: VettingStatus, note: str, actor: User) -> Person:
    """Record the outcome of vetting a director or shareholder (police clearance checked)."""
    if status == VettingStatus.VETTED and not person.police_clearance_ref:
        raise DomainError(_l("Record the police clearance reference before vetting."), field="police_clearance_ref")
    if status == VettingStatus.REJECTED and not note.strip():
        raise DomainError(_l("Say why the vetting failed."), field="note")
    person.vetting_status, person.vetting_note = status, note.strip()
    person.vetted_by_id, person.vetted_at = actor.id, utcnow()
    db.session.flush()
    audit.record(f"person.{status.value}", person, reason=note, actor=actor, agency_id=person.agency_id)
    return person


def store_document(agency: Agency, upload: uploads.Upload, kind: DocumentKind, actor: User | None,
                   field: str = "documents") -> AgencyDocument:
    """Keep an uploaded PDF, after checking its content; the file goes if the transaction does not commit."""
    if upload.too_large:
        too_large = _ln("The file is too large (%(num)d MB at most).", "The file is too large (%(num)d MB at most).",
                        uploads.limit() // (1024 * 1024))
        raise DomainError(too_large, field=field)
    if upload.mime != "application/pdf":
        raise DomainError(_l("Only PDF files are accepted."), field=field)
    document = AgencyDocument(
        kind=kind, original_name=upload.safe_name or "document.pdf", stored_name=uploads.store(DOCUMENTS, upload.data),
        size=len(upload.data), uploaded_by_id=actor.id if actor else None,
    )
    agency.documents.append(document)
    db.session.flush()
    return document


def document_path(document: AgencyDocument) -> str:
    """Where a document's bytes are kept."""
    return uploads.path(DOCUMENTS, document.stored_name)


def answer_query(agency: Agency, author: User, body: str, files: list[uploads.Upload]) -> ApplicationMessage:
    """The agency's answer to the licensing office's query: text, PDF documents (each checked by its content, at
    most ANSWER_MAX_FILES) or both; the documents are kept with the answer, and removed again if it is not saved."""
    if not body.strip() and not files:
        raise DomainError(_l("Write an answer or attach the documents asked for."), field="body")
    most = current_app.config["ANSWER_MAX_FILES"]
    if len(files) > most:
        raise DomainError(_ln("Send at most %(num)d file at a time.", "Send at most %(num)d files at a time.", most),
                          field="documents")
    message = ApplicationMessage(author_id=author.id, from_official=author.is_official, body=body.strip())
    agency.messages.append(message)
    db.session.flush()
    for upload in files:
        store_document(agency, upload, DocumentKind.OTHER, author, field="documents").message_id = message.id
    db.session.flush()
    audit.record("application.answer", agency, actor=author, documents=len(files))
    return message


def add_message(agency: Agency, author: User, body: str) -> ApplicationMessage:
    """An officer's query on an application, or the agency's answer."""
    if not body.strip():
        raise DomainError(_l("Write a message."), field="body")
    message = ApplicationMessage(author_id=author.id, from_official=author.is_official, body=body.strip())
    agency.messages.append(message)
    db.session.flush()
    if author.is_official:
        audit.record("application.query", agency, actor=author)
    return message
