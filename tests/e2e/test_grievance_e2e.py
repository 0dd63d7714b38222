"""The issue's "done means", in headless Chromium against gunicorn with the demo data: an anonymous worker
files about a withheld passport and unpaid wages from a phone, a case officer takes it to compensation, the
worker sees each step, the agency sees the case without the worker, and the agency's public record changes."""
import json
import urllib.request

import pytest

pytestmark = pytest.mark.e2e


def _record(base: str, licence_number: str) -> dict:
    with urllib.request.urlopen(f"{base}/api/v1/agencies/{licence_number}") as response:
        return json.load(response)["grievances"]


def _login(page, base, email, password):
    page.goto(base + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")


def test_anonymous_grievance_to_compensation(live_server, browser, phone, shot):
    base = live_server
    # The worker finds the agency, then reports it from its profile.
    phone.goto(base + "/agencies?q=pearl horizon")
    phone.click("text=Pearl Horizon Recruitment Ltd")
    licence_number = phone.locator("dl.facts dd").first.inner_text().strip()
    before = _record(base, licence_number)
    phone.click("text=Report a problem with this agency")
    assert phone.locator("input[name=agency]").input_value() == licence_number
    phone.check("input[name=filer_type][value=anonymous]")
    phone.select_option("select[name=destination_country]", "SA")
    phone.check("input[name=categories][value=withheld_documents]")
    phone.check("input[name=categories][value=unpaid_wages]")
    phone.fill("textarea[name=description]", "My employer took my passport and has not paid me for four months.")
    phone.check("input[name=contact_method][value=none]")
    shot(phone, "filing")
    phone.click("button.big")
    phone.wait_for_selector("text=Write down these two numbers now.")
    reference, code = (phone.locator("dd.code").nth(i).inner_text().strip() for i in (0, 1))
    shot(phone, "reference-and-code")
    assert reference.startswith("GRV-") and len(code) == 19

    # The case officer works the case.
    officer = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
    _login(officer, base, "cases@demo.example", "demo-cases-pass")
    officer.goto(f"{base}/grievances/cases/{reference}")
    assert "Pearl Horizon Recruitment Ltd" in officer.content()
    for action in ("take", "acknowledge", "investigate"):
        officer.click(f"#action-{action} button")
        officer.wait_for_selector(".flash")
    officer.click("text=Refer the case")
    officer.select_option("select[name=refer-target]", "labour_attache")
    officer.fill("input[name=refer-to_whom]", "Labour attaché, Embassy in Riyadh")
    officer.click("#action-refer button")
    officer.wait_for_selector(".flash")
    officer.fill("textarea[name=message-body]", "The attaché will visit your employer this week.")
    officer.click("#action-message button")
    officer.wait_for_selector(".flash")
    officer.click("text=Resolve the case")
    officer.select_option("select[name=resolve-outcome]", "compensation_paid")
    officer.fill("textarea[name=resolve-summary]",
                 "Your employer paid your four months of wages and returned your passport.")
    officer.fill("input[name=resolve-amount]", "4800")
    officer.select_option("select[name=resolve-currency]", "SAR")
    officer.click("#action-resolve button")
    officer.wait_for_selector(".flash")
    shot(officer, "case-resolved")
    officer.context.close()

    # The worker follows it with the two numbers.
    worker = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
    worker.goto(base + "/grievances/track")
    worker.fill("input[name=reference]", reference)
    worker.fill("input[name=code]", code)
    worker.click("button.big")
    worker.wait_for_selector("text=What has happened so far")
    page = worker.content()
    for step in ("A case officer read your grievance.", "The case is being investigated.",
                 "Labour attaché, Embassy in Riyadh", "The attaché will visit your employer this week.",
                 "Compensation was paid"):
        assert step in page
    shot(worker, "worker-timeline")
    worker.context.close()

    # The agency sees the case, not the worker.
    agency = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
    _login(agency, base, "rep@demo.example", "demo-agency-pass")
    agency.goto(f"{base}/grievances/agency/{reference}")
    assert "My employer took my passport" in agency.content()
    assert "did not agree to share their identity" in agency.content()
    agency.context.close()

    after = _record(base, licence_number)
    assert after["total"] == before["total"] + 1
    assert after["resolved"] == before["resolved"] + 1
    assert after["substantiated"] == before["substantiated"] + 1
