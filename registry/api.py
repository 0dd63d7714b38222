"""Public JSON API of the registry (flask-smorest); documented at /api/v1/openapi.json."""
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint

from portal.errors import NotFound
from portal.schemas import ErrorSchema
from registry.models import Agency
from registry.schemas import AgencyDetailSchema, AgencyPageSchema, AgencyQuerySchema
from registry.services import agency_by_licence_number, public_status, public_status_of, search_agencies, verdict

blp = Blueprint("agencies_api", __name__, url_prefix="/api/v1/agencies",
                description="The public registry of recruitment agencies.")


def _summary(agency: Agency) -> dict:
    return {
        "licence_number": agency.licence.number,
        "name": agency.legal_name,
        "status": public_status(agency).value,
        "valid_until": agency.licence.valid_until,
        "destinations": agency.destinations,
        "url": url_for("registry.profile", agency_id=agency.id, _external=True),
    }


@blp.get("")
@blp.arguments(AgencyQuerySchema, location="query", as_kwargs=True)
@blp.response(200, AgencyPageSchema)
@blp.alt_response(422, schema=ErrorSchema, description="Invalid query parameters")
def list_agencies(q, page, per_page, status=None, destination=None):
    """Search the public registry by name (typos allowed), trading name, licence or registration number."""
    agencies, total = search_agencies(q, status=status, destination=destination, page=page, per_page=per_page)
    return {"items": [_summary(a) for a in agencies], "page": page, "per_page": per_page, "total": total}


@blp.get("/<path:licence_number>")
@blp.response(200, AgencyDetailSchema)
@blp.alt_response(404, schema=ErrorSchema, description="No agency holds this licence number")
def get_agency(licence_number: str):
    """One agency: its verdict, validity, destinations, sectors and licence history."""
    agency = agency_by_licence_number(licence_number)
    status = public_status(agency) if agency else None
    if status is None:
        raise NotFound(_l("No agency in the public registry holds this licence number."))
    v = verdict(status)
    licence = agency.licence
    body = _summary(agency) | {
        "status_label": str(v.label),
        "advice": str(v.advice),
        "trading_names": agency.trading_names,
        "registration_number": agency.registration_number,
        "licence_class": licence.licence_class.value,
        "valid_from": licence.valid_from,
        "sectors": agency.sectors,
        "address": agency.address,
        "phone": agency.phone,
        "email": agency.email,
        "history": [
            {"status": public_status_of(e.to_status), "action": e.action.value, "at": e.at, "reason": e.reason,
             "order_reference": e.order_reference}
            for e in licence.events
        ],
    }
    for extra in current_app.extensions.get("agency_api_extras", []):
        body |= extra(agency)
    return body
