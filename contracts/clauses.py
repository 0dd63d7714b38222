"""A printed contract's clauses: each placeholder's value for a contract, formatted in the language the
contract is printed in, and the clauses filled with them. Display, not rules: the print pages use it.

The ministry's standard clauses (contracts.services.clauses.DEFAULT_CLAUSES) are translatable messages: a
template's English clause still worded as the standard one prints in the reader's language. A clause the
ministry wrote itself prints as written, marked with its language. Names and codes put into a clause are
isolated, typed values (a job title, the dispute route) marked with the records' language."""
from dataclasses import dataclass

from flask_babel import format_currency, get_locale, gettext, ngettext
from markupsafe import Markup, escape

from contracts.models import Contract
from contracts.services.clauses import DEFAULT_CLAUSES
from portal.countries import country_name
from portal.i18n import format_date, format_list, isolate, written

STANDARD_WORDING = frozenset(text for _kind, heading, body in DEFAULT_CLAUSES for text in (heading, body))


@dataclass
class PrintedClause:
    """One clause as printed: heading and filled text, and the language they are in."""

    heading: str
    text: Markup
    language: str


def clause_values(contract: Contract) -> dict[str, str]:
    """The values put into a clause's placeholders (contracts.models.Placeholder), for the current language."""
    version = contract.template_version
    return {
        "worker_name": isolate(contract.worker_name),
        "origin_agency": isolate(contract.origin_agency.legal_name),
        "origin_agency_licence": isolate(contract.origin_agency.licence.number or ""),
        "partner_agency": isolate(contract.partner_agency.name),
        "employer": isolate(contract.employer.name),
        "job_title": written(contract.job_title),
        "place_of_work": isolate(contract.place_of_work),
        "destination": country_name(contract.destination_country),
        "start_date": format_date(contract.start_date, "long"),
        "monthly_wage": format_currency(contract.monthly_wage, contract.currency),
        "hours_per_week": str(contract.hours_per_week),
        "weekly_rest_days": str(contract.weekly_rest_days),
        "annual_leave_days": str(contract.annual_leave_days),
        "duration_months": str(contract.duration_months),
        "probation_months": str(contract.probation_months),
        "working_hours": ngettext("At most %(num)d hour a week", "At most %(num)d hours a week",
                                  contract.hours_per_week),
        "weekly_rest": ngettext("%(num)d full rest day every week", "%(num)d full rest days every week",
                                contract.weekly_rest_days),
        "paid_leave": ngettext("%(num)d day a year", "%(num)d days a year", contract.annual_leave_days),
        "duration": ngettext("%(num)d month", "%(num)d months", contract.duration_months),
        "probation": ngettext("%(num)d month", "%(num)d months", contract.probation_months),
        "death_disability_compensation": format_currency(contract.death_disability_compensation, contract.currency),
        "employer_pays": format_list(item.label for item in contract.employer_pays),
        "repatriation": "; ".join(str(case.label).lower() for case in contract.repatriation),
        "dispute_attache": written(version.dispute_attache),
        "dispute_authority": written(version.dispute_authority),
    }


def worker_initials(name: str) -> str:
    """How the public copy names the worker: initials only (the name is private)."""
    return " ".join(part[0].upper() + "." for part in name.split() if part)


def _in_page_language(text: str, language: str) -> tuple[str, str]:
    """(text, its language): the standard wording of an English clause translated into the page's language."""
    if language == "en" and text in STANDARD_WORDING:
        return gettext(text), str(get_locale())
    return text, language


def filled_clauses(contract: Contract, language: str = "en", hide_worker: bool = False) -> list[PrintedClause]:
    """The contract's clauses in a language: the template's own clauses in it, else its English clauses with
    the standard wording translated; placeholders filled (the public copy names the worker by initials)."""
    values = clause_values(contract)
    if hide_worker:
        values["worker_name"] = isolate(worker_initials(contract.worker_name))
    printed = []
    for clause in contract.template_version.clauses_in(language):
        heading, heading_language = _in_page_language(clause.heading, clause.language)
        body, body_language = _in_page_language(clause.body, clause.language)
        language_of_both = body_language if heading_language == body_language else clause.language
        printed.append(PrintedClause(heading, Markup(escape(body)).format_map(values), language_of_both))
    return printed


def binding_language(contract: Contract) -> str:
    """The language the contract was signed in: the worker's, when the template's clauses exist in it."""
    clauses = contract.template_version.clauses_in(contract.worker_language)
    return clauses[0].language if clauses else "en"
