"""Benchmark: the public agency profile served from the response cache, in process with Flask's test client.

Run: .venv/bin/python bench/profiles.py DATABASE_URL [DATABASE_URL ...] [--redis redis://127.0.0.1:6379/11]
                                       [--requests 500]
For each database: once with the in-process cache (SimpleCache: the database stamp on every request) and, with
--redis, once with Redis (generations: no SQL on a hit). For /health, the profile JSON and the profile HTML:
median and p95 in ms over --requests requests after one warming request, SQL statements per request, and each
profile's median as a ratio of /health's (its rate would be the inverse). The Redis database given is FLUSHED.
"""
import argparse
import statistics
import time

import redis
import sqlalchemy as sa

from portal.app import create_app
from portal.extensions import db
from registry.models import Agency, Licence, LicenceStatus


def profiled() -> tuple[str, str]:
    """The public id and licence number of a licensed agency (the newest)."""
    return db.session.execute(sa.select(Agency.public_id, Licence.number).join(Licence)
                              .where(Licence.status == LicenceStatus.LICENSED)
                              .order_by(Licence.id.desc()).limit(1)).one()


def measure(app, url: str, requests: int) -> tuple[float, float, float]:
    """Median and p95 in ms, and SQL statements per request."""
    client = app.test_client()
    assert client.get(url).status_code == 200, url
    statements = []
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", lambda *args: statements.append(1))
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(statements) / requests


def run(url: str, cache: dict, requests: int) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-secret", **cache})
    with app.app_context():
        public_id, number = profiled()
    health = None
    for name, path in [("/health", "/health"), ("profile JSON", f"/api/v1/agencies/{number}"),
                       ("profile HTML", f"/agencies/{public_id}")]:
        median, p95, sql = measure(app, path, requests)
        health = health or median
        print(f"| {name} | {median:.2f} | {p95:.2f} | {sql:g} | {health / median:.2f} × |")
    with app.app_context():
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--redis", help="a Redis database to use (flushed first)")
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    for url in args.urls:
        caches = [("in-process cache (database stamp)", {"CACHE_TYPE": "SimpleCache"})]
        if args.redis:
            caches.append(("Redis (generations)", {"CACHE_REDIS_URL": args.redis}))
        for label, cache in caches:
            if "CACHE_REDIS_URL" in cache:
                redis.Redis.from_url(args.redis).flushdb()
            print(f"\n{url.split('@')[-1]}, {label}\n\n| endpoint | median ms | p95 ms | SQL a request | "
                  "ratio to /health |\n| --- | ---: | ---: | ---: | ---: |")
            run(url, cache, args.requests)


if __name__ == "__main__":
    main()
