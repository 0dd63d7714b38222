"""The scheduler that `flask jobs run` keeps going beside gunicorn (no cron needed): licence expiry daily,
grievance escalation every 15 minutes, the audit chain's verification every hour (its result kept in audit_checks
for the audit page), each run recorded in job_runs (start, end, count, error). The jobs
are idempotent and commit in batches, so a second scheduler or a cron line beside it does no harm."""
import logging
import time
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from grievances.cli import escalate_job
from portal import audit
from portal.database import utcnow
from portal.extensions import db
from portal.models import JobRun
from portal.text import _l
from registry.cli import expire_job

log = logging.getLogger("portal")


@dataclass(frozen=True)
class Job:
    name: str
    title: object  # what officials read
    every: timedelta
    run: object  # a function returning how many things it did


JOBS = (
    Job("licence_expiry", _l("Licence expiry"), timedelta(days=1), expire_job),
    Job("grievance_escalation", _l("Grievance escalation"), timedelta(minutes=15), escalate_job),
    Job("audit_verification", _l("Audit chain verification"), audit.CHECK_EVERY, audit.verification_job),
)


def last_run(job: Job) -> JobRun | None:
    return db.session.scalar(sa.select(JobRun).where(JobRun.job == job.name).order_by(JobRun.started_at.desc(),
                                                                                       JobRun.id.desc()).limit(1))


def is_due(job: Job, now: datetime) -> bool:
    last = last_run(job)
    return last is None or last.started_at + job.every <= now


def is_late(job: Job, now: datetime) -> bool:
    """No successful run within twice the job's interval (or never): officials are warned."""
    last_ok = db.session.scalar(sa.select(sa.func.max(JobRun.finished_at)).where(
        JobRun.job == job.name, JobRun.error == "", JobRun.finished_at.is_not(None)))
    return last_ok is None or last_ok + 2 * job.every < now


def run_job(job: Job) -> JobRun:
    """Run the job once and record it; an error is recorded and logged, never raised."""
    record = JobRun(job=job.name, started_at=utcnow())
    db.session.add(record)
    db.session.commit()
    try:
        record.done = job.run()
    except Exception as error:  # noqa: BLE001 - recorded, and the scheduler goes on
        db.session.rollback()
        record.error = "".join(traceback.format_exception_only(error)).strip()[:2000]
        log.error("job failed", exc_info=error, extra={"event": "job", "job": job.name})
    record.finished_at = utcnow()
    db.session.commit()
    log.info("job run", extra={"event": "job", "job": job.name, "done": record.done, "failed": bool(record.error)})
    return record


def run_due(now: datetime | None = None) -> list[JobRun]:
    """Run every job that is due now."""
    now = now or utcnow()
    return [run_job(job) for job in JOBS if is_due(job, now)]


def run_forever(tick_seconds: float = 30) -> None:
    """Check every tick which jobs are due and run them, until stopped."""
    while True:
        run_due()
        db.session.remove()
        time.sleep(tick_seconds)


def jobs_status(now: datetime | None = None) -> list[dict]:
    """For officials' home: each job, its last run and whether it is late."""
    now = now or utcnow()
    return [{"job": job, "last": last_run(job), "late": is_late(job, now)} for job in JOBS]


jobs_cli = click.Group("jobs", help="Scheduled jobs (licence expiry, grievance escalation, audit verification).")


@jobs_cli.command("run")
@click.option("--once", is_flag=True, help="Run the jobs that are due, then stop (for cron or a test).")
@click.option("--tick", default=30.0, help="Seconds between checks.")
@with_appcontext
def run_command(once, tick):
    """Keep running the scheduled jobs when they are due (make run starts it beside gunicorn)."""
    if once:
        for record in run_due():
            click.echo(f"{record.job}: {'failed: ' + record.error if record.error else f'{record.done} done'}")
        return
    click.echo("Scheduler started: " + ", ".join(f"{job.name} every {job.every}" for job in JOBS))
    run_forever(tick)


@jobs_cli.command("status")
@with_appcontext
def status_command():
    """When each job last ran, and whether it is late."""
    for row in jobs_status():
        last = row["last"]
        when = last.started_at.isoformat(timespec="minutes") if last else "never"
        click.echo(f"{row['job'].name}\t{when}\t{'LATE' if row['late'] else 'on time'}")
