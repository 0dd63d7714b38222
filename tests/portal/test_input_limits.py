"""Input no real user sends, and answers a client relies on: NaN, Infinity and 1e400 as amounts, NUL
characters, 405 with Allow, private pages kept out of caches, the same 404 for another's object and for none."""
import io

import pytest
import sqlalchemy as sa

from grievances.models import Grievance
from portal.extensions import db
from portal.models import Role
from registry.models import Guarantee
from tests import factories
from tests.factories import text

NOT_AMOUNTS = ["NaN", "nan", "sNaN", "Infinity", "-Infinity", "inf", "1e400", "-1", "99999999999"]


@pytest.mark.parametrize("typed", NOT_AMOUNTS)
def test_a_guarantee_amount_that_is_not_a_sum_of_money_is_refused_at_its_field(client, login, officer,
                                                                               make_agency, typed):
    agency = make_agency("Pearl Horizon Recruitment Ltd", status="application")
    login(officer)
    response = client.post(f"/desk/agencies/{agency.public_id}/guarantees", data={
        "guarantee-amount": typed, "guarantee-currency": "USD", "guarantee-bank": "Fictional Bank",
        "guarantee-reference": "BG-9", "guarantee-expires_on": "2031-01-01"})
    assert response.status_code == 422
    assert "Write the amount as a number from 0 to" in text(response) and "Fictional Bank" in text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Guarantee)) == 0


@pytest.mark.parametrize("typed", NOT_AMOUNTS)
def test_a_claimed_amount_that_is_not_a_sum_of_money_is_refused_on_the_form_and_the_api(client, typed):
    form = factories.grievance_form(amount=typed, currency="SAR")
    response = client.post("/grievances/new", data=form, content_type="multipart/form-data")
    assert response.status_code == 422 and "Write the amount as a number from 0 to" in text(response)
    assert "have not paid me since March" in text(response)
    body = {"filer_type": "anonymous", "destination_country": "SA", "categories": ["unpaid_wages"],
            "description": "Not paid.", "amount_claimed": {"amount": typed, "currency": "SAR"}}
    answer = client.post("/api/v1/grievances", json=body)
    assert answer.status_code == 422 and "amount_claimed" in str(answer.get_json()["error"]["fields"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Grievance)) == 0


@pytest.mark.parametrize("typed", ["NaN", "Infinity", "1e400"])
def test_a_contract_wage_that_is_not_a_sum_of_money_is_refused_at_its_field(client, login, officer, make_agency,
                                                                           make_user, typed):
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    rep = make_user(Role.AGENCY_REPRESENTATIVE, agency=agency)
    template = factories.make_template(officer)
    parties = factories.make_parties(officer)
    login(rep)
    data = factories.contract_form(parties, monthly_wage=typed)
    response = client.post(f"/contracts/new/{template.published_version.public_id}", data=data)
    assert response.status_code == 422 and "Write the amount as a number from 0 to" in text(response)


def test_nul_characters_are_refused_in_forms_queries_files_and_json(client):
    form = factories.grievance_form(description="I was\x00 not paid")
    response = client.post("/grievances/new", data=form, content_type="multipart/form-data")
    assert response.status_code == 422 and "(NUL)" in text(response)
    assert client.get("/agencies?q=nile\x00").status_code == 422
    form = factories.grievance_form(evidence=[(io.BytesIO(factories.PDF), "pay\x00slip.pdf")])
    assert client.post("/grievances/new", data=form, content_type="multipart/form-data").status_code == 422
    body = {"filer_type": "anonymous", "destination_country": "SA", "categories": ["unpaid_wages"],
            "description": "Not\x00 paid."}
    answer = client.post("/api/v1/grievances", json=body)
    assert answer.status_code == 422 and answer.get_json()["error"]["code"] == "unprocessable_entity"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Grievance)) == 0


@pytest.mark.parametrize("method, url, allowed", [
    ("delete", "/grievances/new", {"GET", "POST"}), ("put", "/api/v1/grievances", {"POST"}),
    ("post", "/agencies", {"GET"}), ("get", "/logout", {"POST"}),
])
def test_a_method_not_allowed_names_the_allowed_ones(client, method, url, allowed):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert allowed <= {m.strip() for m in response.headers["Allow"].split(",")}


def test_pages_of_a_signed_in_user_are_never_cached(client, login, officer, make_agency, make_user):
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    rep = make_user(Role.AGENCY_REPRESENTATIVE, agency=agency)
    template = factories.make_template(officer)
    contract = factories.make_contract(rep, template, factories.make_parties(officer))
    assert "no-store" not in client.get("/agencies").headers.get("Cache-Control", "")  # public, cacheable
    login(rep)
    for url in ("/my-agency", "/contracts", f"/contracts/{contract.public_id}",
                f"/contracts/{contract.public_id}/print"):
        response = client.get(url)
        assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"], url
    client.post("/logout")
    login(make_user(Role.CASE_OFFICER))
    assert "no-store" in client.get("/grievances/cases").headers["Cache-Control"]


def test_a_contract_without_a_code_prints(client, login, officer, make_agency, make_user):
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    rep = make_user(Role.AGENCY_REPRESENTATIVE, agency=agency)
    contract = factories.make_contract(rep, factories.make_template(officer), factories.make_parties(officer))
    assert contract.verification_code is None
    login(rep)
    response = client.get(f"/contracts/{contract.public_id}/print")
    assert response.status_code == 200 and factories.PASSPORT in text(response)


def test_the_administrator_may_use_the_contracts_desk(client, login, make_user):
    login(make_user(Role.ADMINISTRATOR))
    assert client.get("/contracts").status_code == 200
