"""flask registry ...: scheduled registry jobs."""
import click
from flask.cli import with_appcontext

from portal.extensions import db
from registry.services import expire_licences

registry_cli = click.Group("registry", help="Registry jobs.")


@registry_cli.command("expire")
@with_appcontext
def expire_command():
    """Record the expiry of every licence whose validity has passed (safe to run daily)."""
    expired = expire_licences()
    db.session.commit()
    click.echo(f"{len(expired)} licence(s) recorded as expired.")
