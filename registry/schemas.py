"""Marshmallow schemas of the public registry API."""
import marshmallow as ma
from marshmallow import validate

from registry.services import PublicStatus

STATUSES = [s.value for s in PublicStatus]


class AgencyQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    q = ma.fields.String(load_default="", validate=validate.Length(max=200),
                         metadata={"description": "Name, trading name, licence or registration number"})
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    destination = ma.fields.String(validate=validate.Regexp(r"^[A-Za-z]{2}$"),
                                   metadata={"description": "ISO 3166 alpha-2 country code"})
    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = ma.fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class AgencyItemSchema(ma.Schema):
    licence_number = ma.fields.String(allow_none=True)
    name = ma.fields.String()
    status = ma.fields.String(metadata={"enum": STATUSES})
    valid_until = ma.fields.Date(allow_none=True)
    destinations = ma.fields.List(ma.fields.String())
    url = ma.fields.String(metadata={"description": "The public profile page"})


class AgencyPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(AgencyItemSchema))
    page = ma.fields.Integer()
    per_page = ma.fields.Integer()
    total = ma.fields.Integer()


class HistoryEntrySchema(ma.Schema):
    status = ma.fields.String()
    action = ma.fields.String()
    at = ma.fields.DateTime()
    reason = ma.fields.String()
    order_reference = ma.fields.String()


class GrievanceRecordSchema(ma.Schema):
    total = ma.fields.Integer()
    open = ma.fields.Integer()
    resolved = ma.fields.Integer()
    substantiated = ma.fields.Integer()
    median_days_to_resolve = ma.fields.Float(allow_none=True)


class AgencyDetailSchema(AgencyItemSchema):
    status_label = ma.fields.String()
    advice = ma.fields.String(metadata={"description": "One plain sentence telling a worker what the status means"})
    trading_names = ma.fields.List(ma.fields.String())
    registration_number = ma.fields.String()
    licence_class = ma.fields.String(allow_none=True)
    valid_from = ma.fields.Date(allow_none=True)
    sectors = ma.fields.List(ma.fields.String())
    address = ma.fields.String()
    phone = ma.fields.String()
    email = ma.fields.String()
    history = ma.fields.List(ma.fields.Nested(HistoryEntrySchema))
    grievances = ma.fields.Nested(GrievanceRecordSchema, metadata={"description": "The agency's grievance record"})
