"""One rule for who sees a worker's identity on a contract (issue 9.4): the recruiting agency and the
officers who attest; never a case officer or an attaché through the contract (its page, signatures table,
print and PDF alike), and an attaché sees only the contracts of their own countries."""
import pytest

from portal.models import Role
from tests.factories import PASSPORT, text

NAME = "Nakato Sarah"


def _pages(client, contract) -> dict[str, str]:
    found = {}
    for url in (f"/contracts/{contract.public_id}", f"/contracts/{contract.public_id}/print"):
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = text(response)
    return found


@pytest.mark.parametrize("duties", [{}, {"attache_countries": "SA"}, {"is_supervisor": True}])
def test_case_officers_and_attaches_never_see_the_worker_on_a_contract(client, login, signed, make_user, duties):
    contract = signed()
    login(make_user(Role.CASE_OFFICER, **duties))
    for url, page in _pages(client, contract).items():
        assert NAME not in page and PASSPORT not in page, url
        assert "N. S." in page, url  # the worker's signature is shown by initials
    pdf = client.get(f"/contracts/{contract.public_id}/contract.pdf")
    assert pdf.status_code == 200 and NAME.encode() not in pdf.data


def test_an_attache_sees_only_the_contracts_of_their_countries(client, login, signed, make_user):
    contract = signed()  # for Saudi Arabia
    login(make_user(Role.CASE_OFFICER, attache_countries="AE,QA"))
    for page in ("", "/print", "/contract.pdf"):
        assert client.get(f"/contracts/{contract.public_id}{page}").status_code == 404, page
    assert contract.number not in text(client.get("/contracts"))


@pytest.mark.parametrize("role", [Role.LICENSING_OFFICER, Role.ADMINISTRATOR])
def test_the_officers_who_attest_see_the_worker(client, login, signed, make_user, role):
    contract = signed()
    login(make_user(role))
    for url, page in _pages(client, contract).items():
        assert NAME in page and PASSPORT in page, url


def test_the_recruiting_agency_sees_its_worker(client, login, signed, rep):
    contract = signed()
    login(rep)
    for url, page in _pages(client, contract).items():
        assert NAME in page and PASSPORT in page, url
