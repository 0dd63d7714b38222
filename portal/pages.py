"""Pages and API fields that join domains: the public agency profile with its grievance record (page and
JSON), and each official's home. They live in the shell, above every domain, so no domain reaches up."""
import json
from dataclasses import dataclass

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
from portal.cache import cached
from portal.database import today, utcnow
from portal.errors import NotFound
from portal.extensions import db
from portal.models import Role
from portal.routes import bp
from portal.scheduler import jobs_status
from portal.schemas import ErrorSchema
from portal.text import _l
from registry.models import Agency, DeploymentBan, Licence, LicenceStatus
from registry.routes.public import public_agency
from registry.schemas import AgencyDetailSchema, agency_detail
from registry.search_index import number_key
from registry.services import PUBLIC_LICENCE_STATUSES, bans_on, number_keys, verdict

api_blp = ApiBlueprint("agency_profiles_api", __name__, url_prefix="/api/v1/agencies",
                       description="One agency of the public registry, with its grievance record.")


class AgencyProfileSchema(AgencyDetailSchema):
    grievances = ma.fields.Nested(AgencyRecordSchema, metadata={"description": "The agency's grievance record"})


def _profile_key(kind: str, stamp) -> str:
    """What a cached profile depends on: the agency's public version, the deployment bans in force, the language,
    the day (a licence expires at midnight) and the host (absolute links)."""
    made = stamp.created_at.timestamp()  # an id given again (a restored database) never meets an old entry
    return (f"{kind}:{stamp.id}:{made}:{stamp.public_version}:{stamp.bans}:{get_locale()}:{today().isoformat()}:"
            f"{request.host}")


def _stamp_statement(condition) -> sa.Select:
    """SQL for what a public profile's cache key needs (one indexed query, the agency not loaded): its version,
    its licence number, and the deployment bans in force on :day as one string (a ban added, changed or lifted
    changes it). Built once: a profile served from the cache costs this query and a cache read."""
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


@bp.get("/agencies/<public('agencies'):agency_id>")
@public_ids.looked_up_by_the_view
def agency_profile(agency_id: str):
    """An agency's public profile: the verdict, the licence and its history, the grievance record."""
    stamps = _profile_stamps(STAMP_BY_PUBLIC_ID, public_id=agency_id)
    if not stamps:
        abort(404)

    def page():
        agency = public_agency(stamps[0].id)
        licence = agency.licence
        bans = bans_on(licence.destinations or agency.destinations, licence.sectors or agency.sectors)
        return render_template("agency_profile.html", agency=agency, verdict=verdict(agency),
                               record=agency_record(agency.id), bans=bans)

    return cached(_profile_key("profile", stamps[0]), page)


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
    stamp = _stamp_by_licence_number(licence_number)
    if stamp is None:
        raise NotFound(_l("No agency in the public registry holds this licence number."))

    def body() -> str:  # the JSON text itself is kept, so that a cached profile is not serialised again
        agency = db.session.get(Agency, stamp.id)
        data = agency_detail(agency) | {"grievances": agency_record(agency.id)}
        return json.dumps(AgencyProfileSchema().dump(data), ensure_ascii=False, separators=(",", ":"))

    return current_app.response_class(cached(_profile_key("profile.json", stamp), body),
                                      mimetype="application/json")


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
