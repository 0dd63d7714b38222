"""The contracts desk list at scale: keyset pages newest first, capped counts (the list's and each status's), and
as many queries for a page whatever the list holds."""
import re
import sys

from contracts import services
from contracts.models import ContractStatus
from portal.extensions import db
from portal.models import Role
from tests.factories import text


def _numbers(html, contracts):
    return [n for _, n in sorted((html.index(f"<strong>{c.number}</strong>"), c.number) for c in contracts
                                 if f"<strong>{c.number}</strong>" in html)]


def test_the_desk_pages_on_from_a_contract_not_by_offset(client, login, officer, draft, attested, monkeypatch):
    """Next and previous pages continue from the last (first) contract shown, newest first, each once; the status
    filter goes along."""
    monkeypatch.setattr("contracts.routes.desk.DESK_PER_PAGE", 2)
    drafts = [draft() for _ in range(5)]
    attested()
    newest_first = [c.number for c in reversed(drafts)]
    login(officer)
    url, pages = "/contracts?status=draft", []
    while url:
        html = text(client.get(url))
        pages.append(_numbers(html, drafts))
        nxt = re.search(r'href="([^"]+)">Next page', html)
        url = nxt.group(1).replace("&amp;", "&") if nxt else None
        assert "page=" not in (url or "") and (url is None or "status=draft" in url)
    assert pages == [newest_first[:2], newest_first[2:4], newest_first[4:]]
    previous = re.search(r'href="([^"]+)">Previous page', html).group(1).replace("&amp;", "&")
    assert _numbers(text(client.get(previous)), drafts) == newest_first[2:4]
    assert "First page" in html and "First page" not in text(client.get("/contracts"))


def test_a_contract_out_of_sight_is_no_place_to_page_from(client, login, draft, make_agency, make_user,
                                                          monkeypatch):
    monkeypatch.setattr("contracts.routes.desk.DESK_PER_PAGE", 1)
    theirs = draft()
    other = make_user(Role.AGENCY_REPRESENTATIVE, agency=make_agency("Other Agency Ltd"))
    login(other)

    def listed(html):
        return html[html.index("<h1>"):html.index("</main>")]

    assert listed(text(client.get(f"/contracts?after={theirs.public_id}"))) == listed(text(client.get("/contracts")))


def test_the_counts_stop_at_a_cap(client, login, officer, draft, attested, monkeypatch):
    monkeypatch.setattr(sys.modules["contracts.services.access"], "CONTRACTS_COUNTED", 2)
    monkeypatch.setattr("contracts.services.CONTRACTS_COUNTED", 2)
    for _ in range(3):
        draft()
    attested()
    login(officer)
    html = text(client.get("/contracts"))
    assert "More than 2 contracts" in html
    assert "Draft (more than 2)" in html and "Attested (1)" in html
    assert services.status_counts(officer)[ContractStatus.DRAFT] == 3  # counted up to the cap + 1


def test_the_desk_sends_as_many_queries_whatever_it_holds(client, login, officer, draft, attested, queries):
    login(officer)
    urls = ["/contracts", "/contracts?status=draft", "/contracts?status=attested"]

    def counts():
        found = []
        for url in urls:
            db.session.expire_all()  # as in a request of its own: nothing already loaded
            with queries() as run:
                assert client.get(url).status_code == 200
            found.append(len(run))
        return found

    draft(), attested()
    few = counts()
    for _ in range(6):
        draft(), attested()
    assert counts() == few
