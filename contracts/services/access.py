"""Who may see and do what: the recruiting agency's own representative, officials, licensing officers; the
desk list each of them sees; the trace an official leaves on seeing a worker's identity."""
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


def contracts_for(user: User, status: str | None = None, page: int = 1,
                  per_page: int = 50) -> tuple[list[Contract], int]:
    """The desk list, newest first: every contract for officials, the agency's own for a representative."""
    stmt = sa.select(Contract).where(_visible_to(user))
    if status:
        stmt = stmt.where(Contract.status == status)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    rows = db.session.scalars(
        stmt.order_by(Contract.updated_at.desc(), Contract.id.desc())
        .options(selectinload(Contract.origin_agency), selectinload(Contract.employer))
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return list(rows), total


def status_counts(user: User) -> dict[ContractStatus, int]:
    """How many contracts of the user's desk list are in each status."""
    return dict(db.session.execute(
        sa.select(Contract.status, sa.func.count()).where(_visible_to(user)).group_by(Contract.status)
    ).all())


def record_worker_view(contract: Contract, user: User, page: str) -> None:
    """An official who sees the worker's personal data leaves a trace in the audit log (flushes)."""
    if user.is_official and can_see_worker(user, contract):
        audit.record("contract.view_worker", contract, actor=user, page=page)
