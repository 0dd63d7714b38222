"""The registry's pages behind a login (officials and agency representatives) and the online application.

A route reads the form, calls one service, commits once and redirects with a message; when a rule
refuses, it rolls back and shows the page again with the message where it belongs (409 or 422).
"""

import sqlalchemy as sa
from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from sqlalchemy.orm import selectinload

from portal.auth import roles_required
from portal.errors import DomainError
from portal.extensions import db, limiter
from portal.forms import show_error
from portal.security import configured_limit
from portal.models import AuditEntry, Role
from registry import applications, bp, services
from registry.forms import (
    DOCUMENT_KINDS,
    PARTY_KIND_LABELS,
    PERSON_ROLE_LABELS,
    VETTING_LABELS,
    AgencyForm,
    ApplicationForm,
    BanForm,
    ClearFlagForm,
    DecisionForm,
    ForeignPartyForm,
    GuaranteeForm,
    LiftBanForm,
    MessageForm,
    PersonForm,
    RenewalForm,
    VetForm,
    WatchlistForm,
)
from registry.models import (
    LICENCE_CLASS_LABELS,
    SECTORS,
    WATCHLIST_LABELS,
    Agency,
    AgencyDocument,
    DeploymentBan,
    ForeignParty,
    Guarantee,
    LicenceAction,
    LicenceClass,
    LicenceStatus,
    Person,
    VettingStatus,
    WatchlistStatus,
)
from registry.services import (
    ACTION_LABELS,
    DECISION_LABELS,
    NEEDS_ORDER_REFERENCE,
    OFFICER_ACTIONS,
    STATUS_LABELS,
    allowed_actions,
    effective_status,
    licence_blockers,
)

officials = roles_required(Role.LICENSING_OFFICER)  # administrators pass too
AGENCIES_PER_PAGE = 50

# A badge colour for each licence status (the public stylesheet's verdict colours).
BADGES = {
    LicenceStatus.APPLICATION: "pending", LicenceStatus.UNDER_REVIEW: "pending", LicenceStatus.LICENSED: "licensed",
    LicenceStatus.SUSPENDED: "suspended", LicenceStatus.EXPIRED: "expired", LicenceStatus.REVOKED: "revoked",
    LicenceStatus.REJECTED: "revoked",
}


@bp.context_processor
def _desk_labels() -> dict:
    return {
        "status_labels": STATUS_LABELS, "action_labels": ACTION_LABELS, "status_badges": BADGES,
        "sector_labels": SECTORS, "person_role_labels": PERSON_ROLE_LABELS, "vetting_labels": VETTING_LABELS,
        "party_kind_labels": PARTY_KIND_LABELS, "watchlist_labels": WATCHLIST_LABELS,
        "licence_class_labels": LICENCE_CLASS_LABELS, "effective_status": effective_status,
        "decision_labels": DECISION_LABELS, "document_kinds": DOCUMENT_KINDS,
    }


def _get(model, object_id: int):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


# ---------------------------------------------------------------- the public online application


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit(configured_limit("APPLY_RATE_LIMIT"), methods=["POST"])
def apply():
    """The online licence application (as EEMIS): creates the application and the representative's account."""
    form = ApplicationForm()
    messages: list[str] = []
    people_errors: list[str] = []
    if form.validate_on_submit():
        documents = []
        try:
            agency, user, documents = applications.submit_application(
                form.agency_fields(), form.filled_people(), form.guarantee_fields(), form.uploads(),
                {"name": form.representative_name.data.strip(), "email": form.account_email.data,
                 "password": form.password.data},
            )
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            if error.field == "people":  # the rows as a whole, not one field
                people_errors.append(str(error.message))
            else:
                show_error(form, error, messages)
        except Exception:
            db.session.rollback()
            applications.discard_files(documents)
            raise
        else:
            session.clear()
            login_user(user)
            session.permanent = True
            flash(_("Your application is received. Follow it here and answer the licensing office's questions."),
                  "info")
            return redirect(url_for("registry.my_agency"))
    return render_template("registry/apply/form.html", form=form, messages=messages,
                           people_errors=people_errors), 422 if request.method == "POST" else 200


# ---------------------------------------------------------------- the agency representative's pages


def _my_agency() -> Agency:
    if current_user.agency_id is None:
        abort(403)
    return _get(Agency, current_user.agency_id)


def _can_renew(agency: Agency) -> bool:
    return (effective_status(agency.licence) in (LicenceStatus.LICENSED, LicenceStatus.EXPIRED)
            and not agency.licence.renewal_requested_at)


def _render_my_agency(agency: Agency, status: int = 200, forms: dict | None = None, errors: dict | None = None):
    all_forms = {"message": MessageForm(prefix="message", formdata=None),
                 "renewal": RenewalForm(prefix="renewal", formdata=None)}
    all_forms.update(forms or {})
    return render_template(
        "registry/desk/my_agency.html", agency=agency, forms=all_forms, errors=errors or {},
        can_renew=_can_renew(agency), blockers=licence_blockers(agency),
    ), status


@bp.get("/my-agency")
@roles_required(Role.AGENCY_REPRESENTATIVE)
def my_agency():
    """The representative's own agency: status, people, guarantees, documents, queries, renewal."""
    return _render_my_agency(_my_agency())


@bp.post("/my-agency/messages")
@roles_required(Role.AGENCY_REPRESENTATIVE)
def my_agency_message():
    agency = _my_agency()
    form = MessageForm(prefix="message")
    errors: dict = {"message": []}
    if form.validate():
        try:
            services.add_message(agency, current_user, form.body.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            show_error(form, error, errors["message"])
        else:
            flash(_("Your answer is sent to the licensing office."), "info")
            return redirect(url_for("registry.my_agency") + "#messages")
    return _render_my_agency(agency, 422, {"message": form}, errors)


@bp.post("/my-agency/renewal")
@roles_required(Role.AGENCY_REPRESENTATIVE)
def my_agency_renewal():
    agency = _my_agency()
    form = RenewalForm(prefix="renewal")
    errors: dict = {"renewal": []}
    status = 422
    if form.validate():
        try:
            applications.submit_renewal(agency, current_user, form.note.data, form.guarantee_fields(),
                                        form.document.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            status = error.status
            show_error(form, error, errors["renewal"])
        else:
            flash(_("Your renewal application is received."), "info")
            return redirect(url_for("registry.my_agency"))
    if not _can_renew(agency):  # no renewal form on the page: say why at the top
        errors["page"] = errors.pop("renewal")
    return _render_my_agency(agency, status, {"renewal": form}, errors)


@bp.get("/documents/<int:document_id>")
@login_required
def document(document_id: int):
    """A supporting document, to licensing officers and to the owning agency's representatives only."""
    doc = _get(AgencyDocument, document_id)
    if current_user.role == Role.AGENCY_REPRESENTATIVE:
        if current_user.agency_id != doc.agency_id:
            abort(404)
    elif not current_user.has_role(Role.LICENSING_OFFICER):
        abort(403)
    return send_file(services.document_path(doc), mimetype="application/pdf", as_attachment=True,
                     download_name=doc.original_name, max_age=0)


# ---------------------------------------------------------------- licensing officers: queue and list


@bp.get("/desk/applications", endpoint="applications")
@officials
def applications_queue():
    """Applications, renewal requests and flagged agencies, oldest first, with what blocks a licence."""
    return render_template("registry/desk/applications.html", items=applications.applications_queue())


@bp.get("/desk/agencies")
@officials
def agencies():
    """Every agency, filtered by licence status (as in force today) and by name or number."""
    wanted_status = request.args.get("status", "")
    query = request.args.get("q", "").strip()[:200]
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rows = db.session.scalars(
        sa.select(Agency).options(selectinload(Agency.licence)).order_by(Agency.legal_name, Agency.id)
    ).all()
    if wanted_status in {s.value for s in LicenceStatus}:
        rows = [a for a in rows if effective_status(a.licence) == wanted_status]
    if query:
        needle = services.normalise(query)
        compact = needle.replace(" ", "")
        rows = [a for a in rows if needle in a.search_names
                or compact in services.normalise(a.registration_number).replace(" ", "")
                or compact in services.normalise(a.licence.number or "").replace(" ", "")]
    total = len(rows)
    start = (page - 1) * AGENCIES_PER_PAGE
    return render_template(
        "registry/desk/agencies.html", agencies=rows[start:start + AGENCIES_PER_PAGE], total=total, page=page,
        per_page=AGENCIES_PER_PAGE, query=query, wanted_status=wanted_status, statuses=list(LicenceStatus),
    )


@bp.route("/desk/agencies/new", methods=["GET", "POST"])
@officials
def agency_new():
    """An official records an agency directly; it starts as an application."""
    form = AgencyForm()
    messages: list[str] = []
    if form.validate_on_submit():
        try:
            agency = services.create_agency(current_user, **form.agency_fields())
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            show_error(form, error, messages)
        else:
            flash(_("The agency is recorded with a licence application."), "info")
            return redirect(url_for("registry.agency_desk", agency_id=agency.id))
    return render_template("registry/desk/agency_form.html", form=form, agency=None, messages=messages), \
        422 if request.method == "POST" else 200


@bp.route("/desk/agencies/<int:agency_id>/edit", methods=["GET", "POST"])
@officials
def agency_edit(agency_id: int):
    agency = _get(Agency, agency_id)
    form = AgencyForm()
    messages: list[str] = []
    if request.method == "GET":
        form.fill_from(agency)
    elif form.validate_on_submit():
        try:
            services.update_agency(agency, current_user, **form.agency_fields())
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            show_error(form, error, messages)
        else:
            flash(_("The agency's details are saved."), "info")
            return redirect(url_for("registry.agency_desk", agency_id=agency.id))
    return render_template("registry/desk/agency_form.html", form=form, agency=agency, messages=messages), \
        422 if request.method == "POST" else 200


# ---------------------------------------------------------------- licensing officers: one agency


def _decision_form(action: LicenceAction, formdata=None) -> DecisionForm:
    form = DecisionForm(prefix=action.value, formdata=formdata)
    if action != LicenceAction.ISSUE:
        del form.licence_class
    return form


def _render_agency(agency: Agency, status: int = 200, forms: dict | None = None, errors: dict | None = None):
    """The officials' page for one agency; forms and errors replace the fresh ones for a failed POST."""
    actions = allowed_actions(agency.licence)
    all_forms: dict = {f"decision-{a.value}": _decision_form(a) for a in actions}
    all_forms.update({f"vet-{p.id}": VetForm(prefix=f"vet-{p.id}", formdata=None,
                                             police_clearance_ref=p.police_clearance_ref) for p in agency.people})
    all_forms.update({
        "person": PersonForm(prefix="person", formdata=None),
        "guarantee": GuaranteeForm(prefix="guarantee", formdata=None),
        "message": MessageForm(prefix="message", formdata=None),
        "flag": ClearFlagForm(prefix="flag", formdata=None),
    })
    all_forms.update(forms or {})
    return render_template(
        "registry/desk/agency.html", agency=agency, actions=actions, forms=all_forms, errors=errors or {},
        blockers=licence_blockers(agency), needs_order=NEEDS_ORDER_REFERENCE,
    ), status


@bp.get("/desk/agencies/<int:agency_id>")
@officials
def agency_desk(agency_id: int):
    """Everything about one agency, with a form for each decision open to the officer."""
    return _render_agency(_get(Agency, agency_id))


def _back_to(agency: Agency, anchor: str = ""):
    return redirect(url_for("registry.agency_desk", agency_id=agency.id) + (f"#{anchor}" if anchor else ""))


def _agency_form_post(agency: Agency, key: str, form, act, done: str, anchor: str = "", shown=lambda: True):
    """The one shape of a form posted on an agency's desk page: validate, call the service, commit once,
    flash and go back; on a refusal roll back and show the page again with the message where it belongs
    (at the top when the form is no longer on the page, e.g. a decision from a stale page)."""
    errors: dict = {key: []}
    status = 422
    if form.validate():
        try:
            act(form)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            status = error.status
            show_error(form, error, errors[key])
        else:
            flash(done, "info")
            return _back_to(agency, anchor)
    if not shown():
        errors["page"] = errors.pop(key)
    return _render_agency(agency, status, {key: form}, errors)


@bp.post("/desk/agencies/<int:agency_id>/decisions/<action>")
@officials
def agency_decide(agency_id: int, action: str):
    """One licence decision (start review, issue, reject, renew, suspend, reinstate, revoke)."""
    agency = _get(Agency, agency_id)
    try:
        act = LicenceAction(action)
    except ValueError:
        abort(404)
    if act not in OFFICER_ACTIONS:
        abort(404)

    def decide(form):
        licence_class = LicenceClass(form.licence_class.data) if act == LicenceAction.ISSUE else None
        services.decide(agency.licence, act, current_user, form.reason.data, form.order_reference.data,
                        licence_class=licence_class)

    return _agency_form_post(agency, f"decision-{act.value}", _decision_form(act, formdata=request.form), decide,
                             _("Done: %(what)s.", what=ACTION_LABELS[act]),
                             shown=lambda: act in allowed_actions(agency.licence))


@bp.post("/desk/agencies/<int:agency_id>/people")
@officials
def person_add(agency_id: int):
    agency = _get(Agency, agency_id)
    return _agency_form_post(
        agency, "person", PersonForm(prefix="person"),
        lambda form: applications.record_person(agency, current_user, **form.person_fields()),
        _("The person is added; vet them before a licence is issued."), "people")


@bp.post("/desk/people/<int:person_id>/vetting")
@officials
def person_vet(person_id: int):
    person = _get(Person, person_id)

    def vet(form):
        reference = (form.police_clearance_ref.data or "").strip()
        if reference and reference != person.police_clearance_ref:  # entered or corrected by the officer
            applications.record_police_clearance(person, reference, current_user)
        services.vet_person(person, VettingStatus(form.status.data), form.note.data or "", current_user)

    key = f"vet-{person.id}"
    return _agency_form_post(person.agency, key, VetForm(prefix=key), vet,
                             _("Vetting recorded for %(name)s.", name=person.name), "people")


@bp.post("/desk/agencies/<int:agency_id>/guarantees")
@officials
def guarantee_add(agency_id: int):
    agency = _get(Agency, agency_id)
    return _agency_form_post(
        agency, "guarantee", GuaranteeForm(prefix="guarantee"),
        lambda form: services.lodge_guarantee(agency, current_user, verified=form.verified.data,
                                              **form.guarantee_fields()),
        _("The guarantee is recorded."), "guarantees")


@bp.post("/desk/guarantees/<int:guarantee_id>/verify")
@officials
def guarantee_verify(guarantee_id: int):
    guarantee = _get(Guarantee, guarantee_id)
    agency = guarantee.agency
    try:
        services.verify_guarantee(guarantee, current_user)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        return _render_agency(agency, error.status, errors={f"guarantee-{guarantee.id}": [str(error.message)]})
    flash(_("The guarantee is verified."), "info")
    return _back_to(agency, "guarantees")


@bp.post("/desk/agencies/<int:agency_id>/messages")
@officials
def agency_message(agency_id: int):
    agency = _get(Agency, agency_id)
    return _agency_form_post(agency, "message", MessageForm(prefix="message"),
                             lambda form: services.add_message(agency, current_user, form.body.data),
                             _("Your query is sent to the agency."), "messages")


@bp.post("/desk/agencies/<int:agency_id>/review-flag")
@officials
def review_flag_clear(agency_id: int):
    agency = _get(Agency, agency_id)
    return _agency_form_post(agency, "flag", ClearFlagForm(prefix="flag"),
                             lambda form: applications.clear_review_flag(agency, current_user, form.reason.data),
                             _("The review flag is cleared."), shown=lambda: agency.review_flag)


# ---------------------------------------------------------------- foreign parties: the watchlist


@bp.route("/desk/foreign-parties", methods=["GET", "POST"])
@officials
def foreign_parties():
    """Foreign employers and partner agencies with their watchlist standing; a form to add one."""
    form = ForeignPartyForm()
    messages: list[str] = []
    if form.validate_on_submit():
        try:
            party = services.add_foreign_party(current_user, **form.party_fields())
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            show_error(form, error, messages)
        else:
            flash(_("%(name)s is recorded.", name=party.name), "info")
            return redirect(url_for("registry.foreign_party", party_id=party.id))
    kind = request.args.get("kind", "")
    stmt = sa.select(ForeignParty).order_by(ForeignParty.name, ForeignParty.id)
    if kind in {k.value for k in PARTY_KIND_LABELS}:
        stmt = stmt.where(ForeignParty.kind == kind)
    watch = request.args.get("watchlist", "")
    if watch in {w.value for w in WatchlistStatus}:
        stmt = stmt.where(ForeignParty.watchlist_status == watch)
    parties = db.session.scalars(stmt).all()
    return render_template("registry/desk/foreign_parties.html", parties=parties, form=form, messages=messages,
                           kind=kind, watch=watch), 422 if request.method == "POST" else 200


def _render_party(party: ForeignParty, status: int = 200, form=None, messages=None):
    history = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.object_type == "ForeignParty", AuditEntry.object_id == str(party.id))
        .order_by(AuditEntry.id.desc())
    ).all()
    return render_template("registry/desk/foreign_party.html", party=party, history=history,
                           form=form or WatchlistForm(formdata=None), messages=messages or []), status


@bp.get("/desk/foreign-parties/<int:party_id>")
@officials
def foreign_party(party_id: int):
    return _render_party(_get(ForeignParty, party_id))


@bp.post("/desk/foreign-parties/<int:party_id>/watchlist")
@officials
def foreign_party_watchlist(party_id: int):
    party = _get(ForeignParty, party_id)
    form = WatchlistForm()
    messages: list[str] = []
    status = 422
    if form.validate():
        try:
            services.set_watchlist(party, WatchlistStatus(form.status.data), form.reason.data or "", current_user)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            status = error.status
            show_error(form, error, messages)
        else:
            flash(_("The watchlist status of %(name)s is now: %(status)s.", name=party.name,
                    status=WATCHLIST_LABELS[party.watchlist_status]), "info")
            return redirect(url_for("registry.foreign_party", party_id=party.id))
    return _render_party(party, status, form, messages)


# ---------------------------------------------------------------- deployment bans


def _render_bans(status: int = 200, form=None, messages=None, lift_forms=None, lift_errors=None, top=None):
    bans = db.session.scalars(sa.select(DeploymentBan).order_by(DeploymentBan.starts_on.desc(),
                                                               DeploymentBan.id.desc())).all()
    today = services.today()
    current = [b for b in bans if b.ends_on is None or b.ends_on >= today]
    past = [b for b in bans if b.ends_on is not None and b.ends_on < today]
    lifts = {b.id: LiftBanForm(prefix=f"lift-{b.id}", formdata=None) for b in current if b.applies_on(today)}
    lifts.update(lift_forms or {})
    return render_template(
        "registry/desk/bans.html", current=current, past=past, today=today,
        form=form or BanForm(formdata=None), messages=messages or [], lift_forms=lifts, lift_errors=lift_errors or {},
        top=top or [],
    ), status


@bp.route("/desk/bans", methods=["GET", "POST"])
@officials
def bans():
    """Deployment bans in force, coming and past; a form to add one."""
    if request.method == "GET":
        return _render_bans()
    form = BanForm()
    messages: list[str] = []
    if form.validate():
        try:
            ban = services.add_ban(current_user, form.country.data, form.sector.data or None, form.starts_on.data,
                                   form.ends_on.data, form.reason.data or "")
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            show_error(form, error, messages)
        else:
            flash(_("The deployment ban is recorded."), "info")
            return redirect(url_for("registry.bans") + f"#ban-{ban.id}")
    return _render_bans(422, form, messages)


@bp.post("/desk/bans/<int:ban_id>/lift")
@officials
def ban_lift(ban_id: int):
    ban = _get(DeploymentBan, ban_id)
    form = LiftBanForm(prefix=f"lift-{ban.id}")
    errors: list[str] = []
    status = 422
    if form.validate():
        try:
            services.lift_ban(ban, current_user, form.reason.data.strip())
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            status = error.status
            show_error(form, error, errors)
        else:
            flash(_("The ban is lifted."), "info")
            return redirect(url_for("registry.bans"))
    if not ban.applies_on(services.today()):  # no lift form for it on the page: say why at the top
        return _render_bans(status, top=errors)
    return _render_bans(status, lift_forms={ban.id: form}, lift_errors={ban.id: errors})
