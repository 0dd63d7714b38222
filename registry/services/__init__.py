"""The registry's rules, one concern a module; callers use `from registry import services`.

Services take typed arguments, flush and never commit (the request or the CLI command commits once),
and refuse with a DomainError carrying every reason.
"""
from registry.services.agencies import (
    DOCUMENTS,
    add_message,
    add_person,
    clear_review_flag,
    create_agency,
    document_path,
    flag_for_review,
    lodge_guarantee,
    normalise,
    record_person,
    record_police_clearance,
    store_document,
    update_agency,
    verify_guarantee,
    vet_person,
)
from registry.services.applications import QueueItem, applications_queue, submit_application, submit_renewal
from registry.services.foreign import add_ban, add_foreign_party, ban_in_force, lift_ban, set_watchlist
from registry.services.licences import (
    LIFECYCLE,
    NEEDS_ORDER_REFERENCE,
    OFFICER_ACTIONS,
    PUBLIC_LICENCE_STATUSES,
    add_years,
    allowed_actions,
    decide,
    effective_status,
    expire_licences,
    licence_blockers,
    licence_status_on,
    public_status,
    public_status_of,
    request_renewal,
    verdict,
)
from registry.services.search import (
    MATCHES_COUNTED,
    agencies_named,
    agency_by_licence_number,
    number_keys,
    search_agencies,
    suggest_agencies,
)

__all__ = [
    "DOCUMENTS", "LIFECYCLE", "MATCHES_COUNTED", "NEEDS_ORDER_REFERENCE", "OFFICER_ACTIONS", "PUBLIC_LICENCE_STATUSES",
    "QueueItem", "add_ban", "add_foreign_party", "add_message", "add_person", "add_years", "agencies_named",
    "agency_by_licence_number",
    "allowed_actions", "applications_queue", "ban_in_force", "clear_review_flag", "create_agency", "decide",
    "document_path", "effective_status", "expire_licences", "flag_for_review", "licence_blockers",
    "licence_status_on", "lift_ban", "lodge_guarantee", "normalise", "number_keys", "public_status",
    "public_status_of", "record_person", "record_police_clearance", "request_renewal", "search_agencies",
    "set_watchlist", "suggest_agencies", "store_document", "submit_application", "submit_renewal", "update_agency",
    "verdict", "verify_guarantee", "vet_person",
]
