"""The online licence application (as EEMIS): anyone may apply; it creates the application and the
representative's account, who is then logged in to follow it."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal import web
from portal.extensions import limiter
from portal.security import configured_limit
from portal.sessions import start_session
from registry import bp, services
from registry.forms import ApplicationForm


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit(configured_limit("APPLY_RATE_LIMIT"), methods=["POST"])
def apply():
    """The application form; on success the applicant is logged in to their agency's page."""
    form = ApplicationForm()
    if request.method == "GET":
        return render_template("registry/apply/form.html", form=form, messages=[], people_errors=[])
    outcome = web.submit(form, lambda: services.submit_application(
        form.agency_fields(), form.filled_people(), form.guarantee_fields(), form.files(),
        form.representative()))
    if outcome.done:
        _agency, user, _documents = outcome.result
        start_session(user)
        flash(_("Your application is received. Follow it here and answer the licensing office's questions."), "info")
        return redirect(url_for("registry.my_agency"))
    people_errors = [message for name, message in outcome.leftover if name == "people"]
    messages = [message for name, message in outcome.leftover if name != "people"]
    return render_template("registry/apply/form.html", form=form, messages=messages,
                           people_errors=people_errors), 422
