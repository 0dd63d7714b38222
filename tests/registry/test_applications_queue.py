"""The licensing desk's applications queue at scale: a stored sort key kept by every service, keyset pages, a
capped count, and as many queries for a page whatever waits."""
import re
import sys
from datetime import timedelta
from functools import partial

import pytest

from portal.extensions import db
from portal.models import User
from registry import services
from registry.models import LicenceAction
from tests import factories


@pytest.fixture
def as_officer(login, officer):
    login(officer)
    return officer


def test_the_stored_sort_key_follows_every_step(make_agency, officer, make_user):
    """waiting_since: the application's first step, a renewal request, a flag (the oldest); None once decided."""
    applicant = make_agency("Waiting Applicant Ltd", status="application")
    assert applicant.licence.waiting_since == applicant.licence.events[0].at
    applicant.licence.events[0].at -= timedelta(days=3)
    db.session.commit()
    assert applicant.licence.waiting_since == applicant.licence.events[0].at
    reviewed = make_agency("Reviewed Agency Ltd", status="under_review")
    services.decide(reviewed.licence, LicenceAction.ISSUE, officer, "all in order", "ORDER-2")
    db.session.commit()
    assert reviewed.licence.waiting_since is None
    services.flag_for_review(reviewed, None, "two substantiated grievances")
    db.session.commit()
    flagged_at = reviewed.review_flagged_at
    assert flagged_at is not None and reviewed.licence.waiting_since == flagged_at
    services.clear_review_flag(reviewed, officer, "looked into")
    db.session.commit()
    assert reviewed.review_flagged_at is None and reviewed.licence.waiting_since is None


def test_a_long_queue_is_counted_up_to_a_cap(client, make_agency, as_officer, monkeypatch):
    monkeypatch.setattr(sys.modules["registry.services.applications"], "WAITING_COUNTED", 2)
    monkeypatch.setattr("registry.services.WAITING_COUNTED", 2)
    for n in range(3):
        make_agency(f"Capped Applicant {n} Ltd", status="application")
    assert "More than 2 waiting" in client.get("/desk/applications").get_data(as_text=True)
    monkeypatch.setattr("registry.services.WAITING_COUNTED", 5)
    assert "3 waiting" in client.get("/desk/applications").get_data(as_text=True)


def test_the_queue_pages_on_from_an_agency_not_by_offset(client, make_agency, as_officer, monkeypatch):
    """Next and previous pages continue from the last (first) agency shown, oldest first, each once; the search
    goes along."""
    monkeypatch.setattr("registry.routes.desk.APPLICATIONS_PER_PAGE", 2)
    agencies = [make_agency(f"Paged Applicant {n} Ltd", status="application") for n in range(5)]
    names = [a.legal_name for a in agencies]

    def shown(html):
        return [n for _, n in sorted((html.index(n), n) for n in names if n in html)]

    url, pages = "/desk/applications?q=paged+applicant", []
    while url:
        html = client.get(url).get_data(as_text=True)
        pages.append(shown(html))
        nxt = re.search(r'href="([^"]+)">Next page', html)
        url = nxt.group(1).replace("&amp;", "&") if nxt else None
        assert url is None or "q=paged" in url
    assert pages == [names[:2], names[2:4], names[4:]]
    previous = re.search(r'href="([^"]+)">Previous page', html).group(1).replace("&amp;", "&")
    assert shown(client.get(previous).get_data(as_text=True)) == names[2:4]
    assert "First page" not in client.get("/desk/applications").get_data(as_text=True)


def test_the_queue_sends_as_many_queries_whatever_it_holds(client, as_officer, representative, queries):
    officer_id = as_officer.id
    urls = ["/desk/applications", "/desk/applications?q=growing", "/desk/applications?q=REG"]

    def counts():
        found = []
        for url in urls:
            db.session.remove()  # as in a request of its own: nothing already loaded
            with queries() as run:
                assert client.get(url).status_code == 200
            found.append(len(run))
        return found

    def add(n):
        officer = db.session.get(User, officer_id)  # the request's session was removed
        make_agency = partial(factories.make_agency, officer)
        make_agency(f"Growing Applicant {n} Ltd", status="application")
        make_agency(f"Growing Reviewed {n} Ltd", status="under_review")
        renewing = make_agency(f"Growing Renewing {n} Ltd", status="licensed")
        services.request_renewal(renewing, representative(renewing, email=f"rep{n}@agency.test"), "renew")
        db.session.commit()

    add(0)
    few = counts()
    for n in range(1, 8):
        add(n)
    assert counts() == few
