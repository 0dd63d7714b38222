"""The agency representative's page: status, people, guarantees, documents, queries and renewal."""
from datetime import date, timedelta

import pytest

from portal.extensions import db
from registry.models import LicenceAction
from tests.factories import audit_actions, pdf


def _renewal(**changes):
    data = {"renewal-amount": "60000", "renewal-currency": "USD", "renewal-bank": "Fictional Bank",
            "renewal-reference": "BG-RENEW-1", "renewal-expires_on": (date.today() + timedelta(days=1500)).isoformat(),
            "renewal-note": "Please renew for two more years."}
    data.update(changes)
    return data


def test_representative_sees_status_people_guarantees_and_history(client, make_agency, representative, login):
    agency = make_agency("Pearl Horizon Recruitment Ltd", status="suspended")
    login(representative(agency))
    page = client.get("/my-agency").get_data(as_text=True)
    assert "Pearl Horizon Recruitment Ltd" in page
    assert "Suspended" in page and agency.licence.number in page
    assert agency.people[0].name in page and "Vetted" in page
    assert "Fictional Bank" in page
    assert "test: suspend" in page  # the history with its reason
    assert "Apply to renew" not in page  # a suspended licence cannot be renewed
    assert "decisions/" not in page  # no officials' forms


def test_expired_status_is_shown_as_expired(client, make_agency, representative, login):
    agency = make_agency(status="expired")
    login(representative(agency))
    page = client.get("/my-agency").get_data(as_text=True)
    assert "Expired" in page and "Apply to renew the licence" in page


@pytest.mark.parametrize("status", ["licensed", "expired"])
def test_renewal_application(app, client, make_agency, representative, login, status):
    agency = make_agency(status=status)
    login(representative(agency))
    data = _renewal(**{"renewal-document": pdf("new-guarantee.pdf")})
    response = client.post("/my-agency/renewal", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    assert agency.licence.renewal_requested_at is not None
    assert agency.licence.events[-1].action == LicenceAction.REQUEST_RENEWAL
    assert agency.licence.events[-1].reason == "Please renew for two more years."
    assert audit_actions()[-1] == "licence.request_renewal"
    new = agency.guarantees[-1]
    assert (new.reference, new.verified_at) == ("BG-RENEW-1", None)
    assert [d.original_name for d in agency.documents] == ["new-guarantee.pdf"]
    page = client.get("/my-agency").get_data(as_text=True)
    assert "is waiting for a decision" in page and "Apply to renew the licence" not in page
    # a second request is refused and changes nothing
    again = client.post("/my-agency/renewal", data=_renewal(), content_type="multipart/form-data")
    assert again.status_code == 409
    assert "A renewal request is already waiting for a decision." in again.get_data(as_text=True)
    db.session.expire_all()
    assert len(agency.guarantees) == 2


def test_renewal_with_a_bad_file_writes_nothing(client, make_agency, representative, login):
    agency = make_agency(status="licensed")
    login(representative(agency))
    data = _renewal(**{"renewal-document": pdf("guarantee.pdf", b"GIF89a not a pdf")})
    response = client.post("/my-agency/renewal", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Only PDF files are accepted." in text and 'value="BG-RENEW-1"' in text
    db.session.expire_all()
    assert agency.licence.renewal_requested_at is None and len(agency.guarantees) == 1
    assert agency.documents == []


def test_renewal_refused_while_applying(client, make_agency, representative, login):
    agency = make_agency(status="under_review")
    login(representative(agency))
    response = client.post("/my-agency/renewal", data=_renewal(), content_type="multipart/form-data")
    assert response.status_code == 409
    assert "Only a licence that is in force or has expired can be renewed." in response.get_data(as_text=True)


def test_renewal_then_officer_renews(client, make_agency, representative, login, officer):
    agency = make_agency(status="licensed")
    old_until = agency.licence.valid_until
    login(representative(agency))
    client.post("/my-agency/renewal", data=_renewal(), content_type="multipart/form-data")
    client.post("/logout")
    login(officer)
    assert agency.legal_name in client.get("/desk/applications").get_data(as_text=True)
    data = {"renew-reason": "Renewal granted", "renew-order_reference": "MOL/R/1"}
    new = agency.guarantees[-1]  # the renewal's guarantee, verified by the officer with the bank's reference
    client.post(f"/desk/guarantees/{new.public_id}/verify",
                data={f"verify-{new.public_id}-verification_reference": "CONF-R"})
    response = client.post(f"/desk/agencies/{agency.public_id}/decisions/renew", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert agency.licence.valid_until > old_until and agency.licence.renewal_requested_at is None


def test_empty_answer_is_refused(client, make_agency, representative, login):
    agency = make_agency(status="application")
    login(representative(agency))
    response = client.post("/my-agency/messages", data={"message-body": ""})
    assert response.status_code == 422
    assert 'id="message-body-error"' in response.get_data(as_text=True)
    assert agency.messages == []


def test_pending_application_shows_what_is_missing(client, make_agency, representative, login):
    agency = make_agency(status="application")
    login(representative(agency))
    page = client.get("/my-agency").get_data(as_text=True)
    assert "Your application is with the licensing office." in page
    assert "No director is recorded." in page
