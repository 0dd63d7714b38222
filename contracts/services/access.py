"""Who may see and do what: the recruiting agency's own representative, officials, licensing officers; the
desk list each of them sees; the trace an official leaves on seeing a worker's identity."""
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from contracts.models import Contract, ContractStatus
from portal import audit
from portal.auth import attache_countries, covers_country
from portal.errors import Refused
from portal.extensions import db
from portal.models import Role, User
from portal.text import _l
from registry.models import Agency, LicenceStatus
from registry.services import effective_status

ONLY_REPRESENTATIVE = _l("Only a representative of the recruiting agency may do this.")


def represents(user: User, agency: Agency) -> bool:
    """The user is a representative of this agency."""
    return user.role == Role.AGENCY_REPRESENTATIVE and user.agency_id == agency.id


def is_owner(user: User, contract: Contract) -> bool:
    """The user represents the agency that recruits under this contract."""
    return user.role == Role.AGENCY_REPRESENTATIVE and user.agency_id == contract.origin_agency_id


def is_licensing_officer(user: User) -> bool:
    """Licensing officers (and administrators) attest contracts and see the worker's identity."""
    return user.has_role(Role.LICENSING_OFFICER)


def can_view(user: User, contract: Contract) -> bool:
    """Officials see every contract (an attaché those of their countries); a representative its own agency's."""
    return (user.is_official and covers_country(user, contract.destination_country)) or is_owner(user, contract)


def can_see_worker(user: User, contract: Contract) -> bool:
    """The worker's identity (name, passport, contacts, and the name signed), on the page, the print and the
    PDF alike: the agency that recruited them and the officers who attest (administrators included). Case
    officers and attachés see it on a case they handle, never through the contract (one rule for both:
    see grievances.services.can_see_identity)."""
    return can_view(user, contract) and (is_owner(user, contract) or is_licensing_officer(user))


def agency_may_draft(agency: Agency, day: date | None = None) -> bool:
    """An agency issues contracts only while its licence is in force."""
    return effective_status(agency.licence, day) == LicenceStatus.LICENSED


def require_representative(user: User, agency: Agency) -> None:
    """Refused unless the user represents the agency."""
    if not represents(user, agency):
        raise Refused(ONLY_REPRESENTATIVE)


def require_licensed(agency: Agency) -> None:
    """Refused unless the agency's licence is in force today."""
    if not agency_may_draft(agency):
        raise Refused(_l("Your agency's licence is not in force: you cannot issue contracts now."))


def _visible_to(user: User):
    """The contracts a user's desk lists: all for officials (an attaché's countries only), the agency's own
    for a representative."""
    if not user.is_official:
        return Contract.origin_agency_id == (user.agency_id or 0)
    countries = attache_countries(user)
    return Contract.destination_country.in_(countries) if countries else sa.true()


CONTRACTS_COUNTED = 1000
DESK_ORDER = (Contract.updated_at, Contract.id)


@dataclass
class ContractsPage:
    """One page of the desk list, the capped count of what it holds, and the public ids of the contracts to page on
    from (the last of this page for the next, the first for the previous; None at either end)."""

    contracts: list[Contract]
    total: int
    next_after: str | None
    previous_before: str | None


def _desk_clauses(user: User, status: ContractStatus | None) -> list:
    return [_visible_to(user), *([Contract.status == status] if status else [])]


def _capped_count(clauses: list):
    """How many contracts meet the clauses, counted up to CONTRACTS_COUNTED + 1 ("more than …") on an index walk
    that stops there."""
    return sa.select(sa.func.count()).select_from(
        sa.select(Contract.id).where(*clauses).limit(CONTRACTS_COUNTED + 1).subquery()).scalar_subquery()


def _beyond(anchor: Contract, forward: bool):
    """The contracts after (older than) or before (newer than) this one in the list's order: a range on the desk's
    index (keyset), so that a page far back costs what the first does."""
    key = sa.tuple_(*DESK_ORDER)
    values = sa.tuple_(*(sa.literal(getattr(anchor, column.key), column.type) for column in DESK_ORDER))
    return key < values if forward else key > values


def contracts_for(user: User, status: ContractStatus | None = None, after: str = "", before: str = "",
                  per_page: int = 50) -> ContractsPage:
    """The desk list, newest first: every contract for officials (an attaché's countries), the agency's own for a
    representative; the page after the contract of public id `after` (or before `before`; the first without)."""
    clauses = _desk_clauses(user, status)
    total = db.session.scalar(sa.select(_capped_count(clauses)))
    # a contract this user may not see is no anchor (its place in the list would tell it exists)
    anchor = db.session.scalar(sa.select(Contract).where(
        Contract.public_id == (after or before), _visible_to(user))) if (after or before) else None
    forward = anchor is None or not before
    if anchor is not None:
        clauses = [*clauses, _beyond(anchor, forward)]
    order = [c.desc() for c in DESK_ORDER] if forward else list(DESK_ORDER)
    rows = list(db.session.scalars(
        sa.select(Contract).where(*clauses).order_by(*order).limit(per_page + 1).options(
            selectinload(Contract.origin_agency), selectinload(Contract.employer), selectinload(Contract.supersedes))))
    more = len(rows) > per_page
    rows = rows[:per_page] if forward else rows[:per_page][::-1]
    further = more if forward else anchor is not None
    earlier = anchor is not None if forward else more
    return ContractsPage(rows, total, rows[-1].public_id if rows and further else None,
                         rows[0].public_id if rows and earlier else None)


def status_counts(user: User) -> dict[ContractStatus, int]:
    """How many contracts of the user's desk list are in each status, each counted up to CONTRACTS_COUNTED + 1 on
    the status's index: one statement, however many contracts."""
    row = db.session.execute(sa.select(*(_capped_count(_desk_clauses(user, s)) for s in ContractStatus))).one()
    return dict(zip(ContractStatus, row, strict=True))


def record_worker_view(contract: Contract, user: User, page: str) -> None:
    """An official who sees the worker's personal data leaves a trace in the audit log (flushes)."""
    if user.is_official and can_see_worker(user, contract):
        audit.record("contract.view_worker", contract, actor=user, page=page)
