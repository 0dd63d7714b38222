"""Standard employment contracts: templates, drafting, signatures, attestation, the worker's check."""
from flask import Blueprint

bp = Blueprint("contracts", __name__, template_folder="templates", static_folder="static",
               static_url_path="/contracts/static")


def register(app) -> None:
    from contracts import api as contracts_api
    from contracts import models, routes, services  # noqa: F401  (tables, views and the freeze guard)
    from portal.extensions import api

    app.register_blueprint(bp)
    api.register_blueprint(contracts_api.blp)
