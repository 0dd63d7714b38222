"""Benchmark: the public agency search on filled databases (bench/fill.py), in process, without HTTP.

Run: .venv/bin/python bench/search.py DATABASE_URL [DATABASE_URL ...] [--rounds 20]
For each database: p50 and p95 in ms of search_agencies() for each kind of worker query (with the "did you
mean" look-up when nothing matches), each query run --rounds times after one warming run.
"""
import argparse
import statistics
import time

import sqlalchemy as sa

from portal.app import create_app
from portal.extensions import db
from registry.models import Licence
from registry.services import search_agencies, suggest_agencies


def queries() -> dict[str, str]:
    number = db.session.scalar(sa.select(Licence.number).where(Licence.number.is_not(None))
                               .order_by(Licence.id.desc()).limit(1))
    prefix, year, serial = number.split("/")
    return {"misspelt name": "perl horizn", "misspelt trading name": "zawadi manpowr",
            "licence number": number, "number typed loosely": f"{prefix.lower()} {year} {int(serial)}",
            "common word": "recruitment", "no match (did you mean)": "golden visa jobs"}


def measure(query: str, rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds + 1):
        start = time.perf_counter()
        _, total = search_agencies(query)
        if not total:
            suggest_agencies(query)
        timings.append((time.perf_counter() - start) * 1000)
        db.session.rollback()
    return sorted(timings[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    print(f"{'agencies':>9} {'query':26} {'p50 ms':>8} {'p95 ms':>8}  database")
    for url in args.urls:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "INSTANCE_PATH": "/tmp"})
        with app.app_context():
            agencies = db.session.scalar(sa.text("SELECT count(*) FROM agencies"))
            for kind, query in queries().items():
                timings = measure(query, args.rounds)
                p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
                print(f"{agencies:>9,} {kind:26} {statistics.median(timings):8.1f} {p95:8.1f}  {url.split('/')[-1]}",
                      flush=True)
            db.engine.dispose()


if __name__ == "__main__":
    main()
