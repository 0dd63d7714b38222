"""The registry's rules, one concern a module; callers use `from registry import services`.

Services take typed arguments, flush and never commit (the request or the CLI command commits once),
and refuse with a DomainError carrying every reason.
"""
from registry.services.agencies import (
    DOCUMENTS,
    add_message,
    add_person,
    answer_query,
    create_agency,
    document_path,
    normalise,
    record_person,
    record_police_clearance,
    store_document,
    update_agency,
    vet_person,
)
from registry.services.applications import (
    WAITING_COUNTED,
    ApplicationsPage,
    QueueItem,
    applications_queue,
    submit_application,
    submit_renewal,
)
from registry.services.foreign import (
    PUBLIC_WATCHLIST,
    add_ban,
    add_foreign_party,
    ban_in_force,
    bans_in_force,
    bans_on,
    blacklisted,
    lift_ban,
    public_foreign_parties,
    set_watchlist,
)
from registry.services.guarantees import (
    EXPIRING_WITHIN_DAYS,
    ExpiringGuarantee,
    covering_guarantee,
    draw_on_guarantee,
    expiring_guarantees,
    lodge_guarantee,
    minimum_for,
    verify_guarantee,
)
from registry.services.licences import (
    LIFECYCLE,
    NEEDS_CONFIRMATION,
    NEEDS_ORDER_REFERENCE,
    OFFICER_ACTIONS,
    PUBLIC_LICENCE_STATUSES,
    Scope,
    Suspension,
    add_years,
    allowed_actions,
    check_decision,
    covers,
    decide,
    effective_status,
    expire_licences,
    licence_blockers,
    licence_status_on,
    next_term,
    public_status,
    public_status_of,
    request_renewal,
    scope_problems,
    verdict,
)
from registry.services.links import Link, agency_links, id_key, phone_key, similar_names
from registry.services.review import clear_review_flag, flag_for_review
from registry.services.search import (
    MATCHES_COUNTED,
    agencies_named,
    agency_by_licence_number,
    desk_agencies,
    number_keys,
    search_agencies,
    suggest_agencies,
)

__all__ = [
    "DOCUMENTS", "EXPIRING_WITHIN_DAYS", "ExpiringGuarantee", "LIFECYCLE", "Link", "MATCHES_COUNTED",
    "NEEDS_CONFIRMATION", "NEEDS_ORDER_REFERENCE", "OFFICER_ACTIONS", "PUBLIC_LICENCE_STATUSES", "PUBLIC_WATCHLIST",
    "WAITING_COUNTED", "ApplicationsPage", "QueueItem", "Scope", "Suspension", "add_ban", "add_foreign_party",
    "add_message", "add_person", "answer_query",
    "add_years", "agencies_named", "agency_by_licence_number", "agency_links", "allowed_actions",
    "applications_queue", "ban_in_force", "bans_in_force", "bans_on", "blacklisted", "check_decision",
    "clear_review_flag", "covering_guarantee", "covers", "create_agency", "decide", "desk_agencies", "document_path",
    "draw_on_guarantee", "effective_status", "expire_licences", "expiring_guarantees", "flag_for_review", "id_key",
    "licence_blockers", "licence_status_on", "lift_ban", "lodge_guarantee", "minimum_for", "next_term", "normalise",
    "number_keys", "phone_key", "public_status", "public_foreign_parties", "public_status_of", "record_person",
    "record_police_clearance", "request_renewal", "scope_problems", "search_agencies", "set_watchlist",
    "similar_names", "store_document", "submit_application", "submit_renewal", "suggest_agencies", "update_agency",
    "verdict", "verify_guarantee", "vet_person",
]
