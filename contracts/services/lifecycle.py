"""The contract's status flow in one transition table (draft → awaiting signatures → signed → attested → active
→ completed | terminated | superseded; reopened back to draft), who may take each step, and the steps after
attestation: activate, complete, terminate."""
from contracts.models import FROZEN_STATUSES, IN_FORCE, Contract, ContractAction, ContractEvent, ContractStatus
from contracts.services.access import ONLY_REPRESENTATIVE, is_licensing_officer, represents
from portal.errors import DomainError
from portal.i18n import format_list
from portal.models import User
from portal.text import _l
from portal.workflow import Transition, Workflow

A = ContractAction
CS = ContractStatus

FROZEN_TERMS_REFUSAL = _l("The terms of an attested contract are frozen. To change them, make a new contract "
                          "that supersedes this one.")
AWAITING_ONLY = _l("Signatures are collected only while the contract awaits them.")
OWNER_OR_OFFICER = _l("Only the recruiting agency or a licensing officer may do this.")


def _owner(actor: User, contract: Contract) -> bool:
    return represents(actor, contract.origin_agency)


def _owner_or_officer(actor: User, contract: Contract) -> bool:
    return _owner(actor, contract) or is_licensing_officer(actor)


def _not_signed(contract: Contract):
    """Why an unsigned contract cannot be attested, naming the parties still to sign."""
    missing = format_list(role.label for role in contract.missing_signatures)
    if not missing:
        return _l("Only a contract signed by every party can be attested.")
    return _l("Only a contract signed by every party can be attested. Missing: %(missing)s.", missing=missing)


def _officer(actor: User, _contract: Contract) -> bool:
    return is_licensing_officer(actor)


def _history(contract: Contract, action: ContractAction, before, after, actor: User | None, reason: str,
             at) -> ContractEvent:
    event = ContractEvent(action=action.value, from_status=before, to_status=after, reason=reason,
                          actor_id=actor.id if actor else None, at=at)
    contract.events.append(event)
    return event


def _refusal(_action: ContractAction, status: ContractStatus):
    """The steps without their own refusal (reopening, drafting) are worded by the status."""
    return FROZEN_TERMS_REFUSAL if status in FROZEN_STATUSES else _l("This contract is already a draft.")


FLOW = Workflow("contract", {
    A.DRAFT: Transition([None], CS.DRAFT),  # a new contract, not yet saved
    A.SUBMIT: Transition({CS.DRAFT}, CS.AWAITING_SIGNATURES, may=_owner, forbidden=ONLY_REPRESENTATIVE,
                         refusal=_l("Only a draft can be sent for signature.")),
    A.SIGNED: Transition({CS.AWAITING_SIGNATURES}, CS.SIGNED, refusal=AWAITING_ONLY),
    A.REOPEN: Transition({CS.AWAITING_SIGNATURES, CS.SIGNED}, CS.DRAFT, may=_owner, forbidden=ONLY_REPRESENTATIVE),
    A.ATTEST: Transition({CS.SIGNED}, CS.ATTESTED, may=_officer,
                         forbidden=_l("Only a licensing officer attests contracts."), refusal=_not_signed),
    A.ACTIVATE: Transition({CS.ATTESTED}, CS.ACTIVE, may=_owner_or_officer, forbidden=OWNER_OR_OFFICER,
                           refusal=_l("Only an attested contract can become active.")),
    A.COMPLETE: Transition({CS.ACTIVE}, CS.COMPLETED, may=_owner_or_officer, forbidden=OWNER_OR_OFFICER,
                           refusal=_l("Only an active contract can be completed.")),
    A.TERMINATE: Transition(IN_FORCE, CS.TERMINATED, may=_owner_or_officer, forbidden=OWNER_OR_OFFICER,
                            refusal=_l("Only an attested or active contract can be terminated.")),
    # Taken at the attestation of the contract that replaces this one.
    A.SUPERSEDE: Transition(IN_FORCE, CS.SUPERSEDED,
                            refusal=_l("Only an attested or active contract can be replaced by a new one.")),
}, refusal=_refusal, history=_history)


def activate(contract: Contract, actor: User, note: str = "") -> Contract:
    """The worker has been deployed: the attested contract is in force."""
    FLOW.run(contract, A.ACTIVATE, actor, note.strip())
    return contract


def complete(contract: Contract, actor: User, note: str = "") -> Contract:
    """The contract ran its course and the worker is home."""
    FLOW.run(contract, A.COMPLETE, actor, note.strip())
    return contract


def terminate(contract: Contract, actor: User, reason: str) -> Contract:
    """The contract ended early; the reason is kept."""
    FLOW.check(contract, A.TERMINATE, actor)
    if not reason.strip():
        raise DomainError(_l("Give the reason for the termination."), field="reason")
    contract.status_reason = reason.strip()
    FLOW.run(contract, A.TERMINATE, actor, reason.strip())
    return contract
