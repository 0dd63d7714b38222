"""The case officers' queue and its filters."""
import re
import sys

import pytest
import sqlalchemy as sa

import grievances.services as grievances
from grievances.models import Grievance, GrievanceStatus
from grievances.services.queue import _against
from portal.extensions import db
from tests.factories import backdate

S = GrievanceStatus


def test_queue_filters(client, login, supervisor, agency, file_one):
    wages, _ = file_one(agency_text=agency.licence.number, recruiter_name="")
    abuse, _ = file_one(categories=["abuse"], destination_country="LB")
    closed, _ = file_one(destination_country="JO")
    closed.status = S.CLOSED
    db.session.commit()
    login(supervisor)

    def refs(query):
        html = client.get("/grievances/cases?" + query).get_data(as_text=True)
        return {g.reference for g in (wages, abuse, closed) if g.reference in html}

    assert refs("") == {wages.reference, abuse.reference, closed.reference}
    assert refs("urgent=y") == {abuse.reference}
    assert refs("status=open") == {wages.reference, abuse.reference}
    assert refs("status=closed") == {closed.reference}
    assert refs("destination=LB") == {abuse.reference}
    assert refs("agency=pearl") == {wages.reference}
    assert refs("category=unpaid_wages") == {wages.reference, closed.reference}
    assert refs("assigned=none") == {wages.reference, abuse.reference, closed.reference}
    assert refs("overdue=y") == set()


def test_the_stored_sort_key_follows_every_step(supervisor, file_one):
    """The queue walks (done, next_due_at, id): each step and each change of deadline keeps it current."""
    case, _ = file_one()
    assert (case.done, case.next_due_at) == (False, case.acknowledge_due_at)
    grievances.acknowledge(case, supervisor)
    db.session.commit()
    assert (case.done, case.next_due_at) == (False, case.resolve_due_at)
    backdate(case, days=40)
    assert case.next_due_at == case.resolve_due_at
    case.status = S.CLOSED
    db.session.commit()
    assert case.done is True


def test_overdue_and_open_filters_on_the_stored_key(client, login, supervisor, file_one):
    late, _ = file_one()
    backdate(late, days=3)
    on_time, _ = file_one()
    login(supervisor)
    html = client.get("/grievances/cases?overdue=y").get_data(as_text=True)
    assert late.reference in html and on_time.reference not in html
    html = client.get("/grievances/cases").get_data(as_text=True)
    assert html.index(late.reference) < html.index(on_time.reference)  # the most pressing first


def test_the_queue_sends_as_many_queries_whatever_it_holds(client, login, supervisor, agency, file_one, queries):
    login(supervisor)
    number = agency.licence.number
    filters = ["", "urgent=y&overdue=y", "agency=pearl", "agency=juma", "status=open&destination=LB", ""]

    def counts():
        found = []
        for query in filters:
            db.session.remove()  # as in a request of its own: nothing already loaded
            with queries() as run:
                assert client.get("/grievances/cases?" + query).status_code == 200
            found.append(len(run))
        return found

    first, _ = file_one(agency_text=number, recruiter_name="")
    file_one(agency_text=number, recruiter_name="")
    file_one(recruiter_name="Juma")
    filters[-1] = f"after={first.reference}"  # page 2
    few = counts()
    for n in range(12):
        category = "abuse" if n % 2 else "unpaid_wages"
        file_one(agency_text=number, recruiter_name="", categories=[category])
        file_one(recruiter_name=f"Juma {n}", categories=[category])
    assert counts() == few


def test_a_long_queue_is_counted_up_to_a_cap(client, login, supervisor, file_one, monkeypatch):
    monkeypatch.setattr(sys.modules["grievances.services.queue"], "CASES_COUNTED", 2)
    monkeypatch.setattr("grievances.services.CASES_COUNTED", 2)
    monkeypatch.setattr("portal.pages.CASES_COUNTED", 2)
    for _ in range(4):
        file_one()
    login(supervisor)
    assert "More than 2 cases" in client.get("/grievances/cases").get_data(as_text=True)
    # the desk counts what waits as the queue behind each of its links counts it
    desk = client.get("/desk").get_data(as_text=True)
    assert "Cases not assigned</a></th><td>More than 2 cases</td>" in desk
    assert "Cases assigned to me</a></th><td>0</td>" in desk


def test_the_queue_pages_on_from_a_case_not_by_offset(client, login, supervisor, file_one, monkeypatch):
    """Next and previous pages continue from the last (first) case shown, in the queue's order, each case once."""
    monkeypatch.setattr("grievances.routes.desk.CASES_PER_PAGE", 2)
    cases = [file_one()[0] for _ in range(5)]
    for n, case in enumerate(cases):  # the most pressing first: the last filed is the most overdue
        backdate(case, days=len(cases) - n)
    expected = [c.reference for c in cases]
    login(supervisor)

    def shown(html):
        table = html[html.index("<tbody>"):html.index("</tbody>")]
        return sorted((table.index(r), r) for r in expected if r in table)

    url, pages = "/grievances/cases?status=open", []
    while url:
        html = client.get(url).get_data(as_text=True)
        pages.append([r for _, r in shown(html)])
        nxt = re.search(r'href="([^"]+)">Next page', html)
        url = nxt.group(1).replace("&amp;", "&") if nxt else None
        assert "page=" not in (url or "") and (url is None or "status=open" in url)  # the filters go along
    assert pages == [expected[:2], expected[2:4], expected[4:]]
    previous = re.search(r'href="([^"]+)">Previous page', html).group(1).replace("&amp;", "&")
    assert [r for _, r in shown(client.get(previous).get_data(as_text=True))] == expected[2:4]
    assert "First page" in html and "First page" not in client.get("/grievances/cases").get_data(as_text=True)


def test_cases_against_an_unregistered_recruiter_are_found_on_the_index(client, login, supervisor, agency, file_one):
    """The agency filter also finds a recruiter outside the registry by part of the name, case ignored, and
    follows a corrected name (the database keeps the index)."""
    juma, _ = file_one(recruiter_name="Mr. JUMA Travel (no office)")
    other, _ = file_one(recruiter_name="Hassan brokers")
    registered, _ = file_one(agency_text=agency.licence.number, recruiter_name="")
    login(supervisor)

    def refs(text):
        html = client.get("/grievances/cases", query_string={"agency": text}).get_data(as_text=True)
        return {g.reference for g in (juma, other, registered) if g.reference in html}

    assert refs("juma travel") == {juma.reference}
    assert refs("ju") == {juma.reference}  # too short for trigrams: still found
    assert refs("broker") == {other.reference}
    assert refs('50%"') == set()
    juma.recruiter_name = "Mr. Juma Tours"
    db.session.commit()
    assert refs("juma travel") == set() and refs("juma tours") == {juma.reference}


def test_the_agency_filter_never_scans_the_cases(app, supervisor):
    """The filter by name is a union of index walks: the agency branch on the agency's queue index alone (its key
    is in the index), unregistered recruiters on their own index; the page is sorted from these keys."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the plan is read from SQLite's EXPLAIN QUERY PLAN")
    stmt = _against("pearl horizon", [Grievance.done.is_(False)])
    sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
    plan = " | ".join(row[-1] for row in db.session.execute(sa.text("EXPLAIN QUERY PLAN " + sql)))
    assert "USING COVERING INDEX ix_grievances_agency_queue (agency_id=? AND done=?)" in plan, plan
    assert "SCAN grievance_recruiters_fts VIRTUAL TABLE" in plan and "USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
    assert not re.search(r"SCAN grievances\b", plan), plan  # neither the table nor a whole index


def test_a_case_out_of_scope_is_no_place_to_page_from(client, login, attache, file_one, monkeypatch):
    """An attaché paging "after" a case of another country gets the first page: the queue does not tell
    whether that case exists, nor where it stands."""
    monkeypatch.setattr("grievances.routes.desk.CASES_PER_PAGE", 1)
    own = [file_one(destination_country="SA")[0] for _ in range(2)]
    elsewhere, _ = file_one(destination_country="LB")
    login(attache)
    first = client.get("/grievances/cases").get_data(as_text=True)
    after_own = client.get(f"/grievances/cases?after={own[0].reference}").get_data(as_text=True)
    after_elsewhere = client.get(f"/grievances/cases?after={elsewhere.reference}").get_data(as_text=True)
    assert own[0].reference in first and own[1].reference in after_own
    def table(html):
        return html[html.index("<tbody>"):html.index("</nav>", html.index("</tbody>"))]

    assert table(after_elsewhere) == table(first)


def test_the_desk_counts_what_waits_in_as_many_queries_whatever_it_holds(client, login, supervisor, file_one,
                                                                         queries):
    login(supervisor)

    def count() -> int:
        db.session.remove()
        with queries() as run:
            assert client.get("/desk").status_code == 200
        return len(run)

    file_one()
    few = count()
    for _ in range(8):
        file_one()
    assert count() == few
