"""JSON API for filing and following a grievance (flask-smorest); see /api/v1/openapi.json.

Evidence files are sent through the HTML form only. A wrong reference and a wrong tracking code get the same 404.
"""
from flask import request
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint, abort

from grievances import services as svc
from grievances.models import STATUS_LABELS
from grievances.schemas import (
    FiledSchema,
    GrievanceCreateSchema,
    GrievanceStatusSchema,
    MessageSchema,
    TimelineEntrySchema,
    TrackingHeaderSchema,
)
from portal.errors import NotFound
from portal.extensions import db, limiter
from portal.schemas import ErrorSchema
from portal.security import configured_limit

blp = Blueprint("grievances_api", __name__, url_prefix="/api/v1/grievances",
                description="File a grievance and follow it with its reference and secret tracking code.")

NO_MATCH = _l("No grievance matches this reference and tracking code.")



def _contact_method(contact: dict) -> str:
    if contact.get("method"):
        return contact["method"]
    for key in ("phone", "whatsapp", "email", "via_relative"):
        if (contact.get(key) or "").strip():
            return key
    return "none"


@blp.route("", methods=["POST"])
@limiter.limit(configured_limit("GRIEVANCE_FILE_RATE_LIMIT"),
               deduct_when=lambda response: response.status_code == 201)
@blp.arguments(GrievanceCreateSchema)
@blp.response(201, FiledSchema)
@blp.alt_response(422, schema=ErrorSchema, description="Per-field errors in error.fields.")
@blp.alt_response(429, schema=ErrorSchema, description="Too many filings from this address.")
def file_grievance(payload):
    """File a grievance (no account). The tracking code is returned once and stored only hashed."""
    contact = payload.get("contact") or {}
    amount = payload.get("amount_claimed") or {}
    data = svc.FilingInput(
        filer_type=payload["filer_type"], agency_text=payload["agency_licence_number"], agency_by_name=False,
        recruiter_name=payload["recruiter_name"], recruiter_phone=payload["recruiter_phone"],
        employer_name=payload["employer_name"], destination_country=payload["destination_country"],
        contract_code=payload["contract_code"], categories=payload["categories"],
        description=payload["description"], amount=amount.get("amount"), currency=amount.get("currency", ""),
        contact_name=contact.get("name", ""), contact_method=_contact_method(contact),
        contact_phone=contact.get("phone", ""), contact_whatsapp=contact.get("whatsapp", ""),
        contact_email=contact.get("email", ""), contact_relative=contact.get("via_relative", ""),
        share_identity_with_agency=payload["share_identity_with_agency"], language=payload["language"],
    )
    try:
        filing = svc.file_grievance(data, ip=request.remote_addr)
        db.session.commit()
    except svc.FilingInvalid as error:
        db.session.rollback()
        abort(422, messages={name: [str(message)] for name, message in error.fields.items()})
    grievance = filing.grievance
    return {"reference": grievance.reference, "tracking_code": filing.tracking_code,
            "status": grievance.status.value, "urgent": grievance.urgent}


def _tracked(reference: str, headers: dict):
    grievance = svc.find_for_tracking(reference, headers.get("tracking_code") or "")
    if grievance is None:
        raise NotFound(NO_MATCH)
    return grievance


def _entry(entry: svc.TimelineEntry) -> dict:
    return {"at": entry.at, "kind": entry.kind, "text": entry.text}


@blp.route("/<reference>", methods=["GET"])
@limiter.limit(configured_limit("GRIEVANCE_TRACK_RATE_LIMIT"),
               deduct_when=lambda response: response.status_code != 200)
@blp.arguments(TrackingHeaderSchema, location="headers")
@blp.response(200, GrievanceStatusSchema)
@blp.alt_response(404, schema=ErrorSchema, description="Wrong reference or wrong code (the same answer).")
@blp.alt_response(429, schema=ErrorSchema, description="Too many attempts.")
def get_grievance(headers, reference: str):
    """Status and plain-language timeline of a grievance, given its tracking code in X-Tracking-Code."""
    grievance = _tracked(reference, headers)
    return {
        "reference": grievance.reference, "status": grievance.status.value,
        "status_label": str(STATUS_LABELS[grievance.status]), "urgent": grievance.urgent,
        "filed_at": grievance.filed_at, "updated_at": grievance.updated_at,
        "timeline": [_entry(e) for e in svc.timeline(grievance, "worker")],
    }


@blp.route("/<reference>/messages", methods=["POST"])
@limiter.limit(configured_limit("GRIEVANCE_TRACK_RATE_LIMIT"),
               deduct_when=lambda response: response.status_code != 201)
@blp.arguments(TrackingHeaderSchema, location="headers")
@blp.arguments(MessageSchema)
@blp.response(201, TimelineEntrySchema)
@blp.alt_response(404, schema=ErrorSchema, description="Wrong reference or wrong code (the same answer).")
@blp.alt_response(422, schema=ErrorSchema, description="Empty or too long message.")
@blp.alt_response(429, schema=ErrorSchema, description="Too many attempts.")
def add_message(headers, payload, reference: str):
    """The worker writes to the case officer; the message joins the timeline."""
    grievance = _tracked(reference, headers)
    event = svc.worker_message(grievance, payload["message"])
    db.session.commit()
    return _entry(svc.TimelineEntry(event.at, event.kind.value, svc.event_title(event, "worker"), event.body))
