"""Abroad: foreign employers and partner agencies with their watchlist standing, and deployment bans."""
from datetime import date, timedelta

import sqlalchemy as sa

from portal import audit
from portal.database import today, utcnow
from portal.errors import DomainError, Refused
from portal.extensions import db
from portal.models import User
from portal.text import _l
from registry.models import DeploymentBan, ForeignParty, PartyKind, WatchlistStatus
from registry.services.names import normalise
from registry.services.search import similar


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


def bans_in_force(day: date | None = None) -> list[DeploymentBan]:
    """Every deployment ban in force on the day (by country, a whole-country ban before its sectors)."""
    day = day or today()
    stmt = sa.select(DeploymentBan).where(
        DeploymentBan.starts_on <= day, sa.or_(DeploymentBan.ends_on.is_(None), DeploymentBan.ends_on >= day))
    return sorted(db.session.scalars(stmt), key=lambda b: (b.country, b.sector or "", b.starts_on, b.id))


def bans_on(destinations: list[str], sectors: list[str],
            in_force: list[DeploymentBan] | None = None) -> list[DeploymentBan]:
    """Those of the bans in force today (or of `in_force`) that stop deployment to one of these destinations: the whole
    country, or one of these sectors there (every sector when none is given)."""
    wanted = {c.upper() for c in destinations}
    return [b for b in (bans_in_force() if in_force is None else in_force)
            if b.country in wanted and (b.sector is None or not sectors or b.sector in sectors)]


# The watchlist standings a worker may see; "watched" is the officers' own suspicion and never leaves their desk.
PUBLIC_WATCHLIST = (WatchlistStatus.BLACKLISTED,)
PUBLIC_PARTIES_SHOWN = 200


def _name_matches(query_words: list[str], name: str) -> bool:
    """Every word typed is the start of a word of the name, or that word but for a typo (three letters or more)."""
    words = normalise(name).split()
    return all(any(w.startswith(q) or (len(q) >= 3 and similar(q, w, 0.75)) for w in words) for q in query_words)


def public_foreign_parties(query: str = "", status: WatchlistStatus | None = None,
                           kind: PartyKind | None = None) -> list[ForeignParty]:
    """The employers and partner agencies abroad whose standing is public (blacklisted), by name, found by a name
    typed loosely (accents, case, punctuation, small typos and word order do not matter)."""
    statuses = [s for s in PUBLIC_WATCHLIST if status in (None, s)]
    if not statuses:
        return []
    stmt = sa.select(ForeignParty).where(ForeignParty.watchlist_status.in_(statuses))
    if kind is not None:
        stmt = stmt.where(ForeignParty.kind == kind)
    parties = db.session.scalars(stmt.order_by(ForeignParty.name, ForeignParty.id)).all()
    words = normalise(query).split()
    if words:
        parties = [p for p in parties if _name_matches(words, p.name)]
    return parties[:PUBLIC_PARTIES_SHOWN]


def blacklisted(*parties: ForeignParty | None) -> list[ForeignParty]:
    """Those of these parties that are blacklisted."""
    return [p for p in parties if p is not None and p.watchlist_status == WatchlistStatus.BLACKLISTED]
