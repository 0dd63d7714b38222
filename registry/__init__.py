"""The registry of licensed recruitment agencies: public checks, the online application, the agency's
own record, the licensing officers' desk, and the JSON API."""
from flask import Blueprint

from portal.extensions import api as openapi

bp = Blueprint("registry", __name__, template_folder="templates", static_folder="static",
               static_url_path="/registry-static")

# The views attach themselves to bp (defined above), as in Flask's own large-application pattern.
from registry import api, cli, generations  # noqa: E402, F401
from registry.routes import agency, apply, desk, public, watchlist  # noqa: E402, F401


def register(app) -> None:
    """Serve the registry's pages, API and commands."""
    app.register_blueprint(bp)
    openapi.register_blueprint(api.blp)
    openapi.register_blueprint(api.abroad_blp)
    app.cli.add_command(cli.registry_cli)
