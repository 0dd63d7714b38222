"""Alembic environment: the Flask app's engine and metadata (Flask-SQLAlchemy 3)."""
import logging
from logging.config import fileConfig

import sqlalchemy as sa
from alembic import context
from flask import current_app

config = context.config
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
config.set_main_option("sqlalchemy.url", target_db.engine.url.render_as_string(hide_password=False).replace("%", "%%"))


def get_metadata():
    return target_db.metadata


def run_migrations_offline():
    """Emit SQL to the script output instead of running it."""
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=get_metadata(),
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


RECORDS = ("users", "agencies", "contracts", "grievances", "audit_entries", "job_runs")


def refuse_to_drop_data(connection):
    """`flask db downgrade base` drops every table: refuse while they hold data, unless forced after a backup."""
    try:
        destination = context.get_revision_argument()  # None means base
    except KeyError:  # a command without a destination (current, history)
        return
    if destination is not None or "force=yes" in context.get_x_argument():
        return
    present = set(sa.inspect(connection).get_table_names())
    tables = [name for name in RECORDS if name in present]  # not the rows migrations seed
    holds_data = any(connection.execute(sa.text(f'SELECT 1 FROM "{name}" LIMIT 1')).first()  # nosec B608
                     for name in tables)
    connection.rollback()  # end the reading transaction: the migrations begin their own
    if holds_data:
        raise SystemExit("The database holds data and downgrading to base drops every table. Take a backup "
                         "first (flask backup create PATH), then run: flask db downgrade --x-arg force=yes base")


def run_migrations_online():
    """Run the migrations on the app's database."""

    def process_revision_directives(context, revision, directives):
        # no empty revision when autogenerate finds no change
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    with target_db.engine.connect() as connection:
        refuse_to_drop_data(connection)
        context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
