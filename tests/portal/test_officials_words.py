"""Officials read words, not stored codes: no page a demo official can reach shows a raw enum value such as
"licensing_officer" or "compensation_paid" where its label belongs. (The audit log is left out: it is the
record of actions as the system names them.)"""
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from portal import demo
from portal.extensions import db
from portal.labels import LabelledEnum
from portal.models import Role

LIMIT = 80  # pages per official: the home, its lists and the objects they link to


def _enum_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _enum_subclasses(sub)


def stored_codes() -> set[str]:
    """Every stored value with an underscore (what a code looks like and a word does not)."""
    return {member.value for enum in _enum_subclasses(LabelledEnum) for member in enum if "_" in member.value}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text, self.links, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "option", "select", "textarea"):
            self._skip += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "option", "select", "textarea"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _not_a_page(path: str) -> bool:
    return (path.startswith("/admin/audit") or path.endswith((".pdf", ".csv"))
            or "logout" in path or "/documents/" in path)


def crawl(client, start="/desk"):
    """(path, visible text) of every page reachable from start by GET links, within the portal."""
    seen, queue = set(), [start]
    while queue and len(seen) < LIMIT:
        path = queue.pop(0)
        if path in seen or _not_a_page(path):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        page = _Page()
        page.feed(response.get_data(as_text=True))
        yield path, " ".join(page.text)
        for href in page.links:
            url = urlsplit(urljoin("http://localhost" + path, href))
            if url.netloc == "localhost" and url.path.startswith(("/desk", "/admin", "/contracts", "/cases",
                                                                    "/my-agency", "/account")):
                queue.append(url.path + (f"?{url.query}" if url.query else ""))


@pytest.mark.parametrize("email", [email for email, *_ in demo.OFFICIALS])
def test_no_official_page_shows_a_stored_code(app, client, email):
    demo.load()
    db.session.commit()
    password = next(p for e, p, *_ in demo.OFFICIALS if e == email)
    assert client.post("/login", data={"email": email, "password": password}).status_code == 302
    codes = re.compile(r"\b(" + "|".join(sorted(map(re.escape, stored_codes()))) + r")\b")
    found = {path: codes.findall(text) for path, text in crawl(client)}
    assert len(found) > 3
    assert {path: words for path, words in found.items() if words} == {}


def test_the_officials_home_names_the_role_in_words(app, client, login, make_user):
    login(make_user(Role.LICENSING_OFFICER, email="lydia@ministry.test"))
    assert "Licensing officer" in client.get("/desk").get_data(as_text=True)
