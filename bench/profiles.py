"""Benchmark: the public agency profile served from the response cache, in process with Flask's test client.

Run: .venv/bin/python bench/profiles.py DATABASE_URL [DATABASE_URL ...] [--redis redis://127.0.0.1:6379/11]
                                       [--requests 500]
For each database: once with the in-process cache (SimpleCache: the database stamp on every request) and, with
--redis, once with Redis (generations: no SQL on a hit). For /health, the profile JSON and the profile HTML:
median and p95 in ms over --requests requests each after one warming request (the endpoints take turns), the
process's CPU ms a request, SQL statements per request, and /health's median over each one's (the ratio of their
rates, one request at a time).
"""
import argparse
import statistics
import time

import sqlalchemy as sa

from portal.app import create_app
from portal.extensions import db
from registry.models import Agency, Licence, LicenceStatus


def profiled() -> tuple[str, str]:
    """The public id and licence number of a licensed agency (the newest)."""
    return db.session.execute(sa.select(Agency.public_id, Licence.number).join(Licence)
                              .where(Licence.status == LicenceStatus.LICENSED)
                              .order_by(Licence.id.desc()).limit(1)).one()


def measure(app, urls: list[str], requests: int) -> list[tuple[float, float, float, float]]:
    """For each url: median and p95 in ms, this process's mean CPU time in ms (what a busy machine's other work
    does not add to), and SQL statements per request. The urls take turns, so that a machine
    busier at one moment than another weighs on each alike."""
    client = app.test_client()
    for url in urls:
        assert client.get(url).status_code == 200, url  # nosec B101 - a benchmark's own check
    with app.app_context():
        engine = db.engine
    timings = {url: [] for url in urls}
    cpu_times = {url: [] for url in urls}
    statements = dict.fromkeys(urls, 0)
    current = [urls[0]]

    def count(*args):
        statements[current[0]] += 1

    sa.event.listen(engine, "before_cursor_execute", count)
    for _ in range(requests):
        for url in urls:
            current[0] = url
            start, cpu = time.perf_counter(), time.process_time()
            client.get(url)
            timings[url].append((time.perf_counter() - start) * 1000)
            cpu_times[url].append((time.process_time() - cpu) * 1000)
    sa.event.remove(engine, "before_cursor_execute", count)
    figures = []
    for url in urls:
        ordered = sorted(timings[url])
        figures.append((statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1],
                        statistics.mean(cpu_times[url]), statements[url] / requests))
    return figures


def run(url: str, cache: dict, requests: int) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-secret", **cache})  # nosec B105
    with app.app_context():
        public_id, number = profiled()
    names = ["/health", "profile JSON", "profile HTML"]
    figures = measure(app, ["/health", f"/api/v1/agencies/{number}", f"/agencies/{public_id}"], requests)
    health = figures[0][0]
    for name, (median, p95, cpu, sql) in zip(names, figures, strict=True):
        print(f"| {name} | {median:.2f} | {p95:.2f} | {cpu:.2f} | {sql:g} | {health / median:.2f} |")
    with app.app_context():
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--redis", help="a Redis database for the cache, e.g. redis://127.0.0.1:6379/11")
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    for url in args.urls:
        caches = [("in-process cache (database stamp)", {"CACHE_TYPE": "SimpleCache"})]
        if args.redis:
            caches.append(("Redis (generations)", {"CACHE_REDIS_URL": args.redis}))
        for label, cache in caches:
            print(f"\n{url.split('@')[-1]}, {label}\n\n| endpoint | median ms | p95 ms | CPU ms | SQL a request | "
                  "/health's median over its |\n| --- | ---: | ---: | ---: | ---: | ---: |")
            run(url, cache, args.requests)


if __name__ == "__main__":
    main()
