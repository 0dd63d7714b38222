"""Issue 5's scenarios in phone-sized headless Chromium, in the workers' languages."""
import json
import re
import urllib.request
from datetime import date, timedelta

import pytest

from tests.e2e.conftest import fill_date

pytestmark = pytest.mark.e2e


def _in_language(browser, lang: str):
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale=lang)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_home_in_amharic_then_arabic(live_server, phone, shot):
    phone.goto(live_server + "/")
    phone.click("nav.languages >> text=አማርኛ")
    phone.wait_for_selector("html[lang=am]")
    assert phone.locator("html").get_attribute("dir") == "ltr"
    assert "Check an agency" not in phone.inner_text("main")
    assert re.search("[\u1200-\u137f]", phone.inner_text("h1"))
    assert _fits_the_screen(phone)
    shot(phone, "home-am")
    phone.click("nav.languages >> text=العربية")
    phone.wait_for_selector("html[lang=ar]")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert re.search("[\u0600-\u06ff]", phone.inner_text("h1"))
    assert not re.search("[A-Za-z]{3,}", phone.inner_text("main")), "English words left on the Arabic home page"
    assert _fits_the_screen(phone)
    shot(phone, "home-ar")
    phone.reload()
    assert phone.locator("html").get_attribute("lang") == "ar"  # remembered in a cookie


def test_worker_checks_an_agency_by_misspelt_name_in_kiswahili(live_server, browser, shot):
    page = _in_language(browser, "sw")
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "sw"  # from Accept-Language
    page.fill("#q", "perl horizn")
    page.click("form.search button")
    page.wait_for_selector("text=Pearl Horizon Recruitment Ltd")
    assert page.locator(".results .badge.licensed").first.is_visible()
    assert "You may use this agency" not in page.content()
    shot(page, "search-sw")
    page.context.close()


def test_worker_files_a_grievance_in_arabic_and_tracks_it(live_server, browser, shot):
    page = _in_language(browser, "ar")
    page.goto(live_server + "/grievances/new")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.click("button.big")  # nothing filled in: errors next to the fields, in Arabic
    page.wait_for_selector(".error")
    assert re.search("[\u0600-\u06ff]", page.locator(".error").first.inner_text())
    page.check("input[name=filer_type][value=anonymous]")
    page.fill("input[name=recruiter_name]", "Golden Visa Express")
    page.fill("input[name=recruiter_phone]", "+256 700 123456")
    page.select_option("select[name=destination_country]", "SA")
    page.check("input[name=categories][value=confinement]")
    page.fill("textarea[name=description]", "أغلق صاحب العمل الباب ولا يسمح لي بالخروج.")
    page.check("input[name=contact_method][value=none]")
    assert _fits_the_screen(page)
    shot(page, "filing-ar")
    page.click("button.big")
    page.wait_for_selector("dd.code")
    reference, code = (page.locator("dd.code").nth(i).inner_text().strip() for i in (0, 1))
    shot(page, "reference-ar")
    page.goto(live_server + "/grievances/track")
    page.fill("input[name=reference]", reference)
    page.fill("input[name=code]", code)
    page.click("button.big")
    page.wait_for_selector(".badge")
    assert reference in page.content() or reference.replace("-", "\u2011") in page.content()
    assert _fits_the_screen(page)
    shot(page, "tracking-ar")
    page.context.close()
    with urllib.request.urlopen(urllib.request.Request(
            f"{live_server}/api/v1/grievances/{reference}", headers={"X-Tracking-Code": code})) as response:
        body = json.load(response)
    assert body["status"] == "received"


def test_officer_suspends_an_agency_and_the_worker_verdict_changes(live_server, browser, phone, shot):
    phone.goto(live_server + "/agencies?q=societe etoile")
    phone.click(".results a")
    profile = phone.url
    assert phone.locator(".verdict.licensed").is_visible()
    officer = browser.new_context(viewport={"width": 1000, "height": 900}).new_page()
    officer.goto(live_server + "/login")
    officer.fill("input[name=email]", "licensing@demo.example")
    officer.fill("input[name=password]", "demo-licensing-pass")
    officer.click("main button[type=submit]")
    agency_id = profile.rstrip("/").rsplit("/", 1)[1]
    officer.goto(f"{live_server}/desk/agencies/{agency_id}")
    officer.fill("#decision-suspend textarea[name='suspend-reason']",
                 "Workers charged placement fees (inspection 14)")
    officer.fill("#decision-suspend input[name='suspend-order_reference']", "MGLSD/LIC/2026/77")
    fill_date(officer, "suspend-suspended_until", date.today() + timedelta(days=60))
    officer.fill("#decision-suspend textarea[name='suspend-public_note']", "Suspended while fees are investigated")
    officer.click("#decision-suspend button[type=submit]")
    officer.wait_for_selector("text=Confirm:")  # the second step says what will happen
    officer.click("main form button.danger")
    officer.wait_for_selector(".flash")
    shot(officer, "officer-suspended")
    officer.context.close()
    phone.goto(profile)
    assert phone.locator(".verdict.suspended").is_visible()
    assert "Workers charged placement fees" in phone.content()
    assert "Suspended while fees are investigated" in phone.content() and "Suspended until" in phone.content()
    shot(phone, "verdict-suspended")
    number = phone.locator("dl.facts dd").first.inner_text().strip()
    with urllib.request.urlopen(f"{live_server}/api/v1/agencies/{number}") as response:
        body = json.load(response)
    assert body["status"] == "suspended" and body["history"][-1]["reason"].startswith("Workers charged")


def test_worker_checks_a_contract_code_and_prints_it(live_portal, browser, shot):
    code = re.search(r"with code ([A-Z0-9-]+)", live_portal.demo_notes).group(1)
    page = _in_language(browser, "fr")
    page.goto(live_portal.url + "/contracts/check")
    page.fill("input[name=code]", code.lower().replace("-", " "))
    page.click("main form button")
    page.wait_for_selector("text=" + code)
    assert page.locator("html").get_attribute("lang") == "fr"
    shot(page, "contract-fr")
    page.click("a.button.secondary >> nth=0")  # print the contract
    page.wait_for_load_state()
    assert code in page.content()
    shot(page, "contract-print-fr")
    pdf = page.request.get(f"{live_portal.url}/contracts/check/{code}/contract.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    page.context.close()
