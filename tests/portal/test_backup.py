"""flask backup create|restore: a consistent archive taken while filings go on, restored into an empty
database and uploads folder with every row and file back, checked against its manifest."""
import io
import os
import tarfile
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from grievances.models import Grievance
from portal import backup
from portal.app import create_app
from portal.extensions import cache, db
from portal.models import AuditEntry
from tests import factories

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def _empty_database(tmp_path) -> str:
    """A new, empty database of the kind the suite runs on."""
    if not PG_URL.startswith("postgresql"):
        return "sqlite:///" + str(tmp_path / "restored.sqlite3")
    url = sa.engine.make_url(PG_URL)
    name = f"{url.database}_restore"
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def elsewhere(app, tmp_path):
    """A second portal on an empty database and an empty instance folder, with the same audit key."""
    made = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _empty_database(tmp_path),
                       "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "test-secret",
                       "AUDIT_KEY": app.config["AUDIT_KEY"]})
    yield made
    with made.app_context():
        db.session.remove()
        db.engine.dispose()


def _file_in_uploads(app, relative: str, content: bytes) -> None:
    path = Path(app.config["UPLOAD_FOLDER"]) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def test_a_backup_taken_while_filings_go_on_restores_every_row_and_file(app, elsewhere, tmp_path):
    for _ in range(5):
        factories.file_grievance()
    _file_in_uploads(app, "evidence/photo-1.jpg", factories.JPEG)
    _file_in_uploads(app, "agency-documents/licence.pdf", factories.PDF)
    db.session.commit()
    stop, filed = threading.Event(), []

    def keep_filing():
        with app.app_context():
            while not stop.is_set() and len(filed) < 200:
                filed.append(factories.file_grievance()[0].reference)
            db.session.remove()

    writer = threading.Thread(target=keep_filing)
    writer.start()
    try:
        manifest = backup.create(tmp_path / "backup.tar.gz")
    finally:
        stop.set()
        writer.join(timeout=60)
    assert filed, "filings went on during the backup"
    assert manifest["rows"]["grievances"] >= 5 and manifest["rows"]["audit_entries"] >= 5
    assert set(manifest["files"]) >= {"uploads/evidence/photo-1.jpg", "uploads/agency-documents/licence.pdf"}

    with elsewhere.app_context():
        result = backup.restore(tmp_path / "backup.tar.gz")
        assert result.ok, result.problems
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Grievance)) == manifest["rows"]["grievances"]
        assert db.session.scalar(sa.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) == manifest[
            "audit_head"]
        folder = Path(elsewhere.config["UPLOAD_FOLDER"])
        assert (folder / "evidence/photo-1.jpg").read_bytes() == factories.JPEG
        assert (folder / "agency-documents/licence.pdf").read_bytes() == factories.PDF


def test_restore_refuses_a_target_holding_data_without_force(app, tmp_path):
    factories.file_grievance()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", "create", str(tmp_path / "b.tar.gz")]).exit_code == 0
    refused = runner.invoke(args=["backup", "restore", str(tmp_path / "b.tar.gz")])
    assert refused.exit_code == 1 and "not empty" in refused.output and "--force" in refused.output
    factories.file_grievance()
    cache.set("profile:1:a page of the data replaced", "<html>")
    forced = runner.invoke(args=["backup", "restore", "--force", str(tmp_path / "b.tar.gz")])
    assert forced.exit_code == 0, forced.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Grievance)) == 1
    assert cache.get("profile:1:a page of the data replaced") is None  # the response cache went with the data


def test_a_damaged_archive_is_refused(app, elsewhere, tmp_path):
    factories.file_grievance()
    _file_in_uploads(app, "evidence/photo.jpg", factories.JPEG)
    backup.create(tmp_path / "good.tar.gz")
    with tarfile.open(tmp_path / "good.tar.gz") as good, tarfile.open(tmp_path / "bad.tar.gz", "w:gz") as bad:
        for member in good.getmembers():
            data = good.extractfile(member).read()
            if member.name.endswith("photo.jpg"):
                data = data[:-1] + b"X"
            bad.addfile(member, fileobj=io.BytesIO(data))
    with elsewhere.app_context(), pytest.raises(backup.BackupError, match="checksum differs"):
        backup.restore(tmp_path / "bad.tar.gz")


def test_make_run_backs_up_a_database_holding_data_before_migrating(app, tmp_path, monkeypatch):
    runner = app.test_cli_runner()
    assert backup.pending_upgrade()  # the test database was made without migrations: no revision
    monkeypatch.setattr(backup, "pending_upgrade", lambda: True)
    assert runner.invoke(args=["backup", "before-upgrade", str(tmp_path / "b")]).output == ""  # no data yet
    factories.file_grievance()
    result = runner.invoke(args=["backup", "before-upgrade", str(tmp_path / "b")])
    assert result.exit_code == 0 and "Backup before upgrading" in result.output
    assert len(list((tmp_path / "b").glob("before-upgrade-*.tar.gz"))) == 1
