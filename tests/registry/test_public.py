"""What a worker sees without logging in: search, verdicts, profile, certificate."""
import pytest

from tests.factories import text


@pytest.mark.parametrize("query", ["Pearl Horizon", "pearl horizon recruitment ltd", "PEARL", "perl horizn",
                                   "Horizon Recrutment", "Pearl Jobs", "EA/", "REG-00001"])
def test_search_finds_by_partial_misspelt_trading_name_or_number(client, make_agency, query):
    make_agency("Pearl Horizon Recruitment Ltd", trading_names=["Pearl Jobs"], registration_number="REG-00001")
    make_agency("Desert Rose Employment Agency", registration_number="REG-00002")
    page = text(client.get("/agencies", query_string={"q": query}))
    assert "Pearl Horizon Recruitment Ltd" in page
    assert "Desert Rose" not in page


def test_search_by_licence_number_ignores_case_and_spaces(client, make_agency):
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    page = text(client.get("/agencies", query_string={"q": " " + agency.licence.number.lower() + " "}))
    assert "Pearl Horizon Recruitment Ltd" in page


def test_search_is_accent_insensitive(client, make_agency):
    make_agency("Société Étoile du Nil Recrutement")
    assert "Société Étoile" in text(client.get("/agencies?q=societe etoile"))
    assert "Société Étoile" in text(client.get("/agencies?q=SOCIÉTÉ"))


@pytest.mark.parametrize(("status", "badge", "sentence"), [
    ("licensed", "Licensed", "You may use this agency; it must not charge you fees."),
    ("suspended", "Suspended", "Do not pay or sign anything with this agency now."),
    ("revoked", "Licence revoked", "may no longer recruit workers"),
    ("expired", "Licence expired", "licence has run out"),
    ("under_review", "Not yet licensed", "has applied but is not licensed yet"),
])
def test_each_result_shows_badge_and_plain_sentence(client, make_agency, status, badge, sentence):
    make_agency("Pearl Horizon Recruitment Ltd", status=status)
    page = text(client.get("/agencies?q=pearl"))
    assert f'class="badge {"pending" if status == "under_review" else status}"' in page
    assert badge in page and sentence in page


def test_no_match_warns_that_the_name_is_not_licensed(client, make_agency):
    make_agency("Pearl Horizon Recruitment Ltd")
    page = text(client.get("/agencies?q=Golden Visa Jobs"))
    assert "No agency found for “<bdi translate=\"no\">Golden Visa Jobs</bdi>”" in page  # as typed, isolated
    assert "Not a licensed agency" in page and "report them" in page


def test_rejected_applications_are_not_in_the_public_registry(client, make_agency):
    agency = make_agency("Pearl Horizon Recruitment Ltd", status="rejected")
    assert "Not a licensed agency" in text(client.get("/agencies?q=pearl"))
    assert client.get(f"/agencies/{agency.public_id}").status_code == 404




def test_certificate_carries_a_qr_code_to_the_profile(client, make_agency):
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    page = text(client.get(f"/agencies/{agency.public_id}/certificate"))
    assert agency.licence.number in page and "<svg" in page
    assert f"http://portal.test/agencies/{agency.public_id}" in page
    assert "NOT VALID" not in page


def test_certificate_of_a_suspended_agency_says_not_valid(client, make_agency):
    agency = make_agency("Nile Crest Manpower Services", status="suspended")
    assert "NOT VALID" in text(client.get(f"/agencies/{agency.public_id}/certificate"))


def test_certificate_pdf(client, make_agency):
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    response = client.get(f"/agencies/{agency.public_id}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert f"licence-{agency.licence.number.replace('/', '-')}.pdf" in response.headers["Content-Disposition"]


def test_pending_agency_has_no_certificate(client, make_agency):
    agency = make_agency("Upendo Link Placement Co.", status="application")
    assert client.get(f"/agencies/{agency.public_id}").status_code == 200
    assert client.get(f"/agencies/{agency.public_id}/certificate").status_code == 404




def test_public_pages_load_no_external_assets_and_no_script(client, make_agency):
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    for url in ("/", "/agencies?q=pearl", f"/agencies/{agency.public_id}", f"/agencies/{agency.public_id}/certificate"):
        page = text(client.get(url))
        assert "<script" not in page and "http://" not in page.replace("http://portal.test", "")
        assert "https://" not in page


def test_search_pages(client, make_agency, app):
    for n in range(app.config["PUBLIC_SEARCH_PER_PAGE"] + 3):
        make_agency(f"Agency Number {n:02d}")
    first = text(client.get("/agencies?q=agency number"))
    assert "23 agencies found" in first and "Next page" in first
    second = text(client.get("/agencies?q=agency number&page=2"))
    assert "Agency Number 22" in second and "Previous page" in second
