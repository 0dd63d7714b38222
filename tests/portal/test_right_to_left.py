"""Right-to-left pages keep every code, reference, address, number with separators and Latin name whole.

Without isolation the bidirectional algorithm reorders "GRV-7K4M-9QTD" or "EA/2025/0001" inside Arabic text,
and a worker copies it wrongly. Each such value must sit in a <bdi> or an element with dir="ltr".
"""
import re
from html.parser import HTMLParser

import pytest
from flask_babel import refresh

from contracts import services as contracts
from portal import demo
from portal.extensions import db
from portal.models import Role
from tests import factories
from tests.portal.test_no_english_left import case_pages, worker_urls

# A Latin token with a digit and a letter, digits joined by / - or : (not a time of day such as 19:23, which the
# bidirectional algorithm keeps whole), an address, a telephone number,
# or two Latin words in a row (a name from the database).
CODE_LIKE = re.compile(
    r"[A-Za-z]+[-/]?\d[\w/-]*|\d+[A-Za-z][\w/-]*|(?!\d{1,2}:\d\d\b)\d+(?:[-/:]\d+)+|https?://\S+|\+\d[\d ]+"
    r"|[A-Za-z][\w.&'’]*(?: [A-Za-z][\w.&'’]*)+"
)
ISOLATING = {"bdi", "code", "kbd", "samp"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class UnisolatedText(HTMLParser):
    """Visible text of the body that no <bdi> or dir attribute isolates."""

    def __init__(self):
        super().__init__()
        self.stack, self.loose, self.in_body = [], [], False

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        if tag in VOID:
            return
        attrs = dict(attrs)
        # The page's own direction (<html dir="rtl">) isolates nothing: only an element inside it does.
        isolating = tag in ISOLATING or ("dir" in attrs and tag not in ("html", "body"))
        self.stack.append((tag, isolating or tag in ("script", "style", "title")))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.in_body and data.strip() and not any(isolated for _tag, isolated in self.stack):
            self.loose.append(data.strip())


def unisolated_codes(html: str) -> list[str]:
    parser = UnisolatedText()
    parser.feed(html)
    return [match.group(0) for text in parser.loose for match in CODE_LIKE.finditer(text)]


def test_the_checker_finds_a_loose_code_and_accepts_an_isolated_one():
    assert unisolated_codes("<body><p>الشكوى GRV-7K4M-9QTD</p></body>") == ["GRV-7K4M-9QTD"]
    assert unisolated_codes("<body><p>الوكالة Pearl Horizon Ltd</p></body>") == ["Pearl Horizon Ltd"]
    assert unisolated_codes('<body><p>الشكوى <bdi dir="ltr">GRV-7K4M-9QTD</bdi> و<span dir="ltr">EA/2025/0001'
                            "</span></p></body>") == []
    assert unisolated_codes("<body><p>ملف PDF حتى 5 ميغابايت</p></body>") == []
    assert unisolated_codes('<html lang="ar" dir="rtl"><body><p>الشكوى GRV-7K4M-9QTD</p></body></html>') == [
        "GRV-7K4M-9QTD"]


@pytest.fixture
def worker_pages(client, make_agency, officer, make_user):
    """Every page a worker reads, with codes, references, licence numbers and names from the database."""
    licensed = make_agency("Pearl Horizon Recruitment Ltd", trading_names=["Pearl Jobs"])
    suspended = make_agency("Nile Crest Manpower Services", status="suspended")
    rep = make_user(Role.AGENCY_REPRESENTATIVE, email="rep@agency.test", agency=licensed, name="Moses Rep")
    contract = factories.collect_signatures(
        factories.make_contract(rep, factories.make_template(officer), factories.make_parties(officer)), rep)
    contracts.attest(contract, officer, "ATT-1")
    db.session.commit()
    urls = ["/", "/agencies", "/agencies?q=perl", "/agencies?q=nothing+like+it", f"/agencies/{licensed.public_id}",
            f"/agencies/{suspended.public_id}", f"/agencies/{licensed.public_id}/certificate", "/no-such-page",
            "/contracts/check", f"/contracts/check/{contract.verification_code}",
            f"/contracts/check/{contract.verification_code}/print", "/grievances/new", "/grievances/track"]
    client.set_cookie("lang", "ar")
    pages = {url: client.get(url).get_data(as_text=True) for url in urls}
    filed = client.post("/grievances/new", data=factories.grievance_form(agency=licensed.licence.number),
                        follow_redirects=True)
    pages["filed"] = filed.get_data(as_text=True)
    pages["my case"] = client.get("/grievances/track/case").get_data(as_text=True)
    pages["track, following"] = client.get("/grievances/track").get_data(as_text=True)
    pages["track, wrong code"] = client.post("/grievances/track", data={"reference": "GRV-2345-6789",
                                                                         "code": "nope"}).get_data(as_text=True)
    return pages


def test_codes_references_and_latin_names_are_isolated_on_arabic_pages(worker_pages):
    assert 'dir="rtl"' in worker_pages["/"]
    loose = {url: found for url, html in worker_pages.items() if (found := unisolated_codes(html))}
    assert not loose, loose


def test_codes_and_latin_names_from_the_demo_data_are_isolated_on_arabic_pages(app, client):
    """The same over every worker page and every demo case: names, codes and typed text from the database."""
    demo.load()
    db.session.commit()
    refresh()  # the requests share this test's app context: forget the locale the loading ran in
    client.set_cookie("lang", "ar")
    responses = {url: client.get(url) for url in worker_urls()}
    pages = {url: r.get_data(as_text=True) for url, r in responses.items() if not 300 <= r.status_code < 400}
    pages.update(case_pages(client))
    loose = {url: found for url, html in pages.items() if (found := unisolated_codes(html))}
    assert not loose, loose
