"""The labelled enums of templates and contracts, and facts about their statuses and fields."""
from enum import StrEnum

from portal.labels import LabelledEnum
from portal.text import _l


class EmployerPaidItem(LabelledEnum):
    """What the employer pays for (ILO employer-pays principle); the value names the columns employer_pays_<value>."""

    OUTBOUND_TRAVEL = "outbound_travel", _l("Travel to the job")
    RETURN_TRAVEL = "return_travel", _l("Return travel home")
    VISA_WORK_PERMIT = "visa_work_permit", _l("Visa and work permit")
    MEDICAL_EXAM = "medical_exam", _l("Medical examination")
    INSURANCE = "insurance", _l("Insurance")
    ACCOMMODATION = "accommodation", _l("Accommodation")
    FOOD = "food", _l("Food")


class RepatriationCase(LabelledEnum):
    """When the employer (and, jointly, the agencies) bring the worker home at no cost to the worker; the value
    names the columns repatriation_<value>."""

    END = "end", _l("At the end of the contract")
    TERMINATION = "termination", _l("If the contract is terminated early")
    DEATH = "death", _l("If the worker dies (return of the remains)")
    CRISIS = "crisis", _l("In a crisis (war, disaster, epidemic)")


class LiabilityRole(LabelledEnum):
    ORIGIN_AGENCY = "origin_agency", _l("Recruitment agency (home country)")
    PARTNER_AGENCY = "partner_agency", _l("Partner agency (destination country)")
    EMPLOYER = "employer", _l("Employer")


class Claim(LabelledEnum):
    """What the liable parties answer for together (stored as plain strings in LiableParty.claims)."""

    UNPAID_WAGES = "unpaid_wages", _l("Unpaid wages")
    DEATH_DISABILITY_COMPENSATION = "death_disability_compensation", _l("Death and disability compensation")
    REPATRIATION = "repatriation", _l("Repatriation costs")


class SignatoryRole(LabelledEnum):
    ORIGIN_AGENCY = "origin_agency", _l("Recruitment agency (home country)")
    PARTNER_AGENCY = "partner_agency", _l("Partner agency (destination country)")
    EMPLOYER = "employer", _l("Employer")
    WORKER = "worker", _l("Worker")


class TemplateVersionStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    PUBLISHED = "published", _l("Published")
    RETIRED = "retired", _l("Replaced by a newer version")  # contracts made from it keep it


class ClauseKind(StrEnum):
    STANDARD = "standard"
    JOINT_LIABILITY = "joint_liability"  # required in every version; cannot be removed


class Placeholder(LabelledEnum):
    """The {names} a clause may use, filled from each contract; the label says what each is."""

    WORKER_NAME = "worker_name", _l("the worker's name")
    ORIGIN_AGENCY = "origin_agency", _l("the recruitment agency (home country)")
    ORIGIN_AGENCY_LICENCE = "origin_agency_licence", _l("the agency's licence number")
    PARTNER_AGENCY = "partner_agency", _l("the partner agency (destination)")
    EMPLOYER = "employer", _l("the employer")
    JOB_TITLE = "job_title", _l("the job title")
    PLACE_OF_WORK = "place_of_work", _l("the place of work")
    DESTINATION = "destination", _l("the destination country")
    START_DATE = "start_date", _l("the start date")
    MONTHLY_WAGE = "monthly_wage", _l("the monthly wage")
    HOURS_PER_WEEK = "hours_per_week", _l("hours per week")
    WEEKLY_REST_DAYS = "weekly_rest_days", _l("weekly rest days")
    ANNUAL_LEAVE_DAYS = "annual_leave_days", _l("paid annual leave days")
    DURATION_MONTHS = "duration_months", _l("the duration in months")
    PROBATION_MONTHS = "probation_months", _l("the probation in months")
    # A number with its noun, in the plural form the language needs ("48 hours a week"; Arabic has six).
    WORKING_HOURS = "working_hours", _l("the working hours, with their unit (at most … hours a week)")
    WEEKLY_REST = "weekly_rest", _l("the weekly rest, with its unit (… full rest days every week)")
    PAID_LEAVE = "paid_leave", _l("the paid leave, with its unit (… days a year)")
    DURATION = "duration", _l("the duration, with its unit (… months)")
    PROBATION = "probation", _l("the probation, with its unit (… months)")
    DEATH_DISABILITY_COMPENSATION = "death_disability_compensation", _l("death and disability compensation")
    EMPLOYER_PAYS = "employer_pays", _l("the items the employer pays")
    REPATRIATION = "repatriation", _l("when the worker is brought home")
    DISPUTE_ATTACHE = "dispute_attache", _l("the labour attaché")
    DISPUTE_AUTHORITY = "dispute_authority", _l("the destination's labour authority")


class ContractStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    AWAITING_SIGNATURES = "awaiting_signatures", _l("Awaiting signatures")
    SIGNED = "signed", _l("Signed, awaiting attestation")
    ATTESTED = "attested", _l("Attested")
    ACTIVE = "active", _l("Active (worker deployed)")
    COMPLETED = "completed", _l("Completed")
    TERMINATED = "terminated", _l("Terminated")
    SUPERSEDED = "superseded", _l("Superseded by a newer contract")


class ContractAction(StrEnum):
    """A step in a contract's history (ContractEvent.action, a plain string column) and its audit name."""

    DRAFT = "draft"
    SUBMIT = "submit"
    SIGNED = "signed"  # the last signature was recorded
    REOPEN = "reopen"
    ATTEST = "attest"
    ACTIVATE = "activate"
    COMPLETE = "complete"
    TERMINATE = "terminate"
    SUPERSEDE = "supersede"
    REFUSE_ATTESTATION = "attest_refused"  # recorded with the reasons; the status stays


# ---------------------------------------------------------------- facts about the data

# Statuses in which the terms are frozen (attested by the ministry, or later); a worker can check these by code.
FROZEN_STATUSES = frozenset({ContractStatus.ATTESTED, ContractStatus.ACTIVE, ContractStatus.COMPLETED,
                             ContractStatus.TERMINATED, ContractStatus.SUPERSEDED})
# An attested contract still in force (it can be activated, terminated or replaced).
IN_FORCE = frozenset({ContractStatus.ATTESTED, ContractStatus.ACTIVE})

# A contract's own terms, as the agency drafts them.
CONTRACT_FIELDS = (
    "worker_name", "worker_date_of_birth", "worker_passport_number", "worker_phone", "worker_next_of_kin",
    "worker_language", "job_title", "place_of_work", "start_date", "currency", "monthly_wage", "hours_per_week",
    "weekly_rest_days", "annual_leave_days", "duration_months", "probation_months",
    "death_disability_compensation", *(f"employer_pays_{item}" for item in EmployerPaidItem),
    "passport_kept_by_worker", *(f"repatriation_{case}" for case in RepatriationCase),
)
# A template version's minimum terms and wording, as the licensing officer writes them.
TERM_FIELDS = (
    "title", "currency", "min_monthly_wage", "max_hours_per_week", "min_weekly_rest_days",
    "min_annual_leave_days", "max_duration_months", "max_probation_months", "min_death_disability_compensation",
    *(f"employer_pays_{item}" for item in EmployerPaidItem), "worker_keeps_passport",
    *(f"repatriation_{case}" for case in RepatriationCase), "dispute_attache", "dispute_authority", "change_note",
)


def ticked(obj, prefix: str, enum) -> list:
    """The members whose boolean column prefix<value> is set on obj (a template version or a contract)."""
    return [member for member in enum if getattr(obj, f"{prefix}{member.value}")]
