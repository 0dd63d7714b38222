"""Drafting: the recruiting agency writes a contract from a published template version, changes it while it is
a draft, and starts a new contract to replace an attested one (a change after attestation is a new contract)."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from contracts.models import (
    CONTRACT_FIELDS,
    FROZEN_STATUSES,
    Contract,
    ContractAction,
    ContractStatus,
    TemplateVersion,
    TemplateVersionStatus,
    WorkerFee,
)
from contracts.services.access import require_licensed, require_representative
from contracts.services.liability import sync_liabilities
from contracts.services.lifecycle import FLOW, FROZEN_TERMS_REFUSAL
from portal import audit
from portal.database import today
from portal.errors import Problems, Refused
from portal.extensions import db
from portal.models import User
from portal.text import _l, _ln
from registry.models import Agency, ForeignParty, PartyKind, WatchlistStatus

_REQUIRED_TEXT = ("worker_name", "worker_passport_number", "worker_phone", "worker_next_of_kin", "job_title",
                  "place_of_work")
_AMOUNTS = ("monthly_wage", "death_disability_compensation")
_COUNTS = ("hours_per_week", "weekly_rest_days", "annual_leave_days", "duration_months", "probation_months")


@dataclass
class FeeLine:
    """A fee the worker was asked to pay, as typed on the form."""

    description: str
    amount: Decimal
    currency: str
    paid_to: str = ""


def _party_problems(version: TemplateVersion, partner: ForeignParty | None, employer: ForeignParty | None,
                    problems: Problems) -> None:
    country = version.template.destination_country
    if partner is None or partner.kind != PartyKind.PARTNER_AGENCY:
        problems.add("partner_agency_id", _l("Choose the partner agency in the destination country."))
    elif partner.country != country:
        problems.add("partner_agency_id", _l("The partner agency is not in the template's destination country."))
    if employer is None or employer.kind != PartyKind.EMPLOYER:
        problems.add("employer_id", _l("Choose the employer."))
    elif employer.country != country:
        problems.add("employer_id", _l("The employer is not in the template's destination country."))
    for field, party in (("partner_agency_id", partner), ("employer_id", employer)):
        if party is not None and party.watchlist_status == WatchlistStatus.BLACKLISTED:
            problems.add(field, _l("%(name)s is blacklisted: no contract can be made with them (%(reason)s).",
                                   name=party.name, reason=party.watchlist_reason))


def _field_problems(fields: dict, problems: Problems) -> None:
    for name in _REQUIRED_TEXT:
        if name in fields and not (fields[name] or "").strip():
            problems.add(name, _l("This field is required."))
    born = fields.get("worker_date_of_birth")
    if born is not None and _age(born, today()) < 18:
        problems.add("worker_date_of_birth", _ln("The worker must be at least %(num)d year old.",
                                                               "The worker must be at least %(num)d years old.", 18))
    for name in _AMOUNTS:
        if name in fields and (fields[name] is None or fields[name] < 0):
            problems.add(name, _l("Enter an amount of zero or more."))
    for name in _COUNTS:
        if name in fields and (fields[name] is None or fields[name] < 0):
            problems.add(name, _l("Enter a number of zero or more."))
    if fields.get("duration_months") == 0:
        problems.add("duration_months", _l("Enter the duration in months."))
    if "currency" in fields and (len(fields["currency"] or "") != 3 or not fields["currency"].isalpha()):
        problems.add("currency", _l("Enter a three-letter currency code, e.g. SAR."))


def _fee_problems(fees: list[FeeLine], problems: Problems) -> None:
    for fee in fees:
        if not fee.description.strip():
            problems.add("fees", _l("Say what each fee was for."))
        if fee.amount is None or fee.amount <= 0:
            problems.add("fees", _l("Enter the amount the worker was asked to pay (more than zero)."))


def _age(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _check(version: TemplateVersion, partner: ForeignParty | None, employer: ForeignParty | None, fields: dict,
           fees: list[FeeLine], problems: Problems | None = None) -> None:
    """Refuse with every wrong party, field and fee at once, each on its field."""
    problems = Problems() if problems is None else problems
    _party_problems(version, partner, employer, problems)
    _field_problems(fields, problems)
    _fee_problems(fees, problems)
    problems.raise_if_any()


def _apply(contract: Contract, fields: dict, fees: list[FeeLine] | None) -> None:
    for name in CONTRACT_FIELDS:
        if name in fields:
            value = fields[name]
            if isinstance(value, str):
                value = value.strip()
                if name in ("currency", "worker_passport_number"):
                    value = value.upper()
            setattr(contract, name, value)
    if fees is not None:
        contract.fees.clear()
        for fee in fees:
            contract.fees.append(WorkerFee(description=fee.description.strip(), amount=fee.amount,
                                           currency=fee.currency.strip().upper() or contract.currency,
                                           paid_to=fee.paid_to.strip()))


def draft_contract(actor: User, agency: Agency, version: TemplateVersion, partner: ForeignParty | None,
                   employer: ForeignParty | None, fees: list[FeeLine] = (), supersedes: Contract | None = None,
                   **fields) -> Contract:
    """A new draft contract from a published template version, for the actor's own licensed agency."""
    require_representative(actor, agency)
    require_licensed(agency)
    problems = Problems()
    if version.status != TemplateVersionStatus.PUBLISHED:
        problems.add("template_version_id", _l("Choose a published template."))
    fees = list(fees)
    fields.setdefault("currency", version.currency)
    _check(version, partner, employer, fields, fees, problems)
    contract = Contract(template_version=version, destination_country=version.template.destination_country,
                        sector=version.template.sector, origin_agency=agency, partner_agency=partner,
                        employer=employer, created_by_id=actor.id, supersedes=supersedes)
    _apply(contract, fields, fees)
    db.session.add(contract)
    FLOW.run(contract, ContractAction.DRAFT, actor,
             audit_details={"supersedes_id": supersedes.id if supersedes else None})
    sync_liabilities(contract)
    db.session.flush()
    return contract


def update_contract(contract: Contract, actor: User, partner: ForeignParty | None = None,
                    employer: ForeignParty | None = None, fees: list[FeeLine] | None = None,
                    **fields) -> Contract:
    """Change a draft's terms; once attested the terms are frozen (a change is a new contract)."""
    require_representative(actor, contract.origin_agency)
    if contract.status in FROZEN_STATUSES:
        raise Refused(FROZEN_TERMS_REFUSAL)
    if contract.status != ContractStatus.DRAFT:
        raise Refused(_l("Only a draft can be edited: take the contract back to draft first (the signatures "
                         "collected so far are cancelled)."))
    _check(contract.template_version, partner or contract.partner_agency, employer or contract.employer, fields,
           list(fees or []))
    if partner is not None:
        contract.partner_agency = partner
    if employer is not None:
        contract.employer = employer
    _apply(contract, fields, fees)
    db.session.flush()
    sync_liabilities(contract)
    db.session.flush()
    audit.record("contract.edit", contract, actor=actor)
    return contract


def supersede(old: Contract, actor: User) -> Contract:
    """Start a changed contract replacing an attested one: a new draft copied from it (the old stays in
    force until the new one is attested)."""
    require_representative(actor, old.origin_agency)
    FLOW.check(old, ContractAction.SUPERSEDE, actor)
    pending = [c for c in old.superseded_by_list if c.status not in FROZEN_STATUSES]
    if pending:
        raise Refused(_l("A replacement for this contract is already being drafted (contract %(number)s).",
                         number=pending[0].number))
    version = old.template_version.template.published_version
    if version is None:
        raise Refused(_l("The template has no published version."))
    fields = {name: getattr(old, name) for name in CONTRACT_FIELDS}
    fees = [FeeLine(f.description, f.amount, f.currency, f.paid_to) for f in old.fees]
    return draft_contract(actor, old.origin_agency, version, old.partner_agency, old.employer, fees=fees,
                          supersedes=old, **fields)
