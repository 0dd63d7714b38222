"""Who sees what: the cases an official may open (attachés: their destination countries), who sees a
worker's identity, contacts and evidence, who may move a case; every look at an identity is audited."""
import sqlalchemy as sa

from grievances.models import Grievance
from grievances.services.codes import by_reference
from portal import audit
from portal.auth import attache_countries, covers_country
from portal.errors import NotFound
from portal.models import Role, User
from portal.text import _l


def sees_all_cases(user: User) -> bool:
    """Administrators and supervisors see and act on every case."""
    return user.role == Role.ADMINISTRATOR or (user.role == Role.CASE_OFFICER and user.is_supervisor)


def case_scope(user: User):
    """SQL condition on Grievance: the cases this official may open (attachés: their countries only)."""
    if user.role not in (Role.ADMINISTRATOR, Role.CASE_OFFICER):
        return sa.false()
    countries = attache_countries(user)
    if sees_all_cases(user) or not countries:
        return sa.true()
    return Grievance.destination_country.in_(countries)


def can_open_case(user: User, grievance: Grievance) -> bool:
    """Case officers and administrators open cases; an attaché only those in their countries."""
    if user.role not in (Role.ADMINISTRATOR, Role.CASE_OFFICER):
        return False
    return sees_all_cases(user) or covers_country(user, grievance.destination_country)


def can_see_identity(user: User, grievance: Grievance) -> bool:
    """Identity, contacts and evidence: the assigned officer, supervisors, administrators; the agency on consent."""
    if user.role == Role.AGENCY_REPRESENTATIVE:
        return (grievance.share_identity_with_agency and grievance.agency_id is not None
                and user.agency_id == grievance.agency_id)
    if not can_open_case(user, grievance):
        return False
    return sees_all_cases(user) or grievance.assigned_to_id == user.id


def can_act(user: User, grievance: Grievance) -> bool:
    """Workflow steps: the assigned case officer, a supervisor or an administrator."""
    return can_open_case(user, grievance) and (sees_all_cases(user) or grievance.assigned_to_id == user.id)


def record_identity_view(user: User, grievance: Grievance, what: str = "identity") -> None:
    """Every look at a worker's identity, contacts or evidence goes into the audit log."""
    audit.record(f"grievance.view_{what}", grievance, actor=user, reference=grievance.reference)


def get_case(reference: str, user: User) -> Grievance:
    """The case for an official, or NotFound (also when outside an attaché's countries)."""
    grievance = by_reference(reference)
    if grievance is None or not can_open_case(user, grievance):
        raise NotFound(_l("No such case."))
    return grievance


def get_agency_case(reference: str, user: User) -> Grievance:
    """A grievance against the representative's own agency, or NotFound."""
    grievance = by_reference(reference)
    if grievance is None or user.agency_id is None or grievance.agency_id != user.agency_id:
        raise NotFound(_l("No such case."))
    return grievance
