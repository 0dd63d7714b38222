"""Benchmark: the officials' desk (what waits for a case officer: cases not assigned and the oldest of them,
assigned to me, overdue, escalated to me), in process, on a filled database (bench/fill.py).

Run: .venv/bin/python bench/desk.py DATABASE_URL [DATABASE_URL ...] [--rounds 20]
For each database: p50 and p95 in ms of portal.pages.work_lists for an administrator (who sees every case), and
the number of SQL statements it sends.
"""
import argparse
import statistics
import time

import sqlalchemy as sa

from portal.app import create_app
from portal.extensions import db
from portal.models import Role, User
from portal.pages import work_lists


def measure(official: User, rounds: int) -> tuple[list[float], int]:
    """The work lists' timings in ms (sorted, after one warming run) and the statements one run sends."""
    statements: list[str] = []
    sa.event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    timings = []
    for _ in range(rounds + 1):
        statements.clear()
        start = time.perf_counter()
        work_lists(official)
        timings.append((time.perf_counter() - start) * 1000)
        db.session.rollback()
    return sorted(timings[1:]), len(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    print(f"{'grievances':>11} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  database")
    for url in args.urls:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "INSTANCE_PATH": "/tmp"})
        with app.test_request_context():
            grievances = db.session.scalar(sa.text("SELECT count(*) FROM grievances"))
            official = db.session.scalar(sa.select(User).where(User.role == Role.ADMINISTRATOR)) or User(
                id=0, email="bench@ministry.example", role=Role.ADMINISTRATOR)
            timings, queries = measure(official, args.rounds)
            p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
            print(f"{grievances:>11,} {statistics.median(timings):8.1f} {p95:8.1f} {queries:>8}  {url.split('/')[-1]}",
                  flush=True)
            db.engine.dispose()


if __name__ == "__main__":
    main()
