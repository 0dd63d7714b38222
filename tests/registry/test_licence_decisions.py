"""Suspension with its date and public note, the confirmation step of suspend/revoke/reject, the licence's scope
fixed at issue (consistent with its class), and profiles that never show a stopped licence as valid."""
from datetime import date, timedelta

import pytest

from portal.errors import DomainError, Refused
from portal.extensions import db
from registry import services
from registry.models import LicenceAction, LicenceClass, LicenceStatus
from tests.factories import SUSPENSION, audit_count, text

A = LicenceAction
IN_TWO_MONTHS = date.today() + timedelta(days=60)


@pytest.fixture
def as_officer(login, officer):
    login(officer)
    return officer


def test_suspension_needs_a_future_date_and_a_public_note(make_agency, officer):
    agency = make_agency(status="licensed")
    for suspension, fields in [
        (None, {"suspended_until", "public_note"}),
        (services.Suspension(date.today(), False, "Fees"), {"suspended_until"}),
        (services.Suspension(IN_TWO_MONTHS, False, "  "), {"public_note"}),
    ]:
        with pytest.raises(DomainError) as refused:
            services.decide(agency.licence, A.SUSPEND, officer, "Fees charged", "O-1", suspension=suspension)
        assert {name for name, _m in refused.value.problems} == fields
    db.session.rollback()
    assert agency.licence.status == LicenceStatus.LICENSED


def test_suspension_keeps_its_date_and_note_until_reinstated(make_agency, officer):
    agency = make_agency(status="licensed")
    services.decide(agency.licence, A.SUSPEND, officer, "Fees", "O-1",
                    suspension=services.Suspension(IN_TWO_MONTHS, True, " Under investigation "))
    licence = agency.licence
    assert (licence.suspended_until, licence.suspension_is_review, licence.public_note) == (
        IN_TWO_MONTHS, True, "Under investigation")
    services.decide(licence, A.REINSTATE, officer, "Fees refunded", "O-2")
    assert (licence.suspended_until, licence.suspension_is_review, licence.public_note) == (None, False, "")


def test_suspended_profile_says_until_when_and_why_never_valid_from(client, make_agency):
    agency = make_agency("Nile Crest Manpower Services", status="suspended")
    html = text(client.get(f"/agencies/{agency.public_id}"))
    until = html.split("Suspended until ")[1][:20]  # the date, day month year
    assert SUSPENSION.until.strftime("%b") in until and str(SUSPENSION.until.year) in until
    assert SUSPENSION.public_note in html
    assert "from " not in html.split("Licence number")[1].split("Registration number")[0]
    certificate = text(client.get(f"/agencies/{agency.public_id}/certificate"))
    assert "NOT VALID" in certificate and "valid from" not in certificate


def test_review_date_is_said_as_such(client, make_agency, officer):
    agency = make_agency(status="licensed")
    services.decide(agency.licence, A.SUSPEND, officer, "Fees", "O-1",
                    suspension=services.Suspension(IN_TWO_MONTHS, True, "Inspection pending"))
    db.session.commit()
    html = text(client.get(f"/agencies/{agency.public_id}"))
    assert "the suspension is reviewed on" in html and "Inspection pending" in html


def test_revoked_profile_says_since_when_never_valid_until(client, make_agency):
    agency = make_agency("Bidii Njema Employment Agency", status="revoked")
    html = text(client.get(f"/agencies/{agency.public_id}"))
    assert "Revoked on" in html and "until" not in html.split("Licence number")[1].split("Registration number")[0]
    body = client.get(f"/api/v1/agencies/{agency.licence.number}").json
    assert body["valid_from"] is None and body["valid_until"] is None and body["status"] == "revoked"
    item = client.get("/api/v1/agencies", query_string={"q": agency.licence.number}).json["items"][0]
    assert item["valid_until"] is None


def _post(client, agency, action, **fields):
    data = {f"{action}-{k}": v for k, v in fields.items()}
    return client.post(f"/desk/agencies/{agency.public_id}/decisions/{action}", data=data)


SUSPEND_FIELDS = {"suspended_until": IN_TWO_MONTHS.isoformat(), "suspension_is_review": "end",
                  "public_note": "Suspended while fees are investigated."}


@pytest.mark.parametrize("action, status, fields", [
    ("suspend", "licensed", SUSPEND_FIELDS), ("revoke", "licensed", {}), ("reject", "under_review", {}),
])
def test_stopping_decisions_ask_for_confirmation_first(client, make_agency, as_officer, action, status, fields):
    agency = make_agency("Great Lakes Manpower Ltd", status=status)
    events, before = len(agency.licence.events), audit_count()
    first = _post(client, agency, action, reason="Inspection report 7", order_reference="MOL/7", **fields)
    assert first.status_code == 200
    html = text(first)
    assert "Confirm:" in html and "Inspection report 7" in html and "No, go back" in html
    assert 'value="yes"' in html
    db.session.expire_all()
    assert agency.licence.status == status and len(agency.licence.events) == events and audit_count() == before
    second = _post(client, agency, action, reason="Inspection report 7", order_reference="MOL/7", confirmed="yes",
                   **fields)
    assert second.status_code == 302
    db.session.expire_all()
    assert agency.licence.status != status and agency.licence.events[-1].action == action


def test_confirmation_is_not_offered_for_an_incomplete_decision(client, make_agency, as_officer):
    agency = make_agency(status="licensed")
    response = _post(client, agency, "suspend", reason="Fees", order_reference="MOL/8", public_note="")
    assert response.status_code == 422
    html = text(response)
    assert "Give the date the suspension ends or is reviewed." in html
    assert "Write the note workers will read" in html and "Confirm:" not in html


def test_issue_records_the_scope_chosen(client, make_agency, as_officer):
    agency = make_agency(status="under_review", destinations=("SA", "AE", "QA"), sectors=("domestic_work",))
    page = text(client.get(f"/desk/agencies/{agency.public_id}"))
    assert "Destination countries the licence covers" in page
    response = _post(client, agency, "issue", reason="ok", order_reference="MOL/1", licence_class="general",
                     destinations=["AE", "BH"], sectors=["healthcare", "hospitality"])
    assert response.status_code == 302
    db.session.expire_all()
    assert agency.licence.destinations == ["AE", "BH"] and agency.licence.sectors == ["healthcare", "hospitality"]


def test_scope_must_fit_the_licence_class(make_agency, officer):
    agency = make_agency(status="under_review", sectors=("domestic_work", "construction"))
    with pytest.raises(Refused) as refused:
        services.decide(agency.licence, A.ISSUE, officer, "ok", "O-1", licence_class=LicenceClass.DOMESTIC)
    assert "cannot cover: Construction" in str(refused.value)
    with pytest.raises(Refused) as empty:
        services.decide(agency.licence, A.ISSUE, officer, "ok", "O-1", scope=services.Scope((), ()))
    assert {name for name, _m in empty.value.problems} == {"destinations", "sectors"}
    db.session.rollback()
    services.decide(agency.licence, A.ISSUE, officer, "ok", "O-1", licence_class=LicenceClass.DOMESTIC,
                    scope=services.Scope(("SA",), ("domestic_work",)))
    assert agency.licence.sectors == ["domestic_work"] and agency.licence.number


def test_covers_names_what_is_outside(make_agency):
    licence = make_agency(destinations=("AE", "BH", "LB"), sectors=("healthcare", "hospitality")).licence
    assert services.covers(licence, "AE", "hospitality") == []
    problems = [str(p) for p in services.covers(licence, "SA", "domestic_work")]
    assert problems == ["The agency's licence does not cover deployment to Saudi Arabia.",
                        "The agency's licence does not cover the sector Domestic work."]
