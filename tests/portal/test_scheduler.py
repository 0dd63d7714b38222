"""Jobs without cron: flask jobs run keeps licence expiry (daily), escalation (every 15 minutes) and the audit
chain's verification (hourly) going,
each run recorded; officials' home says when each last ran and warns when one is late."""
from datetime import timedelta

import sqlalchemy as sa

from portal import audit, scheduler
from portal.database import utcnow
from portal.extensions import db
from portal.models import JobRun, Role
from registry.models import LicenceStatus
from tests import factories
from tests.factories import text


def _runs() -> list[JobRun]:
    return db.session.scalars(sa.select(JobRun).order_by(JobRun.id)).all()


def test_due_jobs_run_and_are_recorded(make_agency, make_user):
    agency = make_agency(status="expired")
    make_user(Role.CASE_OFFICER, is_supervisor=True)
    factories.backdate(factories.file_grievance()[0], days=3)
    runs = scheduler.run_due()
    checked = audit.verify().checked
    assert {(r.job, r.done, r.error) for r in runs} == {("licence_expiry", 1, ""), ("grievance_escalation", 1, ""),
                                                        ("audit_verification", checked, "")}
    assert all(r.finished_at >= r.started_at for r in runs)
    db.session.refresh(agency.licence)
    assert agency.licence.status == LicenceStatus.EXPIRED
    assert scheduler.run_due() == []  # nothing is due again so soon
    later = scheduler.run_due(utcnow() + timedelta(minutes=16))
    assert [r.job for r in later] == ["grievance_escalation"]
    assert [r.job for r in scheduler.run_due(utcnow() + timedelta(days=1, minutes=1))] == [
        "licence_expiry", "grievance_escalation", "audit_verification"]


def test_a_failing_job_is_recorded_and_the_others_still_run(monkeypatch):
    def broken():
        raise RuntimeError("database on fire")

    jobs = (scheduler.Job("broken", "Broken", timedelta(hours=1), broken), *scheduler.JOBS)
    monkeypatch.setattr(scheduler, "JOBS", jobs)
    runs = scheduler.run_due()
    assert [r.job for r in runs] == ["broken", "licence_expiry", "grievance_escalation", "audit_verification"]
    assert "RuntimeError: database on fire" in runs[0].error and runs[0].finished_at is not None
    assert scheduler.is_late(jobs[0], utcnow())  # never succeeded


def test_the_command_runs_what_is_due(runner):
    result = runner.invoke(args=["jobs", "run", "--once"])
    assert result.exit_code == 0 and "licence_expiry: 0 done" in result.output
    assert len(_runs()) == 3 and "audit_verification: 0 done" in result.output
    assert "on time" in runner.invoke(args=["jobs", "status"]).output


def test_officials_home_says_when_jobs_ran_and_warns_when_late(client, login, make_user):
    login(make_user(Role.CASE_OFFICER))
    page = text(client.get("/desk"))
    assert "Licence expiry" in page and "never ran" in page and "late: check that the scheduler" in page
    scheduler.run_due()
    page = text(client.get("/desk"))
    assert "last ran" in page and "late:" not in page
    for run in _runs():
        run.started_at -= timedelta(days=3)
        run.finished_at -= timedelta(days=3)
    db.session.commit()
    assert "late: check that the scheduler" in text(client.get("/desk"))


def test_each_role_sees_its_work_with_links(client, login, make_user, make_agency):
    make_agency("Waiting Ltd", status="application")
    supervisor = make_user(Role.CASE_OFFICER, is_supervisor=True)
    factories.backdate(factories.file_grievance()[0], days=3)
    factories.file_grievance()
    scheduler.run_due()
    login(supervisor)
    page = text(client.get("/desk"))
    assert "Cases not assigned</a></th><td>2</td>" in page
    assert "Overdue cases</a></th><td>1</td>" in page and "Cases escalated to me</a></th><td>1</td>" in page
    assert "the oldest for 3 days" in page and "/grievances/cases?assigned=none&amp;status=open" in page
    assert "Licence applications waiting" not in page
    client.post("/logout")
    login(make_user(Role.LICENSING_OFFICER))
    page = text(client.get("/desk"))
    assert "Licence applications waiting</a></th><td>1</td>" in page and "Contracts awaiting attestation" in page
    assert "Cases not assigned" not in page
