"""Pages and API fields that join domains: the public agency profile with its grievance record (page and
JSON), and each official's home. They live in the shell, above every domain, so no domain reaches up."""
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import marshmallow as ma
import sqlalchemy as sa
from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required
from flask_smorest import Blueprint as ApiBlueprint

from contracts.models import Contract, ContractStatus
from grievances.models import Escalation, Grievance
from grievances.schemas import AgencyRecordSchema
from grievances.services import CASES_COUNTED, QueueFilters, agency_record, case_scope, count_cases, oldest_case_filed
from portal import public_ids
from portal.cache import GENERATION, cached, for_everyone, read, shared
from portal.database import today, utcnow
from portal.errors import NotFound
from portal.extensions import cache, db
from portal.models import Role
from portal.routes import bp
from portal.scheduler import jobs_status
from portal.schemas import ErrorSchema
from portal.text import _l
from registry.generations import BANS, NUMBERS
from registry.models import Agency, DeploymentBan, Licence, LicenceStatus, agency_generation
from registry.routes.public import public_agency
from registry.schemas import AgencyDetailSchema, agency_detail
from registry.search_index import number_key
from registry.services import PUBLIC_LICENCE_STATUSES, bans_on, number_keys, verdict

api_blp = ApiBlueprint("agency_profiles_api", __name__, url_prefix="/api/v1/agencies",
                       description="One agency of the public registry, with its grievance record.")


class AgencyProfileSchema(AgencyDetailSchema):
    grievances = ma.fields.Nested(AgencyRecordSchema, metadata={"description": "The agency's grievance record"})


def _profile_key(kind: str, agency_id: int, made: float, versions: str) -> str:
    """What a cached profile depends on: the agency (made: when its row was created, so that an id given again by
    a restored database never meets an old entry), the versions of what it shows (its own and the deployment bans
    in force: from the database, "db.…", or Redis's generations, "gen.…", never the one taken for the other), the
    language, the day (a licence expires at midnight, a ban starts or ends) and the host (absolute links)."""
    return f"{kind}:{agency_id}:{made}:{versions}:{get_locale()}:{today().isoformat()}:{request.host}"


def _stamp_statement(condition) -> sa.Select:
    """SQL for what a public profile's cache key needs (one indexed query, the agency not loaded): its version,
    its licence number, and the deployment bans in force on :day as one string (a ban added, changed or lifted
    changes it). Built once: without Redis, a profile served from the cache costs this query and a cache read."""
    ban, day = DeploymentBan, sa.bindparam("day", type_=sa.Date)
    named = sa.cast(ban.id, sa.String) + "-" + sa.func.coalesce(sa.cast(ban.ends_on, sa.String), "")
    bans = (sa.select(sa.func.coalesce(sa.func.aggregate_strings(named, ","), ""))
            .where(ban.starts_on <= day, sa.or_(ban.ends_on.is_(None), ban.ends_on >= day)).scalar_subquery())
    return (sa.select(Agency.id, Agency.created_at, Agency.public_version, Licence.number, bans.label("bans"))
            .join(Licence).where(Licence.status.in_(PUBLIC_LICENCE_STATUSES), condition).limit(2))


STAMP_BY_PUBLIC_ID = _stamp_statement(Agency.public_id == sa.bindparam("public_id"))
STAMP_BY_NUMBER = _stamp_statement(number_key(Licence.number).in_(sa.bindparam("keys", expanding=True)))


def _profile_stamps(statement: sa.Select, **values) -> list:
    return list(db.session.connection().execute(statement, {"day": today(), **values}))  # Core: no ORM step


class Lookup(NamedTuple):
    """What an address names, kept in Redis: the agency, and the generations it was found under (its own and the
    licence numbers'); read again only while both are current."""

    id: int
    made: float
    number: str
    generation: str
    numbers: str


LOOKUP = "profile-lookup.1:"  # the entry's shape changes with the number


def _profile(kind: str, lookup: str, find: Callable[[], Any], make: Callable[[int], str]) -> str | None:
    """The text (page or JSON) of the profile of the agency that lookup names (find: its stamp from the database),
    from the cache where it can be; None when no public agency is so named."""
    if shared() and for_everyone():
        return _profile_by_generations(kind, lookup, find, make)
    return _profile_by_stamp(kind, find, make)


def _profile_by_stamp(kind: str, find, make) -> str | None:
    """The profile by the database's stamp (its public version and the bans in force), one query before the cache."""
    stamp = find()
    if stamp is None:
        return None
    versions = f"db.{stamp.public_version}.{stamp.bans}"
    return cached(_profile_key(kind, stamp.id, stamp.created_at.timestamp(), versions), lambda: make(stamp.id))


def _profile_by_generations(kind: str, lookup: str, find, make) -> str | None:
    """The profile by Redis's generations (portal.cache): the lookup's entry, still under the current generations,
    and the page made under them answer without SQL. Anything else reads the database after the generations
    (so that what it stores under them is never older than they are) and stores what it found."""
    entry, bans, numbers = read(LOOKUP + lookup, GENERATION + BANS, GENERATION + NUMBERS)
    known = {}
    if entry is not None:
        entry = Lookup(*entry)
        generation, page = read(GENERATION + agency_generation(entry.id),
                                _profile_key(kind, entry.id, entry.made, f"gen.{entry.generation}.{bans}"))
        if (generation, numbers) == (entry.generation, entry.numbers) and page is not None:
            return page
        known = {entry.id: generation}
    stamp = find()
    if stamp is not None and stamp.id not in known:  # an agency not met before: its generation, then the database
        known = {stamp.id: read(GENERATION + agency_generation(stamp.id))[0]}
        db.session.rollback()  # what is read next was committed before that generation was read
        stamp = find()
        if stamp is not None and stamp.id not in known:  # changed meanwhile: answered, not stored
            return make(stamp.id)
    if stamp is None:
        return None
    if None in (bans, numbers, known[stamp.id]):  # Redis keeps no generation (evicting as fast as it is given)
        return _profile_by_stamp(kind, find, make)
    entry = Lookup(stamp.id, stamp.created_at.timestamp(), stamp.number, known[stamp.id], numbers)
    cache.set(LOOKUP + lookup, tuple(entry))
    versions = f"gen.{entry.generation}.{bans}"
    return cached(_profile_key(kind, entry.id, entry.made, versions), lambda: make(entry.id))


@bp.get("/agencies/<public('agencies'):agency_id>")
@public_ids.looked_up_by_the_view
def agency_profile(agency_id: str):
    """An agency's public profile: the verdict, the licence and its history, the grievance record."""
    def find():
        return next(iter(_profile_stamps(STAMP_BY_PUBLIC_ID, public_id=agency_id)), None)

    def page(found_id: int) -> str:
        agency = public_agency(found_id)
        licence = agency.licence
        bans = bans_on(licence.destinations or agency.destinations, licence.sectors or agency.sectors)
        return render_template("agency_profile.html", agency=agency, verdict=verdict(agency),
                               record=agency_record(agency.id), bans=bans)

    body = _profile("profile", f"public:{agency_id}", find, page)
    if body is None:
        abort(404)
    return body


def _stamp_by_licence_number(number: str):
    """The profile stamp of the agency holding this licence number (typed loosely; an exact match first)."""
    keys = number_keys(number)
    stamps = _profile_stamps(STAMP_BY_NUMBER, keys=keys) if keys else []
    compact = "".join(c for c in number if c.isalnum()).upper()
    exact = [s for s in stamps if "".join(c for c in s.number if c.isalnum()).upper() == compact]
    return (exact or stamps or [None])[0]


@api_blp.get("/<path:licence_number>")
@api_blp.response(200, AgencyProfileSchema)
@api_blp.alt_response(404, schema=ErrorSchema, description="No agency holds this licence number")
def agency_profile_json(licence_number: str):
    """One agency: its verdict, validity, destinations, sectors, licence history and grievance record."""
    def body(found_id: int) -> str:  # the JSON text itself is kept, so that a cached profile is not serialised again
        agency = db.session.get(Agency, found_id)
        data = agency_detail(agency) | {"grievances": agency_record(agency.id)}
        return json.dumps(AgencyProfileSchema().dump(data), ensure_ascii=False, separators=(",", ":"))

    text = _profile("profile.json", f"number:{licence_number}", lambda: _stamp_by_licence_number(licence_number),
                    body)
    if text is None:
        raise NotFound(_l("No agency in the public registry holds this licence number."))
    return current_app.response_class(text, mimetype="application/json")


@bp.get("/desk")
@login_required
def desk():
    """Where each user lands after logging in: an agency sees its own record, officials their queues."""
    if current_user.agency_id is not None:
        return redirect(url_for("registry.my_agency"))
    return render_template("desk.html", jobs=jobs_status(), work=work_lists(current_user), counted=CASES_COUNTED)


@dataclass
class Work:
    """One line of an official's work list: what, how many (cases are counted up to CASES_COUNTED + 1, "more than
    …"), how long the oldest has waited, where."""

    title: object
    count: int
    url: str
    oldest_days: int | None = None
    cases: bool = False


def _age_days(moment) -> int | None:
    return (utcnow() - moment).days if moment else None


def work_lists(user) -> list[Work]:
    """What waits for this official: applications and attestations for licensing, cases for case officers."""
    work = []
    count = sa.func.count()
    if user.has_role(Role.LICENSING_OFFICER):
        waiting = sa.select(count, sa.func.min(Agency.created_at)).select_from(Agency).join(Licence).where(
            Licence.status.in_([LicenceStatus.APPLICATION, LicenceStatus.UNDER_REVIEW]))
        n, oldest = db.session.execute(waiting).one()
        work.append(Work(_l("Licence applications waiting"), n, url_for("registry.applications"), _age_days(oldest)))
        signed = db.session.scalar(sa.select(count).select_from(Contract)
                                   .where(Contract.status == ContractStatus.SIGNED))
        work.append(Work(_l("Contracts awaiting attestation"), signed, url_for("contracts.desk", status="signed")))
    if user.has_role(Role.CASE_OFFICER):
        waiting = [(_l("Cases not assigned"), QueueFilters(status="open", assigned="none")),
                   (_l("Cases assigned to me"), QueueFilters(status="open", assigned="me")),
                   (_l("Overdue cases"), QueueFilters(overdue=True))]
        for title, filters in waiting:  # counted as the queue behind each link counts them (capped, on its index)
            oldest = oldest_case_filed(user, filters) if filters.assigned == "none" else None
            work.append(Work(title, count_cases(user, filters), url_for("grievances.queue", **filters.query()),
                             _age_days(oldest), cases=True))
        escalated = (sa.select(Escalation.grievance_id).distinct().join(Grievance)  # from this supervisor's escalations
                     .where(Escalation.supervisor_id == user.id, Grievance.done.is_(False), case_scope(user)))
        work.append(Work(_l("Cases escalated to me"), db.session.scalar(sa.select(count).select_from(
            escalated.limit(CASES_COUNTED + 1).subquery())), url_for("grievances.queue", escalated="y"), cases=True))
    return work
