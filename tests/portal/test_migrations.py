"""The migrations build, from an empty database, exactly the schema the models describe."""
import importlib.util
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from grievances import recruiter_index
from portal.app import create_app, in_models
from portal.extensions import db
from registry import foreign_index, link_index, search_index

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
ROOT = Path(__file__).resolve().parents[2]
# The rewording migration's own pairs (old standard clause, new one): what the test feeds it.
_spec = importlib.util.spec_from_file_location("clause_counts", ROOT / "migrations/versions/0015_clause_counts.py")
_clause_counts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_clause_counts)
REWORDED = _clause_counts.REWORDED


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
            assert search_index.INDEX.missing(conn) == []
            assert recruiter_index.INDEX.missing(conn) == []
            assert foreign_index.INDEX.missing(conn) == []
            assert link_index.INDEX.missing(conn) == []
        db.engine.dispose()


def test_the_standard_clauses_are_reworded_to_count_in_every_language(tmp_path):
    """0015: an English clause still worded as the old standard text takes the new one (its numbers come with
    their nouns from plural messages); a clause the ministry wrote itself is left alone; downgrade restores."""
    url = "sqlite:///" + str(tmp_path / "clauses.sqlite3")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path / "i"), "SECRET_KEY": "x"})
    old, new = REWORDED[1]
    own = "Work is at most {hours_per_week} hours a week, as the ministry wrote it."
    bodies = sa.text("SELECT body FROM contract_template_clauses ORDER BY id")
    with app.app_context():
        upgrade(revision="0014_recruiter_index")
        with closing(sqlite3.connect(tmp_path / "clauses.sqlite3")) as plain, plain:  # no foreign keys: the
            plain.executemany("INSERT INTO contract_template_clauses (version_id, language, position, kind, "  # clauses
                              "heading, body) VALUES (1, ?, ?, 'standard', 'H', ?)",  # alone, without a template
                              [(language, position, body) for position, (language, body)
                               in enumerate([("en", old), ("en", own), ("sw", old)])])
        upgrade(revision="0015_clause_counts")
        with db.engine.connect() as conn:
            assert list(conn.scalars(bodies)) == [new, own, old]
        downgrade(revision="0014_recruiter_index")
        with db.engine.connect() as conn:
            assert list(conn.scalars(bodies)) == [old, own, old]
        db.engine.dispose()


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_the_blacklist_index_takes_in_the_parties_already_there(empty_database, tmp_path):
    """0017: the foreign parties recorded before it get their normalised names and are found by the search."""
    from registry.services import public_foreign_parties

    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database, "INSTANCE_PATH": str(tmp_path / "i"),
                      "SECRET_KEY": "x"})
    with app.test_request_context():
        upgrade(revision="0016_public_ids")
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO foreign_parties (public_id, kind, name, country, registration_number, address, phone, "
                "email, watchlist_status, watchlist_reason, created_at) VALUES ('p1', 'employer', "
                "'Qasr Al-Rimal Family Office', 'SA', '', '', '', '', 'blacklisted', 'Wages unpaid', "
                "'2026-12-01 00:00:00')"))
        upgrade()
        parties, total = public_foreign_parties("qasr rimel")
        assert [p.name for p in parties] == ["Qasr Al-Rimal Family Office"] and total == 1
        assert parties[0].search_name == "qasr al rimal family office"
        db.session.remove()
        downgrade(revision="0016_public_ids")
        with db.engine.connect() as conn:
            assert "foreign_party_words" not in sa.inspect(conn).get_table_names()
        downgrade(revision="base", x_arg=["force=yes"])
        db.engine.dispose()


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_the_link_keys_of_the_agencies_already_there_are_written(empty_database, tmp_path):
    """0019: agencies recorded before it get their keys (normalised as the links compare), and a misspelt person
    finds them through the index of people's name words."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database, "INSTANCE_PATH": str(tmp_path / "i"),
                      "SECRET_KEY": "x"})
    keys = sa.text("SELECT kind, key FROM agency_keys ORDER BY kind, key")
    with app.test_request_context():
        upgrade(revision="0018_search_words_gist")
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO agencies (public_id, legal_name, trading_names, registration_number, address, phone, "
                "email, destinations, sectors, complaints_officer_name, complaints_officer_phone, "
                "complaints_officer_email, search_names, review_flag, review_flag_reason, public_version, created_at, "
                "updated_at) VALUES ('a1', 'Bidii Njema Ltd', '[]', 'reg 12/3', 'Plot 9, Jinja Road', '0772 480116', "
                "'Info@Bidii.Example', '[]', '[]', '', '', '', 'bidii njema ltd', false, '', 0, '2026-12-01 00:00:00', "
                "'2026-12-01 00:00:00')"))
            agency_id = conn.scalar(sa.text("SELECT id FROM agencies"))
            conn.execute(sa.text(
                "INSERT INTO agency_people (public_id, agency_id, role, name, nationality, id_number, "
                "police_clearance_ref, vetting_status, vetting_note) VALUES ('p1', :agency, 'director', "
                "'Joseph Mwangi', 'KE', 'cm 8800-4412/7', '', 'pending', '')"), {"agency": agency_id})
        upgrade()
        with db.engine.connect() as conn:
            assert list(conn.execute(keys)) == [
                ("address", "plot 9 jinja road"), ("email", "info@bidii.example"), ("person_id", "CM880044127"),
                ("person_word", "joseph"), ("person_word", "mwangi"), ("phone", "+256772480116"),
                ("registration", "REG123")]
        from registry.services.links import _person_words_like
        assert "joseph" in _person_words_like("josef")
        db.session.remove()
        downgrade(revision="0018_search_words_gist")
        with db.engine.connect() as conn:
            assert "agency_keys" not in sa.inspect(conn).get_table_names()
        downgrade(revision="base", x_arg=["force=yes"])
        db.engine.dispose()
