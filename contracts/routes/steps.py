"""The steps taken on a contract's page: send for signature, record a signature, take back to draft, attest (a
refusal is kept in the audit log with every reason), activate, complete, terminate, start a replacement."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contracts import bp, services
from contracts.forms import AttestForm, NoteForm, ReasonForm, SignatureForm
from contracts.models import Contract, SignatoryRole
from contracts.routes.desk import contract_page, viewable_contract
from portal import web
from portal.auth import roles_required
from portal.forms import ButtonForm
from portal.models import Role

AGENCY = roles_required(Role.AGENCY_REPRESENTATIVE)
AGENCY_OR_OFFICER = roles_required(Role.AGENCY_REPRESENTATIVE, Role.LICENSING_OFFICER)


def _step(contract: Contract, form, action, done: str, shown_as: str | None = None):
    """A step posted from a contract's page. Done: back to the page (or to the new contract it made). Refused:
    the reasons no field shows on top, and the page again with the form (shown_as names it on the page) and
    its field errors; for a plain button, back to the page."""

    def page(outcome: web.Outcome):
        for message in outcome.messages:
            flash(message, "error")
        if shown_as is None and outcome.leftover:
            return redirect(url_for("contracts.detail", contract_id=contract.public_id))
        return contract_page(contract, outcome.status, **({shown_as: form} if shown_as else {}))

    def to(result) -> str:
        target = result if isinstance(result, Contract) else contract
        return url_for("contracts.detail", contract_id=target.public_id)

    return web.post(form, action, done=done, to=to, page=page)


@bp.post("/contracts/<public('contracts'):contract_id>/submit")
@AGENCY
def submit(contract_id: int):
    """The agency sends its draft for the parties to sign."""
    contract = viewable_contract(contract_id)
    return _step(contract, ButtonForm(), lambda: services.submit_for_signatures(contract, current_user),
                 _("The contract now awaits the parties' signatures."))


@bp.post("/contracts/<public('contracts'):contract_id>/reopen")
@AGENCY
def reopen(contract_id: int):
    """The agency takes an unattested contract back to draft; the signatures are cancelled."""
    contract = viewable_contract(contract_id)
    form = ReasonForm()
    return _step(contract, form, lambda: services.reopen(contract, current_user, form.reason.data),
                 _("The contract is a draft again; the signatures were cancelled."), shown_as="reason_form")


@bp.post("/contracts/<public('contracts'):contract_id>/sign")
@AGENCY_OR_OFFICER
def sign(contract_id: int):
    """Record a party's signature: who signed, as whom, when and where."""
    contract = viewable_contract(contract_id)
    form = SignatureForm()

    def sign():
        return services.sign(contract, current_user, SignatoryRole(form.role.data), form.signer_name.data,
                             form.signer_capacity.data, form.signed_at(), form.place.data or "")

    return _step(contract, form, sign, _("The signature is recorded."), shown_as="sign_form")


@bp.post("/contracts/<public('contracts'):contract_id>/attest")
@roles_required(Role.LICENSING_OFFICER)
def attest(contract_id: int):
    """A licensing officer attests a signed contract, or sees every reason it is refused."""
    contract = viewable_contract(contract_id)
    form = AttestForm()

    def page(outcome: web.Outcome):
        if outcome.leftover:  # refused: the refusal and its reasons are kept, in a transaction of their own
            web.run(lambda: services.record_refused_attestation(contract, current_user, outcome.messages))
        return contract_page(contract, outcome.status, problems=outcome.messages, attest_form=form)

    return web.post(form, lambda: services.attest(contract, current_user, form.reference.data or ""),
                    done=lambda _result: _("The contract is attested. Verification code: %(code)s",
                                           code=contract.code_display),
                    to=url_for("contracts.detail", contract_id=contract.public_id), page=page)


@bp.post("/contracts/<public('contracts'):contract_id>/activate")
@AGENCY_OR_OFFICER
def activate(contract_id: int):
    """The worker is deployed: the attested contract is in force."""
    contract = viewable_contract(contract_id)
    form = NoteForm()
    return _step(contract, form, lambda: services.activate(contract, current_user, form.reason.data or ""),
                 _("The contract is active: the worker is deployed."))


@bp.post("/contracts/<public('contracts'):contract_id>/complete")
@AGENCY_OR_OFFICER
def complete(contract_id: int):
    """The contract ran its course and the worker is home."""
    contract = viewable_contract(contract_id)
    form = NoteForm()
    return _step(contract, form, lambda: services.complete(contract, current_user, form.reason.data or ""),
                 _("The contract is completed."))


@bp.post("/contracts/<public('contracts'):contract_id>/terminate")
@AGENCY_OR_OFFICER
def terminate(contract_id: int):
    """The contract ended early, for the reason given."""
    contract = viewable_contract(contract_id)
    form = ReasonForm()
    return _step(contract, form, lambda: services.terminate(contract, current_user, form.reason.data),
                 _("The contract is terminated."), shown_as="reason_form")


@bp.post("/contracts/<public('contracts'):contract_id>/supersede")
@AGENCY
def supersede(contract_id: int):
    """Start a new draft replacing an attested contract (the old one stays in force meanwhile)."""
    contract = viewable_contract(contract_id)
    return _step(contract, ButtonForm(), lambda: services.supersede(contract, current_user),
                 _("A new draft replacing the contract was made. Change what must change, then collect the "
                   "signatures again; the old contract stays in force until this one is attested."))
