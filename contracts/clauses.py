"""A printed contract's clauses: each placeholder's value for a contract, formatted in the language the
contract is printed in, and the clauses filled with them. Display, not rules: the print pages use it."""
from flask_babel import format_currency

from contracts.models import Contract, TemplateClause
from portal.countries import country_name
from portal.i18n import format_date, format_list


def clause_values(contract: Contract) -> dict[str, str]:
    """The values put into a clause's placeholders (contracts.models.Placeholder), for the current language."""
    version = contract.template_version
    return {
        "worker_name": contract.worker_name,
        "origin_agency": contract.origin_agency.legal_name,
        "origin_agency_licence": contract.origin_agency.licence.number or "",
        "partner_agency": contract.partner_agency.name,
        "employer": contract.employer.name,
        "job_title": contract.job_title,
        "place_of_work": contract.place_of_work,
        "destination": country_name(contract.destination_country),
        "start_date": format_date(contract.start_date, "long"),
        "monthly_wage": format_currency(contract.monthly_wage, contract.currency),
        "hours_per_week": str(contract.hours_per_week),
        "weekly_rest_days": str(contract.weekly_rest_days),
        "annual_leave_days": str(contract.annual_leave_days),
        "duration_months": str(contract.duration_months),
        "probation_months": str(contract.probation_months),
        "death_disability_compensation": format_currency(contract.death_disability_compensation, contract.currency),
        "employer_pays": format_list(item.label for item in contract.employer_pays),
        "repatriation": "; ".join(str(case.label).lower() for case in contract.repatriation),
        "dispute_attache": version.dispute_attache,
        "dispute_authority": version.dispute_authority,
    }


def worker_initials(name: str) -> str:
    """How the public copy names the worker: initials only (the name is private)."""
    return " ".join(part[0].upper() + "." for part in name.split() if part)


def filled_clauses(contract: Contract, language: str = "en",
                   hide_worker: bool = False) -> list[tuple[TemplateClause, str]]:
    """The contract's clauses in a language (English when not translated), placeholders filled; the public
    copy names the worker by initials only."""
    values = clause_values(contract)
    if hide_worker:
        values["worker_name"] = worker_initials(contract.worker_name)
    return [(c, c.body.format_map(values)) for c in contract.template_version.clauses_in(language)]


def binding_language(contract: Contract) -> str:
    """The language the contract was signed in: the worker's, when the template's clauses exist in it."""
    clauses = contract.template_version.clauses_in(contract.worker_language)
    return clauses[0].language if clauses else "en"
