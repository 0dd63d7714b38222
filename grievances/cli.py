"""flask grievances ...: scheduled grievance jobs."""
import click
from flask.cli import with_appcontext

from grievances.models import DeadlineKind
from grievances.services import escalate_missed
from portal.database import utcnow
from portal.jobs import BATCH_SIZE, run_in_batches

grievances_cli = click.Group("grievances", help="Grievance jobs.")


def escalate_job() -> int:
    """Escalate every missed deadline, a batch of cases per transaction; how many escalations."""
    now = utcnow()
    total = 0
    for kind in DeadlineKind:
        total += run_in_batches(lambda after_id, kind=kind: _count(
            escalate_missed(kind, now, after_id=after_id, limit=BATCH_SIZE)))
    return total


def _count(result):
    escalations, last = result
    return len(escalations), last


@grievances_cli.command("escalate")
@with_appcontext
def escalate_command():
    """Escalate cases past a deadline to a supervisor, once per case and deadline (safe to run twice)."""
    click.echo(f"{escalate_job()} missed deadline(s) escalated.")
