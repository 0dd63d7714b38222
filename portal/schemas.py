"""Schemas shared by every API: the one error shape."""
import marshmallow as ma


class ErrorBodySchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "Machine-readable error code, e.g. not_found"})
    message = ma.fields.String(required=True, metadata={"description": "What went wrong, for a person"})
    fields = ma.fields.Dict(
        keys=ma.fields.String(), metadata={"description": "Per-field messages for invalid input"}
    )


class ErrorSchema(ma.Schema):
    error = ma.fields.Nested(ErrorBodySchema, required=True)
