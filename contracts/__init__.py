"""Standard employment contracts: templates, drafting, signatures, attestation, the worker's check."""
from flask import Blueprint

from portal.extensions import api as openapi

bp = Blueprint("contracts", __name__, template_folder="templates", static_folder="static",
               static_url_path="/contracts/static")

# The views attach themselves to bp (defined above), as in Flask's own large-application pattern.
from contracts import api  # noqa: E402, F401
from contracts.routes import desk, drafting, public, steps, templates  # noqa: E402, F401


def register(app) -> None:
    """Serve the contract pages and API."""
    app.register_blueprint(bp)
    openapi.register_blueprint(api.blp)
