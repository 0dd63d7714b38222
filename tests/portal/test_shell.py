"""The shell: health, headers, errors, configuration, SQLite settings, CLI jobs, demo data."""
import sqlalchemy as sa

from portal.app import create_app
from portal.extensions import db


def test_health_is_plain_ok(client):
    response = client.get("/health")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok"


def test_security_headers(client):
    headers = client.get("/").headers
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "no-referrer"


def test_html_404_is_a_page_and_api_404_is_json(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "We could not find that page." in page.get_data(as_text=True)
    assert client.get("/api/v1/no-such").json["error"]["code"] == "not_found"


def test_secret_key_generated_once_into_instance(tmp_path):
    overrides = {"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    first = create_app(overrides).config["SECRET_KEY"]
    assert len(first) >= 64 and (tmp_path / "secret_key").read_text() == first
    assert create_app(overrides).config["SECRET_KEY"] == first


def test_sqlite_runs_in_wal_with_foreign_keys(app):
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_language_choice_is_remembered_and_html_dir_follows(client):
    response = client.get("/language/ar?next=/agencies")
    assert response.headers["Location"].endswith("/agencies") and "lang=ar" in response.headers["Set-Cookie"]
    assert '<html lang="ar" dir="rtl">' in client.get("/").get_data(as_text=True)
    client.get("/language/xx")
    assert '<html lang="ar"' in client.get("/").get_data(as_text=True)


def test_browser_language_is_used_without_a_choice(client):
    page = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page


def test_registry_expire_command_is_safe_to_rerun(runner, make_agency):
    from datetime import date, timedelta

    make_agency(valid_until=date.today() - timedelta(days=2))
    assert "1 licence(s)" in runner.invoke(args=["registry", "expire"]).output
    assert "0 licence(s)" in runner.invoke(args=["registry", "expire"]).output


def test_demo_data_loads_once_with_every_status(runner):
    from registry.models import Agency
    from registry.services import public_status

    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "licensing@demo.example" in first.output
    agencies = db.session.scalars(sa.select(Agency)).all()
    assert len(agencies) >= 40
    assert {str(public_status(a)) for a in agencies} >= {"licensed", "suspended", "revoked", "expired", "pending"}
    second = runner.invoke(args=["demo", "load"])
    assert "already holds data" in second.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Agency)) == len(agencies)
