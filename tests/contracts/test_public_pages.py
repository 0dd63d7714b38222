"""The worker's check and the public copy: the key terms, warnings, and no private data."""
import shutil
import subprocess
from datetime import date

import pytest

from contracts import services as contracts
from portal.extensions import db
from registry import services as registry
from registry.models import LicenceAction, WatchlistStatus
from tests.factories import PASSPORT, SUSPENSION, collect_signatures, text


def test_check_page_asks_for_the_code(client):
    response = client.get("/contracts/check")
    assert response.status_code == 200 and "Verification code" in text(response)


def test_check_shows_the_key_terms_without_private_data(client, attested, agency, parties):
    contract = attested()
    code = contract.code_display
    response = client.get("/contracts/check", query_string={"code": code.lower()})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    html = text(page)
    assert page.status_code == 200
    for expected in (code, "Domestic worker", "Riyadh", parties[1].name, parties[0].name, agency.legal_name,
                     "SAR", "1,600", "48 hours", "You pay no fees", "Visa and work permit", "Licensed",
                     "Unpaid wages", "Repatriation costs"):
        assert expected in html, expected
    for private in (PASSPORT, "Nakato Sarah", "1996", "+256772000111", "Okello John"):
        assert private not in html, private


def test_public_print_and_pdf_carry_the_code_and_no_private_data(client, attested):
    contract = attested()
    html = text(client.get(f"/contracts/check/{contract.verification_code}/print"))
    assert contract.code_display in html and "<svg" in html and "http://portal.test/contracts/check/" in html
    assert PASSPORT not in html and "Nakato Sarah" not in html and "N. S." in html
    response = client.get(f"/contracts/check/{contract.verification_code}/contract.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert PASSPORT.encode() not in response.data


def test_the_pdf_shows_the_code_on_every_page(client, attested, tmp_path):
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    contract = attested()
    path = tmp_path / "contract.pdf"
    path.write_bytes(client.get(f"/contracts/check/{contract.verification_code}/contract.pdf").data)
    pages = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    for page in pages:
        assert contract.code_display in page


def test_unknown_or_unattested_codes_are_not_found(client, signed):
    contract = signed()
    assert client.get("/contracts/check/ABCD-EFGH-JK").status_code == 404
    assert contract.verification_code is None
    assert client.get("/contracts/check/ABCD-EFGH-JK/print").status_code == 404


def test_superseded_contract_warns_and_links_to_the_newer(client, attested, rep, officer):
    old = attested()
    new = contracts.supersede(old, rep)
    collect_signatures(new, rep)
    contracts.attest(new, officer)
    db.session.commit()
    html = text(client.get(f"/contracts/check/{old.verification_code}"))
    assert "replaced by a newer one" in html and new.code_display in html


def test_check_warns_when_the_agency_is_no_longer_licensed(client, attested, agency, officer):

    contract = attested()
    registry.decide(agency.licence, LicenceAction.SUSPEND, officer, "fees", "ORD", suspension=SUSPENSION)
    db.session.commit()
    html = text(client.get(f"/contracts/check/{contract.verification_code}"))
    assert "no longer licensed" in html and "Suspended" in html


def test_check_warns_of_a_ban_and_a_blacklisted_employer(client, attested, parties, officer):
    contract = attested()
    url = f"/contracts/check/{contract.verification_code}"
    assert "banned" not in text(client.get(url)) and "blacklisted" not in text(client.get(url))
    registry.add_ban(officer, "SA", "domestic_work", date.today(), None, "Abuse of domestic workers")
    registry.set_watchlist(parties[1], WatchlistStatus.BLACKLISTED, "Passports withheld", officer)
    db.session.commit()
    html = text(client.get(url))
    assert "Deployment to Saudi Arabia (Domestic work) is banned since" in html
    assert 'Why: <bdi lang="en">Abuse of domestic workers</bdi>' in html
    assert f"{parties[1].name} is blacklisted by the Ministry. Do not sign or travel" in html
    assert 'Why: <bdi lang="en">Passports withheld</bdi>' in html
    assert parties[0].name + " is blacklisted" not in html
