"""Signatures: the draft is sent for signature, each party's signature is recorded (who, when, as whom),
and the last one makes the contract signed; taking it back to draft cancels them."""
from datetime import datetime

from contracts.models import Contract, ContractAction, ContractStatus, SignatoryRole, Signature
from contracts.services.access import is_licensing_officer, is_owner, require_licensed
from contracts.services.lifecycle import AWAITING_ONLY, FLOW
from portal import audit
from portal.database import lock, utcnow
from portal.errors import DomainError, Problems, Refused
from portal.extensions import db
from portal.models import User
from portal.text import _l


def submit_for_signatures(contract: Contract, actor: User) -> Contract:
    """The draft is complete: the parties may now sign it."""
    FLOW.check(contract, ContractAction.SUBMIT, actor)
    require_licensed(contract.origin_agency)
    FLOW.run(contract, ContractAction.SUBMIT, actor)
    return contract


def reopen(contract: Contract, actor: User, reason: str) -> Contract:
    """Take an unattested contract back to draft to change it; the signatures collected are cancelled."""
    FLOW.check(contract, ContractAction.REOPEN, actor)
    if not reason.strip():
        raise DomainError(_l("Say what must change."), field="reason")
    cancelled = [s.role.value for s in contract.signatures]
    contract.signatures.clear()
    FLOW.run(contract, ContractAction.REOPEN, actor, reason.strip(), audit_details={"cancelled_signatures": cancelled})
    return contract



def _check_signatory(contract: Contract, actor: User, role: SignatoryRole) -> None:
    """Refused unless this actor may record this party's signature now."""
    if contract.status != ContractStatus.AWAITING_SIGNATURES:
        raise Refused(AWAITING_ONLY)
    owner = is_owner(actor, contract)
    if role == SignatoryRole.ORIGIN_AGENCY and not owner:
        raise Refused(_l("Only the recruiting agency's own representative signs for the agency."))
    if not owner and not is_licensing_officer(actor):
        raise Refused(_l("Only the recruiting agency or a licensing officer may record signatures."))
    if contract.signature_of(role) is not None:
        raise Refused(_l("%(party)s has already signed.", party=role.label))


def _check_signature(contract: Contract, signer_name: str, signer_capacity: str, signed_at: datetime,
                     now: datetime) -> None:
    """Every missing or impossible detail of the signature, each on its field."""
    problems = Problems()
    if not signer_name.strip():
        problems.add("signer_name", _l("Enter the name of the person who signed."))
    if not signer_capacity.strip():
        problems.add("signer_capacity", _l("Say as whom they signed (e.g. Director, Owner, the worker)."))
    if signed_at > now:
        problems.add("signed_at", _l("The signing date cannot be in the future."))
    elif signed_at.date() < contract.created_at.date():
        problems.add("signed_at", _l("The contract did not exist on that date."))
    problems.raise_if_any()


def sign(contract: Contract, actor: User, role: SignatoryRole, signer_name: str, signer_capacity: str,
         signed_at: datetime | None = None, place: str = "") -> Signature:
    """Record a party's signature. The agency's own representative signs in the portal; the other parties'
    signatures on paper are recorded by the agency or a licensing officer (who, when, as whom)."""
    role = SignatoryRole(role)
    lock(contract)  # the same party signing twice at once: the second sees the first signature
    _check_signatory(contract, actor, role)
    now = utcnow()
    in_app = role == SignatoryRole.ORIGIN_AGENCY
    signed_at = now if in_app or signed_at is None else signed_at
    _check_signature(contract, signer_name, signer_capacity, signed_at, now)
    signature = Signature(role=role, signer_name=signer_name.strip(), signer_capacity=signer_capacity.strip(),
                          signed_at=signed_at, place=place.strip(), in_app=in_app, recorded_by_id=actor.id,
                          recorded_at=now)
    contract.signatures.append(signature)
    db.session.flush()
    audit.record("contract.sign", contract, actor=actor, party=role.value, signer=signature.signer_name,
                 capacity=signature.signer_capacity, in_app=in_app)
    if not contract.missing_signatures:
        FLOW.run(contract, ContractAction.SIGNED, actor)
    return signature
