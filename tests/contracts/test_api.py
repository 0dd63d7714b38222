"""The public contract API: the worker's view as JSON, errors, documentation."""
from tests.factories import PASSPORT


def test_api_returns_the_public_view(client, attested, agency, parties):
    contract = attested()
    response = client.get(f"/api/v1/contracts/{contract.code_display.lower()}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["code"] == contract.code_display and body["status"] == "attested"
    assert body["job_title"] == "Domestic worker" and body["destination"]["country"] == "SA"
    assert body["employer"]["name"] == parties[1].name and body["partner_agency"]["name"] == parties[0].name
    assert body["origin_agency"] == {"name": agency.legal_name, "licence_number": agency.licence.number,
                                     "status": "licensed", "status_label": "Licensed",
                                     "advice": body["origin_agency"]["advice"]}
    assert body["monthly_wage"] == {"amount": "1600.00", "currency": "SAR"}
    assert (body["hours_per_week"], body["weekly_rest_days"], body["duration_months"]) == (48, 1, 24)
    assert "visa_work_permit" in body["employer_pays"]
    assert body["worker_paid_fees"] == {"amount": "0.00", "currency": "SAR"}
    assert [p["role"] for p in body["liable_parties"]] == ["origin_agency", "partner_agency", "employer"]
    assert body["attested_at"] and body["superseded_by"] is None
    raw = response.get_data(as_text=True)
    assert PASSPORT not in raw and "Nakato" not in raw and "1996-04-02" not in raw


def test_api_404_is_a_json_error(client):
    response = client.get("/api/v1/contracts/ZZZZ-ZZZZ-ZZ")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_api_is_documented(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/contracts/{code}"]["get"]
    assert {"200", "404"} <= set(operation["responses"])
