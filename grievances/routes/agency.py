"""An agency representative's side: the grievances against their own agency, each case as the agency sees
it (the worker's identity only with the worker's consent, every look audited), and the agency's response."""
from flask import make_response, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grievances import bp
from grievances import services as svc
from grievances.forms import AgencyResponseForm
from grievances.models import Grievance
from grievances.routes import private
from grievances.timeline import AGENCY, timeline
from portal import web
from portal.auth import roles_required
from portal.models import Role, User

representatives = roles_required(Role.AGENCY_REPRESENTATIVE)


@bp.get("/grievances/agency")
@representatives
def agency_cases():
    """Grievances against the representative's own agency."""
    return render_template("grievances/agency_cases.html", cases=svc.agency_cases(current_user))


def _agency_case_page(grievance: Grievance, user: User, form: AgencyResponseForm, status: int = 200):
    identity = svc.can_see_identity(user, grievance)
    if identity:
        web.run(lambda: svc.record_identity_view(user, grievance))
    page = render_template("grievances/agency_case.html", grievance=grievance, form=form, identity=identity,
                           timeline=timeline(grievance, AGENCY))
    return private(make_response(page, status))


@bp.route("/grievances/agency/<reference>", methods=["GET", "POST"])
@representatives
def agency_case(reference: str):
    """One grievance as the agency sees it; identity only with the worker's consent; the agency may respond."""
    user = current_user._get_current_object()
    grievance = svc.get_agency_case(reference, user)
    form = AgencyResponseForm()
    if not form.is_submitted():
        return _agency_case_page(grievance, user, form)
    return web.post(form, lambda: svc.agency_respond(grievance, user, form.body.data or ""),
                    done=_("Your response was added to the case."),
                    to=url_for("grievances.agency_case", reference=grievance.reference), code=303,
                    page=lambda outcome: _agency_case_page(grievance, user, form, outcome.status))
