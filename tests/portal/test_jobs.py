"""Scheduled jobs: run twice at once they do each piece of work once, on SQLite and PostgreSQL, committing
in small batches."""
import threading

import pytest
import sqlalchemy as sa

from grievances.cli import escalate_job
from grievances.models import Escalation, EventKind, GrievanceEvent
from portal import audit, jobs
from portal.extensions import db
from registry.cli import expire_job
from registry.models import LicenceAction, LicenceEvent, LicenceStatus
from tests import factories


def _twice_at_once(app, job) -> list:
    """Run the job in two threads (two sessions, two connections) started together; their results."""
    start, results, errors = threading.Barrier(2), [], []
    db.session.rollback()  # the test's own session lets go of the database

    def run():
        with app.app_context():
            start.wait()
            try:
                results.append(job())
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(jobs, "BATCH_SIZE", 4)
    monkeypatch.setattr("registry.cli.BATCH_SIZE", 4)
    monkeypatch.setattr("grievances.cli.BATCH_SIZE", 4)


def test_expiry_run_twice_at_once_expires_each_licence_once(app, make_agency, small_batches):
    agencies = [make_agency(f"Agency {n} Ltd", status="expired") for n in range(10)]
    results = _twice_at_once(app, expire_job)
    assert sorted(results)[-1] >= 4 and sum(results) == 10
    for agency in agencies:
        db.session.refresh(agency.licence)
        assert agency.licence.status == LicenceStatus.EXPIRED
        expiries = db.session.scalar(sa.select(sa.func.count()).select_from(LicenceEvent).where(
            LicenceEvent.licence_id == agency.licence.id, LicenceEvent.action == LicenceAction.EXPIRE))
        assert expiries == 1
    assert audit.verify().ok
    assert expire_job() == 0  # and once more: nothing left


def test_escalation_run_twice_at_once_escalates_each_case_once(app, make_user, small_batches):
    make_user("case_officer", is_supervisor=True)
    cases = [factories.file_grievance()[0] for _ in range(10)]
    for grievance in cases:
        factories.backdate(grievance, days=3)
    results = _twice_at_once(app, escalate_job)
    assert sum(results) == 10
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Escalation)) == 10
    events = db.session.scalar(sa.select(sa.func.count()).select_from(GrievanceEvent)
                               .where(GrievanceEvent.kind == EventKind.ESCALATED))
    assert events == 10
    assert audit.verify().ok


def test_a_job_commits_batch_by_batch(app, make_agency, small_batches, monkeypatch):
    for n in range(9):
        make_agency(f"Agency {n} Ltd", status="expired")
    commits = []
    monkeypatch.setattr(db.session, "commit", lambda real=db.session.commit: (commits.append(1), real())[1])
    assert expire_job() == 9
    assert len(commits) == 4  # 4 + 4 + 1, then the batch that finds nothing
