"""The drafting pages: frozen terms, a suspended agency, form errors that keep what was typed."""
from decimal import Decimal

import sqlalchemy as sa

from contracts.models import Contract, ContractStatus
from portal.extensions import db
from portal.models import Role
from tests.factories import contract_form, text

CS = ContractStatus


def test_attested_contract_cannot_be_edited_through_the_form(client, login, attested, rep, parties, template):
    contract = attested()
    login(rep)
    response = client.post(f"/contracts/{contract.id}/edit",
                           data=contract_form(parties, monthly_wage="5000"))
    assert response.status_code == 302
    db.session.expire_all()
    assert contract.monthly_wage == Decimal("1600")
    response = client.post(f"/contracts/{contract.id}/supersede")
    assert response.status_code == 302
    new = db.session.scalar(sa.select(Contract).where(Contract.supersedes_id == contract.id))
    assert new.status == CS.DRAFT and response.headers["Location"].endswith(f"/contracts/{new.id}")


def test_a_suspended_agency_cannot_draft(client, login, template, make_agency, make_user):
    suspended = make_agency("Suspended Agency Ltd", status="suspended")
    login(make_user(Role.AGENCY_REPRESENTATIVE, agency=suspended))
    assert "not in force" in text(client.get("/contracts/new"))


def test_form_errors_keep_what_was_typed(client, login, template, parties, rep):
    login(rep)
    data = contract_form(parties, worker_date_of_birth="2015-01-01")
    response = client.post(f"/contracts/new/{template.published_version.id}", data=data)
    assert response.status_code == 422
    assert "at least 18" in text(response) and "Nakato Sarah" in text(response)
