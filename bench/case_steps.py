"""Concurrent officials on one case (issue 9, finding 7): N workflow steps clicked at once on one grievance by
supervisors, through the HTML forms of the case page (CSRF token, session cookie) against gunicorn with 4
workers, while plain case officers try to take the case at the same moment. Prints how the steps were
answered, how many takes succeeded, the timeline replayed through the workflow's table (illegal steps) and
the final status, and whether every step answered 303 is in the timeline exactly once; "VALID FINAL STATE,
NO ILLEGAL STEP" or "ILLEGAL STEPS".

    .venv/bin/python bench/case_steps.py                       # SQLite, 200 steps
    .venv/bin/python bench/case_steps.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_issue9

The database must be new (createdb, or nothing at the SQLite path). Runs on 127.0.0.1 only, bounded in
time (--seconds), gunicorn at low priority (nice)."""
import argparse
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from server import csrf_token, signed_in, start_server  # noqa: E402

from grievances.models import GrievanceStatus  # noqa: E402
from grievances.services.workflow import CASE_WORKFLOW, STEP_EVENTS  # noqa: E402

PASSWORD = "bench-official-password-9"
STEPS = {
    "acknowledge": {}, "investigate": {}, "close": {},
    "refer": {"target": "ngo", "to_whom": "Shelter", "note": "Referred."},
    "resolve": {"outcome": "remedied", "summary": "Wages paid."},
    "reopen": {"reason": "The worker wrote again."},
    "withdraw": {"reason": "The worker withdrew."},
}
KIND_TO_ACTION = {kind.value: action for action, kind in STEP_EVENTS.items()}
FILING = {"filer_type": "anonymous", "recruiter_name": "Mr Fixit", "destination_country": "AE",
          "categories": ["unpaid_wages"], "description": "Not paid since March."}


def make_officials(database_url: str, instance: str, supervisors: int, officers: int) -> None:
    """The accounts, through the portal's models (one password hash for all: argon2id is slow on purpose)."""
    os.environ.update(DATABASE_URL=database_url, SECRET_KEY="bench-secret")
    from portal.app import create_app
    from portal.auth import create_user
    from portal.extensions import db
    from portal.models import Role, User

    with create_app({"INSTANCE_PATH": instance}).app_context():
        first = create_user("sup0@bench.test", PASSWORD, Role.CASE_OFFICER)
        first.is_supervisor = True
        emails = [f"sup{n}@bench.test" for n in range(1, supervisors)] + [f"off{n}@bench.test" for n in range(officers)]
        db.session.add_all(User(email=email, password_hash=first.password_hash, role=Role.CASE_OFFICER,
                                is_supervisor=email.startswith("sup")) for email in emails)
        db.session.commit()


def file_case(base: str) -> str:
    request = urllib.request.Request(f"{base}/api/v1/grievances", data=json.dumps(FILING).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())["reference"]


def click(client, base: str, reference: str, action: str, fields: dict, token: str) -> tuple[str, float]:
    """One step posted from the case page, as the officer's browser sends it; (how it was answered, seconds)."""
    data = {f"{action}-{name}": value for name, value in fields.items()} | {f"{action}-csrf_token": token}
    started = time.perf_counter()
    try:
        with client.open(f"{base}/grievances/cases/{reference}/{action}", data=urllib.parse.urlencode(data).encode(),
                         timeout=120) as answer:
            status = answer.status
    except urllib.error.HTTPError as answer:
        status = answer.code
    except OSError:
        status = "dropped"
    return str(status), time.perf_counter() - started


def replay(database_url: str, reference: str) -> dict:
    """The case's timeline through the workflow's table: the illegal steps, and where it leads."""
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        case_id, status = conn.execute(sa.text("SELECT id, status FROM grievances WHERE reference = :r"),
                                       {"r": reference}).one()
        kinds = conn.execute(sa.text("SELECT kind FROM grievance_events WHERE grievance_id = :g ORDER BY id"),
                             {"g": case_id}).scalars().all()
    engine.dispose()
    now, illegal, steps = GrievanceStatus.RECEIVED, [], 0
    for kind in kinds:
        action = KIND_TO_ACTION.get(kind)
        if action is None:
            continue
        steps += 1
        transition = CASE_WORKFLOW.transitions[action]
        if now not in transition.sources_set:
            illegal.append(f"{now.value} -> {action.value}")
        now = transition.target
    return {"final status": status, "timeline leads to": now.value, "steps in the timeline": steps,
            "assignments": kinds.count("assigned"), "illegal steps": illegal}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--supervisors", type=int, default=8)
    parser.add_argument("--officers", type=int, default=6, help="plain officers trying to take the case at once")
    parser.add_argument("--clients", type=int, default=40, help="requests in flight at once")
    parser.add_argument("--port", type=int, default=5951)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--seconds", type=float, default=240, help="stop waiting after this long")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench9-") as instance:
        url = args.database_url or f"sqlite:///{instance}/bench.sqlite3"
        server = start_server(url, args.port, instance)
        try:
            make_officials(url, instance, args.supervisors, args.officers)
            figures = storm(args, f"http://127.0.0.1:{args.port}", url)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=10)
    print(json.dumps(figures, indent=1))
    ok = (not figures["illegal steps"] and figures["final status"] == figures["timeline leads to"]
          and figures["takes answered 303"] <= 1 and figures["assignments"] == figures["takes answered 303"]
          and figures["done (303)"] == figures["steps in the timeline"] + figures["assignments"]
          and not any(k.startswith("5") or k == "dropped" for k in figures["answers"]))
    print("VALID FINAL STATE, NO ILLEGAL STEP" if ok else "ILLEGAL STEPS")
    raise SystemExit(0 if ok else 1)


def storm(args, base: str, url: str) -> dict:
    """Sign everyone in, then send every step at once; the figures."""
    reference = file_case(base)
    sessions = []
    for email in [f"sup{n}@bench.test" for n in range(args.supervisors)] + \
                 [f"off{n}@bench.test" for n in range(args.officers)]:
        client = signed_in(base, email, PASSWORD)
        sessions.append((email, client, csrf_token(client, f"{base}/grievances/cases/{reference}")))
    rng = random.Random(args.seed)
    supervisors = [s for s in sessions if s[0].startswith("sup")]
    takers = [s for s in sessions if s[0].startswith("off")]
    plan = [("take", {}, s) for s in takers]
    plan += [(action, STEPS[action], rng.choice(supervisors))
             for action in (rng.choice(list(STEPS)) for _ in range(args.steps - len(plan)))]
    rng.shuffle(plan)
    start = threading.Barrier(min(args.clients, len(plan)))

    def send(item):
        action, fields, (_email, client, token) = item
        try:
            start.wait(timeout=30)
        except threading.BrokenBarrierError:
            pass
        return action, *click(client, base, reference, action, fields, token)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        results = list(pool.map(send, plan, timeout=args.seconds))
    elapsed = time.perf_counter() - started
    answers: dict[str, int] = {}
    for _action, status, _seconds in results:
        answers[status] = answers.get(status, 0) + 1
    latencies = sorted(seconds for _a, _s, seconds in results)
    return {
        "database": url.split(":")[0], "steps sent": len(plan), "clients at once": args.clients,
        "seconds": round(elapsed, 1), "answers": answers,
        "done (303)": answers.get("303", 0), "refused (409)": answers.get("409", 0),
        "takes answered 303": sum(1 for a, s, _t in results if a == "take" and s == "303"),
        "p50 ms": round(statistics.median(latencies) * 1000),
        "p95 ms": round(latencies[int(len(latencies) * .95)] * 1000),
        **replay(url, reference),
    }


if __name__ == "__main__":
    main()
