"""What a worker checks about a destination: deployment bans in force and blacklisted employers and partner
agencies abroad, on public pages and in the API; "watched" never leaves the officers' desk."""
from datetime import timedelta

import pytest

from portal.database import today
from portal.extensions import db
from registry import services
from registry.models import PartyKind, WatchlistStatus
from tests.factories import text


@pytest.fixture
def bans(officer):
    """A ban in force on domestic work in Lebanon, one on all of Libya with no end, a past one and a coming one."""
    made = {
        "lebanon": services.add_ban(officer, "LB", "domestic_work", today() - timedelta(days=30),
                                    today() + timedelta(days=60), "Workers stranded after the port explosion"),
        "libya": services.add_ban(officer, "LY", None, today() - timedelta(days=400), None, "Armed conflict"),
        "past": services.add_ban(officer, "JO", None, today() - timedelta(days=90), today() - timedelta(days=1),
                                 "Lifted ban"),
        "coming": services.add_ban(officer, "KW", "construction", today() + timedelta(days=5), None, "Heat season"),
    }
    db.session.commit()
    return made


@pytest.fixture
def parties(officer):
    """A blacklisted employer (with an accented name), a blacklisted partner agency, a watched and a clear one."""
    def party(name, kind, country, status=None, reason=""):
        p = services.add_foreign_party(officer, kind=kind, name=name, country=country)
        if status:
            services.set_watchlist(p, status, reason, officer)
        return p

    made = {
        "employer": party("Société Al Noor Household Services", PartyKind.EMPLOYER, "SA",
                          WatchlistStatus.BLACKLISTED, "Passports withheld from four workers"),
        "partner": party("Gulf Bridge Manpower", PartyKind.PARTNER_AGENCY, "AE", WatchlistStatus.BLACKLISTED,
                         "Charged workers fees"),
        "watched": party("Desert Rose Cleaning", PartyKind.EMPLOYER, "QA", WatchlistStatus.WATCHED,
                         "Secret suspicion of the officers"),
        "clear": party("Oasis Hotels", PartyKind.EMPLOYER, "AE"),
    }
    db.session.commit()
    return made


def test_the_bans_page_lists_bans_in_force_with_dates_and_reasons(client, bans):
    html = text(client.get("/deployment-bans"))
    assert "Lebanon" in html and "Domestic work" in html and "Workers stranded after the port explosion" in html
    assert "Libya" in html and "All sectors" in html and "Armed conflict" in html and "no end date" in html
    start = today() - timedelta(days=30)
    assert f"{start.day} " in html and str(start.year) in html
    for absent in ("Jordan", "Lifted ban", "Kuwait", "Heat season"):
        assert absent not in html, absent


def test_the_bans_page_names_countries_in_the_reader_language(client, bans):
    client.set_cookie("lang", "fr")
    html = text(client.get("/deployment-bans?lang=fr"))
    assert "Liban" in html and "Libye" in html


def test_no_ban_in_force_says_so(client):
    response = client.get("/deployment-bans")
    assert response.status_code == 200 and "No ban is in force." in text(response)


def test_the_bans_api_lists_bans_in_force(client, bans):
    items = client.get("/api/v1/deployment-bans").get_json()["items"]
    assert items == [
        {"country": "LB", "sector": "domestic_work", "since": (today() - timedelta(days=30)).isoformat(),
         "until": (today() + timedelta(days=60)).isoformat(), "reason": "Workers stranded after the port explosion"},
        {"country": "LY", "sector": None, "since": (today() - timedelta(days=400)).isoformat(), "until": None,
         "reason": "Armed conflict"},
    ]


def test_a_lifted_ban_leaves_the_public_list(client, bans, officer):
    services.lift_ban(bans["libya"], officer, "Peace agreement")
    db.session.commit()
    assert [i["country"] for i in client.get("/api/v1/deployment-bans").get_json()["items"]] == ["LB"]
    assert "Libya" not in text(client.get("/deployment-bans"))


def test_the_profile_warns_of_a_ban_on_the_agency_destination_and_sector(client, make_agency, officer):
    agency = make_agency("Pearl Horizon Recruitment Ltd", destinations=("SA", "LB"), sectors=("domestic_work",))
    other = make_agency("Nile Crest Agency", destinations=("LB",), sectors=("construction",))
    assert "Deployment is banned" not in text(client.get(f"/agencies/{agency.public_id}"))  # cached without a ban
    services.add_ban(officer, "LB", "domestic_work", today(), None, "Workers stranded")
    db.session.commit()
    html = text(client.get(f"/agencies/{agency.public_id}"))
    assert "Deployment is banned now to some of this agency&#39;s destinations" in html or \
        "Deployment is banned now to some of this agency's destinations" in html
    assert "Lebanon" in html and "Workers stranded" in html
    assert "Deployment is banned" not in text(client.get(f"/agencies/{other.public_id}"))  # another sector


def test_the_blacklist_page_finds_a_blacklisted_employer_by_a_loosely_typed_name(client, parties):
    for typed in ("societe al noor", "AL NOOR", "al nor housheold", "Société", "gulf brige"):
        html = text(client.get("/foreign-employers", query_string={"q": typed}))
        wanted = "Gulf Bridge Manpower" if "gulf" in typed else "Société Al Noor Household Services"
        assert wanted in html, typed
    html = text(client.get("/foreign-employers"))
    assert "Société Al Noor Household Services" in html and "Passports withheld from four workers" in html
    assert "Gulf Bridge Manpower" in html and "Saudi Arabia" in html and "Blacklisted" in html
    assert "Oasis Hotels" not in html
    nothing = text(client.get("/foreign-employers", query_string={"q": "Oasis Hotels"}))
    assert "This name is not on the blacklist" in nothing


def test_a_watched_party_never_reaches_the_public(client, parties):
    for url in ("/foreign-employers", "/foreign-employers?q=desert+rose", "/api/v1/foreign-employers",
                "/api/v1/foreign-employers?q=desert"):
        body = client.get(url).get_data(as_text=True)
        assert "Desert Rose" not in body and "Secret suspicion" not in body, url
    refused = client.get("/api/v1/foreign-employers?status=watched")
    assert refused.status_code == 422 and "status" in refused.get_json()["error"]["fields"]
    assert client.get("/api/v1/foreign-employers?status=clear").status_code == 422


def test_the_blacklist_api(client, parties):
    items = client.get("/api/v1/foreign-employers", query_string={"q": "al noor"}).get_json()["items"]
    since = parties["employer"].watchlisted_since.date().isoformat()
    assert items == [{"name": "Société Al Noor Household Services", "kind": "employer", "country": "SA",
                      "status": "blacklisted", "since": since, "reason": "Passports withheld from four workers"}]
    every = client.get("/api/v1/foreign-employers?status=blacklisted").get_json()["items"]
    assert sorted(i["name"] for i in every) == ["Gulf Bridge Manpower", "Société Al Noor Household Services"]
    partners = client.get("/api/v1/foreign-employers?kind=partner_agency").get_json()["items"]
    assert [i["name"] for i in partners] == ["Gulf Bridge Manpower"]


def test_a_cleared_party_leaves_the_public_blacklist(client, parties, officer):
    services.set_watchlist(parties["partner"], WatchlistStatus.CLEAR, "Paid the workers back", officer)
    db.session.commit()
    assert "Gulf Bridge" not in client.get("/api/v1/foreign-employers").get_data(as_text=True)


def test_the_home_page_links_both_lists(client):
    html = text(client.get("/"))
    assert 'href="/deployment-bans"' in html and 'href="/foreign-employers"' in html


def test_the_blacklist_search_follows_a_renamed_party_and_takes_one_letter_words(client, parties, officer):
    """The database keeps its index of names as the names change (registry.foreign_index)."""
    parties["partner"].name = "Crescent Star Recruitment"
    db.session.commit()
    found = lambda typed: [i["name"] for i in client.get(  # noqa: E731
        "/api/v1/foreign-employers", query_string={"q": typed}).get_json()["items"]]
    assert found("crescent strar") == ["Crescent Star Recruitment"]
    assert found("gulf bridge") == [] and found("manpower") == []
    assert found("s al noor") == ["Société Al Noor Household Services"]
    assert found("c s") == ["Crescent Star Recruitment"]
    assert found("hold") == []  # the end of a word is no start of a word, nor a typo of it


def test_past_the_names_shown_the_page_counts_them_all_and_says_so(client, officer, monkeypatch):
    monkeypatch.setattr("registry.services.foreign.PUBLIC_PARTIES_SHOWN", 2)
    for name in ("Najd Manpower", "Doha Manpower", "Oman Manpower", "Najd Palace Villas"):
        party = services.add_foreign_party(officer, kind=PartyKind.EMPLOYER, name=name, country="SA")
        services.set_watchlist(party, WatchlistStatus.BLACKLISTED, "Wages unpaid", officer)
    db.session.commit()
    html = text(client.get("/foreign-employers", query_string={"q": "manpowr"}))
    assert "3 blacklisted names found" in html and "Only the first 2 names are shown" in html
    assert "Doha Manpower" in html and "Najd Manpower" in html and "Oman Manpower" not in html
    html = text(client.get("/foreign-employers", query_string={"q": "najd"}))
    assert "2 blacklisted names found" in html and "Only the first" not in html
    items = client.get("/api/v1/foreign-employers", query_string={"q": "manpower"}).get_json()["items"]
    assert [i["name"] for i in items] == ["Doha Manpower", "Najd Manpower"]
