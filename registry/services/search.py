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
from registry.services.agencies import normalise
from registry.services.licences import PUBLIC_LICENCE_STATUSES

S = LicenceStatus
CANDIDATE_WORDS = 200  # registry words read per misspelt query word (most similar first)
SPELLINGS = 12  # registry spellings kept per query word
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
                .order_by(sa.func.similarity(SearchWord.word, word).desc()).limit(CANDIDATE_WORDS))
        return list(db.session.scalars(stmt))
    padded = f"  {word} "
    trigrams = {padded[i:i + 3] for i in range(len(padded) - 2)}
    match = " OR ".join(f'"{t}"' for t in sorted(trigrams))
    stmt = sa.text("SELECT w.word FROM search_words_fts f JOIN search_words w ON w.id = f.rowid "
                   "WHERE search_words_fts MATCH :match ORDER BY f.rank LIMIT :n")
    return list(db.session.scalars(stmt, {"match": match, "n": CANDIDATE_WORDS}))


def spellings(word: str, at_least: float = 0.8) -> list[str]:
    """The query word and the registry's words it may be a misspelling of (words of four letters or more)."""
    if len(word) < 4:
        return [word]
    found = [w for w in _registry_words(word) if w != word and similar(word, w, at_least)]
    found.sort(key=lambda w: -SequenceMatcher(None, word, w).ratio())
    return [word, *found[:SPELLINGS]]


def _names_match(words: list[list[str]]):
    """Agencies whose names hold, for every query word, one of its spellings (as part of a word)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.and_(*(sa.or_(*(Agency.search_names.contains(s, autoescape=True) for s in options))
                         for options in words))
    indexed = [options for options in words if min(map(len, options)) >= 3]
    short = [options for options in words if min(map(len, options)) < 3]
    conditions = [sa.or_(*(Agency.search_names.contains(s, autoescape=True) for s in options)) for options in short]
    if indexed:
        match = " AND ".join("(" + " OR ".join(f'"{s}"' for s in options) + ")" for options in indexed)
        fts = sa.text("SELECT rowid FROM agency_names_fts WHERE agency_names_fts MATCH :names_match")
        fts = fts.bindparams(sa.bindparam("names_match", match, unique=True))  # one per clause when OR-ed
        conditions.append(Agency.id.in_(fts.columns(sa.column("rowid"))))
    return sa.and_(*conditions)


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


def _goes_to(destination: str):
    code = destination.upper()
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.cast(Agency.destinations, postgresql.JSONB).contains([code])
    each = sa.func.json_each(Agency.destinations).table_valued("value")
    return sa.exists(sa.select(1).select_from(each).where(each.c.value == code))


def search_agencies(query: str = "", status: str | None = None, destination: str | None = None,
                    page: int = 1, per_page: int = 20) -> tuple[list[Agency], int]:
    """Agencies in the public registry matching a name, trading name, licence or registration number: the
    page asked for (number matches first, then by name) and how many match in all."""
    stmt = sa.select(Agency).join(Licence).where(Licence.status.in_(PUBLIC_LICENCE_STATUSES))
    if status:
        stmt = stmt.where(public_status_is(status))
    if destination:
        stmt = stmt.where(_goes_to(destination))
    order = [Agency.legal_name, Agency.id]
    q = normalise(query)
    if q:
        keys = number_keys(query)
        by_number = sa.or_(number_key(Licence.number).in_(keys), number_key(Agency.registration_number).in_(keys))
        by_name = _names_match([spellings(word) for word in q.split()])
        stmt = stmt.where(sa.or_(by_number, by_name) if keys else by_name)
        order = ([sa.case((by_number, 0), else_=1)] if keys else []) + order
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    if not total:
        return [], 0
    page_stmt = stmt.options(contains_eager(Agency.licence)).order_by(*order)
    return list(db.session.scalars(page_stmt.limit(per_page).offset((page - 1) * per_page))), total


def suggest_agencies(query: str, limit: int = 3) -> list[Agency]:
    """Licensed agencies whose names come closest to a query that matched nothing ("did you mean")."""
    words = [w for w in normalise(query).split() if len(w) >= 3]
    if not words:
        return []
    options = [spellings(word, at_least=0.6) for word in words]
    close = sa.or_(*(_names_match([o]) for o in options))
    candidates = db.session.scalars(
        sa.select(Agency).join(Licence).where(public_status_is("licensed"), close)
        .options(contains_eager(Agency.licence)).order_by(Agency.legal_name, Agency.id).limit(50)
    ).all()
    q = " ".join(words)
    scored = [(_words_found(options, a.search_names), _likeness(q, a.search_names), a) for a in candidates]
    # at least half the words a worker typed are in the name: one shared "agency" is no suggestion
    scored = [row for row in scored if row[0] >= 0.5]
    return [a for *_, a in sorted(scored, key=lambda row: (-row[0], -row[1]))[:limit]]


def _words_found(options: list[list[str]], names: str) -> float:
    return sum(1 for spelt in options if any(s in names for s in spelt)) / len(options)


def _likeness(query: str, names: str) -> float:
    return max(SequenceMatcher(None, query, name).ratio() for name in names.split("\n"))
