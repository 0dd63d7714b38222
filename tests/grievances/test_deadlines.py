"""Deadlines and overdue marks: on the case, in the queue, and its filter."""
from datetime import timedelta

from grievances import services as svc
from grievances.models import DeadlineKind
from portal.database import utcnow
from tests.factories import backdate


def test_overdue_marks_follow_the_deadlines(file_one, supervisor):
    ordinary, _ = file_one()
    urgent, _ = file_one(categories=["confinement"])
    now = utcnow()
    assert svc.overdue_deadlines(ordinary, now + timedelta(days=1)) == []
    assert svc.overdue_deadlines(urgent, now + timedelta(hours=25)) == [DeadlineKind.ACKNOWLEDGE]
    assert svc.overdue_deadlines(ordinary, now + timedelta(days=3)) == [DeadlineKind.ACKNOWLEDGE]
    svc.acknowledge(ordinary, supervisor)
    assert svc.overdue_deadlines(ordinary, now + timedelta(days=3)) == []
    assert svc.overdue_deadlines(ordinary, now + timedelta(days=31)) == [DeadlineKind.RESOLVE]
    svc.start_investigation(ordinary, supervisor)
    svc.resolve(ordinary, supervisor, "remedied", "ok")
    assert svc.overdue_deadlines(ordinary, now + timedelta(days=60)) == []


def test_queue_shows_overdue_cases_and_filters_them(client, login, supervisor, file_one):
    late, _ = file_one()
    backdate(late, days=3)
    fresh, _ = file_one()
    login(supervisor)
    html = client.get("/grievances/cases?overdue=y").get_data(as_text=True)
    assert late.reference in html and fresh.reference not in html
    assert "Acknowledgement overdue" in html
    case_html = client.get(f"/grievances/cases/{late.reference}").get_data(as_text=True)
    assert "Acknowledgement overdue" in case_html
