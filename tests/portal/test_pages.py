"""Pages that join domains: the public agency profile (page and JSON) with its grievance record."""
from portal.extensions import db
from registry import services
from registry.models import LicenceAction
from tests.factories import SUSPENSION, text


def test_profile_shows_verdict_validity_destinations_and_dated_history(client, make_agency):
    agency = make_agency("Nile Crest Manpower Services", status="suspended", destinations=["SA", "QA"],
                         sectors=["construction"])
    page = text(client.get(f"/agencies/{agency.public_id}"))
    for expected in ("Nile Crest Manpower Services", "Suspended", "Do not pay or sign anything", "Saudi Arabia",
                     "Qatar", "Construction", agency.licence.number, "Licence suspended", "test: suspend",
                     "ORDER-1"):
        assert expected in page, expected


def test_suspension_changes_the_public_verdict_at_once(client, make_agency, officer):
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    assert "You may use this agency" in text(client.get(f"/agencies/{agency.public_id}"))
    services.decide(agency.licence, LicenceAction.SUSPEND, officer, "Fees charged", "ORDER-5",
                     suspension=SUSPENSION)
    db.session.commit()
    assert "Do not pay or sign anything" in text(client.get(f"/agencies/{agency.public_id}"))
    assert client.get(f"/api/v1/agencies/{agency.licence.number}").json["status"] == "suspended"


def test_detail_contract(client, make_agency):
    agency = make_agency("Nile Crest Manpower Services", status="suspended", sectors=["construction"])
    body = client.get(f"/api/v1/agencies/{agency.licence.number}").json
    assert body["status"] == "suspended" and body["status_label"] == "Suspended"
    # a suspended licence is never shown as valid from … until …: the suspension's date and note instead
    assert body["valid_from"] is None and body["valid_until"] is None
    assert body["suspended_until"] == SUSPENSION.until.isoformat() and body["suspension_review"] is False
    assert body["public_note"] == SUSPENSION.public_note
    assert body["sectors"] == ["construction"]
    assert [h["status"] for h in body["history"]] == ["pending", "pending", "licensed", "suspended"]
    assert body["history"][-1]["reason"] == "test: suspend" and body["history"][-1]["at"]


def test_unknown_licence_is_a_json_404(client):
    response = client.get("/api/v1/agencies/EA/1999/9999")
    assert response.status_code == 404 and response.is_json
    assert response.json["error"]["code"] == "not_found" and response.json["error"]["message"]
