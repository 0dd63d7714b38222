"""Grievance pages: filing and tracking without an account, the case officers' queue and case page,
the agency's view, and evidence files served only to those allowed."""
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from grievances import bp
from grievances import services as svc
from grievances.forms import (
    FILING_FIELDS,
    ActionForm,
    AgencyResponseForm,
    AssignForm,
    EvidenceForm,
    FilingForm,
    MessageForm,
    NoteForm,
    QueueFilterForm,
    ReasonForm,
    ReferForm,
    ReplyForm,
    ResolveForm,
    TrackForm,
    choices,
)
from grievances.models import (
    CATEGORY_LABELS,
    CATEGORY_SHORT,
    CONTACT_LABELS,
    DEADLINE_LABELS,
    FILER_LABELS,
    OUTCOME_LABELS,
    OVERDUE_LABELS,
    STATUS_ADVICE,
    STATUS_LABELS,
    EvidenceFile,
    Grievance,
)
from portal.auth import roles_required
from portal.countries import country_name
from portal.errors import DomainError
from portal.extensions import db, limiter
from portal.i18n import LANGUAGE_NAMES
from portal.models import Role, User
from portal.security import configured_limit

CASE_SESSION_KEY = "grievance_case"
LABELS = {
    "status": STATUS_LABELS, "advice": STATUS_ADVICE, "category": CATEGORY_LABELS, "category_short": CATEGORY_SHORT,
    "filer": FILER_LABELS, "contact": CONTACT_LABELS, "outcome": OUTCOME_LABELS, "deadline": DEADLINE_LABELS, "overdue": OVERDUE_LABELS,
}



def _private(response):
    """Worker and case pages must not stay in a shared phone's cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _uploads(files) -> list[svc.Upload]:
    """Read each uploaded file, at most one byte over the limit (the service refuses what is too large)."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    return [svc.Upload(f.filename or "", f.stream.read(limit + 1)) for f in files if f and (f.filename or "").strip()]


# ---------------------------------------------------------------- filing


def _country_choices():
    """Common destinations first, then every country by name, in the reader's language."""
    common, others = _("Common destinations"), _("All countries")
    first = [SelectChoice(c, country_name(c), optgroup=common) for c in svc.PRIORITY_DESTINATIONS]
    rest = sorted((SelectChoice(c, country_name(c), optgroup=others) for c in svc.country_codes()
                   if c not in svc.PRIORITY_DESTINATIONS), key=lambda choice: choice.label)
    return [SelectChoice("", _("Choose a country"))] + first + rest


def _filing_form() -> FilingForm:
    form = FilingForm()
    form.destination_country.choices = _country_choices()
    form.language.choices = choices((code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"])
    if request.method == "GET":
        form.language.data = str(get_locale().language)
        form.recruiter_name.data = request.args.get("recruiter_name", "")[:200]
        form.agency.data = request.args.get("agency", "")[:200]
        form.contract_code.data = request.args.get("contract_code", "")[:40]
    return form


@bp.route("/grievances/new", methods=["GET", "POST"])
@limiter.limit(configured_limit("GRIEVANCE_FILE_RATE_LIMIT"), methods=["POST"],
               deduct_when=lambda response: response.status_code == 201)
def file():
    """File a grievance without an account; the reference and tracking code are shown once."""
    form = _filing_form()
    if form.validate_on_submit():
        data = svc.FilingInput(
            filer_type=form.filer_type.data or "", agency_text=form.agency.data or "", agency_by_name=True,
            recruiter_name=form.recruiter_name.data or "", recruiter_phone=form.recruiter_phone.data or "",
            employer_name=form.employer_name.data or "", destination_country=form.destination_country.data or "",
            contract_code=form.contract_code.data or "", categories=form.categories.data or [],
            description=form.description.data or "", amount_text=form.amount.data or "",
            currency=form.currency.data or "",
            contact_name=form.contact_name.data or "", contact_method=form.contact_method.data or "none",
            contact_phone=form.contact_phone.data or "", contact_whatsapp=form.contact_whatsapp.data or "",
            contact_email=form.contact_email.data or "", contact_relative=form.contact_relative.data or "",
            share_identity_with_agency=bool(form.share_identity.data), language=form.language.data or "en",
            evidence=_uploads(request.files.getlist(form.evidence.name)),
        )
        filing = None
        try:
            filing = svc.file_grievance(data, ip=request.remote_addr)
            db.session.commit()
        except svc.FilingInvalid as error:
            db.session.rollback()
            for name, message in error.fields.items():
                getattr(form, FILING_FIELDS.get(name, "description")).errors.append(str(message))
        except DomainError as error:
            db.session.rollback()
            getattr(form, error.field if error.field in form else "description").errors.append(str(error.message))
        except BaseException:
            db.session.rollback()
            if filing is not None:
                svc.discard_files(filing.stored_paths)
            raise
        if filing is not None:
            _follow(filing.grievance)
            response = current_app.make_response(
                (render_template("grievances/filed.html", grievance=filing.grievance, code=filing.tracking_code,
                                 labels=LABELS), 201)
            )
            return _private(response)
    status = 422 if form.errors else 200
    return render_template("grievances/file.html", form=form, labels=LABELS), status


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


@bp.route("/grievances/track", methods=["GET", "POST"])
@limiter.limit(configured_limit("GRIEVANCE_TRACK_RATE_LIMIT"), methods=["POST"],
               deduct_when=lambda response: response.status_code != 303)
def track():
    """Reference and tracking code (POSTed, never in the URL) open the case for this browser session."""
    form = TrackForm()
    if form.validate_on_submit():
        grievance = svc.find_for_tracking(form.reference.data or "", form.code.data or "")
        if grievance is not None:
            _follow(grievance)
            return redirect(url_for("grievances.my_case"), code=303)
        # The same page whichever of the two was wrong; neither is echoed back (the code is a secret).
        form.reference.data = form.code.data = ""
        form.code.errors.append(_("We could not find a grievance with this reference number and code. Check both "
                                  "and try again."))
    status = 422 if form.errors else 200
    response = current_app.make_response(
        (render_template("grievances/track.html", form=form, following=_tracked_case()), status)
    )
    return _private(response)


def _case_page(grievance: Grievance, reply=None, evidence=None, status=200):
    response = current_app.make_response((render_template(
        "grievances/my_case.html", grievance=grievance, timeline=svc.timeline(grievance, "worker"),
        reply_form=reply or ReplyForm(formdata=None), evidence_form=evidence or EvidenceForm(formdata=None),
        labels=LABELS,
    ), status))
    return _private(response)


@bp.get("/grievances/track/case")
def my_case():
    grievance = _tracked_case()
    if grievance is None:
        flash(_("Enter your reference number and secret code to see your grievance."), "info")
        return redirect(url_for("grievances.track"))
    return _case_page(grievance)


@bp.post("/grievances/track/case/reply")
@limiter.limit(configured_limit("GRIEVANCE_REPLY_RATE_LIMIT"))
def reply():
    grievance = _tracked_case()
    if grievance is None:
        return redirect(url_for("grievances.track"))
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            svc.worker_message(grievance, form.message.data or "")
            db.session.commit()
            flash(_("Your message was sent to the case officer."), "info")
            return redirect(url_for("grievances.my_case") + "#timeline", code=303)
        except DomainError as error:
            db.session.rollback()
            form.message.errors.append(str(error.message))
    return _case_page(grievance, reply=form, status=422)


@bp.post("/grievances/track/case/evidence")
@limiter.limit(configured_limit("GRIEVANCE_REPLY_RATE_LIMIT"))
def add_evidence():
    grievance = _tracked_case()
    if grievance is None:
        return redirect(url_for("grievances.track"))
    form = EvidenceForm()
    if form.validate_on_submit():
        paths = []
        try:
            paths = svc.worker_add_evidence(grievance, _uploads(request.files.getlist(form.evidence.name)))
            db.session.commit()
            flash(_("Your files were added to your grievance."), "info")
            return redirect(url_for("grievances.my_case") + "#timeline", code=303)
        except DomainError as error:
            db.session.rollback()
            form.evidence.errors.append(str(error.message))
        except BaseException:
            db.session.rollback()
            svc.discard_files(paths)
            raise
    return _case_page(grievance, evidence=form, status=422)


@bp.post("/grievances/track/leave")
def leave():
    """Forget the case in this browser (a shared phone)."""
    form = ActionForm()
    if form.validate_on_submit():
        session.pop(CASE_SESSION_KEY, None)
        flash(_("This phone no longer shows your grievance. Keep your reference number and code."), "info")
    return redirect(url_for("grievances.track"), code=303)


# ---------------------------------------------------------------- case officers


def _filters_from(form: QueueFilterForm) -> svc.QueueFilters:
    return svc.QueueFilters(
        status=form.status.data or "", urgent=bool(form.urgent.data), overdue=bool(form.overdue.data),
        destination=form.destination.data or "", agency=(form.agency.data or "").strip(),
        category=form.category.data or "", assigned=form.assigned.data or "", escalated=bool(form.escalated.data),
    )


@bp.get("/grievances/cases")
@roles_required(Role.CASE_OFFICER)
def queue():
    """The case officers' queue: filters, deadlines and overdue marks."""
    form = QueueFilterForm(request.args)
    countries = svc.attache_countries(current_user) if not svc.sees_all_cases(current_user) else []
    codes = countries or svc.country_codes()
    form.destination.choices = choices(sorted(((c, country_name(c)) for c in codes), key=lambda p: p[1]), _("Any"))
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    cases, total = svc.queue(current_user, _filters_from(form), page=page)
    now = svc.utcnow()
    rows = [(g, svc.overdue_deadlines(g, now), svc.next_deadline(g)) for g in cases]
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("grievances/queue.html", form=form, rows=rows, total=total, page=page, per_page=50,
                           labels=LABELS, args=args, attache_countries=countries)


CASE_FORMS = {
    "take": ActionForm, "assign": AssignForm, "acknowledge": ActionForm, "investigate": ActionForm,
    "refer": ReferForm, "resolve": ResolveForm, "close": ActionForm, "reopen": ReasonForm, "withdraw": ReasonForm,
    "message": MessageForm, "note": NoteForm,
}


def _run_action(action: str, grievance: Grievance, form) -> None:
    user = current_user._get_current_object()
    if action == "take":
        svc.assign(grievance, user, None)
    elif action == "assign":
        chosen = form.officer.data or ""
        officer = db.session.get(User, int(chosen)) if chosen.isdigit() else None
        if officer is None:
            raise DomainError(_("Choose an active case officer."), field="officer")
        svc.assign(grievance, user, officer)
    elif action == "acknowledge":
        svc.acknowledge(grievance, user)
    elif action == "investigate":
        svc.start_investigation(grievance, user)
    elif action == "refer":
        svc.refer(grievance, user, form.target.data or "", form.to_whom.data or "", form.referred_on.data,
                  form.note.data or "")
    elif action == "resolve":
        svc.resolve(grievance, user, form.outcome.data or "", form.summary.data or "",
                    svc.parse_amount(form.amount.data), form.currency.data or "")
    elif action == "close":
        svc.close(grievance, user)
    elif action == "reopen":
        svc.reopen(grievance, user, form.reason.data or "")
    elif action == "withdraw":
        svc.withdraw(grievance, user, form.reason.data or "")
    elif action == "message":
        svc.message_worker(grievance, user, form.body.data or "")
    elif action == "note":
        svc.add_note(grievance, user, form.body.data or "")


def _render_case(grievance: Grievance, submitted: tuple[str, object] | None = None, error: str = "",
                 status: int = 200):
    user = current_user._get_current_object()
    forms = {name: cls(formdata=None, prefix=name) for name, cls in CASE_FORMS.items()}
    if submitted:
        forms[submitted[0]] = submitted[1]
    officers = svc.case_officers(grievance) if svc.sees_all_cases(user) else []
    forms["assign"].officer.choices = choices(((u.id, u.name or u.email) for u in officers), _("Choose"))
    identity = svc.can_see_identity(user, grievance)
    if identity:
        svc.record_identity_view(user, grievance)
        db.session.commit()
    response = current_app.make_response((render_template(
        "grievances/case.html", grievance=grievance, forms=forms, identity=identity,
        can_act=svc.can_act(user, grievance), allowed=svc.allowed_actions(grievance),
        sees_all=svc.sees_all_cases(user), timeline=svc.timeline(grievance, "official"),
        parties=svc.liable_parties(grievance), contract=svc.linked_contract(grievance),
        overdue=svc.overdue_deadlines(grievance), next_deadline=svc.next_deadline(grievance),
        labels=LABELS, action_labels=svc.ACTION_LABELS, error_action=submitted[0] if submitted else None,
        error=error,
    ), status))
    return _private(response)


@bp.get("/grievances/cases/<reference>")
@roles_required(Role.CASE_OFFICER)
def case(reference: str):
    return _render_case(svc.get_case(reference, current_user))


@bp.post("/grievances/cases/<reference>/<action>")
@roles_required(Role.CASE_OFFICER)
def case_action(reference: str, action: str):
    """One workflow step, message or note; a refused step re-renders the case with the reason."""
    if action not in CASE_FORMS:
        abort(404)
    grievance = svc.get_case(reference, current_user)
    form = CASE_FORMS[action](prefix=action)
    if action == "assign":
        form.officer.choices = choices([], "")
    if not form.validate_on_submit():
        return _render_case(grievance, (action, form), _("Please correct the fields marked below."), 422)
    try:
        _run_action(action, grievance, form)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        grievance = svc.get_case(reference, current_user)
        if error.field and error.field in form:
            form[error.field].errors.append(str(error.message))
            message = _("Please correct the fields marked below.")
        else:
            message = str(error.message)
        return _render_case(grievance, (action, form), message, error.status)
    flash(_done_message(action), "info")
    return redirect(url_for("grievances.case", reference=grievance.reference), code=303)


def _done_message(action: str) -> str:
    return {
        "take": _("You took this case. You now see the worker's identity and contacts."),
        "assign": _("The case was assigned."),
        "acknowledge": _("The case is acknowledged. The worker sees this when they follow the case."),
        "investigate": _("The investigation has started."),
        "refer": _("The referral is recorded."),
        "resolve": _("The case is resolved."),
        "close": _("The case is closed."),
        "reopen": _("The case is reopened, with a new 30-day deadline."),
        "withdraw": _("The withdrawal is recorded."),
        "message": _("Your message was sent to the worker."),
        "note": _("The note was added."),
    }[action]


@bp.get("/grievances/evidence/<int:evidence_id>")
@login_required
def evidence(evidence_id: int):
    """An evidence file, only for those who may see the worker's identity; every view is audited."""
    item = db.session.get(EvidenceFile, evidence_id)
    user = current_user._get_current_object()
    if item is None or not svc.can_see_identity(user, item.grievance):
        abort(404)
    svc.record_identity_view(user, item.grievance, "evidence")
    db.session.commit()
    response = send_file(svc.evidence_path(item), mimetype=item.mime_type, download_name=item.original_name,
                         as_attachment=item.mime_type == "application/pdf", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


# ---------------------------------------------------------------- the agency's side


@bp.get("/grievances/agency")
@roles_required(Role.AGENCY_REPRESENTATIVE)
def agency_cases():
    """Grievances against the representative's own agency."""
    cases = svc.agency_cases(current_user)
    return render_template("grievances/agency_cases.html", cases=cases, labels=LABELS)


@bp.route("/grievances/agency/<reference>", methods=["GET", "POST"])
@roles_required(Role.AGENCY_REPRESENTATIVE)
def agency_case(reference: str):
    """One grievance as the agency sees it; identity only with the worker's consent; the agency may respond."""
    user = current_user._get_current_object()
    grievance = svc.get_agency_case(reference, user)
    form = AgencyResponseForm()
    status = 200
    if form.validate_on_submit():
        try:
            svc.agency_respond(grievance, user, form.body.data or "")
            db.session.commit()
            flash(_("Your response was added to the case."), "info")
            return redirect(url_for("grievances.agency_case", reference=grievance.reference), code=303)
        except DomainError as error:
            db.session.rollback()
            grievance = svc.get_agency_case(reference, user)
            form.body.errors.append(str(error.message))
            status = 422
    identity = svc.can_see_identity(user, grievance)
    if identity:
        svc.record_identity_view(user, grievance)
        db.session.commit()
    response = current_app.make_response((render_template(
        "grievances/agency_case.html", grievance=grievance, form=form, identity=identity,
        timeline=svc.timeline(grievance, "agency"), labels=LABELS,
    ), status))
    return _private(response)
