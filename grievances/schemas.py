"""JSON shapes of the grievance API. Input schemas are written by hand: only these fields are read."""
import hashlib
import json

from marshmallow import EXCLUDE, Schema, fields, validate

from grievances.models import Category, FilerType, Grievance
from grievances.services import Filing, FilingInput
from grievances.timeline import WORKER, TimelineEntry, timeline
from portal.database import MAX_AMOUNT


class AmountSchema(Schema):
    amount = fields.Decimal(required=True, places=2, as_string=True,
                            validate=validate.Range(min=0, max=MAX_AMOUNT, min_inclusive=False),
                            # the document states the bounds as numbers (apispec would write the strings "0.00")
                            metadata={"minimum": 0, "exclusiveMinimum": True, "maximum": float(MAX_AMOUNT)})
    currency = fields.String(required=True, validate=validate.Length(equal=3))


class ContactSchema(Schema):
    name = fields.String(load_default="", validate=validate.Length(max=200))
    phone = fields.String(load_default="", validate=validate.Length(max=40))
    whatsapp = fields.String(load_default="", validate=validate.Length(max=40))
    email = fields.String(load_default="", validate=validate.Length(max=254))
    via_relative = fields.String(load_default="", validate=validate.Length(max=300),
                                 metadata={"description": "A relative's name and how to reach them."})
    method = fields.String(load_default=None, validate=validate.OneOf(["phone", "whatsapp", "email", "via_relative",
                                                                         "none"]),
                           metadata={"description": "Preferred way to reach the filer; by default the first given."})


class GrievanceCreateSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    filer_type = fields.String(required=True, validate=validate.OneOf([f.value for f in FilerType]))
    agency_licence_number = fields.String(load_default="", validate=validate.Length(max=60))
    recruiter_name = fields.String(load_default="", validate=validate.Length(max=200))
    recruiter_phone = fields.String(load_default="", validate=validate.Length(max=40))
    employer_name = fields.String(load_default="", validate=validate.Length(max=200))
    destination_country = fields.String(required=True, metadata={"description": "ISO 3166 alpha-2 code"})
    contract_code = fields.String(load_default="", validate=validate.Length(max=40))
    categories = fields.List(fields.String(validate=validate.OneOf([c.value for c in Category])), required=True)
    description = fields.String(required=True, validate=validate.Length(max=20000))
    amount_claimed = fields.Nested(AmountSchema, load_default=None, allow_none=True)
    contact = fields.Nested(ContactSchema, load_default=dict)
    share_identity_with_agency = fields.Boolean(load_default=False)
    language = fields.String(load_default="en", validate=validate.Length(max=8))


class FiledSchema(Schema):
    reference = fields.String(metadata={"example": "GRV-7K4M-9QTD"})
    tracking_code = fields.String(metadata={"description": "Secret; shown once. Keep it with the reference."})
    status = fields.String()
    urgent = fields.Boolean()


class FilingHeaderSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    idempotency_key = fields.String(
        data_key="Idempotency-Key", load_default="", validate=validate.Length(min=16, max=200),
        metadata={"description": "A random key of your own (a UUID) for this filing. Sent again with the same "
                                 "request after a failure or a lost reply, it returns the first filing (reference "
                                 "and tracking code) instead of filing twice."})


def fingerprint(payload) -> str:
    """What identifies a request sent with an idempotency key (its JSON body, key order aside)."""
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class TrackingHeaderSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    tracking_code = fields.String(data_key="X-Tracking-Code", load_default="",
                                  metadata={"description": "The secret tracking code given when filing."})


class TimelineEntrySchema(Schema):
    at = fields.DateTime()
    kind = fields.String()
    text = fields.String()


class GrievanceStatusSchema(Schema):
    reference = fields.String()
    status = fields.String()
    status_label = fields.String()
    urgent = fields.Boolean()
    filed_at = fields.DateTime()
    updated_at = fields.DateTime()
    timeline = fields.List(fields.Nested(TimelineEntrySchema))


class MessageSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    message = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class AgencyRecordSchema(Schema):
    """An agency's grievance record as the public sees it: counts only, no worker's details."""

    total = fields.Integer()
    open = fields.Integer()
    resolved = fields.Integer()
    substantiated = fields.Integer()
    median_days_to_resolve = fields.Float(allow_none=True)


def _contact_method(contact: dict) -> str:
    """The way chosen, or else the first way given."""
    if contact.get("method"):
        return contact["method"]
    for key in ("phone", "whatsapp", "email", "via_relative"):
        if (contact.get(key) or "").strip():
            return key
    return "none"


def filing_input(payload: dict, key: str = "") -> FilingInput:
    """A filing read by GrievanceCreateSchema, for services.file_grievance (the agency by licence number only);
    key is the request's Idempotency-Key."""
    contact = payload.get("contact") or {}
    amount = payload.get("amount_claimed") or {}
    return FilingInput(
        filer_type=payload["filer_type"], agency_text=payload["agency_licence_number"], agency_by_name=False,
        recruiter_name=payload["recruiter_name"], recruiter_phone=payload["recruiter_phone"],
        employer_name=payload["employer_name"], destination_country=payload["destination_country"],
        contract_code=payload["contract_code"], categories=payload["categories"],
        description=payload["description"], amount=amount.get("amount"), currency=amount.get("currency", ""),
        contact_name=contact.get("name", ""), contact_method=_contact_method(contact),
        contact_phone=contact.get("phone", ""), contact_whatsapp=contact.get("whatsapp", ""),
        contact_email=contact.get("email", ""), contact_relative=contact.get("via_relative", ""),
        share_identity_with_agency=payload["share_identity_with_agency"], language=payload["language"],
        key=key, fingerprint=fingerprint(payload) if key else "",
    )


def filed(filing: Filing) -> dict:
    """What the filer gets back, once: the reference and the secret tracking code (FiledSchema)."""
    grievance = filing.grievance
    return {"reference": grievance.reference, "tracking_code": filing.tracking_code,
            "status": grievance.status.value, "urgent": grievance.urgent}


def timeline_entry(entry: TimelineEntry) -> dict:
    """One line of the worker's timeline (TimelineEntrySchema)."""
    return {"at": entry.at, "kind": entry.kind, "text": entry.text}


def grievance_status(grievance: Grievance) -> dict:
    """A case as the worker follows it: status and the plain-language timeline (GrievanceStatusSchema)."""
    return {
        "reference": grievance.reference, "status": grievance.status.value,
        "status_label": str(grievance.status.worker_label), "urgent": grievance.urgent,
        "filed_at": grievance.filed_at, "updated_at": grievance.updated_at,
        "timeline": [timeline_entry(e) for e in timeline(grievance, WORKER)],
    }
