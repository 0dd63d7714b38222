"""The public search on the database's own index: forgiving what workers type, kept right by the database
itself, and as many queries at a thousand agencies as at three."""
import sqlalchemy as sa

from portal.extensions import db
from registry.models import Agency
from registry.services import agency_by_licence_number, number_keys, search_agencies, suggest_agencies
from tests.factories import text


def test_a_misspelt_trading_name_finds_the_agency(client, make_agency):
    make_agency("Pearl Horizon Recruitment Ltd", trading_names=["Zawadi Manpower"])
    make_agency("Desert Rose Employment Agency", trading_names=["Rose Manpower"])
    page = text(client.get("/agencies", query_string={"q": "zawdi manpowr"}))
    assert "Pearl Horizon Recruitment Ltd" in page and "Desert Rose" not in page


def test_a_loosely_typed_licence_number_finds_the_agency(client, make_agency):
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    make_agency("Desert Rose Employment Agency")
    prefix, year, serial = agency.licence.number.split("/")
    for typed in (f"{prefix.lower()} {year} {int(serial)}", f"{prefix}{year}{serial}", f"{prefix}-{year}-{serial}"):
        page = text(client.get("/agencies", query_string={"q": typed}))
        assert "Pearl Horizon Recruitment Ltd" in page and "Desert Rose" not in page, typed
        assert agency_by_licence_number(typed) == agency


def test_number_keys_pad_the_parts_a_worker_shortens():
    assert "EA20250001" in number_keys("ea 2025 1")
    assert number_keys("EA/2025/0001") == ["EA20250001"]
    assert number_keys("pearl horizon") == []


def test_number_matches_come_before_name_matches(app, make_agency):
    numbered = make_agency("Zebra Recruitment")
    named = make_agency(f"Alpha {numbered.licence.number} Services")
    agencies, total = search_agencies(numbered.licence.number)
    assert agencies == [numbered, named] and total == 2


def test_did_you_mean_offers_the_closest_licensed_names_before_the_warning(client, make_agency):
    make_agency("Pearl Horizon Recruitment Ltd")
    make_agency("Pearl Horizon Services", status="revoked")
    make_agency("Desert Rose Employment Agency")
    page = text(client.get("/agencies", query_string={"q": "Pearl Horizn Travel Agents"}))
    suggestion = page.index("Did you mean one of these licensed agencies?")
    assert page.index("Pearl Horizon Recruitment Ltd") > suggestion
    assert page.index("No agency found for") > page.index("Pearl Horizon Recruitment Ltd")
    assert "Pearl Horizon Services" not in page and "Desert Rose" not in page


def test_no_suggestion_for_a_name_like_no_licensed_agency(client, make_agency):
    make_agency("Pearl Horizon Recruitment Ltd")
    page = text(client.get("/agencies", query_string={"q": "Golden Visa Jobs"}))
    assert "Did you mean" not in page and "Not a licensed agency" in page
    assert suggest_agencies("Golden Visa Jobs") == []


def test_the_database_keeps_the_index_after_a_bulk_update(app, make_agency):
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    # as a bulk import or a hand-written migration would: SQL straight to the table, no service involved
    db.session.execute(sa.update(Agency).where(Agency.id == agency.id)
                       .values(legal_name="Kestrel Sunbird Ltd", search_names="kestrel sunbird ltd"))
    db.session.commit()
    assert search_agencies("kestrl sunbrd")[1] == 1
    assert search_agencies("pearl horizon")[1] == 0


def test_filters_order_and_count_are_answered_by_the_database(app, make_agency):
    for n in range(5):
        make_agency(f"Beta Recruitment {n}", status="suspended" if n % 2 else "licensed",
                    destinations=["QA"] if n < 3 else ["SA"])
    agencies, total = search_agencies("recruitment", status="licensed", destination="qa", per_page=1, page=2)
    assert total == 2 and [a.legal_name for a in agencies] == ["Beta Recruitment 2"]


def _search_statements(client, queries, query: str) -> int:
    with queries() as run:
        assert client.get("/agencies", query_string={"q": query}).status_code == 200
    return len(run)


def test_search_sends_as_many_queries_whatever_the_registry_holds(client, make_agency, queries):
    make_agency("Pearl Horizon Recruitment Ltd")
    few = [_search_statements(client, queries, q) for q in ("perl horizn", "recruitment", "EA/2025/0001")]
    for n in range(25):
        make_agency(f"Pearl Recruitment {n}")
    many = [_search_statements(client, queries, q) for q in ("perl horizn", "recruitment", "EA/2025/0001")]
    assert few == many and max(many) <= 6


def test_a_common_word_is_counted_up_to_a_cap(app, make_agency, monkeypatch):
    monkeypatch.setattr("registry.services.search.MATCHES_COUNTED", 2)
    for n in range(4):
        make_agency(f"Gamma Recruitment {n}")
    agencies, total = search_agencies("recruitment", per_page=2)
    assert total == 3 and len(agencies) == 2  # "more than 2"; the page still by name
    assert [a.legal_name for a in agencies] == sorted(a.legal_name for a in agencies)


def test_pages_go_on_from_the_number_matches_to_the_name_matches_by_name(app, make_agency):
    numbered = make_agency("Zebra Recruitment")
    number = numbered.licence.number
    later, earlier = make_agency(f"Gamma {number} Services"), make_agency(f"Alpha {number} Services")
    pages = [search_agencies(number, per_page=1, page=n) for n in (1, 2, 3, 4)]
    assert [agencies for agencies, _total in pages] == [[numbered], [earlier], [later], []]
    assert {total for _agencies, total in pages} == {3}
