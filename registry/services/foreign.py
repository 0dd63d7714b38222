"""Abroad: foreign employers and partner agencies with their watchlist standing, and deployment bans."""
from datetime import date, timedelta

import sqlalchemy as sa

from portal import audit
from portal.database import today, utcnow
from portal.database_index import fts_phrase
from portal.errors import DomainError, Refused
from portal.extensions import db
from portal.models import User
from portal.text import _l
from registry import foreign_index
from registry.models import DeploymentBan, ForeignParty, ForeignPartyWord, PartyKind, WatchlistStatus
from registry.services.names import normalise
from registry.services.search import similar


@sa.event.listens_for(ForeignParty.name, "set")
def _keep_search_name(party: ForeignParty, name: str, _old, _initiator) -> None:
    """Whenever a foreign party's name is set, its normalised form for the index of names goes with it."""
    party.search_name = normalise(name or "")[:200].rstrip()


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


TYPO_LIKENESS = 0.75  # a word typed matches a word of the name but for about one wrong letter in four
CANDIDATE_WORDS = 200  # words of the list read per word typed (most alike first)


def _list_words(word: str) -> list[str]:
    """Words of the foreign parties' names that look like this one, most alike first, through the trigram index."""
    if db.session.get_bind().dialect.name == "postgresql":
        stmt = (sa.select(ForeignPartyWord.word).where(ForeignPartyWord.word.op("%")(word))
                .order_by(sa.func.similarity(ForeignPartyWord.word, word).desc()).limit(CANDIDATE_WORDS))
        return list(db.session.scalars(stmt))
    padded = f"  {word} "
    trigrams = {padded[i:i + 3] for i in range(len(padded) - 2)}
    match = " OR ".join(fts_phrase(t) for t in sorted(trigrams))
    stmt = sa.text("SELECT w.word FROM foreign_party_words_fts f JOIN foreign_party_words w ON w.id = f.rowid "
                   "WHERE foreign_party_words_fts MATCH :match ORDER BY f.rank LIMIT :n")
    return list(db.session.scalars(stmt, {"match": match, "n": CANDIDATE_WORDS}))


def _padded_parts(word: str) -> list[str]:
    """What a padded name holds when one of its words is this word typed: a word starting so (" wor"), or, for
    three letters or more, a word of the list it may be a misspelling of (" world ")."""
    typos = [w for w in _list_words(word) if not w.startswith(word) and similar(word, w, TYPO_LIKENESS)] \
        if len(word) >= 3 else []
    return [f" {word}", *(f" {w} " for w in typos)]


def _named(words: list[str]):
    """SQL condition on ForeignParty: for every word typed, its name holds one of that word's padded parts. On
    SQLite the FTS5 trigram index answers in a subquery (a part shorter than a trigram is checked by LIKE)."""
    parts = [_padded_parts(word) for word in words]
    short = [options for options in parts if len(options[0]) < 3]
    like = [sa.or_(*(foreign_index.padded().contains(p, autoescape=True) for p in options)) for options in
            (parts if db.session.get_bind().dialect.name == "postgresql" else short)]
    indexed = [options for options in parts if options not in short]
    if db.session.get_bind().dialect.name == "postgresql" or not indexed:
        return sa.and_(*like)
    match = " AND ".join("(" + " OR ".join(fts_phrase(p) for p in options) + ")" for options in indexed)
    found = sa.select(sa.column("rowid")).select_from(sa.table("foreign_party_names_fts")).where(
        sa.text("foreign_party_names_fts MATCH :names_match").bindparams(
            sa.bindparam("names_match", match, unique=True)))
    return sa.and_(ForeignParty.id.in_(found), *like)


def public_foreign_parties(query: str = "", status: WatchlistStatus | None = None,
                           kind: PartyKind | None = None) -> tuple[list[ForeignParty], int]:
    """The employers and partner agencies abroad whose standing is public (blacklisted), by name, found by a name
    typed loosely (accents, case, punctuation, small typos and word order do not matter), on the database's index
    of names (registry.foreign_index): the first PUBLIC_PARTIES_SHOWN, and how many there are."""
    statuses = [s for s in PUBLIC_WATCHLIST if status in (None, s)]
    if not statuses:
        return [], 0
    conditions = [ForeignParty.watchlist_status.in_(statuses)]
    if kind is not None:
        conditions.append(ForeignParty.kind == kind)
    words = normalise(query).split()
    if words:
        conditions.append(_named(words))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(ForeignParty).where(*conditions))
    if not total:
        return [], 0
    by_name = sa.select(ForeignParty).where(*conditions).order_by(ForeignParty.name, ForeignParty.id)
    return list(db.session.scalars(by_name.limit(PUBLIC_PARTIES_SHOWN))), total


def blacklisted(*parties: ForeignParty | None) -> list[ForeignParty]:
    """Those of these parties that are blacklisted."""
    return [p for p in parties if p is not None and p.watchlist_status == WatchlistStatus.BLACKLISTED]
