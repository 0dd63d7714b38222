"""The case officers' queue and its filters."""
from grievances.models import GrievanceStatus
from portal.extensions import db

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
