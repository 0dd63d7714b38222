"""JSON API for filing and following a grievance (flask-smorest); see /api/v1/openapi.json.

Evidence files are sent through the HTML form only. A wrong reference and a wrong tracking code get the same 404.
"""
from flask import request
from flask_smorest import Blueprint

from grievances import services as svc
from grievances.models import Grievance
from grievances.schemas import (
    FiledSchema,
    FilingHeaderSchema,
    GrievanceCreateSchema,
    GrievanceStatusSchema,
    MessageSchema,
    TimelineEntrySchema,
    TrackingHeaderSchema,
    filed,
    filing_input,
    grievance_status,
    timeline_entry,
)
from grievances.timeline import WORKER, entry
from portal import web
from portal.errors import NotFound
from portal.extensions import limiter
from portal.schemas import ErrorSchema
from portal.security import configured_limit
from portal.text import _l

blp = Blueprint("grievances_api", __name__, url_prefix="/api/v1/grievances",
                description="File a grievance and follow it with its reference and secret tracking code.")

NO_MATCH = _l("No grievance matches this reference and tracking code.")


@blp.route("", methods=["POST"])
@limiter.limit(configured_limit("GRIEVANCE_FILE_RATE_LIMIT"),
               deduct_when=lambda response: response.status_code == 201)
@blp.arguments(FilingHeaderSchema, location="headers")
@blp.arguments(GrievanceCreateSchema)
@blp.response(201, FiledSchema)
@blp.alt_response(409, schema=ErrorSchema, description="The Idempotency-Key was used for a different request.")
@blp.alt_response(422, schema=ErrorSchema, description="Per-field errors in error.fields.")
@blp.alt_response(429, schema=ErrorSchema, description="Too many filings from this address.")
def file_grievance(headers, payload):
    """File a grievance (no account). The tracking code is returned once and stored only hashed; with an
    Idempotency-Key, a retry of the same request returns the first filing (header Idempotent-Replayed)."""
    data = filing_input(payload, headers.get("idempotency_key") or "")
    filing = web.run(lambda: svc.file_grievance(data, ip=request.remote_addr))
    return filed(filing), 201, {"Idempotent-Replayed": "true"} if filing.repeated else {}


def _tracked(reference: str, headers: dict) -> Grievance:
    grievance = svc.find_for_tracking(reference, headers.get("tracking_code") or "")
    if grievance is None:
        raise NotFound(NO_MATCH)
    return grievance


@blp.route("/<reference>", methods=["GET"])
@limiter.limit(configured_limit("GRIEVANCE_TRACK_RATE_LIMIT"),
               deduct_when=lambda response: response.status_code != 200)
@blp.arguments(TrackingHeaderSchema, location="headers")
@blp.response(200, GrievanceStatusSchema)
@blp.alt_response(404, schema=ErrorSchema, description="Wrong reference or wrong code (the same answer).")
@blp.alt_response(429, schema=ErrorSchema, description="Too many attempts.")
def get_grievance(headers, reference: str):
    """Status and plain-language timeline of a grievance, given its tracking code in X-Tracking-Code."""
    return grievance_status(_tracked(reference, headers))


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
    event = web.run(lambda: svc.worker_message(grievance, payload["message"]))
    return timeline_entry(entry(event, WORKER))
