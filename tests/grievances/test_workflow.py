"""The case workflow through the pages and the services: every step, every refusal, the agency flag."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from grievances import services as svc
from grievances.models import EventKind, GrievanceStatus, Outcome
from portal.errors import DomainError, NotFound
from portal.extensions import db
from portal.models import AuditEntry
from registry.models import Agency

S = GrievanceStatus


def _audit_actions(reference=None):
    return [e.action for e in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))]


def test_the_whole_story_through_the_pages(client, login, case_officer, agency, file_one):
    """Anonymous passport + wages case: acknowledge, investigate, refer to the attaché, message, resolve, close."""
    grievance, code = file_one(agency_text=agency.licence.number, recruiter_name="")
    ref = grievance.reference
    login(case_officer)
    assert client.post(f"/grievances/cases/{ref}/take").status_code == 303
    for step in ("acknowledge", "investigate"):
        assert client.post(f"/grievances/cases/{ref}/{step}").status_code == 303
    response = client.post(f"/grievances/cases/{ref}/refer", data={
        "refer-target": "labour_attache", "refer-to_whom": "Labour attaché, Embassy in Riyadh",
        "refer-referred_on": date.today().isoformat(), "refer-note": "Passport held by sponsor"})
    assert response.status_code == 303
    assert client.post(f"/grievances/cases/{ref}/message",
                       data={"message-body": "We have asked the attaché to visit your employer."}).status_code == 303
    assert client.post(f"/grievances/cases/{ref}/note", data={"note-body": "Sponsor known to us"}).status_code == 303
    response = client.post(f"/grievances/cases/{ref}/resolve", data={
        "resolve-outcome": "compensation_paid", "resolve-summary": "Your wages were paid and your passport returned.",
        "resolve-amount": "3600", "resolve-currency": "SAR"})
    assert response.status_code == 303, response.get_data(as_text=True)
    assert client.post(f"/grievances/cases/{ref}/close").status_code == 303

    db.session.expire_all()
    grievance = svc.get_case(ref, case_officer)
    assert grievance.status == S.CLOSED and grievance.outcome == Outcome.COMPENSATION_PAID
    assert grievance.compensation_amount == Decimal("3600.00")
    actions = _audit_actions()
    for action in ("grievance.assign", "grievance.acknowledge", "grievance.investigate", "grievance.refer",
                   "grievance.message", "grievance.note", "grievance.resolve", "grievance.close",
                   "agency.review_flag"):
        assert action in actions
    flagged = db.session.get(Agency, agency.id)
    assert flagged.review_flag and ref in flagged.review_flag_reason

    # The worker sees each step in plain words, the message, but not the internal note.
    worker = client.application.test_client()
    worker.post("/grievances/track", data={"reference": ref, "code": code})
    html = worker.get("/grievances/track/case").get_data(as_text=True)
    assert "A case officer read your grievance." in html
    assert ('Referred to the embassy or labour attaché (<bdi lang="en">Labour attaché, Embassy in Riyadh</bdi>)'
            in html)  # typed by the officer: as typed, marked with its language
    assert "We have asked the attaché to visit your employer." in html
    assert "Compensation was paid" in html and "3,600" in html
    assert "Sponsor known to us" not in html and "Passport held by sponsor" not in html
    assert "Carla" not in html


@pytest.mark.parametrize("status,action", [
    (S.RECEIVED, "investigate"), (S.RECEIVED, "refer"), (S.RECEIVED, "resolve"), (S.RECEIVED, "close"),
    (S.RECEIVED, "reopen"), (S.ACKNOWLEDGED, "acknowledge"), (S.ACKNOWLEDGED, "refer"),
    (S.ACKNOWLEDGED, "resolve"), (S.INVESTIGATING, "close"), (S.INVESTIGATING, "acknowledge"),
    (S.RESOLVED, "resolve"), (S.RESOLVED, "withdraw"), (S.RESOLVED, "refer"), (S.CLOSED, "close"),
    (S.CLOSED, "acknowledge"), (S.WITHDRAWN, "close"), (S.WITHDRAWN, "withdraw"), (S.WITHDRAWN, "resolve"),
])
def test_refused_steps_say_why(client, login, supervisor, file_one, status, action):
    grievance, _code = file_one()
    grievance.status = status
    db.session.commit()
    login(supervisor)
    data = {"refer-target": "ngo", "refer-to_whom": "Shelter", "resolve-outcome": "remedied",
            "resolve-summary": "done", "reopen-reason": "new facts", "withdraw-reason": "asked to"}
    response = client.post(f"/grievances/cases/{grievance.reference}/{action}", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "cannot be given the step" in html and "Possible steps now" in html
    db.session.expire_all()
    assert svc.get_case(grievance.reference, supervisor).status == status


def test_allowed_steps_follow_the_workflow(file_one, supervisor):
    grievance, _code = file_one()
    assert svc.allowed_actions(grievance) == ["acknowledge", "withdraw"]
    svc.acknowledge(grievance, supervisor)
    assert svc.allowed_actions(grievance) == ["investigate", "withdraw"]
    svc.start_investigation(grievance, supervisor)
    assert svc.allowed_actions(grievance) == ["refer", "resolve", "withdraw"]
    svc.refer(grievance, supervisor, "police", "Anti-trafficking unit")
    assert svc.allowed_actions(grievance) == ["investigate", "refer", "resolve", "withdraw"]
    svc.resolve(grievance, supervisor, "not_substantiated", "We could not confirm it.")
    assert svc.allowed_actions(grievance) == ["close", "reopen"]
    svc.close(grievance, supervisor)
    assert svc.allowed_actions(grievance) == ["reopen"]


def test_step_details_are_required(file_one, supervisor):
    grievance, _code = file_one()
    svc.acknowledge(grievance, supervisor)
    svc.start_investigation(grievance, supervisor)
    with pytest.raises(DomainError, match="Choose whom"):
        svc.refer(grievance, supervisor, "", "x")
    with pytest.raises(DomainError, match="Name the office"):
        svc.refer(grievance, supervisor, "ngo", " ")
    with pytest.raises(DomainError, match="future"):
        svc.refer(grievance, supervisor, "ngo", "Shelter", referred_on=date.today() + timedelta(days=2))
    with pytest.raises(DomainError, match="Choose the outcome"):
        svc.resolve(grievance, supervisor, "", "summary")
    with pytest.raises(DomainError, match="what was decided"):
        svc.resolve(grievance, supervisor, "remedied", "")
    with pytest.raises(DomainError, match="amount of compensation"):
        svc.resolve(grievance, supervisor, "compensation_paid", "paid", None, "SAR")
    with pytest.raises(DomainError, match="currency"):
        svc.resolve(grievance, supervisor, "compensation_paid", "paid", Decimal("10"), "")
    with pytest.raises(DomainError, match="how and why"):
        svc.withdraw(grievance, supervisor, "")


def test_field_errors_on_a_step_keep_the_form(client, login, supervisor, file_one):
    grievance, _code = file_one()
    grievance.status = S.INVESTIGATING
    db.session.commit()
    login(supervisor)
    response = client.post(f"/grievances/cases/{grievance.reference}/resolve", data={
        "resolve-outcome": "compensation_paid", "resolve-summary": "Paid in full", "resolve-amount": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Give the amount of compensation paid." in html and "Paid in full" in html


def test_reopen_needs_a_reason_and_restarts_the_clock(file_one, supervisor, agency):
    grievance, _code = file_one()
    for step in (svc.acknowledge, svc.start_investigation):
        step(grievance, supervisor)
    svc.resolve(grievance, supervisor, "remedied", "Fixed")
    with pytest.raises(DomainError, match="reason for reopening"):
        svc.reopen(grievance, supervisor, "")
    later = grievance.resolved_at + timedelta(days=40)
    svc.reopen(grievance, supervisor, "The worker says wages stopped again", now=later)
    assert grievance.status == S.INVESTIGATING and grievance.outcome is None
    assert grievance.resolve_due_at == later + timedelta(days=30)
    assert grievance.events[-1].kind == EventKind.REOPENED


def test_unknown_action_and_unknown_case(client, login, supervisor, file_one):
    grievance, _ = file_one()
    login(supervisor)
    assert client.post(f"/grievances/cases/{grievance.reference}/delete").status_code == 404
    assert client.get("/grievances/cases/GRV-2222-2222").status_code == 404
    with pytest.raises(NotFound):
        svc.get_case("GRV-2222-2222", supervisor)
