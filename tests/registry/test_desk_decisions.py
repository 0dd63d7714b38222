"""Each licence decision through the officials' HTML forms, and every refused transition."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from portal.errors import Refused
from portal.extensions import db
from registry import services
from registry.models import LicenceAction, LicenceStatus, PersonRole, VettingStatus
from tests.factories import audit_actions, audit_count

A = LicenceAction
ALLOWED = {  # status -> decisions an officer may take
    "application": {"start_review", "reject"},
    "under_review": {"issue", "reject"},
    "licensed": {"renew", "suspend", "revoke"},
    "suspended": {"reinstate", "revoke"},
    "revoked": set(),
    "rejected": set(),
    "expired": {"renew", "revoke"},
}
RESULT = {"start_review": "under_review", "issue": "licensed", "reject": "rejected", "renew": "licensed",
          "suspend": "suspended", "reinstate": "licensed", "revoke": "revoked"}


@pytest.fixture
def as_officer(login, officer):
    login(officer)
    return officer


# What the browser posts beside the reason and the order: the issue form's scope (pre-filled with what the
# agency applied for), the suspension's date and note, and the confirmation step's "yes".
DEFAULTS = {
    "issue": {"destinations": ["SA", "AE"], "sectors": ["domestic_work"]},
    "suspend": {"suspended_until": (date.today() + timedelta(days=60)).isoformat(), "suspension_is_review": "end",
                "public_note": "Suspended while fees charged to workers are investigated.", "confirmed": "yes"},
    "revoke": {"confirmed": "yes"},
    "reject": {"confirmed": "yes"},
}


def _decide(client, agency, action, reason="Checked on file", order="MOL/ORD/2026/17", **extra):
    data = {f"{action}-reason": reason, f"{action}-order_reference": order}
    data.update({f"{action}-{k}": v for k, v in (DEFAULTS.get(action, {}) | extra).items()})
    return client.post(f"/desk/agencies/{agency.public_id}/decisions/{action}", data=data)


@pytest.mark.parametrize("status, action", [(s, a) for s, actions in ALLOWED.items() for a in sorted(actions)])
def test_each_allowed_decision(client, make_agency, as_officer, status, action):
    agency = make_agency("Great Lakes Manpower Ltd", status=status)
    page = client.get(f"/desk/agencies/{agency.public_id}").get_data(as_text=True)
    assert f'action="/desk/agencies/{agency.public_id}/decisions/{action}#decision-{action}"' in page
    before = audit_count()
    response = _decide(client, agency, action)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert services.effective_status(agency.licence) == RESULT[action]
    event = agency.licence.events[-1]
    assert (event.action, event.reason, event.order_reference, event.actor_id) == (
        action, "Checked on file", "MOL/ORD/2026/17", as_officer.id)
    assert audit_count() == before + 1 and audit_actions()[-1] == f"licence.{action}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Done:" in page and "Checked on file" in page


@pytest.mark.parametrize("status, action", [
    (s, a.value) for s in ALLOWED for a in services.OFFICER_ACTIONS if a.value not in ALLOWED[s]
])
def test_every_refused_transition_shows_its_message(client, make_agency, as_officer, status, action):
    agency = make_agency("Great Lakes Manpower Ltd", status=status)
    page = client.get(f"/desk/agencies/{agency.public_id}").get_data(as_text=True)
    assert f"/decisions/{action}#" not in page  # no form is offered for it
    events, before = len(agency.licence.events), audit_count()
    response = _decide(client, agency, action)
    assert response.status_code == 409
    db.session.expire_all()
    with pytest.raises(Refused) as refusal:  # the service's own words for this refusal ...
        services.decide(agency.licence, A(action), as_officer, "x", "y")
    db.session.rollback()
    assert str(refusal.value.message) in response.get_data(as_text=True)  # ... are on the page
    assert refusal.value.status == 409
    assert services.effective_status(agency.licence) == status
    assert len(agency.licence.events) == events and audit_count() == before


def test_unknown_decision_is_not_found(client, make_agency, as_officer):
    agency = make_agency(status="licensed")
    assert _decide(client, agency, "expire").status_code == 404
    assert _decide(client, agency, "apply").status_code == 404
    assert _decide(client, agency, "bogus").status_code == 404


@pytest.mark.parametrize("action", ["issue", "reject", "suspend", "revoke"])
def test_order_reference_is_required_at_its_field(client, make_agency, as_officer, action):
    agency = make_agency(status="licensed" if action in ("suspend", "revoke") else "under_review")
    response = _decide(client, agency, action, order="")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Give the reference of the written order." in text
    assert f'id="{action}-order_reference-error"' in text
    assert 'value="Checked on file"' in text or "Checked on file</textarea>" in text  # the reason is kept


def test_start_review_needs_no_order_but_a_reason(client, make_agency, as_officer):
    agency = make_agency(status="application")
    response = _decide(client, agency, "start_review", reason="  ", order="")
    assert response.status_code == 422
    assert "Give the reason for this decision." in response.get_data(as_text=True)
    assert _decide(client, agency, "start_review", order="").status_code == 302


def test_issue_sets_number_class_and_validity(client, make_agency, as_officer):
    agency = make_agency(status="under_review")
    assert _decide(client, agency, "issue", licence_class="domestic").status_code == 302
    db.session.expire_all()
    licence = agency.licence
    assert licence.number and licence.licence_class == "domestic"
    assert licence.valid_from == date.today() and licence.valid_until > date.today()


def _under_review_without(make_agency, officer, *, vet=True, guarantee="verified"):
    agency = make_agency("Rift Valley Placements Ltd", status="application")
    person = services.add_person(agency, role=PersonRole.DIRECTOR, name="Peter Otieno", nationality="KE",
                                 id_number="KE998877", police_clearance_ref="DCI-1")
    if vet:
        services.vet_person(person, VettingStatus.VETTED, "clear", officer)
    if guarantee:
        services.lodge_guarantee(agency, officer, verified=guarantee != "unverified", amount=Decimal("50000"),
                                 verification_reference="CONF-9",
                                 currency="USD", bank="Fictional Bank", reference="BG-9",
                                 expires_on=date.today() + (timedelta(days=-1) if guarantee == "expired"
                                                            else timedelta(days=800)))
    services.decide(agency.licence, A.START_REVIEW, officer, "review")
    db.session.commit()
    return agency


@pytest.mark.parametrize("kwargs, message", [
    ({"vet": False}, "Not every director and shareholder is vetted: Peter Otieno."),
    ({"guarantee": None}, "No verified, unexpired guarantee is lodged."),
    ({"guarantee": "unverified"}, "No verified, unexpired guarantee is lodged."),
    ({"guarantee": "expired"}, "No verified, unexpired guarantee is lodged."),
])
def test_issuing_is_refused_until_vetted_and_guaranteed(client, make_agency, officer, as_officer, kwargs, message):
    agency = _under_review_without(make_agency, officer, **kwargs)
    page = client.get(f"/desk/agencies/{agency.public_id}").get_data(as_text=True)
    assert message in page  # shown before trying
    before = audit_count()
    response = _decide(client, agency, "issue")
    assert response.status_code == 409
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert agency.licence.status == LicenceStatus.UNDER_REVIEW and agency.licence.number is None
    assert audit_count() == before


def test_renewal_refused_without_a_valid_guarantee(client, make_agency, as_officer):
    agency = make_agency(status="licensed")
    agency.guarantees[0].expires_on = date.today() - timedelta(days=1)
    db.session.commit()
    response = _decide(client, agency, "renew")
    assert response.status_code == 409
    assert "No verified, unexpired guarantee is lodged." in response.get_data(as_text=True)


def test_suspension_changes_the_public_verdict_at_once(client, make_agency, as_officer):
    agency = make_agency("Pearl Horizon Recruitment Ltd", status="licensed")
    assert _decide(client, agency, "suspend", reason="Fees charged to workers").status_code == 302
    profile = client.get(f"/agencies/{agency.public_id}").get_data(as_text=True)
    assert "Suspended" in profile and "Fees charged to workers" in profile
