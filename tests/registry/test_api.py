"""The public registry API: its documented contract and its errors."""
import pytest


def test_list_contract(client, make_agency):
    agency = make_agency("Pearl Horizon Recruitment Ltd", destinations=["SA", "AE"])
    body = client.get("/api/v1/agencies?q=perl horizn").json
    assert set(body) == {"items", "page", "per_page", "total"}
    assert body["total"] == 1 and body["page"] == 1 and body["per_page"] == 20
    item = body["items"][0]
    assert set(item) == {"licence_number", "name", "status", "valid_until", "destinations", "url"}
    assert item["licence_number"] == agency.licence.number
    assert item["status"] == "licensed" and item["destinations"] == ["SA", "AE"]
    assert item["valid_until"] == agency.licence.valid_until.isoformat()
    assert item["url"].endswith(f"/agencies/{agency.public_id}")


def test_list_filters_by_status_and_destination_and_pages(client, make_agency):
    make_agency("Alpha Recruitment", destinations=["SA"])
    make_agency("Beta Recruitment", status="suspended", destinations=["QA"])
    make_agency("Gamma Recruitment", status="expired", destinations=["QA"])
    assert [i["name"] for i in client.get("/api/v1/agencies?status=suspended").json["items"]] == ["Beta Recruitment"]
    assert {i["name"] for i in client.get("/api/v1/agencies?destination=qa").json["items"]} == {
        "Beta Recruitment", "Gamma Recruitment"}
    page2 = client.get("/api/v1/agencies?per_page=2&page=2").json
    assert page2["total"] == 3 and len(page2["items"]) == 1




@pytest.mark.parametrize("status", ["licensed", "suspended", "revoked", "expired", "under_review"])
def test_status_is_one_of_the_five(client, make_agency, status):
    make_agency("Some Agency", status=status)
    assert client.get("/api/v1/agencies").json["items"][0]["status"] in {
        "licensed", "suspended", "revoked", "expired", "pending"}




@pytest.mark.parametrize("query", ["status=bogus", "page=0", "per_page=1000", "destination=SAU", "page=abc"])
def test_bad_parameters_are_json_422_with_fields(client, query):
    response = client.get(f"/api/v1/agencies?{query}")
    assert response.status_code == 422 and response.is_json
    error = response.json["error"]
    assert error["code"] == "unprocessable_entity" and error["fields"]


def test_unknown_api_path_and_method_answer_json(client):
    assert client.get("/api/v1/nothing-here").json["error"]["code"] == "not_found"
    response = client.delete("/api/v1/agencies")
    assert response.status_code == 405 and response.json["error"]["code"] == "method_not_allowed"


def test_openapi_documents_the_registry(client):
    spec = client.get("/api/v1/openapi.json").json
    assert "/api/v1/agencies" in spec["paths"] and "/api/v1/agencies/{licence_number}" in spec["paths"]
    detail = spec["paths"]["/api/v1/agencies/{licence_number}"]["get"]["responses"]
    assert {"200", "404"} <= set(detail)
    assert "error" in spec["components"]["schemas"]["Error"]["properties"]
