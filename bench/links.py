"""Benchmark: phoenix-firm matching (registry.services.agency_links) on filled databases (bench/fill.py), in process.

Run: .venv/bin/python bench/links.py DATABASE_URL [DATABASE_URL ...] [--agencies 20] [--compare]
For each database: p50 and p95 in ms of agency_links() for --agencies agencies taken at random (seed 12), and how
many agencies were read and linked. With --compare, the same links are also found the former way (every agency
loaded and compared with the same rules) and both are timed and checked equal.
"""
import argparse
import random
import statistics
import time

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.app import create_app
from portal.extensions import db
from registry.models import Agency, Licence
from registry.services import agency_links
from registry.services import links as links_module


def every_other(agency: Agency) -> list[Agency]:
    """The former candidates: every other agency, with its licence and people."""
    return list(db.session.scalars(
        sa.select(Agency).where(Agency.id != agency.id)
        .options(selectinload(Agency.people), selectinload(Agency.licence).selectinload(Licence.events))))


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def found(links) -> set:
    return {(link.agency.id, str(shared)) for link in links for shared in link.shared}


def run(url: str, count: int, compare: bool) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.test_request_context():
        ids = sorted(db.session.scalars(sa.select(Agency.id)))
        chosen = random.Random(12).sample(ids, min(count, len(ids)))
        new, old, read, linked, differ = [], [], [], [], 0
        for agency_id in chosen:
            db.session.expire_all()
            agency = db.session.get(Agency, agency_id)
            ms, links = timed(lambda a=agency: agency_links(a))
            new.append(ms)
            read.append(len(links_module._candidate_ids(agency)))
            linked.append(len(links))
            if compare:
                db.session.expire_all()
                agency = db.session.get(Agency, agency_id)
                original = links_module._candidates
                links_module._candidates = every_other
                try:
                    ms, former = timed(lambda a=agency: agency_links(a))
                finally:
                    links_module._candidates = original
                old.append(ms)
                differ += found(former) != found(links)
            db.session.rollback()
        p = lambda xs, q: statistics.quantiles(xs, n=20)[q] if len(xs) > 1 else xs[0]  # noqa: E731
        print(f"{len(ids):>8} agencies  index: p50 {statistics.median(new):8.1f} ms  p95 {p(new, 18):8.1f} ms  "
              f"agencies read {statistics.mean(read):6.1f} on average, linked {statistics.mean(linked):4.1f}")
        if compare:
            print(f"{len(ids):>8} agencies  every agency compared: p50 {statistics.median(old):8.1f} ms  "
                  f"p95 {p(old, 18):8.1f} ms  results differ for {differ} of {len(chosen)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url", nargs="+")
    parser.add_argument("--agencies", type=int, default=20)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    for url in args.database_url:
        run(url, args.agencies, args.compare)


if __name__ == "__main__":
    main()
