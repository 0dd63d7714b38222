"""The contracts desk: the list (officials see every contract, a representative its own agency's), a
contract's page with the forms of the steps open on it, and the private printed copy."""
from flask import abort, render_template, request
from flask_login import current_user

from contracts import bp, services
from contracts.clauses import worker_initials
from contracts.forms import AttestForm, NoteForm, ReasonForm, SignatureForm
from contracts.models import Contract, ContractStatus, SignatoryRole
from contracts.routes.printing import render_print
from portal import web
from portal.auth import roles_required
from portal.extensions import db
from portal.forms import ButtonForm, choices
from portal.links import public_url
from portal.models import Role

CS = ContractStatus
CONTRACT_USERS = (Role.LICENSING_OFFICER, Role.CASE_OFFICER, Role.AGENCY_REPRESENTATIVE)
DESK_PER_PAGE = 50
CHECKED_BEFORE_ATTESTATION = (CS.DRAFT, CS.AWAITING_SIGNATURES, CS.SIGNED)


def viewable_contract(contract_id: int) -> Contract:
    """The contract, if the user may see it; 404 alike when there is none and when it is another agency's
    (a different answer would tell which contracts exist)."""
    contract = db.get_or_404(Contract, contract_id)
    if not services.can_view(current_user, contract):
        abort(404)
    return contract


@bp.get("/contracts")
@roles_required(*CONTRACT_USERS)
def desk():
    """Officials see every contract; a representative sees its own agency's."""
    status = request.args.get("status") or None
    status = CS(status) if status in {s.value for s in CS} else None
    found = services.contracts_for(current_user, status, after=request.args.get("after", "")[:24],
                                   before=request.args.get("before", "")[:24], per_page=DESK_PER_PAGE)
    can_draft = current_user.role == Role.AGENCY_REPRESENTATIVE and current_user.agency_id is not None
    return render_template("contracts/desk.html", contracts=found.contracts, found=found, status=status,
                           args={"status": status.value} if status else {},
                           counts=services.status_counts(current_user), statuses=list(CS), can_draft=can_draft,
                           counted=services.CONTRACTS_COUNTED)


def _sign_form(contract: Contract, owner: bool, form: SignatureForm | None) -> tuple[SignatureForm, list]:
    """The signature form offering the parties still to sign that this user may record."""
    form = form or SignatureForm()
    allowed = [r for r in contract.missing_signatures if owner or r != SignatoryRole.ORIGIN_AGENCY]
    form.role.choices = choices((r.value, r.label) for r in allowed)
    if owner and SignatoryRole.ORIGIN_AGENCY in allowed and not form.is_submitted():
        form.signer_name.data = current_user.name
    return form, allowed


def contract_page(contract: Contract, status: int = 200, problems=None, **forms):
    """A contract's page; forms replace the fresh ones after a refused step, problems list a refused attestation."""
    owner = services.is_owner(current_user, contract)
    officer = services.is_licensing_officer(current_user)
    sign_form, allowed = _sign_form(contract, owner, forms.get("sign_form"))
    checks = services.attestation_problems(contract) if contract.status in CHECKED_BEFORE_ATTESTATION else []
    code = contract.verification_code
    return render_template(
        "contracts/detail.html", c=contract, owner=owner, officer=officer,
        show_worker=services.can_see_worker(current_user, contract), checks=checks, problems=problems or [],
        worker_initials=worker_initials(contract.worker_name),
        sign_form=sign_form, may_sign=(owner or officer) and contract.status == CS.AWAITING_SIGNATURES and allowed,
        attest_form=forms.get("attest_form") or AttestForm(), reason_form=forms.get("reason_form") or ReasonForm(),
        note_form=NoteForm(), confirm_form=ButtonForm(), liable=services.liable_parties(contract),
        check_url=public_url("contracts.check", code=code) if code else None,
    ), status


def _seen(contract: Contract, page: str) -> None:
    """An official who sees the worker's personal data leaves a trace in the audit log."""
    web.run(lambda: services.record_worker_view(contract, current_user, page))


@bp.get("/contracts/<public('contracts'):contract_id>")
@roles_required(*CONTRACT_USERS)
def detail(contract_id: int):
    """A contract: its status, what the ministry will check, the next steps, terms, signatures and history."""
    contract = viewable_contract(contract_id)
    _seen(contract, "detail")
    return contract_page(contract)


@bp.get("/contracts/<public('contracts'):contract_id>/print")
@roles_required(*CONTRACT_USERS)
def print_contract(contract_id: int):
    """The contract to print; the worker's identity only for those who may see it."""
    contract = viewable_contract(contract_id)
    _seen(contract, "print")
    return render_print(contract, private=services.can_see_worker(current_user, contract), pdf=False, desk=True)


@bp.get("/contracts/<public('contracts'):contract_id>/contract.pdf")
@roles_required(*CONTRACT_USERS)
def pdf(contract_id: int):
    """The contract as a PDF; the worker's identity only for those who may see it."""
    contract = viewable_contract(contract_id)
    _seen(contract, "pdf")
    return render_print(contract, private=services.can_see_worker(current_user, contract), pdf=True, desk=True)
