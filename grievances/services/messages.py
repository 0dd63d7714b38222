"""What people write on a case: the worker to the case officer, the officer to the worker, the agency's
response, and the officials' internal notes (never shown to the worker or the agency)."""
from datetime import datetime

from flask_babel import format_decimal

from grievances.models import EventKind, Grievance, GrievanceEvent
from grievances.services.access import can_act, can_open_case
from grievances.services.events import add_event
from portal import audit
from portal.database import utcnow
from portal.errors import DomainError, NotFound, Refused
from portal.i18n import LANGUAGE_NAMES
from portal.models import Role, User
from portal.text import _l, _ln


def _written(body: str, field: str, missing, longest: int | None = None, too_long=None) -> str:
    """The text as written, trimmed; a DomainError on the field when it is empty or too long."""
    body = (body or "").strip()
    if not body:
        raise DomainError(missing, field=field)
    if longest is not None and len(body) > longest:
        raise DomainError(too_long, field=field)
    return body


def worker_message(grievance: Grievance, body: str, now: datetime | None = None) -> GrievanceEvent:
    """The worker (or filer) writes to the case officer."""
    body = _written(body, "message", _l("Write your message."),
                    5000, _ln("Please shorten your message (%(count)s character at most).",
                              "Please shorten your message (%(count)s characters at most).", 5000,
                              count=format_decimal(5000)))
    return add_event(grievance, EventKind.MESSAGE_FROM_WORKER, None, now or utcnow(), body=body)


def message_worker(grievance: Grievance, actor: User, body: str, now: datetime | None = None,
                   language: str | None = None) -> GrievanceEvent:
    """A message the worker reads when tracking the case, marked with the language it is written in (the
    worker's, unless the officer says otherwise)."""
    if not can_act(actor, grievance):
        raise Refused(_l("Only the case officer assigned to this case, or a supervisor, can write to the worker."))
    body = _written(body, "body", _l("Write the message."))
    language = language if language in LANGUAGE_NAMES else grievance.language
    event = add_event(grievance, EventKind.MESSAGE_TO_WORKER, actor, now or utcnow(), body=body,
                      data={"language": language})
    audit.record("grievance.message", grievance, actor=actor, reference=grievance.reference)
    return event


def add_note(grievance: Grievance, actor: User, body: str, now: datetime | None = None) -> GrievanceEvent:
    """An internal note: never shown to the worker or the agency."""
    if not can_open_case(actor, grievance):
        raise NotFound(_l("No such case."))
    body = _written(body, "body", _l("Write the note."))
    event = add_event(grievance, EventKind.NOTE, actor, now or utcnow(), body=body)
    audit.record("grievance.note", grievance, actor=actor, reference=grievance.reference)
    return event


def agency_respond(grievance: Grievance, actor: User, body: str, now: datetime | None = None) -> GrievanceEvent:
    """The agency's answer; it joins the timeline that the worker and the case officer see."""
    if actor.role != Role.AGENCY_REPRESENTATIVE or actor.agency_id != grievance.agency_id:
        raise NotFound(_l("No such case."))
    body = _written(body, "body", _l("Write your response."),
                    10000, _ln("Please shorten the response (%(count)s character at most).",
                        "Please shorten the response (%(count)s characters at most).", 10000,
                        count=format_decimal(10000)))
    event = add_event(grievance, EventKind.AGENCY_RESPONSE, actor, now or utcnow(), body=body)
    audit.record("grievance.agency_response", grievance, actor=actor, reference=grievance.reference)
    return event
