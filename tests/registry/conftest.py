"""Fixtures for the registry's pages."""
import pytest

from portal.models import Role
from tests import factories


@pytest.fixture
def application_data():
    """application_data(**changes) -> a complete, valid online application (form fields and files)."""
    return factories.application_data


@pytest.fixture
def representative(make_user):
    """representative(agency) -> an account tied to that agency."""

    def make(agency, **kw):
        return make_user(Role.AGENCY_REPRESENTATIVE, agency=agency, **kw)

    return make
