"""Attestation: the ministry checks a signed contract against every rule at once (licence, bans, watchlist,
the template's minimum terms, fees charged to the worker, the contract it replaces); when it passes, the terms
freeze, the verification code is issued and the contract it replaces is superseded."""
from datetime import date

from flask_babel import format_currency

from contracts.models import IN_FORCE, Contract, ContractAction, ContractEvent
from contracts.services.liability import sync_liabilities
from contracts.services.lifecycle import FLOW
from contracts.services.verification import issue_code
from portal import audit
from portal.countries import country_name
from portal.database import today, utcnow
from portal.errors import Refused
from portal.i18n import format_date
from portal.models import AuditEntry, User
from portal.text import _l, _ln
from registry.models import LicenceStatus, Sector
from registry.services import ban_in_force, covers, licence_status_on


def attestation_problems(contract: Contract, day: date | None = None) -> list:
    """Every reason the ministry must refuse to attest this contract on that day (empty: it may)."""
    day = day or today()
    return [*_party_problems(contract, day), *term_problems(contract), *_fee_problems(contract),
            *_replacement_problems(contract)]


def _party_problems(contract: Contract, day: date) -> list:
    problems = []
    agency = contract.origin_agency
    if licence_status_on(agency, day) != LicenceStatus.LICENSED:
        problems.append(_l("The agency %(name)s is not licensed on %(day)s.", name=agency.legal_name,
                           day=format_date(day)))
    else:
        problems += covers(agency.licence, contract.destination_country, contract.sector)
    ban = ban_in_force(contract.destination_country, contract.sector, day)
    if ban is not None:
        problems.append(_l("Deployment to %(country)s for %(sector)s is banned since %(since)s: %(reason)s",
                           country=country_name(contract.destination_country),
                           sector=Sector.label_of(contract.sector), since=format_date(ban.starts_on),
                           reason=ban.reason))
    watchlisted = (
        (contract.employer, _l("The employer %(name)s is on the watchlist (%(status)s): %(reason)s")),
        (contract.partner_agency, _l("The partner agency %(name)s is on the watchlist (%(status)s): %(reason)s")),
    )
    for party, message in watchlisted:
        if party.on_watchlist:
            problems.append(message % {"name": party.name, "status": party.watchlist_status.label,
                                       "reason": party.watchlist_reason})
    return problems


def term_problems(contract: Contract) -> list:
    """One message per term below the template version's minimum."""
    return [*_wage_problems(contract), *_time_problems(contract), *_compensation_problems(contract),
            *_duty_problems(contract)]


def _wage_problems(contract: Contract) -> list:
    v = contract.template_version
    if contract.currency != v.currency:
        return [_l("The wage is in %(currency)s; the template's wage floor is in %(floor)s.",
                   currency=contract.currency, floor=v.currency)]
    if contract.monthly_wage < v.min_monthly_wage:
        return [_l("The monthly wage %(wage)s is below the floor of %(floor)s.",
                   wage=format_currency(contract.monthly_wage, contract.currency),
                   floor=format_currency(v.min_monthly_wage, v.currency))]
    return []


def _compensation_problems(contract: Contract) -> list:
    v = contract.template_version
    if contract.currency != v.currency or contract.death_disability_compensation >= v.min_death_disability_compensation:
        return []
    return [_l("Death and disability compensation of %(amount)s is below the minimum of %(min)s.",
               amount=format_currency(contract.death_disability_compensation, contract.currency),
               min=format_currency(v.min_death_disability_compensation, v.currency))]


def _time_problems(contract: Contract) -> list:
    v = contract.template_version
    problems = []
    if contract.hours_per_week > v.max_hours_per_week:
        problems.append(_ln("%(num)d hour a week is more than the maximum of %(max)d.",
                            "%(num)d hours a week is more than the maximum of %(max)d.",
                            contract.hours_per_week, max=v.max_hours_per_week))
    if contract.weekly_rest_days < v.min_weekly_rest_days:
        problems.append(_ln("%(num)d rest day a week is fewer than the minimum of %(min)d.",
                            "%(num)d rest days a week is fewer than the minimum of %(min)d.",
                            contract.weekly_rest_days, min=v.min_weekly_rest_days))
    if contract.annual_leave_days < v.min_annual_leave_days:
        problems.append(_ln("%(num)d day of paid leave a year is less than the minimum of %(min)d.",
                            "%(num)d days of paid leave a year is less than the minimum of %(min)d.",
                            contract.annual_leave_days, min=v.min_annual_leave_days))
    if contract.duration_months > v.max_duration_months:
        problems.append(_ln("A duration of %(num)d month is longer than the maximum of %(max)d.",
                            "A duration of %(num)d months is longer than the maximum of %(max)d.",
                            contract.duration_months, max=v.max_duration_months))
    if contract.probation_months > v.max_probation_months:
        problems.append(_ln("A probation of %(num)d month is longer than the limit of %(max)d.",
                            "A probation of %(num)d months is longer than the limit of %(max)d.",
                            contract.probation_months, max=v.max_probation_months))
    return problems


def _duty_problems(contract: Contract) -> list:
    v = contract.template_version
    problems = [_l("The employer must pay for: %(item)s.", item=item.label)
                for item in v.required_employer_items if item not in contract.employer_pays]
    if v.worker_keeps_passport and not contract.passport_kept_by_worker:
        problems.append(_l("The worker must keep their own passport and identity documents."))
    problems += [_l("Repatriation at no cost to the worker is missing: %(case)s.", case=case.label)
                 for case in v.required_repatriation if case not in contract.repatriation]
    return problems


def _fee_problems(contract: Contract) -> list:
    if not contract.fees:
        return []
    items = "; ".join(f"{f.description}: {format_currency(f.amount, f.currency)}" for f in contract.fees)
    return [_ln("The worker was asked to pay %(num)d fee (%(items)s). Recruitment fees and related "
                "costs charged to the worker must be zero.",
                "The worker was asked to pay %(num)d fees (%(items)s). Recruitment fees and related "
                "costs charged to the worker must be zero.", len(contract.fees), items=items)]


def _replacement_problems(contract: Contract) -> list:
    old = contract.supersedes
    if old is None or old.status in IN_FORCE:
        return []
    return [_l("The contract this one replaces is no longer in force (%(status)s).", status=old.status.label)]


def attest(contract: Contract, actor: User, reference: str = "", day: date | None = None) -> Contract:
    """The ministry attests a signed contract: the terms freeze, the verification code is issued, and the
    contract it replaces (if any) is superseded. Refused with every failed rule at once."""
    FLOW.check(contract, ContractAction.ATTEST, actor)
    problems = attestation_problems(contract, day)
    if problems:
        raise Refused(problems=[(None, p) for p in problems])
    reference = reference.strip()
    issue_code(contract)  # before the status changes: then the terms are frozen
    contract.attested_by_id, contract.attested_at = actor.id, utcnow()
    contract.attestation_reference = reference
    sync_liabilities(contract)
    FLOW.run(contract, ContractAction.ATTEST, actor, reference, audit_details={"code": contract.verification_code})
    old = contract.supersedes
    if old is not None:
        FLOW.run(old, ContractAction.SUPERSEDE, actor, f"Replaced by contract {contract.code_display}",
                 audit_details={"superseded_by": contract.id})
    return contract


def record_refused_attestation(contract: Contract, actor: User, reasons: list) -> AuditEntry:
    """Keep a trace of a refused attestation with every reason (after the refused step was rolled back): a line
    in the contract's history (its status unchanged) and an audit entry."""
    reason = " | ".join(str(r) for r in reasons)
    contract.events.append(ContractEvent(action=ContractAction.REFUSE_ATTESTATION.value, from_status=contract.status,
                                         to_status=contract.status, reason=reason, actor_id=actor.id, at=utcnow()))
    return audit.record("contract.attest_refused", contract, reason=reason, actor=actor)
