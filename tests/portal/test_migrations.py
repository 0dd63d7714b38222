"""The migrations build, from an empty database, exactly the schema the models describe."""
import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from grievances import recruiter_index
from portal.app import create_app, in_models
from portal.extensions import db
from registry import search_index

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def _fresh_postgres() -> str:
    """A database of its own for the migration run (named after the test database, so that two runs on
    two test databases never meet), dropped and created anew."""
    url = sa.engine.make_url(PG_URL)
    name = f"{url.database}_migration"
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _targets(tmp_path):
    yield "sqlite", "sqlite:///" + str(tmp_path / "migrated.sqlite3")
    if PG_URL.startswith("postgresql"):
        yield "postgresql", _fresh_postgres()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    urls = dict(_targets(tmp_path))
    if request.param not in urls:
        pytest.skip("PostgreSQL runs only when TEST_DATABASE_URL points at one")
    return urls[request.param]


def _schema_differences(app) -> list:
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": in_models})
        return compare_metadata(context, db.metadata)


# SQLite's reflection cannot read the search index's expression indexes (registry.search_index), which
# the comparison leaves out anyway.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_upgrade_from_empty_matches_models(empty_database, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database, "INSTANCE_PATH": str(tmp_path / "i"),
                      "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
    assert _schema_differences(app) == []
    with app.app_context():
        downgrade(revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        db.engine.dispose()


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_downgrading_a_database_holding_data_to_base_is_refused(tmp_path):
    """Downgrading to base drops every table: refused while they hold data, unless forced."""
    url = "sqlite:///" + str(tmp_path / "kept.sqlite3")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path / "i"), "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO job_runs (job, started_at, error) "
                                 "VALUES ('licence_expiry', '2026-12-01 00:00:00', '')"))
        with pytest.raises(SystemExit, match="holds data"):
            downgrade(revision="base")
        assert "job_runs" in sa.inspect(db.engine).get_table_names()
        downgrade(revision="base", x_arg=["force=yes"])
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        db.engine.dispose()


def test_the_search_index_survives_every_migration(empty_database, tmp_path):
    """A later migration that rebuilds the agencies table (SQLite's batch mode) would drop its triggers:
    the index the database keeps for search must still be whole at the head."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database, "INSTANCE_PATH": str(tmp_path / "i"),
                      "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            assert search_index.missing(conn) == []
            assert recruiter_index.missing(conn) == []
        db.engine.dispose()
