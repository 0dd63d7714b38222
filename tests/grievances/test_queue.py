"""The case officers' queue and its filters."""
import sys

import grievances.services as grievances
from grievances.models import GrievanceStatus
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
    filters = ["", "urgent=y&overdue=y", "agency=pearl", "status=open&destination=LB"]

    def counts():
        found = []
        for query in filters:
            with queries() as run:
                assert client.get("/grievances/cases?" + query).status_code == 200
            found.append(len(run))
        return found

    file_one(agency_text=agency.licence.number, recruiter_name="")
    few = counts()
    for n in range(12):
        category = "abuse" if n % 2 else "unpaid_wages"
        file_one(agency_text=agency.licence.number, recruiter_name="", categories=[category])
    assert counts() == few


def test_a_long_queue_is_counted_up_to_a_cap(client, login, supervisor, file_one, monkeypatch):
    monkeypatch.setattr(sys.modules["grievances.services.queue"], "CASES_COUNTED", 2)
    monkeypatch.setattr("grievances.services.CASES_COUNTED", 2)
    for _ in range(4):
        file_one()
    login(supervisor)
    assert "More than 2 cases" in client.get("/grievances/cases").get_data(as_text=True)
