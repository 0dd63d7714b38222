"""The contract pages, by audience: public (a worker checking a contract, its public print and PDF), desk (the
contracts list and a contract's page), steps (what is done on a contract's page: signatures, attestation, the
steps after it), drafting (the agency's drafts), templates (the licensing officers' standard templates)."""
from contracts import bp
from contracts.models import EmployerPaidItem, Placeholder, RepatriationCase, SignatoryRole


@bp.app_context_processor
def contract_names() -> dict:
    """What the contract templates use, wherever they are rendered."""
    return {"EmployerPaidItem": EmployerPaidItem, "RepatriationCase": RepatriationCase,
            "SignatoryRole": SignatoryRole, "Placeholder": Placeholder}
