"""Who handles a case: taking it, a supervisor assigning it, attachés only in their countries."""
import pytest

from grievances import services as svc
from portal.errors import DomainError, Refused
from portal.extensions import db


def test_only_the_assigned_officer_or_a_supervisor_acts(file_one, case_officer, other_officer, supervisor):
    grievance, _code = file_one()
    with pytest.raises(Refused, match="Take the case first"):
        svc.acknowledge(grievance, case_officer)
    svc.assign(grievance, case_officer, None)  # takes it
    with pytest.raises(Refused, match="Only a supervisor"):
        svc.assign(grievance, other_officer, None)
    with pytest.raises(Refused):
        svc.acknowledge(grievance, other_officer)
    with pytest.raises(Refused):
        svc.message_worker(grievance, other_officer, "hello")
    svc.acknowledge(grievance, case_officer)
    svc.assign(grievance, supervisor, other_officer)  # a supervisor reassigns
    assert grievance.assigned_to_id == other_officer.id
    with pytest.raises(Refused, match="already assigned"):
        svc.assign(grievance, supervisor, other_officer)


def test_attaches_see_and_take_only_their_destinations(client, login, attache, supervisor, file_one):
    riyadh, _ = file_one(destination_country="SA")
    doha, _ = file_one(destination_country="QA")
    login(attache)
    html = client.get("/grievances/cases").get_data(as_text=True)
    assert riyadh.reference in html and doha.reference not in html
    assert client.get(f"/grievances/cases/{doha.reference}").status_code == 404
    assert client.post(f"/grievances/cases/{doha.reference}/take").status_code == 404
    with pytest.raises(DomainError, match="other destination countries"):
        svc.assign(doha, supervisor, attache)
    svc.assign(riyadh, supervisor, attache)


def test_a_supervisor_assigns_on_the_case_page_by_the_officers_public_id(client, login, supervisor, case_officer,
                                                                         file_one):
    grievance, _code = file_one()
    login(supervisor)
    page = client.get(f"/grievances/cases/{grievance.reference}").get_data(as_text=True)
    assert f'<option value="{case_officer.public_id}">' in page
    assert client.post(f"/grievances/cases/{grievance.reference}/assign",
                       data={"assign-officer": str(case_officer.id)}).status_code == 422
    response = client.post(f"/grievances/cases/{grievance.reference}/assign",
                           data={"assign-officer": case_officer.public_id})
    assert response.status_code == 303
    db.session.refresh(grievance)
    assert grievance.assigned_to_id == case_officer.id
