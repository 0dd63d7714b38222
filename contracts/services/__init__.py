"""The contract rules, one concern a module; callers use `from contracts import services`.

Services take typed arguments, flush and never commit (the request or the CLI command commits once), and
refuse with a DomainError carrying every reason. The status flow is one transition table (lifecycle.FLOW).
"""
from contracts.services.access import (
    CONTRACTS_COUNTED,
    ContractsPage,
    agency_may_draft,
    can_see_worker,
    can_view,
    contracts_for,
    is_licensing_officer,
    is_owner,
    record_worker_view,
    represents,
    status_counts,
)
from contracts.services.attestation import attest, attestation_problems, record_refused_attestation, term_problems
from contracts.services.clauses import check_clauses, default_clauses
from contracts.services.drafting import FeeLine, draft_contract, supersede, update_contract
from contracts.services.liability import liable_parties
from contracts.services.lifecycle import FLOW, activate, complete, terminate
from contracts.services.signatures import reopen, sign, submit_for_signatures
from contracts.services.templates import (
    create_template,
    new_version,
    publish_version,
    published_templates,
    update_version,
)
from contracts.services.verification import (
    CODE_LENGTH,
    PublicContract,
    contract_by_code,
    new_verification_code,
    normalise_code,
    public_view,
)

__all__ = [
    "CODE_LENGTH", "CONTRACTS_COUNTED", "ContractsPage", "FLOW", "FeeLine", "PublicContract", "activate",
    "agency_may_draft", "attest",
    "attestation_problems", "can_see_worker", "can_view", "check_clauses", "complete", "contract_by_code",
    "contracts_for", "create_template", "default_clauses", "draft_contract", "is_licensing_officer", "is_owner",
    "liable_parties", "new_verification_code", "new_version", "normalise_code",
    "public_view", "publish_version", "published_templates", "record_refused_attestation", "record_worker_view",
    "reopen", "represents", "sign", "status_counts", "submit_for_signatures", "supersede", "term_problems",
    "terminate", "update_contract", "update_version",
]
