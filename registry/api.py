"""Public JSON API of the registry (flask-smorest); documented at /api/v1/openapi.json. One agency's
detail joins its grievance record, so it is served by the shell (portal.pages)."""
from flask_smorest import Blueprint

from portal.schemas import ErrorSchema
from registry.models import PartyKind, WatchlistStatus
from registry.schemas import (
    AgencyPageSchema,
    AgencyQuerySchema,
    DeploymentBanListSchema,
    ForeignPartyListSchema,
    ForeignPartyQuerySchema,
    agency_summary,
    ban_item,
    foreign_party_item,
)
from registry.services import bans_in_force, public_foreign_parties, search_agencies

blp = Blueprint("agencies_api", __name__, url_prefix="/api/v1/agencies",
                description="The public registry of recruitment agencies.")


@blp.get("")
@blp.arguments(AgencyQuerySchema, location="query", as_kwargs=True)
@blp.response(200, AgencyPageSchema)
@blp.alt_response(422, schema=ErrorSchema, description="Invalid query parameters")
def list_agencies(q, page, per_page, status=None, destination=None):
    """Search the public registry by name (typos allowed), trading name, licence or registration number."""
    agencies, total = search_agencies(q, status=status, destination=destination, page=page, per_page=per_page)
    return {"items": [agency_summary(a) for a in agencies], "page": page, "per_page": per_page, "total": total}


abroad_blp = Blueprint("abroad_api", __name__, url_prefix="/api/v1",
                       description="What a worker checks about a destination: deployment bans in force, and the "
                                   "employers and partner agencies abroad that are blacklisted.")


@abroad_blp.get("/deployment-bans")
@abroad_blp.response(200, DeploymentBanListSchema)
def list_deployment_bans():
    """The deployment bans in force today: destination, sector (null for all), since, until and why."""
    return {"items": [ban_item(b) for b in bans_in_force()]}


@abroad_blp.get("/foreign-employers")
@abroad_blp.arguments(ForeignPartyQuerySchema, location="query", as_kwargs=True)
@abroad_blp.response(200, ForeignPartyListSchema)
@abroad_blp.alt_response(422, schema=ErrorSchema, description="Invalid query parameters (a status that is not public)")
def list_foreign_employers(q, status=None, kind=None):
    """Blacklisted employers and partner agencies abroad, by name (typos and accents forgiven)."""
    parties, _total = public_foreign_parties(q, WatchlistStatus(status) if status else None,
                                             PartyKind(kind) if kind else None)
    return {"items": [foreign_party_item(p) for p in parties]}
