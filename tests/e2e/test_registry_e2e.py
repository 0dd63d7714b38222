"""A worker checks agencies by misspelt names; the certificate opens; the API agrees with the page."""
import json
import urllib.request

import pytest

pytestmark = pytest.mark.e2e


def test_worker_finds_licensed_and_suspended_agencies_by_misspelt_names(live_server, phone, shot):
    phone.goto(live_server + "/")
    shot(phone, "home")
    phone.fill("#q", "perl horizn")
    phone.click("button[type=submit]")
    phone.wait_for_selector("text=Pearl Horizon Recruitment Ltd")
    assert phone.locator(".results .badge.licensed").first.is_visible()
    assert "You may use this agency; it must not charge you fees." in phone.content()
    shot(phone, "search-licensed")

    phone.fill("#q", "nile crst")
    phone.click("button[type=submit]")
    phone.wait_for_selector("text=Nile Crest Manpower Services")
    assert phone.locator(".results .badge.suspended").first.is_visible()
    shot(phone, "search-suspended")

    phone.click("text=Nile Crest Manpower Services")
    phone.wait_for_selector("h1:has-text('Nile Crest Manpower Services')")
    assert "Do not pay or sign anything with this agency now" in phone.content()
    shot(phone, "profile-suspended")


def test_certificate_and_api_agree(live_server, phone, shot):
    phone.goto(live_server + "/agencies?q=pearl horizon recruitment")
    phone.click("text=Pearl Horizon Recruitment Ltd")
    phone.click("text=Licence certificate")
    phone.wait_for_selector(".certificate svg")
    shot(phone, "certificate")
    number = phone.locator(".certificate .licence-number").inner_text()
    with urllib.request.urlopen(f"{live_server}/api/v1/agencies/{number}") as response:
        body = json.load(response)
    assert body["name"] == "Pearl Horizon Recruitment Ltd" and body["status"] == "licensed"
    pdf = phone.request.get(f"{live_server}{phone.url.split(live_server)[1]}.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")


def test_no_match_warns_the_worker(live_server, phone, shot):
    phone.goto(live_server + "/agencies?q=Golden+Visa+Express")
    assert phone.locator(".verdict.not_found").is_visible()
    shot(phone, "not-found")
