"""flask registry ...: scheduled registry jobs."""
import click
from flask.cli import with_appcontext

from portal.jobs import BATCH_SIZE, run_in_batches
from registry.services import expire_licences

registry_cli = click.Group("registry", help="Registry jobs.")


def expire_job() -> int:
    """Record every expiry due, a batch per transaction; how many licences expired."""

    def step(after_id: int):
        expired = expire_licences(after_id=after_id, limit=BATCH_SIZE)
        return len(expired), (expired[-1].id if expired else None)

    return run_in_batches(step)


@registry_cli.command("expire")
@with_appcontext
def expire_command():
    """Record the expiry of every licence whose validity has passed (safe to run daily, or twice at once)."""
    click.echo(f"{expire_job()} licence(s) recorded as expired.")
