"""Grievances: confidential filing and tracking for workers, case handling for officials, the agency's record."""
from flask import Blueprint

bp = Blueprint("grievances", __name__, template_folder="templates", static_folder="static",
               static_url_path="/grievances/static")


def _profile_section(agency) -> str:
    """The agency's grievance record on its public profile (counts only, no worker details)."""
    from flask import render_template

    from grievances.services import agency_record

    return render_template("grievances/_agency_record.html", agency=agency, record=agency_record(agency.id))


def _api_extra(agency) -> dict:
    from grievances.services import agency_record

    return {"grievances": agency_record(agency.id)}


def register(app) -> None:
    from grievances import api as grievances_api
    from grievances import cli, routes  # noqa: F401  (routes attach to bp)
    from portal.extensions import api, csrf

    app.register_blueprint(bp)
    csrf.exempt(grievances_api.blp)
    api.register_blueprint(grievances_api.blp)
    app.cli.add_command(cli.grievances_cli)
    app.extensions.setdefault("agency_profile_sections", []).append(_profile_section)
    app.extensions.setdefault("agency_api_extras", []).append(_api_extra)
