"""The grievance rules, one concern a module; callers use `from grievances import services as svc`.

Services take typed arguments, flush and never commit (the request or the CLI command commits once), and
refuse with a DomainError carrying every reason. The wording of the timeline is display: grievances.timeline.
"""
from grievances.services.access import (
    attache_countries,
    can_act,
    can_open_case,
    can_see_identity,
    case_scope,
    get_agency_case,
    get_case,
    record_identity_view,
    sees_all_cases,
)
from grievances.services.assignment import assign, case_officers
from grievances.services.codes import (
    REFERENCE_PREFIX,
    TRACKING_CODE_LENGTH,
    by_reference,
    find_for_tracking,
    hash_tracking_code,
    new_reference,
    new_tracking_code,
    normalise_reference,
)
from grievances.services.deadlines import (
    acknowledge_deadline,
    next_deadline,
    overdue_clause,
    overdue_deadlines,
    resolve_deadline,
)
from grievances.services.escalation import escalate, escalate_missed, escalate_overdue, supervisor_for
from grievances.services.events import add_event
from grievances.services.evidence import (
    ALLOWED_EVIDENCE,
    EVIDENCE,
    check_evidence,
    evidence_folder,
    evidence_path,
    store_evidence,
    worker_add_evidence,
)
from grievances.services.filing import Filing, FilingInput, file_grievance, parse_amount, resolve_agency
from grievances.services.messages import add_note, agency_respond, message_worker, worker_message
from grievances.services.queue import (
    CASES_COUNTED,
    QueueFilters,
    agency_cases,
    count_cases,
    oldest_case_filed,
    queue,
)
from grievances.services.record import agency_record, liable_parties, linked_contract
from grievances.services.workflow import (
    CASE_WORKFLOW,
    acknowledge,
    allowed_actions,
    close,
    refer,
    reopen,
    resolve,
    start_investigation,
    withdraw,
)

__all__ = [
    "ALLOWED_EVIDENCE", "CASE_WORKFLOW", "EVIDENCE", "REFERENCE_PREFIX", "TRACKING_CODE_LENGTH", "Filing",
    "FilingInput", "QueueFilters", "acknowledge", "acknowledge_deadline", "add_event", "add_note", "agency_cases",
    "agency_record", "agency_respond", "allowed_actions", "assign", "attache_countries", "by_reference", "can_act",
    "can_open_case", "can_see_identity", "case_officers", "case_scope", "check_evidence", "close", "count_cases",
    "escalate", "escalate_missed", "escalate_overdue", "evidence_folder", "evidence_path", "file_grievance",
    "find_for_tracking",
    "get_agency_case", "get_case", "hash_tracking_code", "liable_parties", "linked_contract", "message_worker",
    "new_reference", "new_tracking_code", "next_deadline", "normalise_reference", "oldest_case_filed", "overdue_clause",
    "overdue_deadlines", "parse_amount", "queue", "CASES_COUNTED", "record_identity_view", "refer", "reopen", "resolve",
    "resolve_agency", "resolve_deadline", "sees_all_cases", "start_investigation", "store_evidence",
    "supervisor_for", "withdraw", "worker_add_evidence", "worker_message",
]
