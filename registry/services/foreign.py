"""Abroad: foreign employers and partner agencies with their watchlist standing, and deployment bans."""
from datetime import date, timedelta

import sqlalchemy as sa

from portal import audit
from portal.database import today, utcnow
from portal.errors import DomainError, Refused
from portal.extensions import db
from portal.models import User
from portal.text import _l
from registry.models import DeploymentBan, ForeignParty, WatchlistStatus


def add_foreign_party(actor: User, **fields) -> ForeignParty:
    """Record an employer or partner agency abroad (clear of the watchlist)."""
    party = ForeignParty(**fields)
    db.session.add(party)
    db.session.flush()
    audit.record("foreign_party.create", party, actor=actor, kind=party.kind.value)
    return party


def set_watchlist(party: ForeignParty, status: WatchlistStatus, reason: str, actor: User) -> ForeignParty:
    """Put a foreign employer or partner agency on the watchlist, or clear it, with a reason."""
    if not reason.strip():
        raise DomainError(_l("Give the reason."), field="reason")
    if status == party.watchlist_status:
        raise Refused(_l("The watchlist status is already that."))
    party.watchlist_status, party.watchlist_reason = status, reason.strip()
    party.watchlisted_since, party.watchlisted_by_id = utcnow(), actor.id
    db.session.flush()
    audit.record(f"watchlist.{status.value}", party, reason=reason, actor=actor)
    return party


def add_ban(actor: User, country: str, sector: str | None, starts_on: date, ends_on: date | None,
            reason: str) -> DeploymentBan:
    """Ban deployment to a country (or one sector there) between two dates."""
    if ends_on and ends_on < starts_on:
        raise DomainError(_l("The end date is before the start date."), field="ends_on")
    if not reason.strip():
        raise DomainError(_l("Give the reason."), field="reason")
    ban = DeploymentBan(country=country.upper(), sector=sector or None, starts_on=starts_on, ends_on=ends_on,
                        reason=reason.strip(), created_by_id=actor.id)
    db.session.add(ban)
    db.session.flush()
    audit.record("ban.create", ban, reason=reason, actor=actor, country=ban.country, sector=ban.sector)
    return ban


def lift_ban(ban: DeploymentBan, actor: User, reason: str, day: date | None = None) -> DeploymentBan:
    """End a ban in force: it applies until yesterday (or only on its first day, if that is today)."""
    day = day or today()
    if not ban.applies_on(day):
        raise Refused(_l("This ban is not in force."))
    ban.ends_on = day - timedelta(days=1) if day > ban.starts_on else ban.starts_on
    db.session.flush()
    audit.record("ban.lift", ban, reason=reason, actor=actor)
    return ban


def ban_in_force(country: str, sector: str | None, day: date | None = None) -> DeploymentBan | None:
    """The deployment ban covering this country and sector on the day, if any."""
    day = day or today()
    bans = db.session.scalars(sa.select(DeploymentBan).where(DeploymentBan.country == country.upper())).all()
    for ban in bans:
        if ban.applies_on(day) and (ban.sector is None or ban.sector == sector):
            return ban
    return None
