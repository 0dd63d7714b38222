"""The JSON API: filing, following with X-Tracking-Code, messages; the error shape; the OpenAPI document."""
import sqlalchemy as sa

from grievances.models import EventKind, Grievance
from portal.extensions import db

BODY = {
    "filer_type": "relative", "recruiter_name": "Mr Fixit", "recruiter_phone": "+256700111222",
    "employer_name": "Al Noor household", "destination_country": "SA",
    "categories": ["withheld_documents", "confinement"],
    "description": "My sister is locked in the house and her passport was taken.",
    "amount_claimed": {"amount": "2400", "currency": "SAR"},
    "contact": {"name": "Okello John", "whatsapp": "+256701222333"},
    "language": "sw",
}


def test_file_returns_reference_and_code_once(client):
    response = client.post("/api/v1/grievances", json=BODY)
    assert response.status_code == 201, response.json
    body = response.json
    assert set(body) == {"reference", "tracking_code", "status", "urgent"}
    assert body["status"] == "received" and body["urgent"] is True  # confinement
    grievance = db.session.scalar(sa.select(Grievance))
    assert grievance.reference == body["reference"]
    assert grievance.contact_method == "whatsapp" and grievance.contact_name == "Okello John"
    assert str(grievance.amount_claimed) == "2400.00" and grievance.language == "sw"
    assert grievance.share_identity_with_agency is False


def test_file_by_agency_licence_number(client, agency):
    body = dict(BODY, agency_licence_number=agency.licence.number, recruiter_name="", recruiter_phone="")
    assert client.post("/api/v1/grievances", json=body).status_code == 201
    assert db.session.scalar(sa.select(Grievance.agency_id)) == agency.id


def test_invalid_filing_gets_per_field_errors(client):
    response = client.post("/api/v1/grievances", json=dict(BODY, categories=[], destination_country="XX",
                                                           agency_licence_number="EA/1999/9999"))
    assert response.status_code == 422
    error = response.json["error"]
    assert set(error) == {"code", "message", "fields"}
    assert {"categories", "destination_country", "agency_licence_number"} <= set(error["fields"])
    response = client.post("/api/v1/grievances", json={"filer_type": "martian", "categories": ["wizardry"]})
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert {"filer_type", "categories", "description", "destination_country"} <= set(fields)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Grievance)) == 0


def test_no_mass_assignment(client):
    response = client.post("/api/v1/grievances", json=dict(BODY, status="resolved", urgent=False, id=999,
                                                           assigned_to_id=1))
    assert response.status_code == 201
    grievance = db.session.scalar(sa.select(Grievance))
    assert grievance.status == "received" and grievance.urgent and grievance.id != 999
    assert grievance.assigned_to_id is None


def test_follow_with_the_code_header(client):
    filed = client.post("/api/v1/grievances", json=BODY).json
    response = client.get(f"/api/v1/grievances/{filed['reference']}",
                          headers={"X-Tracking-Code": filed["tracking_code"].lower()})
    assert response.status_code == 200
    body = response.json
    assert body["status"] == "received" and body["status_label"] == "Received"
    assert {"filed_at", "updated_at", "timeline"} <= set(body)
    assert body["timeline"][0]["kind"] == "filed" and body["timeline"][0]["text"] == "Grievance received."
    assert set(body["timeline"][0]) == {"at", "kind", "text"}
    assert "Okello" not in response.get_data(as_text=True)


def test_wrong_pair_is_404_with_the_same_body(client):
    filed = client.post("/api/v1/grievances", json=BODY).json
    wrong_code = client.get(f"/api/v1/grievances/{filed['reference']}", headers={"X-Tracking-Code": "2222-2222"})
    wrong_ref = client.get("/api/v1/grievances/GRV-2222-3333", headers={"X-Tracking-Code": filed["tracking_code"]})
    no_header = client.get(f"/api/v1/grievances/{filed['reference']}")
    assert wrong_code.status_code == wrong_ref.status_code == no_header.status_code == 404
    assert wrong_code.get_data() == wrong_ref.get_data() == no_header.get_data()
    assert wrong_code.json["error"]["code"] == "not_found"


def test_worker_message_joins_the_timeline(client):
    filed = client.post("/api/v1/grievances", json=BODY).json
    url = f"/api/v1/grievances/{filed['reference']}/messages"
    response = client.post(url, json={"message": "She is still locked in."},
                           headers={"X-Tracking-Code": filed["tracking_code"]})
    assert response.status_code == 201 and response.json["kind"] == "message_from_worker"
    assert "She is still locked in." in response.json["text"]
    empty = client.post(url, json={"message": ""}, headers={"X-Tracking-Code": filed["tracking_code"]})
    assert empty.status_code == 422
    wrong = client.post(url, json={"message": "hi"}, headers={"X-Tracking-Code": "nope"})
    assert wrong.status_code == 404
    grievance = db.session.scalar(sa.select(Grievance))
    assert [e.kind for e in grievance.events].count(EventKind.MESSAGE_FROM_WORKER) == 1


def test_api_is_csrf_exempt(app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = app.test_client().post("/api/v1/grievances", json=BODY)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 201


def test_guessing_through_the_api_is_rate_limited(client):
    filed = client.post("/api/v1/grievances", json=BODY).json
    for _ in range(10):
        assert client.get(f"/api/v1/grievances/{filed['reference']}",
                          headers={"X-Tracking-Code": "wrong"}).status_code == 404
    response = client.get(f"/api/v1/grievances/{filed['reference']}",
                          headers={"X-Tracking-Code": filed["tracking_code"]})
    assert response.status_code == 429 and response.json["error"]["code"] == "too_many_requests"


def test_filing_is_rate_limited(client):
    for _ in range(5):
        assert client.post("/api/v1/grievances", json=BODY).status_code == 201
    assert client.post("/api/v1/grievances", json=BODY).status_code == 429


def test_documented_in_openapi(client):
    spec = client.get("/api/v1/openapi.json").json
    paths = spec["paths"]
    assert "201" in paths["/api/v1/grievances"]["post"]["responses"]
    assert "422" in paths["/api/v1/grievances"]["post"]["responses"]
    get = paths["/api/v1/grievances/{reference}"]["get"]
    assert {"200", "404", "429"} <= set(get["responses"])
    assert any(p["name"] == "X-Tracking-Code" and p["in"] == "header" for p in get["parameters"])
    assert {"201", "404", "422"} <= set(paths["/api/v1/grievances/{reference}/messages"]["post"]["responses"])
