"""Public JSON API of contracts (flask-smorest); documented at /api/v1/openapi.json."""
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint

from contracts.schemas import PublicContractSchema
from contracts.services import public_dict, public_view
from portal.errors import NotFound
from portal.extensions import limiter
from portal.schemas import ErrorSchema

blp = Blueprint("contracts_api", __name__, url_prefix="/api/v1/contracts",
                description="Check an attested employment contract by its verification code.")


@blp.get("/<code>")
@limiter.limit("60 per minute")
@blp.response(200, PublicContractSchema)
@blp.alt_response(404, schema=ErrorSchema, description="No attested contract has this code")
def get_contract(code: str):
    """The public view of an attested contract: key terms, liable parties, the agency's licence today.

    The code is read ignoring case, spaces and dashes. The worker's private data is never included.
    """
    view = public_view(code)
    if view is None:
        raise NotFound(_l("No attested contract has this code."))
    base = current_app.config.get("PUBLIC_BASE_URL")
    path = url_for("contracts.check", code=view.contract.verification_code)
    url = base.rstrip("/") + path if base else url_for("contracts.check", code=view.contract.verification_code,
                                                        _external=True)
    return public_dict(view.contract, url)
