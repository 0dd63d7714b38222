"""/metrics in Prometheus' text format and /ready. Request latency per endpoint is measured in each process
(set PROMETHEUS_MULTIPROC_DIR to add up gunicorn's workers); the figures of the work itself (grievances
filed, open and overdue, escalations, licence decisions, job runs) are counted from the database when
scraped, so every worker answers the same. Answered to loopback clients and to requests bearing
PORTAL_METRICS_TOKEN; 404 to everyone else."""
import hmac
import os
import time

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, g, request
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from grievances.models import OPEN_STATUSES, Escalation, Grievance
from grievances.services.deadlines import overdue_clause
from portal.extensions import db
from portal.models import JobRun
from registry.models import LicenceEvent

bp = Blueprint("metrics", __name__)
LOOPBACK = {"127.0.0.1", "::1"}
REQUEST_SECONDS = Histogram("portal_request_seconds", "Time to answer a request, by endpoint",
                            ["endpoint", "method"], buckets=(.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))


def start_timer() -> None:
    g.metrics_started = time.perf_counter()


def observe(response):
    """After each request: its latency under its endpoint (never its path)."""
    started = g.get("metrics_started")
    if started is not None and request.endpoint not in (None, "static", "metrics.metrics"):
        REQUEST_SECONDS.labels(request.endpoint, request.method).observe(time.perf_counter() - started)
    return response


class WorkCollector:
    """The portal's work, counted from the database at each scrape."""

    def collect(self):
        count = sa.func.count()
        filed = CounterMetricFamily("portal_grievances_filed", "Grievances filed")
        filed.add_metric([], db.session.scalar(sa.select(count).select_from(Grievance)))
        yield filed
        state = GaugeMetricFamily("portal_grievances", "Grievances by state", labels=["state"])
        state.add_metric(["open"], db.session.scalar(sa.select(count).select_from(Grievance)
                                                     .where(Grievance.status.in_(OPEN_STATUSES))))
        state.add_metric(["overdue"], db.session.scalar(sa.select(count).select_from(Grievance)
                                                        .where(overdue_clause())))
        yield state
        escalations = CounterMetricFamily("portal_escalations", "Missed deadlines escalated")
        escalations.add_metric([], db.session.scalar(sa.select(count).select_from(Escalation)))
        yield escalations
        decisions = CounterMetricFamily("portal_licence_decisions", "Licence decisions", labels=["action"])
        for action, n in db.session.execute(sa.select(LicenceEvent.action, count).group_by(LicenceEvent.action)):
            decisions.add_metric([str(action.value)], n)
        yield decisions
        runs = CounterMetricFamily("portal_job_runs", "Scheduled job runs", labels=["job", "outcome"])
        outcome = sa.case((JobRun.error == "", "ok"), else_="failed")
        for job, result, n in db.session.execute(sa.select(JobRun.job, outcome, count).group_by(JobRun.job, outcome)):
            runs.add_metric([job, result], n)
        yield runs


def _allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN") or ""
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return request.remote_addr in LOOPBACK or bool(token and hmac.compare_digest(offered, token))


@bp.get("/metrics")
def metrics():
    """Prometheus text format; 404 unless asked from this machine or with the metrics token."""
    if not _allowed():
        abort(404)
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_SECONDS)
    registry.register(WorkCollector())
    return Response(generate_latest(registry), mimetype="text/plain; version=0.0.4",
                    headers={"Cache-Control": "no-store"})


@bp.get("/ready")
def ready():
    """Ready for traffic: the database answers (GET /health stays trivial)."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return "database unavailable", 503, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
    return "ready", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
