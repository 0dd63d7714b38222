"""The flow through the pages: draft, refused attestation, fix, sign, attest, check; a refused step."""
import sqlalchemy as sa

from contracts.models import Contract, ContractStatus
from portal.extensions import db
from portal.models import AuditEntry
from tests.factories import contract_form, text

CS = ContractStatus


def test_done_means(client, login, template, parties, rep, officer):
    """Draft, see attestation refused for a low wage and a fee, fix, sign, attest, check logged out, print."""
    version = template.published_version
    login(rep)
    data = contract_form(parties, monthly_wage="1200")
    data.update({"fees-0-description": "Medical test", "fees-0-amount": "300", "fees-0-currency": "USD"})
    response = client.post(f"/contracts/new/{version.public_id}", data=data)
    assert response.status_code == 302, text(response)
    contract = db.session.scalar(sa.select(Contract))
    assert len(contract.fees) == 1
    html = text(client.get(f"/contracts/{contract.public_id}"))
    assert "below the floor" in html and "must be zero" in html  # the pre-check warns early
    assert client.post(f"/contracts/{contract.public_id}/submit").status_code == 302
    for role, name, capacity in (("origin_agency", "Moses Rep", "Director"), ("partner_agency", "F. Omar", "Manager"),
                                 ("employer", "H. Al Noor", "Owner"), ("worker", "Nakato Sarah", "The worker")):
        response = client.post(f"/contracts/{contract.public_id}/sign",
                               data={"role": role, "signer_name": name, "signer_capacity": capacity})
        assert response.status_code == 302, text(response)
    db.session.expire_all()
    assert contract.status == CS.SIGNED
    client.post("/logout")

    login(officer)
    response = client.post(f"/contracts/{contract.public_id}/attest", data={"reference": "A-1"})
    assert response.status_code == 409
    assert "below the floor" in text(response) and "must be zero" in text(response)
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "contract.attest_refused"))
    client.post("/logout")

    login(rep)
    assert client.post(f"/contracts/{contract.public_id}/reopen", data={"reason": "Wage and fee"}).status_code == 302
    data = contract_form(parties, monthly_wage="1600")
    data.update({"fees-0-description": "", "fees-0-amount": ""})
    assert client.post(f"/contracts/{contract.public_id}/edit", data=data).status_code == 302
    client.post(f"/contracts/{contract.public_id}/submit")
    for role, name, capacity in (("origin_agency", "Moses Rep", "Director"), ("partner_agency", "F. Omar", "Manager"),
                                 ("employer", "H. Al Noor", "Owner"), ("worker", "Nakato Sarah", "The worker")):
        client.post(f"/contracts/{contract.public_id}/sign", data={"role": role, "signer_name": name,
                                                            "signer_capacity": capacity})
    client.post("/logout")

    login(officer)
    assert client.post(f"/contracts/{contract.public_id}/attest", data={"reference": "A-2"}).status_code == 302
    db.session.expire_all()
    assert contract.status == CS.ATTESTED and contract.fees == []
    client.post("/logout")

    html = text(client.get(f"/contracts/check/{contract.verification_code}"))
    assert "SAR" in html and "1,600" in html and "You pay no fees" in html
    assert client.get(f"/contracts/check/{contract.verification_code}/print").status_code == 200


def test_refused_step_shows_a_message(client, login, draft, rep):
    contract = draft()
    login(rep)
    response = client.post(f"/contracts/{contract.public_id}/complete", follow_redirects=True)
    assert "Only an active contract can be completed." in text(response)


def test_a_refused_step_with_a_form_shows_why_on_the_page(client, login, attested, rep):
    contract = attested()
    login(rep)
    response = client.post(f"/contracts/{contract.public_id}/reopen", data={"reason": "A new wage"})
    assert response.status_code == 409
    assert "The terms of an attested contract are frozen." in text(response)
    response = client.post(f"/contracts/{contract.public_id}/terminate", data={"reason": ""})
    assert response.status_code == 422 and "This field is required." in text(response)
