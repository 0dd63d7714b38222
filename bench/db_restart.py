"""The database restarted during load (issue 9, faults): clients file grievances (each with its Idempotency-Key,
retried with the same key), read the public search as a page and through the API, against gunicorn with 4
workers; after --restart-at seconds the database is restarted with --restart (a command). Prints how every
answer was given before, during and after the restart, whether every error was a clear one (a JSON 503 with a
code under /api/, the error page elsewhere), how long the app took to recover without being restarted itself,
and what the database holds: every 201 stored once, no filing half-written. "CLEAR ERRORS, RECOVERED, NOTHING
LOST" or "PROBLEM".

Never restart a database other people use: make your own cluster, e.g.

    pg_createcluster 15 bench9 --port 5433 -- --auth=trust && pg_ctlcluster 15 bench9 start
    createdb -h 127.0.0.1 -p 5433 -U postgres bench_restart
    .venv/bin/python bench/db_restart.py --database-url postgresql+psycopg://postgres@127.0.0.1:5433/bench_restart \\
        --restart "pg_ctlcluster 15 bench9 restart"
    pg_dropcluster --stop 15 bench9

The database must be new. Runs on 127.0.0.1 only, bounded in time (--seconds), gunicorn at low priority."""
import argparse
import json
import shlex
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from server import start_server

FILING = {"filer_type": "anonymous", "recruiter_name": "Mr Fixit", "destination_country": "AE",
          "categories": ["unpaid_wages"], "description": "Not paid since March. Filing {n}."}


class Run:
    """What the clients saw, with the time of each answer, and the filings still owed a 201."""

    def __init__(self, base: str):
        self.base, self.lock, self.started = base, threading.Lock(), time.perf_counter()
        self.answers: list[tuple[float, str, str, bool]] = []  # (second, what, status, clear)
        self.filed: dict[str, str] = {}  # key -> reference answered with 201
        self.restart: tuple[float, float] | None = None

    def now(self) -> float:
        return time.perf_counter() - self.started

    def note(self, what: str, status: str, clear: bool) -> None:
        with self.lock:
            self.answers.append((self.now(), what, status, clear))


def ask(run: Run, what: str, path: str, body: dict | None = None, key: str | None = None):
    """One request; records how it was answered and whether an error was a clear one."""
    headers = {"Content-Type": "application/json", "Idempotency-Key": key} if body is not None else {}
    request = urllib.request.Request(run.base + path, data=json.dumps(body).encode() if body is not None else None,
                                     headers=headers, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            content = answer.read()
            run.note(what, str(answer.status), True)
            return answer.status, content
    except urllib.error.HTTPError as error:
        content, kind = error.read(), error.headers.get_content_type()
        if path.startswith("/api/"):
            try:
                clear = error.code == 503 and bool(json.loads(content)["error"]["code"])
            except (ValueError, KeyError, TypeError):
                clear = False
        else:
            clear = error.code == 503 and kind == "text/html"
        run.note(what, str(error.code), clear)
        return error.code, content
    except OSError:
        run.note(what, "dropped", False)
        return None, b""


def client(run: Run, n: int, until: float) -> None:
    """File, read the search page, read the search API, in turn; a filing not answered 201 is retried with its
    key at the client's next turn."""
    owed: list[tuple[str, dict]] = []
    turn = 0
    while run.now() < until:
        turn += 1
        if turn % 3 == 1:
            key, body = owed.pop(0) if owed else (str(uuid.uuid4()), dict(FILING, description=FILING[
                "description"].format(n=f"{n}.{turn}")))
            status, content = ask(run, "filing (API)", "/api/v1/grievances", body, key)
            if status == 201:
                with run.lock:
                    run.filed[key] = json.loads(content)["reference"]
            else:
                owed.append((key, body))
        elif turn % 3 == 2:
            ask(run, "search (page)", "/agencies?q=pearl")
        else:
            ask(run, "search (API)", "/api/v1/agencies?q=pearl")
        time.sleep(0.05)
    deadline = run.now() + 30  # what is still owed is filed now, with the same keys
    while owed and run.now() < deadline:
        key, body = owed[0]
        status, content = ask(run, "filing (API)", "/api/v1/grievances", body, key)
        if status == 201:
            with run.lock:
                run.filed[key] = json.loads(content)["reference"]
            owed.pop(0)
        else:
            time.sleep(1)


def restart_later(run: Run, command: str, at: float) -> None:
    time.sleep(max(0.0, at - run.now()))
    began = run.now()
    subprocess.run(shlex.split(command), check=True, capture_output=True)
    run.restart = (began, run.now())


def phases(run: Run) -> dict:
    """Answers before, during (from the restart until the first success after it) and after the outage."""
    began, ended = run.restart
    back = min((t for t, _w, status, _c in run.answers if t > ended and status in ("200", "201")), default=None)
    table: dict[str, dict[str, int]] = {"before": {}, "during": {}, "after": {}}
    for t, what, status, _clear in run.answers:
        phase = "before" if t < began else "during" if back is None or t < back else "after"
        label = f"{what} {status}"
        table[phase][label] = table[phase].get(label, 0) + 1
    return {"restart took s": round(ended - began, 1),
            "first success after the restart s": round(back - ended, 1) if back else None, "answers": table}


def stored(database_url: str) -> dict:
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        references = conn.execute(sa.text("SELECT reference FROM grievances")).scalars().all()
        keys = conn.execute(sa.text("SELECT count(*) FROM grievance_filing_keys")).scalar()
        half = conn.execute(sa.text("SELECT count(*) FROM grievances g WHERE NOT EXISTS (SELECT 1 FROM "
                                    "grievance_events e WHERE e.grievance_id = g.id)")).scalar()
    engine.dispose()
    return {"references": references, "keys": keys, "without a timeline": half}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--restart", required=True, help="the command that restarts the database")
    parser.add_argument("--restart-at", type=float, default=15)
    parser.add_argument("--seconds", type=float, default=60, help="how long the clients keep asking")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--port", type=int, default=5952)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench9-") as instance:
        server = start_server(args.database_url, args.port, instance)
        workers = set(subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split())
        run = Run(f"http://127.0.0.1:{args.port}")
        try:
            restarter = threading.Thread(target=restart_later, args=(run, args.restart, args.restart_at))
            restarter.start()
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                list(pool.map(lambda n: client(run, n, args.seconds), range(args.clients)))
            restarter.join()
            same_workers = workers == set(subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True,
                                                         text=True).stdout.split())
            app_alive = server.poll() is None
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=10)
    report(args, run, same_workers and app_alive)


def report(args, run: Run, app_kept: bool) -> None:
    db = stored(args.database_url)
    errors = [(what, status) for _t, what, status, clear in run.answers if not clear]
    answered = set(run.filed.values())
    figures = {
        "database": args.database_url.split("@")[-1], "clients": args.clients, "seconds": args.seconds,
        "requests": len(run.answers), **phases(run),
        "unclear errors": len(errors), "unclear examples": errors[:5],
        "app restarted": not app_kept, "filings answered 201": len(run.filed), "rows": len(db["references"]),
        "distinct references": len(set(db["references"])), "keys kept": db["keys"],
        "every 201 in the database": answered <= set(db["references"]),
        "filings without a timeline (half-written)": db["without a timeline"],
    }
    print(json.dumps(figures, indent=1))
    ok = (not errors and app_kept and figures["first success after the restart s"] is not None
          and len(run.filed) == len(db["references"]) == len(set(db["references"])) == db["keys"]
          and answered == set(db["references"]) and db["without a timeline"] == 0)
    print("CLEAR ERRORS, RECOVERED, NOTHING LOST" if ok else "PROBLEM")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
