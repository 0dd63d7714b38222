"""Contract pages: the desk, drafting, signatures and decisions, templates, printing, the worker's check."""
import io
from datetime import UTC, datetime, time
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from contracts import bp
from contracts import services as svc
from contracts.forms import (
    DESTINATIONS,
    AttestForm,
    CheckForm,
    ConfirmForm,
    ContractForm,
    NewTemplateForm,
    NoteForm,
    ReasonForm,
    SignatureForm,
    TermsForm,
    choices,
)
from contracts.models import (
    CLAIM_LABELS,
    CONTRACT_STATUS_LABELS,
    EMPLOYER_PAID_ITEMS,
    REPATRIATION_CASES,
    ROLE_LABELS,
    SIGNATORY_LABELS,
    TEMPLATE_STATUS_LABELS,
    ClauseKind,
    Contract,
    ContractStatus,
    ContractTemplate,
    SignatoryRole,
    TemplateVersion,
)
from portal import audit
from portal.auth import roles_required
from portal.countries import country_name
from portal.errors import DomainError
from portal.extensions import db, limiter
from portal.i18n import LANGUAGE_NAMES
from portal.links import public_url, qr_code
from portal.models import Role
from portal.pdf import render_pdf
from portal.web import show_errors
from registry.models import Agency, ForeignParty, PartyKind, Sector
from registry.services import verdict

CS = ContractStatus
OFFICIALS = (Role.LICENSING_OFFICER, Role.CASE_OFFICER)
CONTRACT_USERS = (*OFFICIALS, Role.AGENCY_REPRESENTATIVE)
DESK_PER_PAGE = 50

LABELS = {
    "status": CONTRACT_STATUS_LABELS, "items": EMPLOYER_PAID_ITEMS, "repatriation": REPATRIATION_CASES,
    "roles": ROLE_LABELS, "claims": CLAIM_LABELS, "signatories": SIGNATORY_LABELS, "sectors": {s.value: s.label for s in Sector},
    "template_status": TEMPLATE_STATUS_LABELS, "languages": LANGUAGE_NAMES,
}


@bp.context_processor
def _labels():
    return {"labels": LABELS}


def _form_error(form, error: DomainError) -> None:
    """Roll the refused action back and put its message on the form."""
    db.session.rollback()
    form.form_errors.extend(message for _name, message in show_errors(form, error))


# ---------------------------------------------------------------- the worker's check (no login)


@bp.get("/contracts/check")
@bp.get("/contracts/check/<code>")
@limiter.limit("60 per minute")
def check(code: str | None = None):
    """Check my contract: the key terms behind a verification code, with warnings."""
    form = CheckForm(request.args if code is None and "code" in request.args else None)
    if code is None and "code" in request.args:
        if form.validate():
            return redirect(url_for("contracts.check", code=svc.normalise_code(form.code.data)))
        return render_template("contracts/check.html", form=form), 422
    if code is None:
        return render_template("contracts/check.html", form=form)
    view = svc.public_view(code)
    if view is None:
        form.code.data = code
        form.code.errors = [_("No attested contract has this code. Check each character; if it is right, "
                              "the contract was not attested: do not travel on it, and ask the Ministry.")]
        return render_template("contracts/check.html", form=form), 404
    if svc.normalise_code(code) != code:
        return redirect(url_for("contracts.check", code=svc.normalise_code(code)))
    return render_template("contracts/public.html", view=view, c=view.contract, **_public_context(view.contract))


def _public_context(contract: Contract) -> dict:
    return {
        "agency_verdict": verdict(contract.origin_agency),
        "liable": svc.liable_parties(contract),
        "check_url": public_url("contracts.check", code=contract.verification_code),
    }


def _print_context(contract: Contract, private: bool) -> dict:
    """What the printed contract shows; private=False for the public copy (no worker identity)."""
    language = request.args.get("lang") or contract.worker_language
    if language not in current_app.config["LANGUAGES"]:
        language = "en"
    code = contract.verification_code
    check_url = public_url("contracts.check", code=code) if code else None
    return {
        "c": contract, "private": private, "language": language,
        "check_url": check_url, "qr": qr_code(check_url) if check_url else None,
        "liable": svc.liable_parties(contract),
        "agency_verdict": verdict(contract.origin_agency),
        "version": contract.template_version,
    }


def _pdf_stylesheets() -> list[str]:
    """file: URLs of our stylesheets, which WeasyPrint reads from disk (never over the network)."""
    folder = Path(bp.static_folder)
    return [(folder / name).as_uri() for name in ("contracts.css", "contracts-pdf.css")]


def _render_print(contract: Contract, private: bool, pdf: bool):
    context = _print_context(contract, private)
    context["worker_initials"] = svc.worker_initials(contract.worker_name)
    if pdf:
        context["pdf_stylesheets"] = _pdf_stylesheets()
    with force_locale(context["language"]):
        context["clauses"] = svc.filled_clauses(contract, context["language"],
                                                hide_worker=not private)
        html = render_template("contracts/print.html", pdf=pdf, **context)
    if not pdf:
        return html
    name = f"contract-{contract.code_display or contract.id}.pdf"
    return send_file(io.BytesIO(render_pdf(html)), mimetype="application/pdf", download_name=name)


def _public_contract(code: str) -> Contract:
    view = svc.public_view(code)
    if view is None:
        abort(404)
    return view.contract


@bp.get("/contracts/check/<code>/print")
@limiter.limit("30 per minute")
def public_print(code: str):
    return _render_print(_public_contract(code), private=False, pdf=False)


@bp.get("/contracts/check/<code>/contract.pdf")
@limiter.limit("10 per minute")
def public_pdf(code: str):
    return _render_print(_public_contract(code), private=False, pdf=True)


# ---------------------------------------------------------------- the desk


def _contract_or_404(contract_id: int) -> Contract:
    contract = db.session.get(Contract, contract_id)
    if contract is None:
        abort(404)
    if not svc.can_view(current_user, contract):
        abort(403)
    return contract


@bp.get("/contracts")
@roles_required(*CONTRACT_USERS)
def desk():
    """Officials see every contract; a representative sees its own agency's."""
    status = request.args.get("status") or None
    if status and status not in CS.__members__.values():
        status = None
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    contracts, total = svc.contracts_for(current_user, status, page, DESK_PER_PAGE)
    counts = dict(db.session.execute(
        sa.select(Contract.status, sa.func.count()).group_by(Contract.status).where(
            sa.true() if current_user.is_official else Contract.origin_agency_id == (current_user.agency_id or 0))
    ).all())
    can_draft = (current_user.role == Role.AGENCY_REPRESENTATIVE and current_user.agency_id is not None)
    return render_template("contracts/desk.html", contracts=contracts, status=status, counts=counts,
                           statuses=list(CS), can_draft=can_draft, page=page, total=total,
                           per_page=DESK_PER_PAGE)


# ---------------------------------------------------------------- drafting


def _own_agency():
    agency = db.session.get(Agency, current_user.agency_id)
    if agency is None:
        abort(403)
    return agency


def _party_choices(form: ContractForm, country: str) -> None:
    parties = db.session.scalars(
        sa.select(ForeignParty).where(ForeignParty.country == country).order_by(ForeignParty.name)
    ).all()

    def label(p):
        return p.name + (" — " + _("on the watchlist") if p.on_watchlist else "")

    form.partner_agency_id.choices = choices((p.id, label(p)) for p in parties if p.kind == PartyKind.PARTNER_AGENCY)
    form.employer_id.choices = choices((p.id, label(p)) for p in parties if p.kind == PartyKind.EMPLOYER)
    form.worker_language.choices = choices(LANGUAGE_NAMES.items())


def _fee_lines(form: ContractForm) -> list[svc.FeeLine]:
    lines = []
    for entry in form.fees.entries:
        f = entry.form
        if not (f.description.data or "").strip() and f.amount.data in (None, Decimal("0")):
            continue
        lines.append(svc.FeeLine((f.description.data or ""), f.amount.data, f.currency.data or form.currency.data,
                                 f.paid_to.data or ""))
    return lines


def _contract_fields(form: ContractForm) -> dict:
    return {name: getattr(form, name).data for name in svc.CONTRACT_FIELDS}


@bp.get("/contracts/new")
@roles_required(Role.AGENCY_REPRESENTATIVE)
def choose_template():
    agency = _own_agency()
    return render_template("contracts/choose_template.html", templates=svc.published_templates(), agency=agency,
                           may_draft=svc.agency_may_draft(agency))


@bp.route("/contracts/new/<int:version_id>", methods=["GET", "POST"])
@roles_required(Role.AGENCY_REPRESENTATIVE)
def new(version_id: int):
    agency = _own_agency()
    version = db.session.get(TemplateVersion, version_id)
    if version is None or version.status != "published":
        abort(404)
    form = ContractForm()
    _party_choices(form, version.template.destination_country)
    if request.method == "GET":
        _prefill_from_template(form, version)
    if form.validate_on_submit():
        try:
            contract = svc.draft_contract(
                current_user, agency, version, db.session.get(ForeignParty, form.partner_agency_id.data),
                db.session.get(ForeignParty, form.employer_id.data), fees=_fee_lines(form), **_contract_fields(form))
            db.session.commit()
            flash(_("The draft contract is saved."), "info")
            return redirect(url_for("contracts.detail", contract_id=contract.id))
        except DomainError as e:
            _form_error(form, e)
    return render_template("contracts/edit.html", form=form, version=version, contract=None, agency=agency), \
        422 if form.errors else 200


def _prefill_from_template(form: ContractForm, version: TemplateVersion) -> None:
    form.currency.data = version.currency
    form.monthly_wage.data = version.min_monthly_wage
    form.hours_per_week.data = version.max_hours_per_week
    form.weekly_rest_days.data = version.min_weekly_rest_days
    form.annual_leave_days.data = version.min_annual_leave_days
    form.duration_months.data = version.max_duration_months
    form.probation_months.data = min(version.max_probation_months, 3)
    form.death_disability_compensation.data = version.min_death_disability_compensation
    form.job_title.data = version.template.occupation


@bp.route("/contracts/<int:contract_id>/edit", methods=["GET", "POST"])
@roles_required(Role.AGENCY_REPRESENTATIVE)
def edit(contract_id: int):
    contract = _contract_or_404(contract_id)
    if not svc.is_owner(current_user, contract):
        abort(403)
    if contract.status != CS.DRAFT:
        flash(_("Only a draft can be edited.") if contract.status not in svc.FROZEN_STATUSES else
              _("The terms of an attested contract are frozen. To change them, make a new contract that "
                "supersedes this one."), "error")
        return redirect(url_for("contracts.detail", contract_id=contract.id))
    form = ContractForm(obj=contract if request.method == "GET" else None)
    _party_choices(form, contract.destination_country)
    if request.method == "GET":
        for i, fee in enumerate(contract.fees):
            if i >= len(form.fees.entries):
                form.fees.append_entry()
            entry = form.fees.entries[i].form
            entry.description.data, entry.amount.data = fee.description, fee.amount
            entry.currency.data, entry.paid_to.data = fee.currency, fee.paid_to
        while len(form.fees.entries) < len(contract.fees) + 2:
            form.fees.append_entry()
    if form.validate_on_submit():
        try:
            svc.update_contract(contract, current_user, db.session.get(ForeignParty, form.partner_agency_id.data),
                                db.session.get(ForeignParty, form.employer_id.data), fees=_fee_lines(form),
                                **_contract_fields(form))
            db.session.commit()
            flash(_("The draft contract is saved."), "info")
            return redirect(url_for("contracts.detail", contract_id=contract.id))
        except DomainError as e:
            _form_error(form, e)
    return render_template("contracts/edit.html", form=form, version=contract.template_version, contract=contract,
                           agency=contract.origin_agency), 422 if form.errors else 200


# ---------------------------------------------------------------- the contract's page and its actions


def _detail(contract: Contract, status: int = 200, problems=None, **forms):
    user = current_user
    owner = svc.is_owner(user, contract)
    officer = user.has_role(Role.LICENSING_OFFICER)
    sign_form = forms.get("sign_form") or SignatureForm()
    missing = svc.missing_signatures(contract)
    allowed_roles = [r for r in missing if owner or r != SignatoryRole.ORIGIN_AGENCY]
    sign_form.role.choices = choices((r.value, SIGNATORY_LABELS[r]) for r in allowed_roles)
    if owner and SignatoryRole.ORIGIN_AGENCY in allowed_roles and not sign_form.is_submitted():
        sign_form.signer_name.data = user.name
    checks = svc.attestation_problems(contract) if contract.status in (CS.DRAFT, CS.AWAITING_SIGNATURES,
                                                                          CS.SIGNED) else []
    return render_template(
        "contracts/detail.html", c=contract, owner=owner, officer=officer,
        show_worker=svc.can_see_worker(user, contract), checks=checks, problems=problems or [],
        sign_form=sign_form, may_sign=(owner or officer) and contract.status == CS.AWAITING_SIGNATURES and allowed_roles,
        attest_form=forms.get("attest_form") or AttestForm(), reason_form=forms.get("reason_form") or ReasonForm(),
        note_form=NoteForm(), confirm_form=ConfirmForm(), liable=svc.liable_parties(contract),
        check_url=public_url("contracts.check", code=contract.verification_code) if contract.verification_code
        else None,
    ), status


def _log_identity_view(contract: Contract, what: str) -> None:
    """An official who sees the worker's personal data leaves a trace in the audit log."""
    if current_user.is_official and svc.can_see_worker(current_user, contract):
        audit.record("contract.view_worker", contract, actor=current_user, page=what)
        db.session.commit()


@bp.get("/contracts/<int:contract_id>")
@roles_required(*CONTRACT_USERS)
def detail(contract_id: int):
    contract = _contract_or_404(contract_id)
    _log_identity_view(contract, "detail")
    return _detail(contract)


def _act(contract_id: int, action, form_cls=ConfirmForm, form_name: str | None = None, message: str = "",
         uses_reason: bool = False):
    contract = _contract_or_404(contract_id)
    form = form_cls()
    if not form.validate_on_submit():
        return _detail(contract, 422, **({form_name: form} if form_name else {}))
    try:
        result = action(contract, form)
        db.session.commit()
    except DomainError as e:
        if form_name:
            _form_error(form, e)
            return _detail(contract, e.status, **{form_name: form})
        db.session.rollback()
        flash(str(e.message), "error")
        return redirect(url_for("contracts.detail", contract_id=contract.id))
    flash(message, "info")
    target = result.id if isinstance(result, Contract) else contract.id
    return redirect(url_for("contracts.detail", contract_id=target))


@bp.post("/contracts/<int:contract_id>/submit")
@roles_required(Role.AGENCY_REPRESENTATIVE)
def submit(contract_id: int):
    return _act(contract_id, lambda c, f: svc.submit_for_signatures(c, current_user),
                message=_("The contract now awaits the parties' signatures."))


@bp.post("/contracts/<int:contract_id>/reopen")
@roles_required(Role.AGENCY_REPRESENTATIVE)
def reopen(contract_id: int):
    return _act(contract_id, lambda c, f: svc.reopen(c, current_user, f.reason.data), ReasonForm, "reason_form",
                _("The contract is a draft again; the signatures were cancelled."))


def _signed_at(day):
    if day is None:
        return None
    now = svc.utcnow()
    if day >= now.date():
        return now
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


@bp.post("/contracts/<int:contract_id>/sign")
@roles_required(Role.AGENCY_REPRESENTATIVE, Role.LICENSING_OFFICER)
def sign(contract_id: int):
    contract = _contract_or_404(contract_id)
    form = SignatureForm()
    form.role.choices = choices((r.value, SIGNATORY_LABELS[r]) for r in SignatoryRole)
    if not form.validate_on_submit():
        return _detail(contract, 422, sign_form=form)
    try:
        svc.sign(contract, current_user, SignatoryRole(form.role.data), form.signer_name.data,
                 form.signer_capacity.data, _signed_at(form.signed_on.data), form.place.data or "")
        db.session.commit()
    except DomainError as e:
        _form_error(form, e)
        return _detail(contract, e.status, sign_form=form)
    flash(_("The signature is recorded."), "info")
    return redirect(url_for("contracts.detail", contract_id=contract.id))


@bp.post("/contracts/<int:contract_id>/attest")
@roles_required(Role.LICENSING_OFFICER)
def attest(contract_id: int):
    contract = _contract_or_404(contract_id)
    form = AttestForm()
    if not form.validate_on_submit():
        return _detail(contract, 422, attest_form=form)
    try:
        svc.attest(contract, current_user, form.reference.data or "")
        db.session.commit()
    except DomainError as e:
        db.session.rollback()
        audit.record("contract.attest_refused", contract, reason=" | ".join(str(m) for m in e.messages),
                     actor=current_user)
        db.session.commit()
        return _detail(contract, e.status, problems=e.messages, attest_form=form)
    flash(_("The contract is attested. Verification code: %(code)s", code=contract.code_display), "info")
    return redirect(url_for("contracts.detail", contract_id=contract.id))


@bp.post("/contracts/<int:contract_id>/activate")
@roles_required(Role.AGENCY_REPRESENTATIVE, Role.LICENSING_OFFICER)
def activate(contract_id: int):
    return _act(contract_id, lambda c, f: svc.activate(c, current_user, f.reason.data or ""), NoteForm,
                message=_("The contract is active: the worker is deployed."))


@bp.post("/contracts/<int:contract_id>/complete")
@roles_required(Role.AGENCY_REPRESENTATIVE, Role.LICENSING_OFFICER)
def complete(contract_id: int):
    return _act(contract_id, lambda c, f: svc.complete(c, current_user, f.reason.data or ""), NoteForm,
                message=_("The contract is completed."))


@bp.post("/contracts/<int:contract_id>/terminate")
@roles_required(Role.AGENCY_REPRESENTATIVE, Role.LICENSING_OFFICER)
def terminate(contract_id: int):
    return _act(contract_id, lambda c, f: svc.terminate(c, current_user, f.reason.data), ReasonForm,
                "reason_form", _("The contract is terminated."))


@bp.post("/contracts/<int:contract_id>/supersede")
@roles_required(Role.AGENCY_REPRESENTATIVE)
def supersede(contract_id: int):
    return _act(contract_id, lambda c, f: svc.supersede(c, current_user),
                message=_("A new draft replacing the contract was made. Change what must change, then collect "
                          "the signatures again; the old contract stays in force until this one is attested."))


@bp.get("/contracts/<int:contract_id>/print")
@roles_required(*CONTRACT_USERS)
def print_contract(contract_id: int):
    contract = _contract_or_404(contract_id)
    _log_identity_view(contract, "print")
    return _render_print(contract, private=svc.can_see_worker(current_user, contract), pdf=False)


@bp.get("/contracts/<int:contract_id>/contract.pdf")
@roles_required(*CONTRACT_USERS)
def pdf(contract_id: int):
    contract = _contract_or_404(contract_id)
    _log_identity_view(contract, "pdf")
    return _render_print(contract, private=svc.can_see_worker(current_user, contract), pdf=True)


# ---------------------------------------------------------------- templates (licensing officers)


def _version_or_404(version_id: int) -> TemplateVersion:
    version = db.session.get(TemplateVersion, version_id)
    if version is None:
        abort(404)
    return version


def _clause_rows(form: TermsForm) -> list[dict]:
    rows = []
    for entry in form.clauses.entries:
        f = entry.form
        if not (f.heading.data or "").strip() and not (f.body.data or "").strip():
            if f.kind.data == ClauseKind.JOINT_LIABILITY:
                rows.append({"kind": ClauseKind.JOINT_LIABILITY, "heading": "", "body": "",
                             "language": f.language.data or "en"})
            continue  # an emptied clause is removed
        kind = ClauseKind.JOINT_LIABILITY if f.kind.data == ClauseKind.JOINT_LIABILITY else ClauseKind.STANDARD
        rows.append({"kind": kind, "heading": f.heading.data or "", "body": f.body.data or "",
                     "language": (f.language.data or "en").strip() or "en"})
    return rows


def _terms(form: TermsForm) -> dict:
    return {name: ("" if getattr(form, name).data is None and name in _TEXT_TERMS else getattr(form, name).data)
            for name in svc.TERM_FIELDS}


_TEXT_TERMS = {"title", "currency", "dispute_attache", "dispute_authority", "change_note"}


def _fill_clauses(form: TermsForm, clauses: list[dict], blanks: int = 2) -> None:
    while len(form.clauses.entries):
        form.clauses.pop_entry()
    for clause in clauses + [{"kind": "standard", "heading": "", "body": "", "language": "en"}] * blanks:
        form.clauses.append_entry(clause)


@bp.get("/contracts/templates")
@roles_required(Role.LICENSING_OFFICER)
def templates():
    items = db.session.scalars(
        sa.select(ContractTemplate).order_by(ContractTemplate.destination_country, ContractTemplate.sector)).all()
    return render_template("contracts/templates.html", templates=items, confirm_form=ConfirmForm())


@bp.route("/contracts/templates/new", methods=["GET", "POST"])
@roles_required(Role.LICENSING_OFFICER)
def new_template():
    form = NewTemplateForm()
    form.destination_country.choices = choices((c, country_name(c)) for c in DESTINATIONS)
    if request.method == "GET":
        _fill_clauses(form, svc.default_clauses())
    if form.validate_on_submit():
        try:
            template = svc.create_template(current_user, form.destination_country.data, form.sector.data,
                                           form.occupation.data, clauses=_clause_rows(form), **_terms(form))
            db.session.commit()
            flash(_("Version 1 is saved as a draft. Publish it when it is ready."), "info")
            return redirect(url_for("contracts.version", version_id=template.versions[0].id))
        except DomainError as e:
            _form_error(form, e)
    return render_template("contracts/template_edit.html", form=form, version=None,
                           placeholders=svc.PLACEHOLDERS), 422 if form.errors else 200


@bp.get("/contracts/templates/versions/<int:version_id>")
@roles_required(Role.LICENSING_OFFICER)
def version(version_id: int):
    v = _version_or_404(version_id)
    used = db.session.scalar(sa.select(sa.func.count()).select_from(Contract).where(
        Contract.template_version_id == v.id))
    return render_template("contracts/version.html", v=v, used=used, confirm_form=ConfirmForm())


@bp.post("/contracts/templates/<int:template_id>/versions")
@roles_required(Role.LICENSING_OFFICER)
def new_version(template_id: int):
    template = db.session.get(ContractTemplate, template_id)
    if template is None:
        abort(404)
    try:
        v = svc.new_version(template, current_user)
        db.session.commit()
    except DomainError as e:
        db.session.rollback()
        flash(str(e.message), "error")
        return redirect(url_for("contracts.templates"))
    flash(_("Version %(n)d is a new draft copied from the latest version.", n=v.number), "info")
    return redirect(url_for("contracts.edit_version", version_id=v.id))


@bp.route("/contracts/templates/versions/<int:version_id>/edit", methods=["GET", "POST"])
@roles_required(Role.LICENSING_OFFICER)
def edit_version(version_id: int):
    v = _version_or_404(version_id)
    if v.status != "draft":
        flash(_("A published version never changes: make a new version instead."), "error")
        return redirect(url_for("contracts.version", version_id=v.id))
    form = TermsForm(obj=v if request.method == "GET" else None)
    if request.method == "GET":
        _fill_clauses(form, [{"kind": c.kind.value, "heading": c.heading, "body": c.body, "language": c.language}
                             for c in v.clauses])
    if form.validate_on_submit():
        try:
            svc.update_version(v, current_user, clauses=_clause_rows(form), **_terms(form))
            db.session.commit()
            flash(_("The draft version is saved."), "info")
            return redirect(url_for("contracts.version", version_id=v.id))
        except DomainError as e:
            _form_error(form, e)
    return render_template("contracts/template_edit.html", form=form, version=v,
                           placeholders=svc.PLACEHOLDERS), 422 if form.errors else 200


@bp.post("/contracts/templates/versions/<int:version_id>/publish")
@roles_required(Role.LICENSING_OFFICER)
def publish_version(version_id: int):
    v = _version_or_404(version_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        svc.publish_version(v, current_user)
        db.session.commit()
    except DomainError as e:
        db.session.rollback()
        flash(str(e.message), "error")
        return redirect(url_for("contracts.version", version_id=v.id))
    flash(_("Version %(n)d is published. New contracts are made from it.", n=v.number), "info")
    return redirect(url_for("contracts.version", version_id=v.id))


@bp.app_template_filter("contract_status")
def contract_status_label(status) -> str:
    return str(CONTRACT_STATUS_LABELS.get(status, status))

