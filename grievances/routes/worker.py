"""What a worker (or whoever files for them) does without an account: file a grievance, open it with the
reference and the secret code (kept in this browser's session, never in a URL), read its timeline, write to
the case officer, add evidence, and hide the case again on a shared phone."""
import secrets

from flask import current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from grievances import bp
from grievances import services as svc
from grievances.forms import FILING_FIELDS, EvidenceForm, FilingForm, ReplyForm, TrackForm
from grievances.models import Grievance
from grievances.routes import private
from grievances.services.deadlines import ACKNOWLEDGE_URGENT_WITHIN_HOURS, ACKNOWLEDGE_WITHIN_DAYS
from grievances.timeline import WORKER, timeline
from portal import uploads, web
from portal.countries import COMMON_DESTINATIONS, country_choices
from portal.errors import DomainError
from portal.extensions import db, limiter
from portal.forms import ButtonForm, choices
from portal.i18n import LANGUAGE_NAMES
from portal.security import configured_limit
from portal.text import _l

CASE_SESSION_KEY = "grievance_case"
NO_MATCH = _l("We could not find a grievance with this reference number and code. Check both and try again.")


# ---------------------------------------------------------------- filing


def _filing_form() -> FilingForm:
    form = FilingForm()
    form.destination_country.choices = country_choices(common=COMMON_DESTINATIONS)
    form.language.choices = choices((code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"])
    if request.method == "GET":
        form.filing_token.data = secrets.token_urlsafe(24)
        form.language.data = str(get_locale().language)
        form.recruiter_name.data = request.args.get("recruiter_name", "")[:200]
        form.agency.data = request.args.get("agency", "")[:200]
        form.contract_code.data = request.args.get("contract_code", "")[:40]
    return form


def _show_on_filing_fields(form: FilingForm, leftover: list[tuple[str | None, str]]) -> None:
    """The services name the API's fields (contact.phone); show each reason on the form field for it."""
    for name, message in leftover:
        target = form[FILING_FIELDS.get(name, "description")]
        target.errors = [*target.errors, message]


@bp.route("/grievances/new", methods=["GET", "POST"])
@limiter.limit(configured_limit("GRIEVANCE_FILE_RATE_LIMIT"), methods=["POST"],
               deduct_when=lambda response: response.status_code == 201)
def file():
    """File a grievance without an account; the reference and tracking code are shown once."""
    form = _filing_form()
    if request.method == "GET":
        return render_template("grievances/file.html", form=form)
    evidence = uploads.read_all(request.files.getlist(form.evidence.name))
    outcome = web.submit(form, lambda: svc.file_grievance(form.filing_input(evidence), ip=request.remote_addr))
    if not outcome.done:
        _show_on_filing_fields(form, outcome.leftover)
        return render_template("grievances/file.html", form=form), outcome.status
    filing = outcome.result
    _follow(filing.grievance)
    page = render_template("grievances/filed.html", grievance=filing.grievance, code=filing.tracking_code,
                           repeated=filing.repeated,
                           acknowledge_days=ACKNOWLEDGE_WITHIN_DAYS, acknowledge_hours=ACKNOWLEDGE_URGENT_WITHIN_HOURS)
    return private(make_response(page, 201))


# ---------------------------------------------------------------- tracking


def _follow(grievance: Grievance) -> None:
    """Keep the worker "in" their case for this browser session (a signed cookie)."""
    # A piece of the code's hash goes with the id, so a forged cookie needs the database too, not only the key.
    session[CASE_SESSION_KEY] = {"id": grievance.id, "check": grievance.tracking_code_hash[:16]}


def _tracked_case() -> Grievance | None:
    followed = session.get(CASE_SESSION_KEY)
    if not isinstance(followed, dict):
        return None
    grievance = db.session.get(Grievance, followed.get("id") or 0)
    if grievance is None or grievance.tracking_code_hash[:16] != followed.get("check"):
        return None
    return grievance


def _open_case(form: TrackForm) -> Grievance:
    """The case matching both numbers; the same refusal whichever of the two was wrong."""
    grievance = svc.find_for_tracking(form.reference.data or "", form.code.data or "")
    if grievance is None:
        raise DomainError(NO_MATCH, field="code")
    return grievance


@bp.route("/grievances/track", methods=["GET", "POST"])
@limiter.limit(configured_limit("GRIEVANCE_TRACK_RATE_LIMIT"), methods=["POST"],
               deduct_when=lambda response: response.status_code != 303)
def track():
    """Reference and tracking code (POSTed, never in the URL) open the case for this browser session."""
    form = TrackForm()
    status = 200
    if request.method == "POST":
        outcome = web.submit(form, lambda: _open_case(form))
        if outcome.done:
            _follow(outcome.result)
            return redirect(url_for("grievances.my_case"), code=303)
        form.code.data = ""  # the code is a secret and never echoed; the reference stays so it need not be retyped
        status = outcome.status
    page = render_template("grievances/track.html", form=form, following=_tracked_case())
    return private(make_response(page, status))


def _case_page(grievance: Grievance, reply=None, evidence=None, status=200):
    page = render_template(
        "grievances/my_case.html", grievance=grievance, timeline=timeline(grievance, WORKER),
        reply_form=reply or ReplyForm(formdata=None), evidence_form=evidence or EvidenceForm(formdata=None),
    )
    return private(make_response(page, status))


def _back_to_tracking():
    return redirect(url_for("grievances.track"))


@bp.get("/grievances/track/case")
def my_case():
    """The case followed in this browser: its status in plain words, the timeline, and what the worker can do."""
    grievance = _tracked_case()
    if grievance is None:
        flash(_("Enter your reference number and secret code to see your grievance."), "info")
        return _back_to_tracking()
    return _case_page(grievance)


@bp.post("/grievances/track/case/reply")
@limiter.limit(configured_limit("GRIEVANCE_REPLY_RATE_LIMIT"))
def reply():
    """The worker writes to the case officer."""
    grievance = _tracked_case()
    if grievance is None:
        return _back_to_tracking()
    form = ReplyForm()
    return web.post(form, lambda: svc.worker_message(grievance, form.message.data or ""),
                    done=_("Your message was sent to the case officer."),
                    to=url_for("grievances.my_case") + "#timeline", code=303,
                    page=lambda outcome: _case_page(grievance, reply=form, status=422))


@bp.post("/grievances/track/case/evidence")
@limiter.limit(configured_limit("GRIEVANCE_REPLY_RATE_LIMIT"))
def add_evidence():
    """The worker sends more photos or PDFs."""
    grievance = _tracked_case()
    if grievance is None:
        return _back_to_tracking()
    form = EvidenceForm()

    def add():
        return svc.worker_add_evidence(grievance, uploads.read_all(request.files.getlist(form.evidence.name)))

    return web.post(form, add, done=_("Your files were added to your grievance."),
                    to=url_for("grievances.my_case") + "#timeline", code=303,
                    page=lambda outcome: _case_page(grievance, evidence=form, status=422))


@bp.post("/grievances/track/leave")
def leave():
    """Forget the case in this browser (a shared phone)."""
    back = url_for("grievances.track")
    return web.post(ButtonForm(), lambda: session.pop(CASE_SESSION_KEY, None),
                    done=_("This phone no longer shows your grievance. Keep your reference number and code."),
                    to=back, code=303, page=lambda outcome: redirect(back, code=303))
