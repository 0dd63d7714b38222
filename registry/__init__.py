"""The registry of licensed recruitment agencies: public checks, officials' desk, JSON API."""
from flask import Blueprint

bp = Blueprint("registry", __name__, template_folder="templates", static_folder="static",
               static_url_path="/registry-static")


def register(app) -> None:
    from portal.extensions import api
    from registry import api as registry_api
    from registry import cli, desk, routes  # noqa: F401  (routes attach to bp)

    app.register_blueprint(bp)
    api.register_blueprint(registry_api.blp)
    app.cli.add_command(cli.registry_cli)
