"""Fixtures: one app per session on SQLite (or TEST_DATABASE_URL), emptied after every test."""
import os
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.app import create_app
from portal.auth import create_user
from portal.extensions import db, limiter
from portal.models import Role, User
from registry import services as registry
from registry.models import LicenceAction, LicenceStatus, PersonRole, VettingStatus

PASSWORD = "correct horse battery"


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
    limiter.reset()


@pytest.fixture
def other_app(app):
    """other_app(**overrides): a second app on the same database (e.g. with CSRF on), closed after the test."""
    made = []

    def make(**overrides):
        config = {key: app.config[key] for key in ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY",
                                                   "WTF_CSRF_ENABLED", "PUBLIC_BASE_URL")}
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
    counter = iter(range(1, 10_000))

    def make(role: Role | str = Role.LICENSING_OFFICER, email: str | None = None, agency=None, **fields) -> User:
        role = Role(role)
        email = email or f"{role.value}{next(counter)}@ministry.test"
        user = create_user(email, PASSWORD, role, agency_id=agency.id if agency else None)
        for key, value in fields.items():
            setattr(user, key, value)
        db.session.commit()
        return user

    return make


@pytest.fixture
def officer(make_user):
    return make_user(Role.LICENSING_OFFICER, email="officer@ministry.test")


@pytest.fixture
def make_agency(officer):
    """make_agency(name, status=...) -> an agency taken through the real lifecycle to that status."""
    counter = iter(range(1, 10_000))

    def make(legal_name: str = "Pearl Horizon Recruitment Ltd", status: str = "licensed", *,
             destinations=("SA", "AE"), sectors=("domestic_work",), trading_names=(), valid_until=None,
             **fields) -> "registry.Agency":
        n = next(counter)
        agency = registry.create_agency(
            None, legal_name=legal_name, trading_names=list(trading_names),
            registration_number=fields.pop("registration_number", f"REG-{n:05d}"),
            destinations=list(destinations), sectors=list(sectors), address="Plot 1, Kampala Road",
            phone="+256700000000", email=f"info{n}@agency.test", **fields,
        )
        if status in ("application", "pending"):
            db.session.commit()
            return agency
        registry.add_person(agency, role=PersonRole.DIRECTOR, name="Amina Nakato", nationality="UG",
                            id_number=f"CM{n:08d}", police_clearance_ref=f"PC-{n}")
        for person in agency.people:
            registry.vet_person(person, VettingStatus.VETTED, "clear", officer)
        registry.lodge_guarantee(agency, officer, verified=True, amount=Decimal("50000"), currency="USD",
                                 bank="Fictional Bank", reference=f"BG-{n}",
                                 expires_on=date.today() + timedelta(days=800))
        steps = {
            "under_review": [LicenceAction.START_REVIEW],
            "licensed": [LicenceAction.START_REVIEW, LicenceAction.ISSUE],
            "suspended": [LicenceAction.START_REVIEW, LicenceAction.ISSUE, LicenceAction.SUSPEND],
            "revoked": [LicenceAction.START_REVIEW, LicenceAction.ISSUE, LicenceAction.REVOKE],
            "rejected": [LicenceAction.START_REVIEW, LicenceAction.REJECT],
            "expired": [LicenceAction.START_REVIEW, LicenceAction.ISSUE],
        }[status]
        for action in steps:
            registry.decide(agency.licence, action, officer, f"test: {action}", "ORDER-1")
        if status == "expired" or valid_until:
            agency.licence.valid_until = valid_until or date.today() - timedelta(days=1)
        db.session.commit()
        assert status != "expired" or registry.effective_status(agency.licence) == LicenceStatus.EXPIRED
        return agency

    return make


@pytest.fixture
def login(client):
    """login(user) logs the test client in through the real form."""

    def do(user: User):
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do
