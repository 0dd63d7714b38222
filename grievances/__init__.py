"""Grievances: confidential filing and tracking for workers, case handling for officials, the agency's view."""
from flask import Blueprint

from portal.extensions import api as openapi
from portal.extensions import csrf

bp = Blueprint("grievances", __name__, template_folder="templates", static_folder="static",
               static_url_path="/grievances/static")

# The views attach themselves to bp (defined above), as in Flask's own large-application pattern.
from grievances import api, cli  # noqa: E402, F401
from grievances.routes import agency, desk, worker  # noqa: E402, F401


def register(app) -> None:
    """Serve the grievance pages, API (filed from phones and apps without a CSRF token) and jobs."""
    app.register_blueprint(bp)
    csrf.exempt(api.blp)
    openapi.register_blueprint(api.blp)
    app.cli.add_command(cli.grievances_cli)
