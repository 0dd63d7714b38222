"""flask grievances ...: scheduled grievance jobs."""
import click
from flask.cli import with_appcontext

from grievances.services import escalate_overdue
from portal.extensions import db

grievances_cli = click.Group("grievances", help="Grievance jobs.")


@grievances_cli.command("escalate")
@with_appcontext
def escalate_command():
    """Escalate cases past a deadline to a supervisor, once per case and deadline (safe to run twice)."""
    done = escalate_overdue()
    db.session.commit()
    click.echo(f"{len(done)} missed deadline(s) escalated.")
