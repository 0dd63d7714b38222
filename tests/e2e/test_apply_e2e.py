"""End to end in headless chromium against gunicorn: an agency applies on a phone, the officer queries it,
the agency answers."""
from datetime import date, timedelta

import pytest

from tests.e2e.conftest import fill_date
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.e2e


@pytest.fixture
def new_page(browser):  # noqa: F811
    contexts = []

    def make(width=360):
        context = browser.new_context(viewport={"width": width, "height": 780})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def _log_in(page, url, email, password):
    page.goto(url + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")


def test_agency_applies_officer_queries_agency_answers(live_server, new_page):  # noqa: F811
    agency = new_page()
    agency.goto(live_server + "/")
    agency.click("text=Agencies: apply for a licence")
    fill = agency.fill
    fill("#legal_name", "Nyota Fair Placement Ltd")
    fill("#registration_number", "UG-CR-E2E-001")
    fill("#address", "Plot 9, Gulu Road, Lira")
    fill("#phone", "+256 700 555 000")
    fill("#email", "office@nyota.example")
    agency.select_option("#destinations", ["AE"])
    agency.check("input[name=sectors][value=hospitality]")
    fill("#complaints_officer_name", "Agnes Akello")
    fill("#complaints_officer_phone", "+256 700 555 001")
    fill("#people-0-name", "Ochieng Odongo")
    agency.select_option("#people-0-nationality", "UG")
    fill("#people-0-id_number", "CM-E2E-1")
    fill("#amount", "30000")
    fill("#bank", "Fictional Savings Bank")
    fill("#reference", "BG-E2E-1")
    fill_date(agency, "expires_on", date.today() + timedelta(days=400))
    agency.set_input_files("#incorporation_document",
                           {"name": "incorporation.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    fill("#representative_name", "Ochieng Odongo")
    fill("#account_email", "ochieng@nyota.example")
    fill("#password", "nyota-e2e-password")
    fill("#password_confirm", "nyota-e2e-password")
    agency.click("form.application button[type=submit]")
    agency.wait_for_selector("h1:has-text('Nyota Fair Placement Ltd')")
    assert agency.url.endswith("/my-agency")
    assert "Your application is with the licensing office." in agency.content()
    assert agency.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone

    officer = new_page(1024)
    _log_in(officer, live_server, "licensing@demo.example", "demo-licensing-pass")
    officer.goto(live_server + "/desk/applications")
    officer.click("text=Nyota Fair Placement Ltd")
    assert "Not every director and shareholder is vetted: Ochieng Odongo." in officer.content()
    officer.fill("#message-body", "Please give the police clearance reference of Ochieng Odongo.")
    officer.click("text=Send the query to the agency")
    officer.wait_for_selector("text=Your query is sent to the agency.")

    agency.reload()
    assert "Please give the police clearance reference of Ochieng Odongo." in agency.content()
    agency.fill("#message-body", "It is UPF-2026-9911. The clearance is attached.")
    agency.set_input_files("#message-documents",
                           {"name": "police-clearance.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    agency.click("text=Send the answer")
    agency.wait_for_selector("text=Your answer is sent to the licensing office.")

    officer.reload()
    assert "It is UPF-2026-9911. The clearance is attached." in officer.content()
    with officer.expect_download() as download:  # the document asked for, in the query thread
        officer.click("li:has-text('It is UPF-2026-9911') a:has-text('police-clearance.pdf')")
    assert download.value.suggested_filename == "police-clearance.pdf"
    officer.fill("section.person input[name$='police_clearance_ref']", "UPF-2026-9911")
    officer.click("section.person button:has-text('Record vetting')")
    officer.wait_for_selector("text=Vetting recorded for Ochieng Odongo.")
    assert "Not every director and shareholder is vetted" not in officer.content()
