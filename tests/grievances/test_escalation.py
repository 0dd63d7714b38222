"""Escalation to a supervisor: once per case and deadline, even run twice or in parallel."""
import threading
from datetime import timedelta

import sqlalchemy as sa

from grievances import services as svc
from grievances.models import DeadlineKind, Escalation, EventKind, Grievance, GrievanceEvent
from grievances.timeline import timeline as case_timeline
from portal.database import utcnow
from portal.extensions import db
from portal.models import AuditEntry
from tests.factories import backdate


def _escalations():
    return db.session.scalars(sa.select(Escalation).order_by(Escalation.id)).all()


def test_escalate_twice_escalates_once(runner, file_one, supervisor):
    late, _ = file_one()
    backdate(late, days=3)
    very_late, _ = file_one()
    backdate(very_late, days=31)  # missed both deadlines
    fresh, _ = file_one()
    first = runner.invoke(args=["grievances", "escalate"])
    assert first.exit_code == 0 and "3 missed deadline(s) escalated." in first.output
    second = runner.invoke(args=["grievances", "escalate"])
    assert "0 missed deadline(s) escalated." in second.output
    db.session.expire_all()
    rows = {(e.grievance_id, e.deadline) for e in _escalations()}
    assert rows == {(late.id, DeadlineKind.ACKNOWLEDGE), (very_late.id, DeadlineKind.ACKNOWLEDGE),
                    (very_late.id, DeadlineKind.RESOLVE)}
    assert all(e.supervisor_id == supervisor.id for e in _escalations())
    audited = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "grievance.escalate")).all()
    assert len(audited) == 3
    late = db.session.get(Grievance, late.id)
    events = [e for e in late.events if e.kind == EventKind.ESCALATED]
    assert len(events) == 1
    timeline = case_timeline(late, "official")
    assert any("Escalated to Sam Supervisor" in t.title for t in timeline)
    assert not any(t.kind == "escalated" for t in case_timeline(late, "worker"))


def test_escalating_the_same_deadline_again_is_a_no_op(file_one, supervisor):
    late, _ = file_one()
    backdate(late, days=3)
    assert svc.escalate(late, DeadlineKind.ACKNOWLEDGE) is not None
    assert svc.escalate(late, DeadlineKind.ACKNOWLEDGE) is None  # the unique constraint holds
    db.session.commit()
    assert len(_escalations()) == 1


def test_a_reopened_case_can_be_escalated_again_for_its_new_deadline(file_one, supervisor):
    case, _ = file_one()
    svc.acknowledge(case, supervisor)
    svc.start_investigation(case, supervisor)
    backdate(case, days=31)
    assert len(svc.escalate_overdue()) == 1
    svc.resolve(case, supervisor, "remedied", "ok")
    svc.reopen(case, supervisor, "new facts", now=utcnow() - timedelta(days=31))
    db.session.commit()
    assert len(svc.escalate_overdue()) == 1
    db.session.commit()
    assert [e.deadline for e in _escalations()] == [DeadlineKind.RESOLVE, DeadlineKind.RESOLVE]


def test_two_concurrent_runs_escalate_each_deadline_once(app, file_one, supervisor):
    ids = []
    for days in (3, 4, 31, 40):
        case, _ = file_one()
        backdate(case, days=days)
        ids.append(case.id)
    db.session.close()  # this thread holds no transaction (on SQLite it would hold the write lock)
    barrier = threading.Barrier(2)
    counts, errors = [], []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                done = svc.escalate_overdue()
                db.session.commit()
                counts.append(len(done))
                db.session.remove()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sum(counts) == 6  # 4 acknowledge deadlines + 2 resolve deadlines, whichever run got them
    db.session.expire_all()
    rows = [(e.grievance_id, e.deadline) for e in _escalations()]
    assert len(rows) == len(set(rows)) == 6
    events = db.session.scalar(sa.select(sa.func.count()).select_from(GrievanceEvent)
                               .where(GrievanceEvent.kind == EventKind.ESCALATED))
    assert events == 6


def test_escalation_without_a_supervisor_is_still_recorded(file_one):
    late, _ = file_one()
    backdate(late, days=3)
    done = svc.escalate_overdue()
    db.session.commit()
    assert len(done) == 1 and done[0].supervisor_id is None
    assert "Escalated to the supervisors" in case_timeline(late, "official")[-1].title
