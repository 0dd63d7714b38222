"""No English is left on a worker's page in Kiswahili, Amharic, Arabic or French: not the catalogue's wording, not
what the system wrote into the database (standard clauses, history, timeline), not seeded wording.

The demo data fills the database with every stored kind of text; every page a worker reads (home, search, every
agency's profile, certificates, the check, print and PDF source of every attested contract, filing, tracking and
every demo case as its worker follows it, the public bans and foreign-employer pages when present) is walked in
each language. What may stay in another language is marked so: a proper name or code from the database, or text
a person typed, inside an element whose `lang` says its language (the page then says which language it is in).
"""
import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from babel import Locale
from babel.messages.pofile import read_po
from flask_babel import refresh

from contracts.models import Contract, Signature
from grievances.models import Grievance
from grievances.routes.worker import CASE_SESSION_KEY
from portal import demo
from portal.extensions import db
from portal.models import User
from registry.models import Agency, ForeignParty, Person
from tests.portal.test_translations import CATALOGUES

LANGUAGES = ["sw", "am", "ar", "fr"]
SKIPPED = {"script", "style", "head", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# Latin words a page may hold in any language: file formats, apps and units the worker will meet as such.
ANYWHERE = {"pdf", "jpeg", "png", "webp", "qr", "whatsapp", "mb", "kb", "email", "e-mail", "sms", "ok", "id"}
# What is not English wording: codes, addresses, numbers.
# A reference is written with non-breaking hyphens (U+2011) so that it never wraps: "GRV‑TYZ5‑MADE" is a code too.
CODES = re.compile(r"https?://\S+|\S+@\S+|\b\w*\d\w*(?:[-‑/.]\w+)*\b|\b[A-Z0-9]{2,}(?:[-‑][A-Z0-9]{2,})+\b")


def _words(text: str) -> set[str]:
    """The words of a text, lower-cased (initials such as "W. G. N." are not words)."""
    return {w.lower().strip("'’") for w in WORD.findall(text) if len(w) > 1}


def vocabularies(language: str) -> tuple[set[str], set[str]]:
    """(English words of the catalogue, words of the language's translations): a word of the first that is not
    in the second is English on that language's page."""
    with open(CATALOGUES / language / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalogue = read_po(fh, locale=language)
    english, own = set(), set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        english |= set().union(*(_words(re.sub(r"%\(\w+\)\w|\{\w+\}", " ", i)) for i in ids))
        own |= set().union(*(_words(s) for s in strings if s))
    locale = Locale.parse(language)  # dates: the language's month and day names ("Ago" is August in Kiswahili)
    for names in (locale.months["format"]["wide"], locale.months["format"]["abbreviated"],
                  locale.days["format"]["wide"], locale.days["format"]["abbreviated"]):
        own |= set().union(*(_words(name) for name in names.values()))
    return english - own - ANYWHERE, own


class PageText(HTMLParser):
    """The text a reader sees (and the alt, title, label and placeholder attributes), without what is marked as
    written in another language (`lang`) or not to be translated (`translate="no"`)."""

    def __init__(self, language: str):
        super().__init__()
        self.language, self.stack, self.texts = language, [], []

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        other = attrs.get("lang") not in (None, self.language) and tag != "html"
        hidden = tag in SKIPPED or other or attrs.get("translate") == "no"
        if not hidden and not self._hidden():
            self.texts += [attrs[a] for a in SHOWN_ATTRIBUTES if attrs.get(a)]
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if data.strip() and not self._hidden():
            self.texts.append(data)


def proper_names(language: str) -> list[str]:
    """Names and addresses from the database, and countries' names, longest first: they stay as written."""
    columns = [Agency.legal_name, Agency.address, Agency.complaints_officer_name, Person.name,
               ForeignParty.name, ForeignParty.address, Contract.worker_name, Contract.place_of_work,
               Signature.signer_name, Grievance.recruiter_name, Grievance.employer_name, Grievance.contact_name,
               User.name]
    names = {value for column in columns for value in db.session.scalars(sa.select(column).distinct()) if value}
    for trading in db.session.scalars(sa.select(Agency.trading_names)):
        names.update(trading or [])
    names.update(Locale.parse(language).territories.values())  # as the language's own CLDR data names them
    return sorted(names, key=len, reverse=True)


def english_left(html: str, language: str, english: set[str], names: list[str]) -> list[str]:
    """Each stretch of the page's text that still holds English words (after names and codes are set aside)."""
    parser = PageText(language)
    parser.feed(html)
    found = []
    for text in parser.texts:
        text = " ".join(text.split())
        bare = text
        for name in names:
            bare = bare.replace(name, " ")
        bare = CODES.sub(" ", bare)
        if english & _words(bare):
            found.append(f"{text[:160]!r} ({', '.join(sorted(english & _words(bare))[:6])})")
    return found


def test_the_checker_finds_english_and_spares_names_codes_and_marked_text():
    english, _own = vocabularies("sw")
    names = ["Pearl Horizon Recruitment Ltd"]
    page = '<html lang="sw"><body><p>Leseni EA/2025/0001 ya Pearl Horizon Recruitment Ltd</p>{}</body></html>'
    assert english_left(page.format(""), "sw", english, names) == []
    assert english_left(page.format("<p>Application received</p>"), "sw", english, names)
    assert english_left(page.format('<p>Kwa <span lang="en">the Labour Attaché in Riyadh</span></p>'), "sw",
                        english, names) == []
    assert english_left(page.format('<img alt="Scan the square code" src="x">'), "sw", english, names)
    assert english_left(page.format('<p title="Print the contract">Chapisha</p>'), "sw", english, names)


def worker_urls() -> list[str]:
    """Every page a worker reads, for every agency and every attested contract of the demo."""
    urls = ["/", "/agencies", "/agencies?q=perl+horizn", "/agencies?q=nothing+like+it", "/no-such-page",
            "/contracts/check", "/grievances/new", "/grievances/track"]
    for agency_id in db.session.scalars(sa.select(Agency.public_id)):
        urls += [f"/agencies/{agency_id}", f"/agencies/{agency_id}/certificate"]
    attested = sa.select(Contract.verification_code).where(Contract.verification_code.is_not(None))
    for code in db.session.scalars(attested):
        urls += [f"/contracts/check/{code}", f"/contracts/check/{code}/print"]
    # The checks abroad: deployment bans and blacklisted foreign employers (all, and searched).
    urls += ["/deployment-bans", "/foreign-employers", "/foreign-employers?q=qasr+rimal"]
    return urls


def case_pages(client) -> dict[str, str]:
    """Each demo grievance as its worker follows it (the session the tracking form opens)."""
    pages = {}
    for grievance in db.session.scalars(sa.select(Grievance).order_by(Grievance.id)):
        with client.session_transaction() as session:
            session[CASE_SESSION_KEY] = {"id": grievance.id, "check": grievance.tracking_code_hash[:16]}
        pages[f"case {grievance.reference}"] = client.get("/grievances/track/case").get_data(as_text=True)
    return pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_on_worker_pages_with_the_demo_data(app, client, language):
    demo.load()
    db.session.commit()
    refresh()  # the requests share this test's app context: forget the locale the loading ran in
    english, _own = vocabularies(language)
    names = proper_names(language)
    client.set_cookie("lang", language)
    responses = {url: client.get(url) for url in worker_urls()}
    pages = {url: r.get_data(as_text=True) for url, r in responses.items() if not 300 <= r.status_code < 400}
    pages.update(case_pages(client))
    assert sum(r.status_code == 200 for r in responses.values()) > 100  # the pages themselves, not "not found"
    left = {url: found for url, html in pages.items() if (found := english_left(html, language, english, names))}
    report = "\n".join(f"{url}: {text}" for url, found in left.items() for text in found[:4])
    assert not left, f"English left on {len(left)} {language} pages:\n{report}"
