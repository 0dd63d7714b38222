"""Contract fixtures: a published template, foreign parties, a representative and contract makers
(tests/factories.py)."""
import pytest

from contracts import services as contracts
from portal.extensions import db
from portal.models import Role
from tests import factories


@pytest.fixture
def template(officer):
    return factories.make_template(officer)


@pytest.fixture
def parties(officer):
    return factories.make_parties(officer)


@pytest.fixture
def agency(make_agency):
    return make_agency("Pearl Horizon Recruitment Ltd")


@pytest.fixture
def rep(make_user, agency):
    return make_user(Role.AGENCY_REPRESENTATIVE, email="rep@agency.test", agency=agency, name="Moses Rep")


@pytest.fixture
def draft(template, parties, rep):
    """draft(fees=[...], **fields) -> a draft contract by the representative."""
    return lambda fees=(), **overrides: factories.make_contract(rep, template, parties, fees, **overrides)


@pytest.fixture
def signed(draft, rep):
    return lambda **kw: factories.collect_signatures(draft(**kw), rep)


@pytest.fixture
def attested(signed, officer):
    def make(**kw):
        contract = signed(**kw)
        contracts.attest(contract, officer, "ATT-1")
        db.session.commit()
        return contract

    return make
