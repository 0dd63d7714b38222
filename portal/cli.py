"""Command-line tools of the shell: users, audit, demo data. (Each domain adds its own jobs.)"""
import sys

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from portal import audit, demo
from portal.auth import create_user
from portal.errors import DomainError
from portal.extensions import db
from portal.models import Role, User
from registry.services import agency_by_licence_number

users_cli = click.Group("users", help="Manage accounts.")
audit_cli = click.Group("audit", help="Check the audit log.")
demo_cli = click.Group("demo", help="Fictional demonstration data.")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\n")


@users_cli.command("create")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
@click.option("--agency", "licence_number", help="Licence number of the agency (agency representatives).")
@click.option("--name", default="", help="The person's name.")
@with_appcontext
def create_user_command(email, role, licence_number, name):
    """Create an account; the password is asked for, or read from stdin when not a terminal."""
    agency_id = None
    if licence_number:
        agency = agency_by_licence_number(licence_number)
        if agency is None:
            raise click.ClickException(f"No agency holds licence {licence_number}.")
        agency_id = agency.id
    try:
        user = create_user(email, _read_password(), Role(role), agency_id=agency_id, name=name)
        audit.record("user.create", user, role=role)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from error
    click.echo(f"Created {user.email} ({user.role}).")


@audit_cli.command("verify")
@with_appcontext
def verify_command():
    """Recompute the hash chain; exit 1 if any entry was edited or deleted."""
    result = audit.verify()
    if not result.ok:
        raise click.ClickException(
            f"Audit log broken at entry {result.broken_at}: {result.problem} ({result.checked} entries read)."
        )
    click.echo(f"Audit log intact: {result.checked} entries, head {result.head}.")


@audit_cli.command("seal-legacy")
@with_appcontext
def seal_legacy_command():
    """Once after upgrading: check the old unkeyed chain, then seal it with the audit key."""
    try:
        count = audit.seal_legacy_chain()
    except ValueError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Sealed {count} entries with the audit key.")


@demo_cli.command("load")
@with_appcontext
def load_demo_command():
    """Load fictional agencies, officials and cases, only when the database holds no users."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(User)):
        click.echo("The database already holds data; demo data not loaded.")
    else:
        demo.load()
        db.session.commit()
    click.echo(demo.logins_text())
