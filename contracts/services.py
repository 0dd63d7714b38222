"""The contract rules: template versions, drafting, signatures, attestation, the freeze, supersession.

Services flush and never commit: the request or the CLI command commits once.
"""
import secrets
import string
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import format_currency, format_date
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from sqlalchemy.orm import selectinload

from contracts.models import (
    CLAIMS,
    CONTRACT_STATUS_LABELS,
    EMPLOYER_PAID_ITEMS,
    REPATRIATION_CASES,
    SIGNATORY_LABELS,
    ClauseKind,
    Contract,
    ContractEvent,
    ContractStatus,
    ContractTemplate,
    LiabilityRole,
    LiableParty,
    SignatoryRole,
    Signature,
    TemplateClause,
    TemplateVersion,
    TemplateVersionStatus,
    WorkerFee,
)
from portal import audit
from portal.countries import country_name
from portal.database import today, utcnow
from portal.errors import DomainError, NotFound, Refused
from portal.extensions import db
from portal.models import Role, User
from registry.models import (
    Agency,
    ForeignParty,
    LicenceStatus,
    PartyKind,
    Sector,
)
from registry.services import (
    ban_in_force,
    effective_status,
    licence_status_on,
    verdict,
)

CS = ContractStatus
TS = TemplateVersionStatus

# Statuses in which the terms are frozen (attested by the ministry, or later).
FROZEN_STATUSES = frozenset({CS.ATTESTED, CS.ACTIVE, CS.COMPLETED, CS.TERMINATED, CS.SUPERSEDED})
# Statuses a worker can check by verification code.
PUBLIC_STATUSES = FROZEN_STATUSES
# An attested contract still in force (it can be activated, terminated or replaced).
IN_FORCE = frozenset({CS.ATTESTED, CS.ACTIVE})


# ---------------------------------------------------------------- verification codes

# No 0/O, 1/I/L: a worker reading a printed code cannot confuse them.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def normalise_code(text: str) -> str:
    """The code as stored: upper case, spaces and dashes (any punctuation) removed."""
    return "".join(c for c in (text or "").upper() if c.isalnum())


def new_verification_code() -> str:
    """A random unused code of 10 unambiguous characters (about 49 bits)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not db.session.scalar(sa.select(Contract.id).where(Contract.verification_code == code)):
            return code


def contract_by_code(code: str) -> Contract | None:
    """The contract with that verification code (case, spaces and dashes ignored)."""
    wanted = normalise_code(code)
    if len(wanted) != CODE_LENGTH:
        return None
    return db.session.scalar(sa.select(Contract).where(Contract.verification_code == wanted))


# ---------------------------------------------------------------- joint and several liability


def liable_parties(contract: Contract) -> list[LiableParty]:
    """The parties liable together for the contract's claims: origin agency, partner agency, employer."""
    if contract.liabilities:
        return list(contract.liabilities)
    return _liability_rows(contract)  # a contract not yet saved with its parties


def _liability_rows(contract: Contract) -> list[LiableParty]:
    rows = []
    if contract.origin_agency is not None:
        rows.append(LiableParty(role=LiabilityRole.ORIGIN_AGENCY, name=contract.origin_agency.legal_name,
                                agency_id=contract.origin_agency.id, claims=list(CLAIMS)))
    if contract.partner_agency is not None:
        rows.append(LiableParty(role=LiabilityRole.PARTNER_AGENCY, name=contract.partner_agency.name,
                                foreign_party_id=contract.partner_agency.id, claims=list(CLAIMS)))
    if contract.employer is not None:
        rows.append(LiableParty(role=LiabilityRole.EMPLOYER, name=contract.employer.name,
                                foreign_party_id=contract.employer.id, claims=list(CLAIMS)))
    return rows


def _sync_liabilities(contract: Contract) -> None:
    """Name the jointly liable parties from the contract's present parties (drafts only)."""
    contract.liabilities.clear()
    db.session.flush()
    for row in _liability_rows(contract):
        contract.liabilities.append(row)


# ---------------------------------------------------------------- clauses and placeholders

PLACEHOLDERS = {
    "worker_name": _l("the worker's name"),
    "origin_agency": _l("the recruitment agency (home country)"),
    "origin_agency_licence": _l("the agency's licence number"),
    "partner_agency": _l("the partner agency (destination)"),
    "employer": _l("the employer"),
    "job_title": _l("the job title"),
    "place_of_work": _l("the place of work"),
    "destination": _l("the destination country"),
    "start_date": _l("the start date"),
    "monthly_wage": _l("the monthly wage"),
    "hours_per_week": _l("hours per week"),
    "weekly_rest_days": _l("weekly rest days"),
    "annual_leave_days": _l("paid annual leave days"),
    "duration_months": _l("the duration in months"),
    "probation_months": _l("the probation in months"),
    "death_disability_compensation": _l("death and disability compensation"),
    "employer_pays": _l("the items the employer pays"),
    "repatriation": _l("when the worker is brought home"),
    "dispute_attache": _l("the labour attaché"),
    "dispute_authority": _l("the destination's labour authority"),
}
# The joint-and-several liability clause must name these parties.
LIABILITY_PLACEHOLDERS = ("origin_agency", "partner_agency", "employer")


def placeholders_in(body: str) -> list[str]:
    """The {names} used in a clause; DomainError when the braces are malformed."""
    try:
        return [name for _, name, _, _ in string.Formatter().parse(body) if name is not None]
    except ValueError as e:
        raise DomainError(_l("A clause has a stray or unclosed brace: %(error)s", error=str(e)), field="clauses")


def check_clauses(clauses: list[dict]) -> None:
    """Each clause has a heading and text, uses only known placeholders; the liability clause is there."""
    if not clauses:
        raise DomainError(_l("A template needs its clauses."), field="clauses")
    for clause in clauses:
        if not clause["heading"].strip() or not clause["body"].strip():
            raise DomainError(_l("Every clause needs a heading and its text."), field="clauses")
        unknown = sorted({n for n in placeholders_in(clause["body"]) if n not in PLACEHOLDERS})
        if unknown:
            raise DomainError(_ln("Unknown placeholder: %(names)s.", "Unknown placeholders: %(names)s.", len(unknown),
                                  names=", ".join(unknown)), field="clauses")
    liability = [c for c in clauses if c["kind"] == ClauseKind.JOINT_LIABILITY]
    if len(liability) != 1:
        raise DomainError(_l("The joint-and-several liability clause cannot be removed."), field="clauses")
    missing = [n for n in LIABILITY_PLACEHOLDERS if n not in placeholders_in(liability[0]["body"])]
    if missing:
        raise DomainError(
            _l("The joint-and-several liability clause must name every liable party: add %(names)s.",
               names=", ".join("{%s}" % n for n in missing)),
            field="clauses",
        )


def clause_values(contract: Contract) -> dict[str, str]:
    """The values put into a clause's placeholders, formatted for the current language."""
    version = contract.template_version
    items = ", ".join(str(EMPLOYER_PAID_ITEMS[k]) for k in contract.employer_pays)
    cases = "; ".join(str(REPATRIATION_CASES[k]).lower() for k in contract.repatriation)
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
        "employer_pays": items,
        "repatriation": cases,
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


# ---------------------------------------------------------------- templates

TERM_FIELDS = (
    "title", "currency", "min_monthly_wage", "max_hours_per_week", "min_weekly_rest_days",
    "min_annual_leave_days", "max_duration_months", "max_probation_months", "min_death_disability_compensation",
    *(f"employer_pays_{k}" for k in EMPLOYER_PAID_ITEMS), "worker_keeps_passport",
    *(f"repatriation_{k}" for k in REPATRIATION_CASES), "dispute_attache", "dispute_authority", "change_note",
)

DEFAULT_CLAUSES = [
    (ClauseKind.STANDARD, "Parties and job",
     "This contract is made between {employer} (the employer) and {worker_name} (the worker), through "
     "{origin_agency} (licence {origin_agency_licence}) and {partner_agency}. The worker is employed as "
     "{job_title} at {place_of_work}, {destination}, from {start_date} for {duration_months} months."),
    (ClauseKind.STANDARD, "Wage, hours and rest",
     "The employer pays {monthly_wage} every month, in full, into an account in the worker's name. Work is "
     "at most {hours_per_week} hours a week, with {weekly_rest_days} full rest day(s) a week and "
     "{annual_leave_days} days of paid leave a year. Probation lasts at most {probation_months} months."),
    (ClauseKind.STANDARD, "What the employer pays",
     "The employer pays: {employer_pays}. The worker pays no recruitment fee or related cost to anyone."),
    (ClauseKind.STANDARD, "Passport and documents",
     "The worker keeps their own passport, identity documents and copy of this contract. Nobody may take "
     "them from the worker."),
    (ClauseKind.STANDARD, "Repatriation",
     "The employer brings the worker home at no cost to the worker: {repatriation}."),
    (ClauseKind.STANDARD, "Death and disability",
     "If the worker dies or is disabled at work, compensation of at least {death_disability_compensation} "
     "is paid to the worker or their next of kin, in addition to insurance benefits."),
    (ClauseKind.JOINT_LIABILITY, "Joint and several liability",
     "{origin_agency}, {partner_agency} and {employer} are jointly and severally liable to the worker for "
     "unpaid wages, death and disability compensation and the costs of repatriation. The worker may claim "
     "the whole amount from any one of them."),
    (ClauseKind.STANDARD, "Disputes",
     "The worker may raise any dispute first with {dispute_attache}, and then with {dispute_authority}. "
     "The worker may also file a grievance with the Ministry at any time, free of charge."),
]


def default_clauses() -> list[dict]:
    return [{"kind": k, "heading": h, "body": b, "language": "en"} for k, h, b in DEFAULT_CLAUSES]


def _check_terms(terms: dict) -> None:
    numbers = ("min_monthly_wage", "max_hours_per_week", "min_weekly_rest_days", "min_annual_leave_days",
               "max_duration_months", "max_probation_months", "min_death_disability_compensation")
    for name in numbers:
        if name in terms and (terms[name] is None or terms[name] < 0):
            raise DomainError(_l("Enter a number of zero or more."), field=name)
    if terms.get("max_hours_per_week") is not None and terms["max_hours_per_week"] > 168:
        raise DomainError(_l("A week has 168 hours."), field="max_hours_per_week")
    if terms.get("min_weekly_rest_days") is not None and terms["min_weekly_rest_days"] > 7:
        raise DomainError(_l("A week has 7 days."), field="min_weekly_rest_days")
    if "currency" in terms and (len(terms["currency"] or "") != 3 or not terms["currency"].isalpha()):
        raise DomainError(_l("Enter a three-letter currency code, e.g. SAR."), field="currency")


def create_template(actor: User, destination_country: str, sector: str, occupation: str,
                    clauses: list[dict] | None = None, **terms) -> ContractTemplate:
    """A new template for a destination and sector, with its first draft version."""
    destination_country = destination_country.strip().upper()
    if sector not in {s.value for s in Sector}:
        raise DomainError(_l("Choose a sector."), field="sector")
    if len(destination_country) != 2:
        raise DomainError(_l("Choose a destination country."), field="destination_country")
    taken = db.session.scalar(sa.select(ContractTemplate.id).where(
        ContractTemplate.destination_country == destination_country, ContractTemplate.sector == sector))
    if taken:
        raise DomainError(_l("A template for this destination and sector exists already: make a new version of it."),
                          field="sector")
    template = ContractTemplate(destination_country=destination_country, sector=sector,
                                occupation=occupation.strip())
    db.session.add(template)
    _check_terms(terms)
    version = TemplateVersion(number=1, status=TS.DRAFT, created_by_id=actor.id,
                              **{k: v for k, v in terms.items() if k in TERM_FIELDS})
    template.versions.append(version)
    _set_version(version, terms, clauses if clauses is not None else default_clauses())
    db.session.flush()
    audit.record("contract_template.create", template, actor=actor, country=destination_country, sector=sector)
    return template


def _set_version(version: TemplateVersion, terms: dict, clauses: list[dict] | None) -> None:
    _check_terms(terms)
    for name in TERM_FIELDS:
        if name in terms:
            value = terms[name]
            setattr(version, name, value.strip().upper() if name == "currency" else value)
    if clauses is not None:
        check_clauses([c for c in clauses if c.get("language", "en") == "en"])
        version.clauses.clear()
        db.session.flush()
        positions: dict[str, int] = {}
        for clause in clauses:
            language = clause.get("language", "en")
            positions[language] = positions.get(language, 0) + 1
            version.clauses.append(TemplateClause(
                language=language, position=positions[language], kind=clause["kind"],
                heading=clause["heading"].strip(), body=clause["body"].strip()))


def new_version(template: ContractTemplate, actor: User) -> TemplateVersion:
    """A new draft version copied from the latest one (published versions are never edited)."""
    if template.draft_version is not None:
        raise Refused(_l("Version %(n)d is already a draft: edit it.", n=template.draft_version.number))
    latest = template.versions[-1]
    terms = {name: getattr(latest, name) for name in TERM_FIELDS}
    terms["change_note"] = ""
    clauses = [{"kind": c.kind, "heading": c.heading, "body": c.body, "language": c.language}
               for c in latest.clauses]
    version = TemplateVersion(number=latest.number + 1, status=TS.DRAFT, created_by_id=actor.id, **terms)
    template.versions.append(version)
    _set_version(version, terms, clauses)
    db.session.flush()
    audit.record("contract_template.new_version", version, actor=actor, template_id=template.id,
                 number=version.number)
    return version


def update_version(version: TemplateVersion, actor: User, clauses: list[dict] | None = None,
                   **terms) -> TemplateVersion:
    """Change a draft version's terms and clauses; a published version is refused."""
    if version.status != TS.DRAFT:
        raise Refused(_l("A published version never changes: make a new version instead."))
    _set_version(version, terms, clauses)
    db.session.flush()
    audit.record("contract_template.edit", version, actor=actor, number=version.number)
    return version


def publish_version(version: TemplateVersion, actor: User, note: str = "") -> TemplateVersion:
    """Publish a draft: it becomes the version new contracts are made from; the previous one retires."""
    if version.status != TS.DRAFT:
        raise Refused(_l("Only a draft version can be published."))
    english = [{"kind": c.kind, "heading": c.heading, "body": c.body} for c in version.clauses if c.language == "en"]
    check_clauses(english)
    previous = version.template.published_version
    if previous is not None:
        previous.status = TS.RETIRED
    version.status = TS.PUBLISHED
    version.published_by_id, version.published_at = actor.id, utcnow()
    db.session.flush()
    audit.record("contract_template.publish", version, reason=note, actor=actor, template_id=version.template_id,
                 number=version.number)
    return version


def published_templates() -> list[ContractTemplate]:
    """Templates with a published version, for drafting contracts."""
    templates = db.session.scalars(
        sa.select(ContractTemplate).order_by(ContractTemplate.destination_country, ContractTemplate.sector)
    ).all()
    return [t for t in templates if t.published_version is not None]


# ---------------------------------------------------------------- who may do what


def is_owner(user: User, contract: Contract) -> bool:
    return user.role == Role.AGENCY_REPRESENTATIVE and user.agency_id == contract.origin_agency_id


def can_view(user: User, contract: Contract) -> bool:
    """Officials see every contract; a representative sees only its own agency's."""
    return user.is_official or is_owner(user, contract)


def can_see_worker(user: User, contract: Contract) -> bool:
    """The worker's private data: the agency that recruited them and the officers who attest."""
    return is_owner(user, contract) or user.has_role(Role.LICENSING_OFFICER)


def contracts_for(user: User, status: str | None = None, page: int = 1,
                  per_page: int = 50) -> tuple[list[Contract], int]:
    """The desk list, newest first: every contract for officials, the agency's own for a representative."""
    stmt = sa.select(Contract)
    if not user.is_official:
        stmt = stmt.where(Contract.origin_agency_id == (user.agency_id or 0))
    if status:
        stmt = stmt.where(Contract.status == status)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    rows = db.session.scalars(
        stmt.order_by(Contract.updated_at.desc(), Contract.id.desc())
        .options(selectinload(Contract.origin_agency), selectinload(Contract.employer))
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return list(rows), total


def agency_may_draft(agency: Agency, day: date | None = None) -> bool:
    return effective_status(agency.licence, day) == LicenceStatus.LICENSED


# ---------------------------------------------------------------- drafting

CONTRACT_FIELDS = (
    "worker_name", "worker_date_of_birth", "worker_passport_number", "worker_phone", "worker_next_of_kin",
    "worker_language", "job_title", "place_of_work", "start_date", "currency", "monthly_wage", "hours_per_week",
    "weekly_rest_days", "annual_leave_days", "duration_months", "probation_months",
    "death_disability_compensation", *(f"employer_pays_{k}" for k in EMPLOYER_PAID_ITEMS),
    "passport_kept_by_worker", *(f"repatriation_{k}" for k in REPATRIATION_CASES),
)


@dataclass
class FeeLine:
    """A fee the worker was asked to pay, as typed on the form."""

    description: str
    amount: Decimal
    currency: str
    paid_to: str = ""


def _record(contract: Contract, action: str, to: ContractStatus, actor: User | None, reason: str = "",
            **details) -> ContractEvent:
    event = ContractEvent(action=action, from_status=None if action == "draft" else contract.status, to_status=to,
                          reason=reason, actor_id=actor.id if actor else None, at=utcnow())
    contract.status = to
    contract.events.append(event)
    db.session.flush()
    audit.record(f"contract.{action}", contract, reason=reason, actor=actor, status=to.value, **details)
    return event


def _require_owner(actor: User, agency: Agency) -> None:
    if actor.role != Role.AGENCY_REPRESENTATIVE or actor.agency_id != agency.id:
        raise Refused(_l("Only a representative of the recruiting agency may do this."))


def _require_licensed(agency: Agency) -> None:
    if not agency_may_draft(agency):
        raise Refused(_l("Your agency's licence is not in force: you cannot issue contracts now."))


def _check_parties(version: TemplateVersion, partner: ForeignParty | None, employer: ForeignParty | None) -> None:
    country = version.template.destination_country
    if partner is None or partner.kind != PartyKind.PARTNER_AGENCY:
        raise DomainError(_l("Choose the partner agency in the destination country."), field="partner_agency_id")
    if employer is None or employer.kind != PartyKind.EMPLOYER:
        raise DomainError(_l("Choose the employer."), field="employer_id")
    if partner.country != country:
        raise DomainError(_l("The partner agency is not in the template's destination country."),
                          field="partner_agency_id")
    if employer.country != country:
        raise DomainError(_l("The employer is not in the template's destination country."), field="employer_id")


def _check_contract_fields(fields: dict, fees: list[FeeLine]) -> None:
    for name in ("worker_name", "worker_passport_number", "worker_phone", "worker_next_of_kin", "job_title",
                 "place_of_work"):
        if name in fields and not (fields[name] or "").strip():
            raise DomainError(_l("This field is required."), field=name)
    dob = fields.get("worker_date_of_birth")
    if dob is not None and _age(dob, today()) < 18:
        raise DomainError(_l("The worker must be at least 18 years old."), field="worker_date_of_birth")
    for name in ("monthly_wage", "death_disability_compensation"):
        if name in fields and (fields[name] is None or fields[name] < 0):
            raise DomainError(_l("Enter an amount of zero or more."), field=name)
    for name in ("hours_per_week", "weekly_rest_days", "annual_leave_days", "duration_months", "probation_months"):
        if name in fields and (fields[name] is None or fields[name] < 0):
            raise DomainError(_l("Enter a number of zero or more."), field=name)
    if fields.get("duration_months") == 0:
        raise DomainError(_l("Enter the duration in months."), field="duration_months")
    if "currency" in fields and (len(fields["currency"] or "") != 3 or not fields["currency"].isalpha()):
        raise DomainError(_l("Enter a three-letter currency code, e.g. SAR."), field="currency")
    for fee in fees:
        if not fee.description.strip():
            raise DomainError(_l("Say what each fee was for."), field="fees")
        if fee.amount is None or fee.amount <= 0:
            raise DomainError(_l("Enter the amount the worker was asked to pay (more than zero)."), field="fees")


def _age(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


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
    _require_owner(actor, agency)
    _require_licensed(agency)
    if version.status != TS.PUBLISHED:
        raise DomainError(_l("Choose a published template."), field="template_version_id")
    _check_parties(version, partner, employer)
    fees = list(fees)
    fields.setdefault("currency", version.currency)
    _check_contract_fields(fields, fees)
    contract = Contract(template_version=version, destination_country=version.template.destination_country,
                        sector=version.template.sector, origin_agency=agency, partner_agency=partner,
                        employer=employer, created_by_id=actor.id, supersedes=supersedes)
    _apply(contract, fields, fees)
    db.session.add(contract)
    db.session.flush()
    _sync_liabilities(contract)
    _record(contract, "draft", CS.DRAFT, actor, supersedes_id=supersedes.id if supersedes else None)
    return contract


def update_contract(contract: Contract, actor: User, partner: ForeignParty | None = None,
                    employer: ForeignParty | None = None, fees: list[FeeLine] | None = None,
                    **fields) -> Contract:
    """Change a draft's terms; once attested the terms are frozen (a change is a new contract)."""
    _require_owner(actor, contract.origin_agency)
    if contract.status in FROZEN_STATUSES:
        raise Refused(_l("The terms of an attested contract are frozen. To change them, make a new contract "
                         "that supersedes this one."))
    if contract.status != CS.DRAFT:
        raise Refused(_l("Only a draft can be edited: take the contract back to draft first (the signatures "
                         "collected so far are cancelled)."))
    _check_parties(contract.template_version, partner or contract.partner_agency, employer or contract.employer)
    _check_contract_fields(fields, list(fees or []))
    if partner is not None:
        contract.partner_agency = partner
    if employer is not None:
        contract.employer = employer
    _apply(contract, fields, fees)
    db.session.flush()
    _sync_liabilities(contract)
    db.session.flush()
    audit.record("contract.edit", contract, actor=actor)
    return contract


def supersede(old: Contract, actor: User) -> Contract:
    """Start a changed contract replacing an attested one: a new draft copied from it (the old stays in
    force until the new one is attested)."""
    _require_owner(actor, old.origin_agency)
    if old.status not in IN_FORCE:
        raise Refused(_l("Only an attested or active contract can be replaced by a new one."))
    pending = [c for c in old.superseded_by_list if c.status not in FROZEN_STATUSES]
    if pending:
        raise Refused(_l("A replacement for this contract is already being drafted (contract %(id)d).",
                         id=pending[0].id))
    version = old.template_version.template.published_version
    if version is None:
        raise Refused(_l("The template has no published version."))
    fields = {name: getattr(old, name) for name in CONTRACT_FIELDS}
    fees = [FeeLine(f.description, f.amount, f.currency, f.paid_to) for f in old.fees]
    return draft_contract(actor, old.origin_agency, version, old.partner_agency, old.employer, fees=fees,
                          supersedes=old, **fields)


# ---------------------------------------------------------------- signatures and status flow


def submit_for_signatures(contract: Contract, actor: User) -> Contract:
    """The draft is complete: the parties may now sign it."""
    _require_owner(actor, contract.origin_agency)
    if contract.status != CS.DRAFT:
        raise Refused(_l("Only a draft can be sent for signature."))
    _require_licensed(contract.origin_agency)
    _record(contract, "submit", CS.AWAITING_SIGNATURES, actor)
    return contract


def reopen(contract: Contract, actor: User, reason: str) -> Contract:
    """Take an unattested contract back to draft to change it; the signatures collected are cancelled."""
    _require_owner(actor, contract.origin_agency)
    if contract.status not in (CS.AWAITING_SIGNATURES, CS.SIGNED):
        if contract.status in FROZEN_STATUSES:
            raise Refused(_l("The terms of an attested contract are frozen. To change them, make a new contract "
                             "that supersedes this one."))
        raise Refused(_l("This contract is already a draft."))
    if not reason.strip():
        raise DomainError(_l("Say what must change."), field="reason")
    cancelled = [s.role.value for s in contract.signatures]
    contract.signatures.clear()
    _record(contract, "reopen", CS.DRAFT, actor, reason.strip(), cancelled_signatures=cancelled)
    return contract


def sign(contract: Contract, actor: User, role: SignatoryRole, signer_name: str, signer_capacity: str,
         signed_at: datetime | None = None, place: str = "") -> Signature:
    """Record a party's signature. The agency's own representative signs in the portal; the other parties'
    signatures on paper are recorded by the agency or a licensing officer (who, when, as whom)."""
    role = SignatoryRole(role)
    if contract.status != CS.AWAITING_SIGNATURES:
        raise Refused(_l("Signatures are collected only while the contract awaits them."))
    owner = is_owner(actor, contract)
    if role == SignatoryRole.ORIGIN_AGENCY and not owner:
        raise Refused(_l("Only the recruiting agency's own representative signs for the agency."))
    if not owner and not actor.has_role(Role.LICENSING_OFFICER):
        raise Refused(_l("Only the recruiting agency or a licensing officer may record signatures."))
    if contract.signature_of(role) is not None:
        raise Refused(_l("%(party)s has already signed.", party=SIGNATORY_LABELS[role]))
    if not signer_name.strip():
        raise DomainError(_l("Enter the name of the person who signed."), field="signer_name")
    if not signer_capacity.strip():
        raise DomainError(_l("Say as whom they signed (e.g. Director, Owner, the worker)."), field="signer_capacity")
    now = utcnow()
    in_app = role == SignatoryRole.ORIGIN_AGENCY
    signed_at = now if in_app or signed_at is None else signed_at
    if signed_at > now:
        raise DomainError(_l("The signing date cannot be in the future."), field="signed_at")
    if signed_at.date() < contract.created_at.date():
        raise DomainError(_l("The contract did not exist on that date."), field="signed_at")
    signature = Signature(role=role, signer_name=signer_name.strip(), signer_capacity=signer_capacity.strip(),
                          signed_at=signed_at, place=place.strip(), in_app=in_app, recorded_by_id=actor.id,
                          recorded_at=now)
    contract.signatures.append(signature)
    db.session.flush()
    audit.record("contract.sign", contract, actor=actor, party=role.value, signer=signature.signer_name,
                 capacity=signature.signer_capacity, in_app=in_app)
    if all(contract.signature_of(r) for r in SignatoryRole):
        _record(contract, "signed", CS.SIGNED, actor)
    return signature


def missing_signatures(contract: Contract) -> list[SignatoryRole]:
    return [r for r in SignatoryRole if contract.signature_of(r) is None]


# ---------------------------------------------------------------- attestation


def _money(amount: Decimal, currency: str) -> str:
    return format_currency(amount, currency)


def attestation_problems(contract: Contract, day: date | None = None) -> list:
    """Every reason the ministry must refuse to attest this contract on that day (empty: it may)."""
    day = day or today()
    problems = []
    agency = contract.origin_agency
    if licence_status_on(agency, day) != LicenceStatus.LICENSED:
        problems.append(_l("The agency %(name)s is not licensed on %(day)s.", name=agency.legal_name,
                           day=format_date(day)))
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
    problems += term_problems(contract)
    if contract.fees:
        items = "; ".join(f"{f.description}: {_money(f.amount, f.currency)}" for f in contract.fees)
        problems.append(_ln("The worker was asked to pay %(num)d fee (%(items)s). Recruitment fees and related "
                            "costs charged to the worker must be zero.",
                            "The worker was asked to pay %(num)d fees (%(items)s). Recruitment fees and related "
                            "costs charged to the worker must be zero.", len(contract.fees), items=items))
    old = contract.supersedes
    if old is not None and old.status not in IN_FORCE:
        problems.append(_l("The contract this one replaces is no longer in force (%(status)s).",
                           status=CONTRACT_STATUS_LABELS[old.status]))
    return problems


def term_problems(contract: Contract) -> list:
    """One message per term below the template version's minimum."""
    v = contract.template_version
    problems = []
    if contract.currency != v.currency:
        problems.append(_l("The wage is in %(currency)s; the template's wage floor is in %(floor)s.",
                           currency=contract.currency, floor=v.currency))
    elif contract.monthly_wage < v.min_monthly_wage:
        problems.append(_l("The monthly wage %(wage)s is below the floor of %(floor)s.",
                           wage=_money(contract.monthly_wage, contract.currency),
                           floor=_money(v.min_monthly_wage, v.currency)))
    if contract.hours_per_week > v.max_hours_per_week:
        problems.append(_l("%(hours)d hours a week is more than the maximum of %(max)d.",
                           hours=contract.hours_per_week, max=v.max_hours_per_week))
    if contract.weekly_rest_days < v.min_weekly_rest_days:
        problems.append(_ln("%(num)d rest day a week is fewer than the minimum of %(min)d.",
                            "%(num)d rest days a week is fewer than the minimum of %(min)d.",
                            contract.weekly_rest_days, min=v.min_weekly_rest_days))
    if contract.annual_leave_days < v.min_annual_leave_days:
        problems.append(_l("%(days)d days of paid leave a year is less than the minimum of %(min)d.",
                           days=contract.annual_leave_days, min=v.min_annual_leave_days))
    if contract.duration_months > v.max_duration_months:
        problems.append(_l("A duration of %(months)d months is longer than the maximum of %(max)d.",
                           months=contract.duration_months, max=v.max_duration_months))
    if contract.probation_months > v.max_probation_months:
        problems.append(_l("A probation of %(months)d months is longer than the limit of %(max)d.",
                           months=contract.probation_months, max=v.max_probation_months))
    if contract.currency == v.currency and contract.death_disability_compensation < v.min_death_disability_compensation:
        problems.append(_l("Death and disability compensation of %(amount)s is below the minimum of %(min)s.",
                           amount=_money(contract.death_disability_compensation, contract.currency),
                           min=_money(v.min_death_disability_compensation, v.currency)))
    for item in v.required_employer_items:
        if item not in contract.employer_pays:
            problems.append(_l("The employer must pay for: %(item)s.", item=EMPLOYER_PAID_ITEMS[item]))
    if v.worker_keeps_passport and not contract.passport_kept_by_worker:
        problems.append(_l("The worker must keep their own passport and identity documents."))
    for case in v.required_repatriation:
        if case not in contract.repatriation:
            problems.append(_l("Repatriation at no cost to the worker is missing: %(case)s.",
                               case=REPATRIATION_CASES[case]))
    return problems


def attest(contract: Contract, actor: User, reference: str = "", day: date | None = None) -> Contract:
    """The ministry attests a signed contract: the terms freeze, the verification code is issued, and the
    contract it replaces (if any) is superseded. Refused with every failed rule at once."""
    if not actor.has_role(Role.LICENSING_OFFICER):
        raise Refused(_l("Only a licensing officer attests contracts."))
    if contract.status != CS.SIGNED:
        missing = ", ".join(str(SIGNATORY_LABELS[r]) for r in missing_signatures(contract))
        raise Refused(_l("Only a contract signed by every party can be attested.") if not missing else
                      _l("Only a contract signed by every party can be attested. Missing: %(missing)s.",
                         missing=missing))
    problems = attestation_problems(contract, day)
    if problems:
        raise Refused(problems=[(None, p) for p in problems])
    contract.verification_code = new_verification_code()
    contract.attested_by_id, contract.attested_at = actor.id, utcnow()
    contract.attestation_reference = reference.strip()
    _sync_liabilities(contract)
    _record(contract, "attest", CS.ATTESTED, actor, reference.strip(), code=contract.verification_code)
    old = contract.supersedes
    if old is not None:
        _record(old, "supersede", CS.SUPERSEDED, actor, f"Replaced by contract {contract.id}",
                superseded_by=contract.id)
    return contract


def activate(contract: Contract, actor: User, note: str = "") -> Contract:
    """The worker has been deployed: the attested contract is in force."""
    _require_owner_or_officer(actor, contract)
    if contract.status != CS.ATTESTED:
        raise Refused(_l("Only an attested contract can become active."))
    _record(contract, "activate", CS.ACTIVE, actor, note.strip())
    return contract


def complete(contract: Contract, actor: User, note: str = "") -> Contract:
    """The contract ran its course and the worker is home."""
    _require_owner_or_officer(actor, contract)
    if contract.status != CS.ACTIVE:
        raise Refused(_l("Only an active contract can be completed."))
    _record(contract, "complete", CS.COMPLETED, actor, note.strip())
    return contract


def terminate(contract: Contract, actor: User, reason: str) -> Contract:
    """The contract ended early; the reason is kept."""
    _require_owner_or_officer(actor, contract)
    if contract.status not in IN_FORCE:
        raise Refused(_l("Only an attested or active contract can be terminated."))
    if not reason.strip():
        raise DomainError(_l("Give the reason for the termination."), field="reason")
    contract.status_reason = reason.strip()
    _record(contract, "terminate", CS.TERMINATED, actor, reason.strip())
    return contract


def _require_owner_or_officer(actor: User, contract: Contract) -> None:
    if not (is_owner(actor, contract) or actor.has_role(Role.LICENSING_OFFICER)):
        raise Refused(_l("Only the recruiting agency or a licensing officer may do this."))


# ---------------------------------------------------------------- what the worker sees


@dataclass
class PublicContract:
    """The public view of an attested contract: no passport number or other private data."""

    contract: Contract
    warnings: list = field(default_factory=list)

    @property
    def newer(self) -> Contract | None:
        return self.contract.superseded_by


def public_view(code: str) -> PublicContract | None:
    """The attested contract behind a code, with the warnings a worker must see; None if unknown."""
    contract = contract_by_code(code)
    if contract is None or contract.status not in PUBLIC_STATUSES:
        return None
    warnings = []
    if contract.status == CS.SUPERSEDED:
        warnings.append(_l("This contract was replaced by a newer one. Only the newer contract counts: check it "
                           "and ask for your copy."))
    v = verdict(contract.origin_agency)
    if v != "licensed":
        warnings.append(_l("The agency that recruited you is no longer licensed (%(label)s). %(advice)s",
                           label=v.label, advice=v.advice))
    if contract.status == CS.TERMINATED:
        warnings.append(_l("This contract was terminated early. The employer must still pay what is owed and "
                           "bring you home."))
    return PublicContract(contract, warnings)


def public_dict(contract: Contract, check_url: str) -> dict:
    """The public view as JSON (GET /api/v1/contracts/<code>): nothing private about the worker."""
    v = verdict(contract.origin_agency)
    newer = contract.superseded_by
    return {
        "code": contract.code_display,
        "status": contract.status.value,
        "status_label": str(CONTRACT_STATUS_LABELS[contract.status]),
        "job_title": contract.job_title,
        "sector": contract.sector,
        "destination": {"country": contract.destination_country,
                        "name": country_name(contract.destination_country),
                        "place_of_work": contract.place_of_work},
        "employer": {"name": contract.employer.name, "country": contract.employer.country},
        "origin_agency": {"name": contract.origin_agency.legal_name,
                          "licence_number": contract.origin_agency.licence.number,
                          "status": v.value, "status_label": str(v.label), "advice": str(v.advice)},
        "partner_agency": {"name": contract.partner_agency.name, "country": contract.partner_agency.country},
        "start_date": contract.start_date,
        "monthly_wage": {"amount": str(contract.monthly_wage), "currency": contract.currency},
        "hours_per_week": contract.hours_per_week,
        "weekly_rest_days": contract.weekly_rest_days,
        "annual_leave_days": contract.annual_leave_days,
        "duration_months": contract.duration_months,
        "employer_pays": contract.employer_pays,
        "worker_keeps_passport": contract.passport_kept_by_worker,
        "worker_paid_fees": {"amount": str(contract.worker_paid_total.quantize(Decimal("0.01"))),
                             "currency": contract.currency},
        "liable_parties": [{"name": p.name, "role": p.role.value, "claims": list(p.claims)}
                           for p in liable_parties(contract)],
        "attested_at": contract.attested_at,
        "superseded_by": newer.code_display if newer else None,
        "url": check_url,
    }


def template_version_or_404(version_id: int) -> TemplateVersion:
    version = db.session.get(TemplateVersion, version_id)
    if version is None:
        raise NotFound(_l("No such template version."))
    return version
