"""Fixtures: one app per session on SQLite (or TEST_DATABASE_URL), emptied after every test; the makers
of tests/factories.py."""
import os
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from portal import auth
from portal.app import create_app
from portal.extensions import cache, db, limiter
from portal.models import Role, User
from tests import factories
from tests.factories import PASSWORD

# Tests hash passwords with argon2id at its lowest cost: the production cost (over a second per sign-in on
# a busy 2-core machine) dominated the suite. The application itself keeps the library's parameters.
auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def database_url(tmp_path_factory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    app = create_app({
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory),
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret",
        "PUBLIC_BASE_URL": "http://portal.test",
        "REQUIRE_2FA": False,  # tests/portal/test_two_factor.py turns it on
    })
    with app.app_context():
        _reset_schema()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _reset_schema() -> None:
    """Start from nothing: on PostgreSQL drop whatever an earlier run or another branch left."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    else:
        db.drop_all()


def _empty_tables() -> None:
    tables = db.metadata.sorted_tables
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(t.name for t in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(autouse=True)
def _clean(app):
    with app.app_context():
        yield
        db.session.rollback()
        _empty_tables()
        db.session.remove()
        Path(app.config["AUDIT_CHECKPOINT_FILE"]).unlink(missing_ok=True)  # the log's anchor goes with it
        cache.clear()  # the response cache too
    limiter.reset()


@pytest.fixture
def other_app(app):
    """other_app(**overrides): a second app on the same database (e.g. with CSRF on), closed after the test."""
    made = []

    def make(**overrides):
        config = {key: app.config[key] for key in ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY",
                                                   "WTF_CSRF_ENABLED", "PUBLIC_BASE_URL", "REQUIRE_2FA")}
        made.append(create_app(config | {"INSTANCE_PATH": app.instance_path} | overrides))
        return made[-1]

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user():
    """make_user(role, email=..., agency=...) -> a saved account whose password is PASSWORD."""
    return factories.make_user


@pytest.fixture
def officer():
    return factories.make_user(Role.LICENSING_OFFICER, email="officer@ministry.test")


@pytest.fixture
def make_agency(officer):
    """make_agency(name, status=...) -> an agency taken through the real lifecycle to that status."""
    return partial(factories.make_agency, officer)


@pytest.fixture
def login(client):
    """login(user) logs the test client in through the real form."""

    def do(user: User):
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do


@pytest.fixture
def queries(app):
    """with queries() as run: ... -> run holds the SQL statements sent to the database meanwhile."""

    @contextmanager
    def counting():
        run: list[str] = []

        def count(conn, cursor, statement, *args):
            run.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            yield run
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)

    return counting
