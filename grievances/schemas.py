"""JSON shapes of the grievance API. Input schemas are written by hand: only these fields are read."""
from marshmallow import EXCLUDE, Schema, fields, validate

from grievances.models import Category, FilerType


class AmountSchema(Schema):
    amount = fields.Decimal(required=True, places=2, as_string=True,
                            validate=validate.Range(min=0, min_inclusive=False))
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
