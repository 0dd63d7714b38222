def test_home_and_health(client):
    assert client.get("/health").get_data(as_text=True) == "ok"
    page = client.get("/")
    assert page.status_code == 200
    assert "Check an agency" in page.get_data(as_text=True)


def test_licensed_agency_found_by_misspelt_name(client, make_agency):
    make_agency("Pearl Horizon Recruitment Ltd")
    page = client.get("/agencies?q=perl horizn")
    assert "Pearl Horizon Recruitment Ltd" in page.get_data(as_text=True)
