"""Filings under load and faults (issue 9): N filings from C concurrent clients against gunicorn with 4 workers,
each filing sent with its own Idempotency-Key and retried with the same key after any failure (a killed
worker's dropped connection, a 5xx); optionally a worker killed with SIGKILL every few seconds. Prints how many
answers were 201, how many rows and distinct references the database holds, and whether every reply lost
after its commit was recovered through its key (nothing lost, nothing twice). A client that gave up while
workers were being killed asks once more with its key after the faults, as a worker would retry later.

    .venv/bin/python bench/filing_load.py                          # SQLite, 1,000 filings, 50 clients
    .venv/bin/python bench/filing_load.py --kill-every 2           # SIGKILL a worker every 2 s
    .venv/bin/python bench/filing_load.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench9

Runs on 127.0.0.1 only, bounded in time (--seconds), at low priority (nice)."""
import argparse
import json
import os
import random
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

BODY = {"filer_type": "anonymous", "recruiter_name": "Mr Fixit", "destination_country": "AE",
        "categories": ["unpaid_wages"], "description": "Not paid since March. Filing {n}."}


def file_one(args, n: int, stats: dict, lock: threading.Lock, key: str | None = None) -> str | None:
    """One filing with its key, retried with the same key until a 201; the key when the attempts run out."""
    key = key or str(uuid.uuid4())
    data = json.dumps(dict(BODY, description=BODY["description"].format(n=n))).encode()
    for attempt in range(args.attempts):
        request = urllib.request.Request(f"http://127.0.0.1:{args.port}/api/v1/grievances", data=data, method="POST",
                                         headers={"Content-Type": "application/json", "Idempotency-Key": key})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                answer = json.loads(response.read())
                with lock:
                    stats["201"] += 1
                    stats["retried"] += attempt > 0
                    stats["replayed"] += response.headers.get("Idempotent-Replayed") == "true"
                    stats["answers"].append((answer["reference"], answer["tracking_code"]))
                return None
        except urllib.error.HTTPError as error:
            with lock:
                stats[f"http {error.code}"] = stats.get(f"http {error.code}", 0) + 1
        except OSError:
            with lock:
                stats["dropped"] += 1
        time.sleep(0.2 * (attempt + 1))
    return key


def recover(args, stats: dict, lock: threading.Lock, owed: list[tuple[int, str]]) -> None:
    """After the faults: the filings whose clients gave up are asked again with their keys (a filing stored
    while its replies were lost comes back as the first filing, never a second one)."""
    stats["gave up during the faults"] = len(owed)
    before = stats["201"]
    stats["gave up"] = sum(file_one(args, n, stats, lock, key) is not None for n, key in owed)
    stats["recovered after the faults"] = stats["201"] - before


def killer(server: subprocess.Popen, every: float, stop: threading.Event, stats: dict) -> None:
    """SIGKILL one of gunicorn's workers every few seconds (the master starts another)."""
    while not stop.wait(every):
        workers = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        if workers:
            os.kill(int(random.choice(workers)), signal.SIGKILL)
            stats["killed"] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--filings", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--port", type=int, default=5950)
    parser.add_argument("--kill-every", type=float, default=0, help="seconds between SIGKILLs (0: none)")
    parser.add_argument("--attempts", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=110, help="stop waiting after this long")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench9-") as instance:
        args.database_url = args.database_url or f"sqlite:///{instance}/bench.sqlite3"
        server = start_server(args.database_url, args.port, instance)
        stats = {"201": 0, "retried": 0, "replayed": 0, "dropped": 0, "gave up": 0, "killed": 0, "answers": []}
        elapsed = 0.0
        lock, stop = threading.Lock(), threading.Event()
        chaos = threading.Thread(target=killer, args=(server, args.kill_every, stop, stats), daemon=True)
        started = time.perf_counter()
        try:
            if args.kill_every:
                chaos.start()
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                futures = [pool.submit(file_one, args, n, stats, lock) for n in range(args.filings)]
                owed = [(n, future.result(timeout=max(1.0, args.seconds - (time.perf_counter() - started))))
                        for n, future in enumerate(futures)]
            stop.set()
            elapsed = time.perf_counter() - started
            recover(args, stats, lock, [(n, key) for n, key in owed if key])
        finally:
            stop.set()
            elapsed = elapsed or time.perf_counter() - started
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=10)
        report(args, stats, elapsed)


def report(args, stats: dict, elapsed: float) -> None:
    engine = sa.create_engine(args.database_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT reference FROM grievances")).scalars().all()
        keys = conn.execute(sa.text("SELECT count(*) FROM grievance_filing_keys")).scalar()
    engine.dispose()
    answered = {reference for reference, _code in stats["answers"]}
    figures = {
        "database": args.database_url.split(":")[0], "filings": args.filings, "clients": args.clients,
        "seconds": round(elapsed, 1), "filings per second": round(stats["201"] / elapsed, 1),
        "answered 201": stats["201"], "rows": len(rows), "distinct references": len(set(rows)),
        "keys kept": keys, "every 201 in the database": answered <= set(rows),
        "replies lost then recovered by key": stats["replayed"], "retried": stats["retried"],
        "dropped connections": stats["dropped"], "workers killed": stats["killed"],
        "gave up during the faults": stats.get("gave up during the faults", 0),
        "recovered after the faults": stats.get("recovered after the faults", 0), "gave up": stats["gave up"],
        **{k: v for k, v in stats.items() if k.startswith("http ")},
    }
    print(json.dumps(figures, indent=1))
    ok = stats["201"] == len(rows) == len(set(rows)) == args.filings and answered == set(rows)
    print("NOTHING LOST, NOTHING TWICE" if ok else "MISMATCH")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
