"""Officials acting on one case at the same moment (issue 9.7): every step is judged on the case as it is
when its row is locked, so the timeline replays through the workflow's table without one illegal step, and
of several officers taking the case at once exactly one gets it. Runs on SQLite and PostgreSQL."""
import random
import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from grievances.models import EventKind, Grievance, GrievanceEvent, GrievanceStatus
from grievances.services.workflow import CASE_WORKFLOW, STEP_EVENTS
from portal.extensions import db
from portal.models import Role
from tests.factories import PASSWORD, file_grievance

STEPS = {
    "acknowledge": {}, "investigate": {}, "close": {},
    "refer": {"refer-target": "ngo", "refer-to_whom": "Shelter", "refer-note": "Referred."},
    "resolve": {"resolve-outcome": "remedied", "resolve-summary": "Wages paid."},
    "reopen": {"reopen-reason": "The worker wrote again."},
    "withdraw": {"withdraw-reason": "The worker withdrew."},
}
KIND_TO_ACTION = {kind: action for action, kind in STEP_EVENTS.items()}


def _logged_in(app, email: str):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def _replay(reference: str) -> list[str]:
    """Every step of the timeline that the workflow's table forbids in the status it was taken from."""
    grievance = db.session.scalar(sa.select(Grievance).where(Grievance.reference == reference))
    events = db.session.scalars(sa.select(GrievanceEvent).where(GrievanceEvent.grievance_id == grievance.id)
                                .order_by(GrievanceEvent.id)).all()
    status, illegal = GrievanceStatus.RECEIVED, []
    for event in events:
        action = KIND_TO_ACTION.get(event.kind)
        if action is None:
            continue
        step = CASE_WORKFLOW.transitions[action]
        if status not in step.sources_set:
            illegal.append(f"{status.value} -> {action.value}")
        status = step.target
    assert status == grievance.status, "the case's status is where its timeline leads"
    return illegal


def test_officers_taking_one_case_at_once_leave_one_assignment(app, make_user):
    officers = [make_user(Role.CASE_OFFICER, email=f"officer{n}@ministry.test") for n in range(6)]
    grievance, _code = file_grievance()
    reference = grievance.reference
    clients = [_logged_in(app, officer.email) for officer in officers]
    db.session.close()
    start = threading.Barrier(len(clients))

    def take(client) -> int:
        start.wait()
        return client.post(f"/grievances/cases/{reference}/take").status_code

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        answers = list(pool.map(take, clients))
    assert answers.count(303) == 1, answers
    assigned = db.session.scalar(sa.select(sa.func.count()).select_from(GrievanceEvent)
                                 .where(GrievanceEvent.kind == EventKind.ASSIGNED))
    assert assigned == 1


def test_concurrent_steps_on_one_case_leave_no_illegal_step(app, make_user):
    supervisors = [make_user(Role.CASE_OFFICER, email=f"sup{n}@ministry.test", is_supervisor=True)
                   for n in range(8)]
    grievance, _code = file_grievance()
    reference = grievance.reference
    clients = [_logged_in(app, s.email) for s in supervisors]
    db.session.close()
    rng = random.Random(9)
    plans = [[rng.choice(list(STEPS)) for _ in range(12)] for _ in clients]
    start = threading.Barrier(len(clients))

    def act(args) -> list[int]:
        client, plan = args
        start.wait()
        return [client.post(f"/grievances/cases/{reference}/{step}", data=STEPS[step]).status_code
                for step in plan]

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        answers = [status for statuses in pool.map(act, zip(clients, plans, strict=True)) for status in statuses]
    assert len(answers) == 96 and set(answers) <= {303, 409}, sorted(set(answers))
    assert answers.count(303) > 10  # steps were taken, not only refused
    assert _replay(reference) == []
