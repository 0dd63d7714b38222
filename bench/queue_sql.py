"""The officials' queue on a filled database (bench/fill.py), in process, without HTTP: each filter's page and
capped count exactly as grievances.services.queue sends them (with the page's eager loads), on SQLite or
PostgreSQL.

Run: .venv/bin/python bench/queue_sql.py DATABASE_URL [DATABASE_URL ...] [--rounds 20]
For each database and filter: p50 and p95 in ms of one queue() call (an administrator, who sees every case),
after one warming run. "page 100" is the page after the 4,950th case (keyset: the link an official follows).
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grievances.models import Grievance  # noqa: E402
from grievances.services import QueueFilters, queue  # noqa: E402
from portal.app import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import Role, User  # noqa: E402

FILTERS = {
    "default": QueueFilters(),
    "open": QueueFilters(status="open"),
    "urgent + overdue": QueueFilters(urgent=True, overdue=True),
    "overdue": QueueFilters(overdue=True),
    "destination SA": QueueFilters(destination="SA"),
    "category unpaid wages": QueueFilters(category="unpaid_wages"),
    "agency name (pearl)": QueueFilters(agency="pearl"),
    "agency name, common word (global)": QueueFilters(agency="global"),
    "agency name, two words": QueueFilters(agency="pearl horizon"),
    "unregistered recruiter": QueueFilters(agency="zawadi broker"),
    "agency name + open": QueueFilters(agency="pearl", status="open"),
}


def measure(official: User, filters: QueueFilters, after: str, rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds + 1):
        start = time.perf_counter()
        queue(official, filters, after=after)
        timings.append((time.perf_counter() - start) * 1000)
        db.session.rollback()
    return sorted(timings[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    print(f"{'grievances':>10} {'filter':26} {'p50 ms':>8} {'p95 ms':>8}  database")
    for url in args.urls:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "INSTANCE_PATH": "/tmp"})
        with app.app_context():
            official = User(email="bench@ministry.example", role=Role.ADMINISTRATOR, attache_countries="")
            cases = db.session.scalar(sa.select(sa.func.count()).select_from(Grievance))
            deep = db.session.scalar(sa.select(Grievance.reference).order_by(
                Grievance.done, Grievance.next_due_at, Grievance.id).offset(4949).limit(1)) or ""
            runs = [(name, f, "") for name, f in FILTERS.items()] + [("default, page 100", QueueFilters(), deep)]
            for name, filters, after in runs:
                timings = measure(official, filters, after, args.rounds)
                p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
                print(f"{cases:>10,} {name:26} {statistics.median(timings):8.1f} {p95:8.1f}  {url.split('/')[-1]}",
                      flush=True)
            db.engine.dispose()


if __name__ == "__main__":
    main()
