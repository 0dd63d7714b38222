"""Public JSON API of contracts (flask-smorest); documented at /api/v1/openapi.json."""
from flask_smorest import Blueprint

from contracts import services
from contracts.schemas import PublicContractSchema, public_dict
from portal.errors import NotFound
from portal.extensions import limiter
from portal.links import public_url
from portal.schemas import ErrorSchema
from portal.security import configured_limit
from portal.text import _l

blp = Blueprint("contracts_api", __name__, url_prefix="/api/v1/contracts",
                description="Check an attested employment contract by its verification code.")


@blp.get("/<code>")
@limiter.limit(configured_limit("CONTRACT_CHECK_RATE_LIMIT"))
@blp.response(200, PublicContractSchema)
@blp.alt_response(404, schema=ErrorSchema, description="No attested contract has this code")
def get_contract(code: str):
    """The public view of an attested contract: key terms, liable parties, the agency's licence today.

    The code is read ignoring case, spaces and dashes. The worker's private data is never included.
    """
    view = services.public_view(code)
    if view is None:
        raise NotFound(_l("No attested contract has this code."))
    return public_dict(view.contract, public_url("contracts.check", code=view.contract.verification_code))
