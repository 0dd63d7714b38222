"""The worker's blacklist search (public_foreign_parties) and the bans in force, against many foreign parties.

Fills a fresh SQLite database (or the PostgreSQL one named by --database, emptied first) with N foreign parties
(a fifth of them blacklisted, as the Philippines' list of principals with derogatory records is a few thousand
names against many more registered employers) and times the public search by a name typed loosely (on the
database's index of names, registry.foreign_index), and the list of bans in force. The rows go in by one bulk
INSERT, so the database's own triggers index them as they would any import. In process; the numbers are medians.

    .venv/bin/python bench/blacklist.py --parties 10000 50000 200000 --rounds 15
    .venv/bin/python bench/blacklist.py --parties 200000 --database postgresql+psycopg://postgres@127.0.0.1:5432/bench
"""
import argparse
import os
import random
import statistics
import tempfile
import time

import sqlalchemy as sa

from portal.app import create_app
from portal.database import utcnow
from portal.extensions import db
from registry.models import ForeignParty
from registry.services import bans_in_force, normalise, public_foreign_parties

WORDS = ("al noor household gulf bridge manpower desert rose palace villas family office trading contracting "
         "services hospitality cleaning qasr rimal oasis star crescent pearl najd doha emirates").split()
QUERIES = {"five words": "qasr al rimal family office", "typo": "qasr rimel", "one word": "manpower",
           "nothing": "zanzibar spice"}


def fill(parties: int) -> None:
    rng = random.Random(12)
    rows = []
    for n in range(parties):
        name = " ".join(rng.sample(WORDS, 3)).title() + f" {n}"
        blacklisted = n % 5 == 0
        rows.append({"kind": "employer", "name": name, "search_name": normalise(name), "public_id": f"bench{n}",
                     "country": rng.choice(["SA", "AE", "QA", "KW", "OM", "LB"]),
                     "registration_number": "", "address": "", "phone": "", "email": "",
                     "watchlist_status": "blacklisted" if blacklisted else "clear",
                     "watchlist_reason": "Wages unpaid" if blacklisted else "",
                     "watchlisted_since": utcnow() if blacklisted else None, "created_at": utcnow()})
    db.session.execute(sa.insert(ForeignParty), rows)
    db.session.commit()


def median_ms(action, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, nargs="+", default=[10000])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--database", default="", help="a PostgreSQL URL (emptied); SQLite in a temporary file if none")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    for parties in args.parties:
        with tempfile.TemporaryDirectory() as home:
            url = args.database or f"sqlite:///{home}/bench.sqlite3"
            app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                              "UPLOAD_FOLDER": home})
            with app.test_request_context():
                db.drop_all()
                db.create_all()
                fill(parties)
                for label, query in QUERIES.items():
                    found = public_foreign_parties(query)[1]
                    ms = median_ms(lambda q=query: public_foreign_parties(q), args.rounds)
                    print(f"{parties:>7} parties  {label:<11} {query!r:<30} {found:>4} found  {ms:8.1f} ms")
                print(f"{parties:>7} parties  bans in force {median_ms(bans_in_force, args.rounds):8.1f} ms")
                db.session.remove()
                db.drop_all()


if __name__ == "__main__":
    main()
