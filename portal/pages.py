"""Pages and API fields that join domains: the public agency profile with its grievance record (page and
JSON), and each official's home. They live in the shell, above every domain, so no domain reaches up."""
import marshmallow as ma
from flask import redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_smorest import Blueprint as ApiBlueprint

from grievances.schemas import AgencyRecordSchema
from grievances.services import agency_record
from portal.errors import NotFound
from portal.routes import bp
from portal.scheduler import jobs_status
from portal.schemas import ErrorSchema
from registry.routes.public import public_agency
from registry.schemas import AgencyDetailSchema, agency_detail
from registry.services import agency_by_licence_number, public_status, verdict

api_blp = ApiBlueprint("agency_profiles_api", __name__, url_prefix="/api/v1/agencies",
                       description="One agency of the public registry, with its grievance record.")


class AgencyProfileSchema(AgencyDetailSchema):
    grievances = ma.fields.Nested(AgencyRecordSchema, metadata={"description": "The agency's grievance record"})


@bp.get("/agencies/<int:agency_id>")
def agency_profile(agency_id: int):
    """An agency's public profile: the verdict, the licence and its history, the grievance record."""
    agency = public_agency(agency_id)
    return render_template("agency_profile.html", agency=agency, verdict=verdict(agency),
                           record=agency_record(agency.id))


@api_blp.get("/<path:licence_number>")
@api_blp.response(200, AgencyProfileSchema)
@api_blp.alt_response(404, schema=ErrorSchema, description="No agency holds this licence number")
def agency_profile_json(licence_number: str):
    """One agency: its verdict, validity, destinations, sectors, licence history and grievance record."""
    agency = agency_by_licence_number(licence_number)
    if agency is None or public_status(agency) is None:
        raise NotFound(_l("No agency in the public registry holds this licence number."))
    return agency_detail(agency) | {"grievances": agency_record(agency.id)}


@bp.get("/desk")
@login_required
def desk():
    """Where each user lands after logging in: an agency sees its own record, officials their queues."""
    if current_user.agency_id is not None:
        return redirect(url_for("registry.my_agency"))
    return render_template("desk.html", jobs=jobs_status())
