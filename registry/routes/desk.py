"""The licensing officers' desk: the applications queue, every agency, and one agency's page with a form
for each decision, vetting, guarantees, queries and the review flag."""
from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.auth import roles_required
from portal.errors import DomainError
from portal.extensions import db
from portal.models import Role
from registry import bp, services
from registry.forms import (
    AgencyForm,
    ClearFlagForm,
    DecisionForm,
    DrawdownForm,
    GuaranteeForm,
    MessageForm,
    PersonForm,
    VerifyGuaranteeForm,
    VetForm,
)
from registry.models import Agency, Guarantee, LicenceAction, LicenceClass, LicenceStatus, Person, VettingStatus

officials = roles_required(Role.LICENSING_OFFICER)  # administrators pass too
AGENCIES_PER_PAGE = 50
APPLICATIONS_PER_PAGE = 50


@bp.get("/desk/applications", endpoint="applications")
@officials
def applications_queue():
    """Applications, renewal requests and flagged agencies, oldest first, with their age and what blocks a licence;
    searchable by name or registration number."""
    query = request.args.get("q", "").strip()[:200]
    found = services.applications_queue(query, after=request.args.get("after", "")[:24],
                                        before=request.args.get("before", "")[:24], per_page=APPLICATIONS_PER_PAGE)
    return render_template("registry/desk/applications.html", found=found, items=found.items, query=query,
                           args={"q": query} if query else {}, counted=services.WAITING_COUNTED)


@bp.get("/desk/agencies")
@officials
def agencies():
    """Every agency, filtered by licence status (as in force today) and by name or number."""
    wanted_status = request.args.get("status", "")
    query = request.args.get("q", "").strip()[:200]
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rows, total = services.desk_agencies(wanted_status, query, page, AGENCIES_PER_PAGE)
    return render_template(
        "registry/desk/agencies.html", agencies=rows, total=total, page=page,
        per_page=AGENCIES_PER_PAGE, query=query, wanted_status=wanted_status, statuses=list(LicenceStatus),
    )


def _agency_form_page(form, agency: Agency | None):
    def page(outcome: web.Outcome | None = None):
        return render_template("registry/desk/agency_form.html", form=form, agency=agency,
                               messages=outcome.messages if outcome else []), outcome.status if outcome else 200

    return page


@bp.route("/desk/agencies/new", methods=["GET", "POST"])
@officials
def agency_new():
    """An official records an agency directly; it starts as an application."""
    form = AgencyForm()
    page = _agency_form_page(form, None)
    if request.method == "GET":
        return page()
    return web.post(form, lambda: services.create_agency(current_user, **form.agency_fields()),
                    done=_("The agency is recorded with a licence application."),
                    to=lambda agency: url_for("registry.agency_desk", agency_id=agency.public_id), page=page)


@bp.route("/desk/agencies/<public('agencies'):agency_id>/edit", methods=["GET", "POST"])
@officials
def agency_edit(agency_id: int):
    agency = db.get_or_404(Agency, agency_id)
    form = AgencyForm()
    page = _agency_form_page(form, agency)
    if request.method == "GET":
        form.fill_from(agency)
        return page()
    return web.post(form, lambda: services.update_agency(agency, current_user, **form.agency_fields()),
                    done=_("The agency's details are saved."),
                    to=url_for("registry.agency_desk", agency_id=agency.public_id), page=page)


# ---------------------------------------------------------------- one agency


# The fields of the decision form that only some decisions take.
DECISION_FIELDS = {
    LicenceAction.ISSUE: ("licence_class", "destinations", "sectors", "link_override_reason"),
    LicenceAction.SUSPEND: ("suspended_until", "suspension_is_review", "public_note"),
}


def _decision_form(action: LicenceAction, agency: Agency, formdata=None) -> DecisionForm:
    form = DecisionForm(prefix=action.value, formdata=formdata, agency=agency)
    for name in {n for names in DECISION_FIELDS.values() for n in names} - set(DECISION_FIELDS.get(action, ())):
        delattr(form, name)
    return form


def _render_agency(agency: Agency, status: int = 200, forms: dict | None = None, errors: dict | None = None):
    """The officials' page for one agency; forms and errors replace the fresh ones for a failed POST."""
    actions = services.allowed_actions(agency.licence)
    all_forms: dict = {f"decision-{a.value}": _decision_form(a, agency) for a in actions}
    all_forms.update({f"vet-{p.public_id}": VetForm(prefix=f"vet-{p.public_id}", formdata=None,
                                             police_clearance_ref=p.police_clearance_ref) for p in agency.people})
    for g in agency.guarantees:
        all_forms[f"verify-{g.public_id}"] = VerifyGuaranteeForm(prefix=f"verify-{g.public_id}", formdata=None)
        all_forms[f"draw-{g.public_id}"] = DrawdownForm(prefix=f"draw-{g.public_id}", formdata=None)
    all_forms.update({
        "person": PersonForm(prefix="person", formdata=None),
        "guarantee": GuaranteeForm(prefix="guarantee", formdata=None),
        "message": MessageForm(prefix="message", formdata=None),
        "flag": ClearFlagForm(prefix="flag", formdata=None),
    })
    all_forms.update(forms or {})
    return render_template(
        "registry/desk/agency.html", agency=agency, actions=actions, forms=all_forms, errors=errors or {},
        blockers=services.licence_blockers(agency), needs_order=services.NEEDS_ORDER_REFERENCE,
        needs_confirmation=services.NEEDS_CONFIRMATION,
        guarantee_minimums=current_app.config["GUARANTEE_MINIMUMS"].get(agency.licence.licence_class.value, {}),
        links=services.agency_links(agency),
    ), status


@bp.get("/desk/agencies/<public('agencies'):agency_id>")
@officials
def agency_desk(agency_id: int):
    """Everything about one agency, with a form for each decision open to the officer."""
    return _render_agency(db.get_or_404(Agency, agency_id))


def _post_on_agency(agency: Agency, key: str, form, action, done: str, anchor: str = "", shown=lambda: True):
    """A form posted on an agency's page: done, back to the page; refused, the page again with the reasons
    by the form (at the top when the form is no longer on the page, e.g. a decision from a stale page)."""

    def page(outcome: web.Outcome):
        return _render_agency(agency, outcome.status, {key: form}, {key if shown() else "page": outcome.messages})

    to = url_for("registry.agency_desk", agency_id=agency.public_id) + (f"#{anchor}" if anchor else "")
    return web.post(form, action, done=done, to=to, page=page)


@bp.post("/desk/agencies/<public('agencies'):agency_id>/decisions/<action>")
@officials
def agency_decide(agency_id: int, action: str):
    """One licence decision (start review, issue, reject, renew, suspend, reinstate, revoke)."""
    agency = db.get_or_404(Agency, agency_id)
    try:
        act = LicenceAction(action)
    except ValueError:
        abort(404)
    if act not in services.OFFICER_ACTIONS:
        abort(404)
    form = _decision_form(act, agency, formdata=request.form)
    if act in services.NEEDS_CONFIRMATION and form.confirmed.data != "yes":
        return _confirmation(agency, act, form)

    def decide():
        issuing, suspending = act == LicenceAction.ISSUE, act == LicenceAction.SUSPEND
        return services.decide(agency.licence, act, current_user, form.reason.data, form.order_reference.data,
                               licence_class=LicenceClass(form.licence_class.data) if issuing else None,
                               scope=form.scope() if issuing else None,
                               suspension=form.suspension() if suspending else None,
                               link_override=form.link_override_reason.data if issuing else "")

    return _post_on_agency(agency, f"decision-{act.value}", form, decide, _("Done: %(what)s.", what=act.label),
                           shown=lambda: act in services.allowed_actions(agency.licence))


def _confirmation(agency: Agency, act: LicenceAction, form: DecisionForm):
    """The second step of a suspension, revocation or rejection: what will happen, to confirm or go back.
    A decision that could not be taken as asked goes back to the agency's page with the reasons."""
    key = f"decision-{act.value}"
    if not form.validate():
        return _render_agency(agency, 422, {key: form})
    try:
        services.check_decision(agency.licence, act, current_user, form.reason.data, form.order_reference.data,
                                suspension=form.suspension() if act == LicenceAction.SUSPEND else None)
    except DomainError as error:
        leftover = web.show_errors(form, error)
        return _render_agency(agency, error.status, {key: form}, {key: [m for _n, m in leftover]})
    return render_template("registry/desk/confirm_decision.html", agency=agency, action=act, form=form,
                           key=key)


@bp.post("/desk/agencies/<public('agencies'):agency_id>/people")
@officials
def person_add(agency_id: int):
    agency = db.get_or_404(Agency, agency_id)
    form = PersonForm(prefix="person")
    return _post_on_agency(agency, "person", form,
                           lambda: services.record_person(agency, current_user, **form.person_fields()),
                           _("The person is added; vet them before a licence is issued."), "people")


@bp.post("/desk/people/<public('agency_people'):person_id>/vetting")
@officials
def person_vet(person_id: int):
    person = db.get_or_404(Person, person_id)
    key = f"vet-{person.public_id}"
    form = VetForm(prefix=key)

    def vet():
        reference = (form.police_clearance_ref.data or "").strip()
        if reference and reference != person.police_clearance_ref:  # entered or corrected by the officer
            services.record_police_clearance(person, reference, current_user)
        return services.vet_person(person, VettingStatus(form.status.data), form.note.data or "", current_user)

    return _post_on_agency(person.agency, key, form, vet, _("Vetting recorded for %(name)s.", name=person.name),
                           "people")


@bp.post("/desk/agencies/<public('agencies'):agency_id>/guarantees")
@officials
def guarantee_add(agency_id: int):
    agency = db.get_or_404(Agency, agency_id)
    form = GuaranteeForm(prefix="guarantee")
    return _post_on_agency(
        agency, "guarantee", form,
        lambda: services.lodge_guarantee(agency, current_user, verified=form.verified.data,
                                         verification_reference=form.verification_reference.data or "",
                                         **form.guarantee_fields()),
        _("The guarantee is recorded."), "guarantees")


@bp.post("/desk/guarantees/<public('guarantees'):guarantee_id>/verify")
@officials
def guarantee_verify(guarantee_id: int):
    guarantee = db.get_or_404(Guarantee, guarantee_id)
    key = f"verify-{guarantee.public_id}"
    form = VerifyGuaranteeForm(prefix=key)
    return _post_on_agency(
        guarantee.agency, key, form,
        lambda: services.verify_guarantee(guarantee, current_user, form.verification_reference.data or ""),
        _("The guarantee is verified."), f"guarantee-{guarantee.public_id}", shown=lambda: not guarantee.verified_at)


@bp.post("/desk/guarantees/<public('guarantees'):guarantee_id>/drawdowns")
@officials
def guarantee_draw(guarantee_id: int):
    """Record money drawn on a guarantee, with the reason and the grievance it pays."""
    guarantee = db.get_or_404(Guarantee, guarantee_id)
    key = f"draw-{guarantee.public_id}"
    form = DrawdownForm(prefix=key)
    return _post_on_agency(
        guarantee.agency, key, form,
        lambda: services.draw_on_guarantee(guarantee, current_user, **form.drawdown_fields()),
        _("The draw-down is recorded."), f"guarantee-{guarantee.public_id}")


@bp.get("/desk/guarantees/expiring")
@officials
def guarantees_expiring():
    """Licensed agencies whose guarantee runs out within 60 days (or has run out), soonest first."""
    return render_template("registry/desk/guarantees_expiring.html", rows=services.expiring_guarantees(),
                           within=services.EXPIRING_WITHIN_DAYS)


@bp.post("/desk/agencies/<public('agencies'):agency_id>/messages")
@officials
def agency_message(agency_id: int):
    agency = db.get_or_404(Agency, agency_id)
    form = MessageForm(prefix="message")
    return _post_on_agency(agency, "message", form, lambda: services.add_message(agency, current_user, form.body.data),
                           _("Your query is sent to the agency."), "messages")


@bp.post("/desk/agencies/<public('agencies'):agency_id>/review-flag")
@officials
def review_flag_clear(agency_id: int):
    agency = db.get_or_404(Agency, agency_id)
    form = ClearFlagForm(prefix="flag")
    return _post_on_agency(agency, "flag", form,
                           lambda: services.clear_review_flag(agency, current_user, form.reason.data),
                           _("The review flag is cleared."), shown=lambda: agency.review_flag)


