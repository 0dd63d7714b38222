"""Benchmark: the public agency search (typo-tolerant, in Python over the registry's names).

Run: make bench   (or .venv/bin/python bench/search.py [N ...])
Builds a throwaway SQLite registry of N agencies per size, then times search_agencies() for a mix of
worker queries (exact, partial, misspelt, licence number, no match) and prints percentiles.
"""
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

import sqlalchemy as sa

from portal import create_app
from portal.extensions import db
from registry.models import Agency, Licence, LicenceStatus
from registry.services import normalise, search_agencies

WORDS = ["Pearl", "Horizon", "Nile", "Crest", "Savannah", "Gateway", "Amani", "Bidii", "Jua", "Rafiki", "Tumaini",
         "Acacia", "Baobab", "Crane", "Lakeside", "Equator", "Sunbird", "Kestrel", "Mango", "Silverline", "Zawadi"]
KINDS = ["Recruitment Ltd", "Manpower Services", "Employment Agency", "Labour Consultants", "Placement Co."]
QUERIES = ["Pearl Horizon", "perl horizn", "Savannah Gateway Recruitment Ltd", "EA/2026/0042", "Golden Visa Jobs",
           "bidii", "sunbrd kestrel"]


def build(n: int, rng: random.Random) -> None:
    db.drop_all()
    db.create_all()
    for i in range(n):
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(KINDS)} {i}"
        agency = Agency(legal_name=name, registration_number=f"R{i}", search_names=normalise(name),
                        trading_names=[], destinations=["SA"], sectors=["construction"])
        agency.licence = Licence(status=LicenceStatus.LICENSED, number=f"EA/2026/{i:04d}",
                                 valid_from=date.today(), valid_until=date.today() + timedelta(days=700))
        db.session.add(agency)
    db.session.commit()


def measure(rounds: int = 30) -> list[float]:
    timings = []
    for _ in range(rounds):
        for query in QUERIES:
            start = time.perf_counter()
            search_agencies(query, page=1, per_page=20)
            timings.append((time.perf_counter() - start) * 1000)
            db.session.rollback()
    return timings


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3", "INSTANCE_PATH": tmp,
                          "SECRET_KEY": "bench"})
        with app.app_context():
            print(f"{'agencies':>9} {'queries':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
            for n in sizes:
                build(n, random.Random(n))
                timings = sorted(measure())
                p95 = timings[int(len(timings) * 0.95) - 1]
                print(f"{n:>9} {len(timings):>8} {statistics.median(timings):>8.1f} {p95:>8.1f} {timings[-1]:>8.1f}")
            db.session.execute(sa.text("SELECT 1"))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [50, 500, 2000])
