"""The agency's drafts: choose a published template, draft a contract from it, edit the draft."""
import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contracts import bp, services
from contracts.forms import ContractForm
from contracts.models import FROZEN_STATUSES, Contract, ContractStatus, TemplateVersion, TemplateVersionStatus
from contracts.routes.desk import viewable_contract
from portal import web
from portal.auth import roles_required
from portal.extensions import db
from portal.models import Role
from registry.models import Agency, ForeignParty

AGENCY = roles_required(Role.AGENCY_REPRESENTATIVE)


def _own_agency() -> Agency:
    agency = db.session.get(Agency, current_user.agency_id)
    if agency is None:
        abort(403)
    return agency


def _offer_parties(form: ContractForm, country: str) -> None:
    form.offer_parties(db.session.scalars(
        sa.select(ForeignParty).where(ForeignParty.country == country).order_by(ForeignParty.name)).all())


def _edit_page(form: ContractForm, version: TemplateVersion, contract: Contract | None, agency: Agency):
    def page(outcome: web.Outcome | None = None):
        if outcome is not None:
            form.form_errors.extend(outcome.messages)
        return render_template("contracts/edit.html", form=form, version=version, contract=contract,
                               agency=agency), outcome.status if outcome else 200

    return page


def _saved(contract: Contract) -> str:
    return url_for("contracts.detail", contract_id=contract.public_id)


@bp.get("/contracts/new")
@AGENCY
def choose_template():
    """The published templates a new contract may be drafted from (none while the licence is not in force)."""
    agency = _own_agency()
    return render_template("contracts/choose_template.html", templates=services.published_templates(),
                           agency=agency, may_draft=services.agency_may_draft(agency))


@bp.route("/contracts/new/<public('contract_template_versions'):version_id>", methods=["GET", "POST"])
@AGENCY
def new(version_id: int):
    """Draft a contract from a published template version, starting at its minimum terms."""
    agency = _own_agency()
    version = db.get_or_404(TemplateVersion, version_id)
    if version.status != TemplateVersionStatus.PUBLISHED:
        abort(404)
    form = ContractForm()
    _offer_parties(form, version.template.destination_country)
    page = _edit_page(form, version, None, agency)
    if request.method == "GET":
        form.prefill(version)
        return page()

    def draft():
        return services.draft_contract(
            current_user, agency, version, *form.chosen_parties(), fees=form.fee_lines(), **form.contract_fields())

    return web.post(form, draft, done=_("The draft contract is saved."), to=_saved, page=page)


@bp.route("/contracts/<public('contracts'):contract_id>/edit", methods=["GET", "POST"])
@AGENCY
def edit(contract_id: int):
    """Change a draft; an attested contract's terms are frozen (a change is a new contract)."""
    contract = viewable_contract(contract_id)
    if not services.is_owner(current_user, contract):
        abort(403)
    if contract.status != ContractStatus.DRAFT:
        flash(_("Only a draft can be edited.") if contract.status not in FROZEN_STATUSES else
              _("The terms of an attested contract are frozen. To change them, make a new contract that "
                "supersedes this one."), "error")
        return redirect(url_for("contracts.detail", contract_id=contract.public_id))
    form = ContractForm(obj=contract if request.method == "GET" else None)
    _offer_parties(form, contract.destination_country)
    page = _edit_page(form, contract.template_version, contract, contract.origin_agency)
    if request.method == "GET":
        form.fill_fees(contract)
        form.show_parties(contract)
        return page()

    def update():
        return services.update_contract(
            contract, current_user, *form.chosen_parties(), fees=form.fee_lines(), **form.contract_fields())

    return web.post(form, update, done=_("The draft contract is saved."), to=_saved, page=page)
