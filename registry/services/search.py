"""Finding agencies as a worker types them: by name (small typos allowed), trading name, licence or
registration number (typed loosely: "ea 2025 1" is EA/2025/0001), on the database's own index
(registry.search_index): filters, order, the page and the count are SQL; only the page's agencies are loaded.
When nothing matches, `suggest_agencies` offers the closest licensed names ("did you mean").
"""
import itertools
import re
from difflib import SequenceMatcher

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import contains_eager

from portal.database import today
from portal.extensions import db
from registry.models import Agency, Licence, LicenceStatus, SearchWord
from registry.search_index import number_key
from registry.services.names import normalise

S = LicenceStatus
PUBLIC_LICENCE_STATUSES = [s for s in S if s != S.REJECTED]  # the public registry: every agency but a rejected one
CANDIDATE_WORDS = 200  # registry words read per misspelt query word (most similar first)
SPELLINGS = 12  # registry spellings kept per query word
MATCHES_COUNTED = 1000  # a name matching more is counted as "more than 1,000"
SUGGESTION_WORDS = 5  # words of a query that "did you mean" weighs
CACHED_RANDOM_PAGE_COST = 1.1  # PostgreSQL's usual advice for data in memory or on SSD
NUMBER_WIDTH = 4  # a loosely typed number part ("1") may stand for a zero-padded one ("0001")


def _compact(text: str | None) -> str:
    return "".join(c for c in (text or "") if c.isalnum()).upper()


def number_keys(text: str) -> list[str]:
    """The compact forms a loosely typed number may stand for: "ea 2025 1" → EA20251, EA20250001, …"""
    parts = re.findall(r"[A-Za-z]+|\d+", text or "")
    if not any(p.isdigit() for p in parts):
        return []
    if len(parts) == 1:
        return [_compact(text)]
    choices = [[p.upper()] if not p.isdigit() or len(p) >= NUMBER_WIDTH
               else [p.zfill(width) for width in range(len(p), NUMBER_WIDTH + 1)] for p in parts]
    keys = {_compact(text)} | {"".join(combination) for combination in itertools.product(*choices)}
    return sorted(keys)[:200]


def agency_by_licence_number(number: str) -> Agency | None:
    """The agency holding this licence number (case, spaces and separators ignored), through its index."""
    keys = number_keys(number)
    if not keys:
        return None
    found = db.session.scalars(sa.select(Agency).join(Licence).where(number_key(Licence.number).in_(keys))
                               .options(contains_eager(Agency.licence)).limit(2)).all()
    exact = [a for a in found if _compact(a.licence.number) == _compact(number)]
    return (exact or found or [None])[0]


def similar(a: str, b: str, at_least: float = 0.8) -> bool:
    """Small typos allowed: about one wrong letter in five (cheap upper bounds first)."""
    if abs(len(a) - len(b)) > max(len(a), len(b)) * (1 - at_least) + 0.5:
        return False
    matcher = SequenceMatcher(None, a, b)
    return (matcher.real_quick_ratio() >= at_least and matcher.quick_ratio() >= at_least
            and matcher.ratio() >= at_least)


def _registry_words(word: str) -> list[str]:
    """Words of the registry that look like this one, most alike first, found through the trigram index."""
    if db.session.get_bind().dialect.name == "postgresql":
        stmt = (sa.select(SearchWord.word).where(SearchWord.word.op("%")(word))
                .order_by(SearchWord.word.op("<->")(word)).limit(CANDIDATE_WORDS))  # nearest first
        return list(db.session.scalars(stmt))
    padded = f"  {word} "
    trigrams = {padded[i:i + 3] for i in range(len(padded) - 2)}
    match = " OR ".join(f'"{t}"' for t in sorted(trigrams))
    stmt = sa.text("SELECT w.word FROM search_words_fts f JOIN search_words w ON w.id = f.rowid "
                   "WHERE search_words_fts MATCH :match ORDER BY f.rank LIMIT :n")
    return list(db.session.scalars(stmt, {"match": match, "n": CANDIDATE_WORDS}))


def spellings(word: str, at_least: float = 0.8) -> list[str]:
    """The query word and the registry's words it may be a misspelling of (words of four letters or more; a
    number is never "misspelt" into another)."""
    if len(word) < 4 or any(c.isdigit() for c in word):
        return [word]
    found = [w for w in _registry_words(word) if w != word and similar(word, w, at_least)]
    found.sort(key=lambda w: -SequenceMatcher(None, word, w).ratio())
    return [word, *found[:SPELLINGS]]


def _with_names(stmt, words: list[list[str]], every: bool = True):
    """The statement kept to agencies whose names hold, for every query word (or, with every=False, for one of
    them), one of its spellings (as part of a word). On SQLite the FTS5 trigram index drives the join, so that
    a LIMIT stops it early."""
    if db.session.get_bind().dialect.name == "postgresql":
        return stmt.where((sa.and_ if every else sa.or_)(*(_contains_one(options) for options in words)))
    short = [options for options in words if min(map(len, options)) < 3]
    if short and not every:
        words = [options for options in words if options not in short]
    elif short:
        stmt = stmt.where(*(_contains_one(options) for options in short))
    indexed = [options for options in words if options not in short]
    if not indexed:
        return stmt
    match = (" AND " if every else " OR ").join(_any_of(options) for options in indexed)
    return stmt.join(FTS, FTS.c.rowid == Agency.id).where(
        sa.text("agency_names_fts MATCH :names_match").bindparams(sa.bindparam("names_match", match, unique=True)))


FTS = sa.table("agency_names_fts", sa.column("rowid"), sa.column("rank"))


def _contains_one(options: list[str]):
    return sa.or_(*(Agency.search_names.contains(s, autoescape=True) for s in options))


def _any_of(options: list[str]) -> str:
    return "(" + " OR ".join(f'"{s}"' for s in options) + ")"


def public_status_is(status: str):
    """SQL for an agency's public status as a worker sees it today (a licence past its date is expired)."""
    running = sa.or_(Licence.valid_until.is_(None), Licence.valid_until >= today())
    return {
        "licensed": sa.and_(Licence.status == S.LICENSED, running),
        "suspended": sa.and_(Licence.status == S.SUSPENDED, running),
        "expired": sa.or_(Licence.status == S.EXPIRED,
                          sa.and_(Licence.status.in_([S.LICENSED, S.SUSPENDED]), sa.not_(running))),
        "revoked": Licence.status == S.REVOKED,
        "pending": Licence.status.in_([S.APPLICATION, S.UNDER_REVIEW]),
    }.get(status, sa.false())


def status_in_force_is(status: str):
    """SQL for a licence's status as in force today (a licensed or suspended licence past its date is expired)."""
    if status not in {s.value for s in S}:
        return sa.true()
    if status in (S.LICENSED, S.SUSPENDED, S.EXPIRED):
        return public_status_is(status)
    return Licence.status == S(status)


def desk_agencies(status: str = "", query: str = "", page: int = 1,
                  per_page: int = 50) -> tuple[list[Agency], int]:
    """The officials' list of every agency by name: filtered by the status in force and by name (typos allowed)
    or number, counted, and only the page loaded (on the names' index and the search index)."""
    conditions = [status_in_force_is(status)] + ([named_or_numbered(query)] if query.strip() else [])
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Agency).join(Licence).where(*conditions))
    return (_page(conditions, (page - 1) * per_page, per_page) if total else []), total


def _goes_to(destination: str):
    code = destination.upper()
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.cast(Agency.destinations, postgresql.JSONB).contains([code])
    each = sa.func.json_each(Agency.destinations).table_valued("value")
    return sa.exists(sa.select(1).select_from(each).where(each.c.value == code))


def _public(status: str | None, destination: str | None) -> list:
    """Conditions for agencies of the public registry (never a rejected application), filtered as asked."""
    return [Licence.status.in_(PUBLIC_LICENCE_STATUSES), public_status_is(status) if status else sa.true(),
            _goes_to(destination) if destination else sa.true()]


def _page(conditions: list, offset: int, limit: int) -> list[Agency]:
    """The agencies meeting the conditions, by name (on the index of names), from offset."""
    stmt = (sa.select(Agency).join(Licence).where(*conditions).options(contains_eager(Agency.licence))
            .order_by(Agency.legal_name, Agency.id))
    return list(db.session.scalars(stmt.limit(limit).offset(offset)))


def _browse(status: str | None, destination: str | None, page: int, per_page: int) -> tuple[list[Agency], int]:
    """The whole public registry by name (no query): counted exactly, on the licences' status index alone
    when no destination is asked for."""
    public = _public(status, destination)
    counted = sa.select(sa.func.count()).select_from(Licence).where(*public)
    if destination:
        counted = counted.join(Agency)
    total = db.session.scalar(counted)
    return (_page(public, (page - 1) * per_page, per_page) if total else []), total


def search_agencies(query: str = "", status: str | None = None, destination: str | None = None,
                    page: int = 1, per_page: int = 20) -> tuple[list[Agency], int]:
    """Agencies in the public registry matching a name, trading name, licence or registration number: the
    page asked for (number matches first, then by name) and how many match. Past MATCHES_COUNTED name
    matches the count stops at MATCHES_COUNTED + 1 ("more than …"): the worker should type more of the name."""
    q = normalise(query)
    if not q:
        return _browse(status, destination, page, per_page)
    public = sa.select(Agency.id).join(Licence).where(*_public(status, destination))
    keys = number_keys(query)
    numbered = list(db.session.scalars(
        public.where(Agency.id.in_(_numbered(keys))).order_by(Agency.legal_name, Agency.id)
        .limit(MATCHES_COUNTED))) if keys else []
    named = _with_names(public, [spellings(word) for word in q.split()])
    if numbered:
        named = named.where(Agency.id.not_in(numbered))
    _plan_for_a_cached_registry()
    names = _by_name(named.add_columns(Agency.legal_name).limit(MATCHES_COUNTED + 1))
    start = (page - 1) * per_page
    return _by_ids((numbered + names)[start:start + per_page]), len(numbered) + len(names)


def _plan_for_a_cached_registry() -> None:
    """On PostgreSQL, for the rest of this transaction: an index read costs about a sequential one, as it does when
    the registry is in memory. With the default (4 to 1) the planner joined a few hundred names found on the index to
    every licence read whole (a hash join: 10-75 ms at 100,000 agencies) rather than look up each one's licence."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text(f"SET LOCAL random_page_cost = {CACHED_RANDOM_PAGE_COST}"))


def _by_name(found) -> list[int]:
    """The ids of agencies found (a statement of id and legal name that stops at its LIMIT), by name: one query,
    the sort over the few found only."""
    rows = found.subquery()
    return list(db.session.scalars(sa.select(rows.c.id).order_by(rows.c.legal_name, rows.c.id)))


def _numbered(keys: list[str]):
    """The agencies holding one of these licence or registration numbers (compact forms), on their indexes."""
    return sa.union(sa.select(Licence.agency_id).where(number_key(Licence.number).in_(keys)),
                    sa.select(Agency.id).where(number_key(Agency.registration_number).in_(keys)))


def agencies_named(text: str):
    """SQL selecting the ids of agencies (any status) whose names hold these words, small typos allowed."""
    words = normalise(text).split()
    return _with_names(sa.select(Agency.id), [spellings(word) for word in words]) if words else sa.select(Agency.id)


def named_or_numbered(text: str):
    """SQL condition on Agency (any status): named so (small typos allowed), or holding that licence or registration
    number (typed loosely)."""
    keys = number_keys(text)
    named = Agency.id.in_(agencies_named(text))
    return sa.or_(named, Agency.id.in_(_numbered(keys))) if keys else named


def _by_ids(ids: list[int]) -> list[Agency]:
    if not ids:
        return []
    found = {a.id: a for a in db.session.scalars(
        sa.select(Agency).where(Agency.id.in_(ids)).join(Licence).options(contains_eager(Agency.licence)))}
    return [found[i] for i in ids]


def suggest_agencies(query: str, limit: int = 3) -> list[Agency]:
    """Licensed agencies whose names come closest to a query that matched nothing ("did you mean")."""
    words = [w for w in normalise(query).split() if len(w) >= 3]
    if not words:
        return []
    options = [spellings(word, at_least=0.6) for word in words[:SUGGESTION_WORDS]]
    licensed = sa.select(Agency.id).join(Licence).where(*_public("licensed", None))
    # a suggestion holds at least half the words typed: names holding one word (of one typed) or two of them
    groups = [[o] for o in options] if len(options) == 1 else itertools.combinations(options, 2)
    ids: dict[int, None] = {}
    for group in groups:  # each an index look-up that stops at its LIMIT
        ids |= dict.fromkeys(db.session.scalars(_with_names(licensed, list(group)).limit(20)))
    candidates = _by_ids(list(ids))
    q = " ".join(words)
    scored = [(_words_found(options, a.search_names), _likeness(q, a.search_names), a) for a in candidates]
    # at least half the words a worker typed are in the name: one shared "agency" is no suggestion
    scored = [row for row in scored if row[0] >= 0.5]
    return [a for *_, a in sorted(scored, key=lambda row: (-row[0], -row[1]))[:limit]]


def _words_found(options: list[list[str]], names: str) -> float:
    return sum(1 for spelt in options if any(s in names for s in spelt)) / len(options)


def _likeness(query: str, names: str) -> float:
    return max(SequenceMatcher(None, query, name).ratio() for name in names.split("\n"))
