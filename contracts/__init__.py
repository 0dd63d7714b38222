"""Standard employment contracts: templates, drafting, signatures, attestation, the worker's check."""
from flask import Blueprint

bp = Blueprint("contracts", __name__, template_folder="templates", static_folder="static",
               static_url_path="/contracts/static")


def register(app) -> None:
    from contracts import models  # noqa: F401  (tables known to the metadata)

    app.register_blueprint(bp)
