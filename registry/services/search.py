"""Finding agencies as a worker types them: by name (small typos allowed), trading name, licence or
registration number."""
from difflib import SequenceMatcher

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.extensions import db
from registry.models import Agency, Licence
from registry.services.agencies import normalise
from registry.services.licences import PUBLIC_LICENCE_STATUSES, public_status


def agency_by_licence_number(number: str) -> Agency | None:
    """The agency holding this licence number (spaces and case ignored)."""
    wanted = "".join(number.split()).upper()
    return db.session.scalar(sa.select(Agency).join(Licence).where(sa.func.upper(Licence.number) == wanted))


def _similar(a: str, b: str) -> bool:
    """Small typos allowed: about one wrong letter in five (cheap upper bounds first)."""
    if abs(len(a) - len(b)) > max(len(a), len(b)) // 4:
        return False
    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8


def _token_matches(query_token: str, token: str) -> bool:
    if token.startswith(query_token) or len(query_token) >= 3 and query_token in token:
        return True
    return len(query_token) >= 4 and _similar(query_token, token)


def _name_score(query: str, names: str, matches: dict[str, set[str]]) -> float:
    """1 for a substring, else the share of query words found (allowing small typos) in one name.

    matches maps each query word to the registry's words it matches, worked out once per search:
    names share most of their words ("recruitment", "ltd"), so this is far cheaper than per name.
    """
    if query in names:
        return 1.0
    best = 0.0
    for name in names.split("\n"):
        tokens = set(name.split())
        found = sum(1 for word in matches if tokens & matches[word])
        best = max(best, found / len(matches))
    return best


def _compact(text: str | None) -> str:
    return "".join(c for c in (text or "").lower() if c.isalnum())


def search_agencies(query: str = "", status: str | None = None, destination: str | None = None,
                    page: int = 1, per_page: int = 20) -> tuple[list[Agency], int]:
    """Agencies in the public registry matching a name, trading name, licence or registration number."""
    stmt = sa.select(Agency.id, Agency.search_names, Agency.registration_number, Licence.number).join(Licence)
    stmt = stmt.where(Licence.status.in_(PUBLIC_LICENCE_STATUSES))
    rows = db.session.execute(stmt.order_by(Agency.legal_name, Agency.id)).all()
    q = normalise(query)
    compact = _compact(q)
    looks_like_number = any(c.isdigit() for c in compact)
    vocabulary = {token for row in rows for token in row.search_names.split()}
    matches = {word: {t for t in vocabulary if _token_matches(word, t)} for word in q.split()}
    scored = []
    for agency_id, names, reg_no, lic_no in rows:
        if not q:
            score = 1.0
        elif looks_like_number and compact in (_compact(lic_no), _compact(reg_no)):
            score = 2.0
        else:
            score = _name_score(q, names, matches)
        if score >= 1.0:
            scored.append((-score, agency_id))
    ids = [agency_id for _, agency_id in sorted(scored, key=lambda x: x[0])]
    agencies = _load_agencies(ids)
    if status:
        agencies = [a for a in agencies if public_status(a) == status]
    if destination:
        agencies = [a for a in agencies if destination.upper() in (a.destinations or [])]
    start = (page - 1) * per_page
    return agencies[start:start + per_page], len(agencies)


def _load_agencies(ids: list[int]) -> list[Agency]:
    if not ids:
        return []
    found = db.session.scalars(
        sa.select(Agency).where(Agency.id.in_(ids)).options(selectinload(Agency.licence))
    ).all()
    by_id = {a.id: a for a in found}
    return [by_id[i] for i in ids]
