"""Standard contract templates: one per destination and sector, in numbered versions. A licensing officer
edits a draft version's minimum terms and clauses, then publishes it; a published version never changes."""
import sqlalchemy as sa

from contracts.models import (
    TERM_FIELDS,
    ContractTemplate,
    TemplateClause,
    TemplateVersion,
    TemplateVersionStatus,
)
from contracts.services.clauses import check_clauses, clauses_problem, default_clauses
from portal import audit
from portal.database import utcnow
from portal.errors import Problems, Refused
from portal.extensions import db
from portal.models import User
from portal.text import _l, _ln
from registry.models import Sector

TS = TemplateVersionStatus
_COUNTS = ("min_monthly_wage", "max_hours_per_week", "min_weekly_rest_days", "min_annual_leave_days",
           "max_duration_months", "max_probation_months", "min_death_disability_compensation")


def _term_problems(terms: dict, clauses: list[dict] | None, problems: Problems) -> None:
    """Every wrong minimum term, and what is wrong with the English clauses, each on its field."""
    for name in _COUNTS:
        if name in terms and (terms[name] is None or terms[name] < 0):
            problems.add(name, _l("Enter a number of zero or more."))
    if (terms.get("max_hours_per_week") or 0) > 168:
        problems.add("max_hours_per_week", _ln("A week has %(num)d hour.", "A week has %(num)d hours.", 168))
    if (terms.get("min_weekly_rest_days") or 0) > 7:
        problems.add("min_weekly_rest_days", _ln("A week has %(num)d day.", "A week has %(num)d days.", 7))
    if "currency" in terms and (len(terms["currency"] or "") != 3 or not terms["currency"].isalpha()):
        problems.add("currency", _l("Enter a three-letter currency code, e.g. SAR."))
    if clauses is not None:
        problem = clauses_problem([c for c in clauses if c.get("language", "en") == "en"])
        if problem is not None:
            problems.add("clauses", problem)


def create_template(actor: User, destination_country: str, sector: str, occupation: str,
                    clauses: list[dict] | None = None, **terms) -> ContractTemplate:
    """A new template for a destination and sector, with its first draft version."""
    destination_country = destination_country.strip().upper()
    clauses = clauses if clauses is not None else default_clauses()
    problems = Problems()
    if sector not in {s.value for s in Sector}:
        problems.add("sector", _l("Choose a sector."))
    if len(destination_country) != 2:
        problems.add("destination_country", _l("Choose a destination country."))
    elif _template_exists(destination_country, sector):
        problems.add("sector", _l("A template for this destination and sector exists already: make a new version "
                                  "of it."))
    _term_problems(terms, clauses, problems)
    problems.raise_if_any()
    template = ContractTemplate(destination_country=destination_country, sector=sector,
                                occupation=occupation.strip())
    db.session.add(template)
    version = TemplateVersion(number=1, status=TS.DRAFT, created_by_id=actor.id,
                              **{k: v for k, v in terms.items() if k in TERM_FIELDS})
    template.versions.append(version)
    _set_version(version, terms, clauses)
    db.session.flush()
    audit.record("contract_template.create", template, actor=actor, country=destination_country, sector=sector)
    return template


def _template_exists(destination_country: str, sector: str) -> bool:
    return db.session.scalar(sa.select(ContractTemplate.id).where(
        ContractTemplate.destination_country == destination_country, ContractTemplate.sector == sector)) is not None


def _set_version(version: TemplateVersion, terms: dict, clauses: list[dict] | None) -> None:
    problems = Problems()
    _term_problems(terms, clauses, problems)
    problems.raise_if_any()
    for name in TERM_FIELDS:
        if name in terms:
            value = terms[name]
            setattr(version, name, value.strip().upper() if name == "currency" else value)
    if clauses is not None:
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
    check_clauses([{"kind": c.kind, "heading": c.heading, "body": c.body}
                   for c in version.clauses if c.language == "en"])
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
