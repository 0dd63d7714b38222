"""Fixtures for grievances: officials of every kind, an agency, and filing a case (tests/factories.py)."""
import pytest

from portal.models import Role
from tests import factories


@pytest.fixture
def case_officer(make_user):
    return make_user(Role.CASE_OFFICER, email="carla@ministry.test", name="Carla Case")


@pytest.fixture
def other_officer(make_user):
    return make_user(Role.CASE_OFFICER, email="omar@ministry.test", name="Omar Other")


@pytest.fixture
def supervisor(make_user):
    return make_user(Role.CASE_OFFICER, email="sam@ministry.test", name="Sam Supervisor", is_supervisor=True)


@pytest.fixture
def attache(make_user):
    return make_user(Role.CASE_OFFICER, email="rashid@ministry.test", name="Rashid Attache", attache_countries="SA")


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMINISTRATOR, email="admin@ministry.test")


@pytest.fixture
def agency(make_agency):
    return make_agency("Pearl Horizon Recruitment Ltd")


@pytest.fixture
def file_one():
    """file_one(**fields) -> (grievance, tracking code), committed."""
    return factories.file_grievance
