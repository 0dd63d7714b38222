"""Marshmallow schemas of the public contract API: the worker's view, nothing private."""
import marshmallow as ma

from contracts.models import CLAIMS, EMPLOYER_PAID_ITEMS, ContractStatus, LiabilityRole


class MoneySchema(ma.Schema):
    amount = ma.fields.String(required=True, metadata={"description": "Decimal amount, e.g. \"1500.00\""})
    currency = ma.fields.String(required=True, metadata={"description": "ISO 4217 code"})


class DestinationSchema(ma.Schema):
    country = ma.fields.String(metadata={"description": "ISO 3166 alpha-2 code"})
    name = ma.fields.String()
    place_of_work = ma.fields.String()


class ForeignPartySchema(ma.Schema):
    name = ma.fields.String()
    country = ma.fields.String()


class OriginAgencySchema(ma.Schema):
    name = ma.fields.String()
    licence_number = ma.fields.String(allow_none=True)
    status = ma.fields.String(metadata={"description": "The agency's licence status today (public verdict)",
                                        "enum": ["licensed", "suspended", "revoked", "expired", "pending",
                                                 "not_found"]})
    status_label = ma.fields.String()
    advice = ma.fields.String()


class LiablePartySchema(ma.Schema):
    name = ma.fields.String()
    role = ma.fields.String(metadata={"enum": [r.value for r in LiabilityRole]})
    claims = ma.fields.List(ma.fields.String(metadata={"enum": list(CLAIMS)}))


class PublicContractSchema(ma.Schema):
    code = ma.fields.String(metadata={"description": "The verification code, grouped: K7MX-4P2Q-RT"})
    status = ma.fields.String(metadata={"enum": [s.value for s in ContractStatus]})
    status_label = ma.fields.String()
    job_title = ma.fields.String()
    sector = ma.fields.String()
    destination = ma.fields.Nested(DestinationSchema)
    employer = ma.fields.Nested(ForeignPartySchema)
    origin_agency = ma.fields.Nested(OriginAgencySchema)
    partner_agency = ma.fields.Nested(ForeignPartySchema)
    start_date = ma.fields.Date()
    monthly_wage = ma.fields.Nested(MoneySchema)
    hours_per_week = ma.fields.Integer()
    weekly_rest_days = ma.fields.Integer()
    annual_leave_days = ma.fields.Integer()
    duration_months = ma.fields.Integer()
    employer_pays = ma.fields.List(ma.fields.String(metadata={"enum": list(EMPLOYER_PAID_ITEMS)}))
    worker_keeps_passport = ma.fields.Boolean()
    worker_paid_fees = ma.fields.Nested(MoneySchema, metadata={"description": "Total of fees charged to the "
                                                                              "worker: always zero when attested"})
    liable_parties = ma.fields.List(ma.fields.Nested(LiablePartySchema))
    attested_at = ma.fields.DateTime()
    superseded_by = ma.fields.String(allow_none=True, metadata={"description": "Code of the newer contract"})
    url = ma.fields.String(metadata={"description": "The worker's check page"})
