"""The contracts' data: standard templates (numbered versions, minimum terms, clauses), employment contracts
with their fees, signatures, jointly liable parties and history, and the labelled enums they use.

One module a concern; callers keep `from contracts.models import Contract`.
"""
from contracts.models.contract import Contract, ContractEvent, LiableParty, Signature, WorkerFee
from contracts.models.enums import (
    CONTRACT_FIELDS,
    FROZEN_STATUSES,
    IN_FORCE,
    TERM_FIELDS,
    Claim,
    ClauseKind,
    ContractAction,
    ContractStatus,
    EmployerPaidItem,
    LiabilityRole,
    Placeholder,
    RepatriationCase,
    SignatoryRole,
    TemplateVersionStatus,
)
from contracts.models.templates import ContractTemplate, TemplateClause, TemplateVersion

__all__ = [
    "CONTRACT_FIELDS", "FROZEN_STATUSES", "IN_FORCE", "TERM_FIELDS", "Claim", "ClauseKind", "Contract",
    "ContractAction", "ContractEvent", "ContractStatus", "ContractTemplate", "EmployerPaidItem", "LiabilityRole",
    "LiableParty", "Placeholder", "RepatriationCase", "Signature", "SignatoryRole", "TemplateClause",
    "TemplateVersion", "TemplateVersionStatus", "WorkerFee",
]
