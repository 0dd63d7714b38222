"""Command-line tools of the shell: users, audit, demo data. (Each domain adds its own jobs.)"""
import sys

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from portal import accounts, audit, demo
from portal.accounts import Duties
from portal.auth import create_user
from portal.countries import parse_country_codes
from portal.errors import DomainError
from portal.extensions import db
from portal.links import public_url
from portal.models import Role, User
from registry.services import agency_by_licence_number

ROLES = click.Choice([r.value for r in Role])
REASON = click.option("--reason", required=True, help="Why (kept in the audit log).")

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


def _account(email: str) -> User:
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account has the email {email}.")
    return user


def _apply(action):
    """Run an account change and commit, or roll back and say why."""
    try:
        result = action()
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(" ".join(str(m) for m in error.messages)) from error
    return result


def _agency_id(licence_number: str | None) -> int | None:
    if not licence_number:
        return None
    agency = agency_by_licence_number(licence_number)
    if agency is None:
        raise click.ClickException(f"No agency holds licence {licence_number}.")
    return agency.id


@users_cli.command("list")
@click.option("--role", type=ROLES, default=None)
@click.option("--status", type=click.Choice(["active", "deactivated"]), default=None)
@click.argument("search", default="")
@with_appcontext
def list_users_command(role, status, search):
    """Every account: email, role, status, last sign-in."""
    for user in accounts.accounts(search, role or "", status or ""):
        extra = " attaché:" + user.attache_countries if user.attache_countries else ""
        extra += " supervisor" if user.is_supervisor else ""
        last = user.last_login_at.isoformat(timespec="minutes") if user.last_login_at else "never"
        click.echo(f"{user.email}\t{user.role.value}{extra}\t{'active' if user.active else 'deactivated'}\t{last}")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLES)
@click.option("--agency", "licence_number", help="Licence number of the agency (agency representatives).")
@click.option("--countries", default="", help="Destination countries of an attaché, e.g. SA,AE.")
@click.option("--supervisor/--no-supervisor", default=False)
@REASON
@with_appcontext
def set_role_command(email, role, licence_number, countries, supervisor, reason):
    """Change an account's role (and agency, countries, supervision); its sessions end."""
    user = _account(email)
    try:
        codes = ",".join(parse_country_codes(countries))
    except ValueError as error:
        raise click.ClickException(f"Not country codes: {error}") from error
    duties = Duties(Role(role), _agency_id(licence_number), codes, supervisor)
    _apply(lambda: accounts.change_duties(None, user, duties, reason))
    click.echo(f"{user.email} is now {role}.")


@users_cli.command("deactivate")
@click.argument("email")
@REASON
@with_appcontext
def deactivate_command(email, reason):
    """Deactivate an account: it cannot sign in and its sessions end at once."""
    user = _account(email)
    _apply(lambda: accounts.deactivate(None, user, reason))
    click.echo(f"{user.email} is deactivated.")


@users_cli.command("reactivate")
@click.argument("email")
@REASON
@with_appcontext
def reactivate_command(email, reason):
    """Let a deactivated account sign in again."""
    user = _account(email)
    _apply(lambda: accounts.reactivate(None, user, reason))
    click.echo(f"{user.email} is active again.")


@users_cli.command("reset-password")
@click.argument("email")
@REASON
@with_appcontext
def reset_password_command(email, reason):
    """End the password and every session of an account; print a one-time set-password link."""
    user = _account(email)
    token = _apply(lambda: accounts.reset_password(None, user, reason))
    with current_app.test_request_context():
        click.echo(public_url("portal.set_password", token=token))


@audit_cli.command("verify")
@with_appcontext
def verify_command():
    """Recompute the hash chain and keep the result (the audit page shows it, as the scheduler's); exit 1 if any
    entry was edited or deleted."""
    result = audit.check_chain()
    db.session.commit()
    if not result.ok:
        raise click.ClickException(
            f"Audit log broken at entry {result.broken_at}: {result.problem} ({result.entries} entries read)."
        )
    click.echo(f"Audit log intact: {result.entries} entries, head {result.head}.")


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
