"""Marshmallow schemas of the public contract API and the shaping of its JSON: the worker's view, nothing
private."""
from decimal import Decimal

import marshmallow as ma

from contracts.models import Claim, Contract, ContractStatus, EmployerPaidItem, LiabilityRole
from contracts.services import liable_parties
from portal.countries import country_name
from registry.services import verdict


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
    claims = ma.fields.List(ma.fields.String(metadata={"enum": [c.value for c in Claim]}))


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
    employer_pays = ma.fields.List(ma.fields.String(metadata={"enum": [i.value for i in EmployerPaidItem]}))
    worker_keeps_passport = ma.fields.Boolean()
    worker_paid_fees = ma.fields.Nested(MoneySchema, metadata={"description": "Total of fees charged to the "
                                                                              "worker: always zero when attested"})
    liable_parties = ma.fields.List(ma.fields.Nested(LiablePartySchema))
    attested_at = ma.fields.DateTime()
    superseded_by = ma.fields.String(allow_none=True, metadata={"description": "Code of the newer contract"})
    url = ma.fields.String(metadata={"description": "The worker's check page"})


def public_dict(contract: Contract, check_url: str) -> dict:
    """The public view as JSON (GET /api/v1/contracts/<code>): nothing private about the worker."""
    agency = verdict(contract.origin_agency)
    newer = contract.superseded_by
    return {
        "code": contract.code_display,
        "status": contract.status.value,
        "status_label": str(contract.status.label),
        "job_title": contract.job_title,
        "sector": contract.sector,
        "destination": {"country": contract.destination_country,
                        "name": country_name(contract.destination_country),
                        "place_of_work": contract.place_of_work},
        "employer": {"name": contract.employer.name, "country": contract.employer.country},
        "origin_agency": {"name": contract.origin_agency.legal_name,
                          "licence_number": contract.origin_agency.licence.number,
                          "status": agency.value, "status_label": str(agency.label), "advice": str(agency.advice)},
        "partner_agency": {"name": contract.partner_agency.name, "country": contract.partner_agency.country},
        "start_date": contract.start_date,
        "monthly_wage": {"amount": str(contract.monthly_wage), "currency": contract.currency},
        "hours_per_week": contract.hours_per_week,
        "weekly_rest_days": contract.weekly_rest_days,
        "annual_leave_days": contract.annual_leave_days,
        "duration_months": contract.duration_months,
        "employer_pays": [item.value for item in contract.employer_pays],
        "worker_keeps_passport": contract.passport_kept_by_worker,
        "worker_paid_fees": {"amount": str(contract.worker_paid_total.quantize(Decimal("0.01"))),
                             "currency": contract.currency},
        "liable_parties": [{"name": p.name, "role": p.role.value, "claims": list(p.claims)}
                           for p in liable_parties(contract)],
        "attested_at": contract.attested_at,
        "superseded_by": newer.code_display if newer else None,
        "url": check_url,
    }
