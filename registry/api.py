"""Public JSON API of the registry (flask-smorest); documented at /api/v1/openapi.json. One agency's
detail joins its grievance record, so it is served by the shell (portal.pages)."""
from flask_smorest import Blueprint

from portal.schemas import ErrorSchema
from registry.schemas import AgencyPageSchema, AgencyQuerySchema, agency_summary
from registry.services import search_agencies

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
