"""Backups: one archive holding a consistent copy of the database (SQLite's online backup API, or pg_dump
of a PostgreSQL snapshot), the uploaded files and a manifest (row counts, audit head, checksums); and a
restore that refuses a target holding data unless forced, then checks integrity, the files' checksums,
the audit chain and every table's row count against the manifest."""
import hashlib
import hmac
import io
import json
import shutil
import sqlite3
import subprocess  # nosec B404 - pg_dump and pg_restore, with argument lists
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import click
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import with_appcontext

from portal import audit
from portal.database import utcnow
from portal.extensions import cache, db, migrate
from portal.models import AuditEntry

MANIFEST = "manifest.json"
SQLITE_FILE, PG_FILE = "database.sqlite3", "database.pgdump"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def _tables() -> list[str]:
    return [table.name for table in db.metadata.sorted_tables]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _key_id() -> str:
    """Names the audit key without revealing it, so a restore can tell a different key from tampering."""
    return hmac.new(current_app.config["AUDIT_KEY"].encode(), b"key-id", hashlib.sha256).hexdigest()[:16]


def _counts(conn) -> dict:
    counts = {name: conn.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one()  # nosec B608
              for name in _tables()}
    head = conn.execute(sa.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()
    return {"rows": counts, "audit_head": head or audit.GENESIS}


def _pg_url() -> str:
    """The database URL as libpq tools take it."""
    return db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _copy_database(work: Path) -> tuple[str, dict]:
    """A consistent copy of the database into work/, and the row counts and audit head of that copy."""
    if db.engine.dialect.name == "sqlite":
        target = work / SQLITE_FILE
        source = sqlite3.connect(db.engine.url.database)
        with sqlite3.connect(target) as copy:
            source.backup(copy)  # online: other connections keep writing meanwhile
        source.close()
        engine = sa.create_engine(f"sqlite:///{target}")
        with engine.connect() as conn:
            facts = _counts(conn)
        engine.dispose()
        return SQLITE_FILE, facts
    with db.engine.connect() as conn:  # pg_dump reads the very snapshot the counts are taken from
        conn.exec_driver_sql("BEGIN ISOLATION LEVEL REPEATABLE READ")
        snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
        facts = _counts(conn)
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}",  # nosec B603 B607
                        f"--file={work / PG_FILE}", _pg_url()], check=True, capture_output=True)
        conn.exec_driver_sql("COMMIT")
    return PG_FILE, facts


def _upload_files() -> list[Path]:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def create(path: str | Path) -> dict:
    """Write the archive at path (tar.gz); returns its manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        name, facts = _copy_database(work)
        files = {name: _sha256(work / name)}
        uploads = _upload_files()
        files |= {f"uploads/{p.relative_to(folder).as_posix()}": _sha256(p) for p in uploads}
        manifest = {"created_at": utcnow().isoformat(), "dialect": db.engine.dialect.name,
                    "revision": _revision(), "audit_key_id": _key_id(), **facts, "files": files}
        partial = path.with_suffix(path.suffix + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / name, arcname=name)
            for upload in uploads:
                archive.add(upload, arcname=f"uploads/{upload.relative_to(folder).as_posix()}")
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        partial.replace(path)  # a half-written archive never carries the final name
    return manifest


def _revision() -> str | None:
    with db.engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def holds_data() -> bool:
    """Whether the database has any row in any of the portal's tables."""
    with db.engine.connect() as conn:
        present = set(sa.inspect(conn).get_table_names())
        return any(conn.execute(sa.text(f'SELECT 1 FROM "{name}" LIMIT 1')).first()  # nosec B608
                   for name in _tables() if name in present)


@dataclass
class Restored:
    manifest: dict
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def restore(archive_path: str | Path, force: bool = False) -> Restored:
    """Restore the archive into this app's database and uploads folder, then check what came back. The response
    cache is cleared: no page, look-up or generation (portal.cache) of the replaced data is read again."""
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    if not force and (holds_data() or any(folder.rglob("*"))):
        raise BackupError("The target database or uploads folder is not empty; use --force to replace them.")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        work = Path(tmp)
        archive.extractall(work, filter="data")
        manifest = json.loads((work / MANIFEST).read_text())
        problems = [f"checksum differs: {name}" for name, digest in manifest["files"].items()
                    if not (work / name).is_file() or _sha256(work / name) != digest]
        if problems:
            raise BackupError("The archive is damaged: " + "; ".join(problems))
        _restore_database(work, manifest)
        cache.clear()
        if folder.exists():
            shutil.rmtree(folder)
        if (work / "uploads").exists():
            shutil.copytree(work / "uploads", folder)
        else:
            folder.mkdir(parents=True, exist_ok=True)
    return Restored(manifest, check(manifest))


def _restore_database(work: Path, manifest: dict) -> None:
    dialect = db.engine.dialect.name
    if manifest["dialect"] != dialect:
        raise BackupError(f"The archive holds a {manifest['dialect']} database; this portal runs on {dialect}.")
    db.session.remove()
    db.engine.dispose()
    if dialect == "sqlite":
        with sqlite3.connect(work / SQLITE_FILE) as source, sqlite3.connect(db.engine.url.database) as target:
            source.backup(target)
        return
    with db.engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    db.engine.dispose()
    subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_pg_url()}",  # nosec B603 B607
                    str(work / PG_FILE)], check=True, capture_output=True)


def check(manifest: dict) -> list[str]:
    """What differs between the restored database and the manifest (empty: all is back)."""
    problems = []
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "sqlite":
            result = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
            if result != "ok":
                problems.append(f"integrity check: {result}")
        facts = _counts(conn)
    for table, count in manifest["rows"].items():
        if facts["rows"].get(table) != count:
            problems.append(f"{table}: {facts['rows'].get(table)} rows, the backup had {count}")
    if facts["audit_head"] != manifest["audit_head"]:
        problems.append("the audit head differs from the backup's")
    if manifest.get("audit_key_id") != _key_id():
        problems.append("this portal's audit key is not the one the backup was sealed with")
    else:
        audit.anchor_restored_head()
        result = audit.verify()
        if not result.ok:
            problems.append(f"audit chain: {result.problem} (entry {result.broken_at})")
    return problems


def pending_upgrade() -> bool:
    """Whether the database is behind the newest migration."""
    return _revision() != ScriptDirectory(migrate.directory).get_current_head()


backup_cli = click.Group("backup", help="Back up and restore the database and uploaded files.")


@backup_cli.command("create")
@click.argument("path")
@with_appcontext
def create_command(path):
    """Write one archive: the database (a consistent copy, while writes go on), uploads and a manifest."""
    manifest = create(path)
    click.echo(f"Backup written to {path}: {sum(manifest['rows'].values())} rows, {len(manifest['files'])} files, "
               f"audit head {manifest['audit_head']}.")


@backup_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database and uploads folder that hold data.")
@with_appcontext
def restore_command(archive, force):
    """Restore an archive into an empty database and uploads folder, then check it against its manifest."""
    try:
        result = restore(archive, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    if not result.ok:
        raise click.ClickException("Restored, but the checks found: " + "; ".join(result.problems))
    click.echo(f"Restored {sum(result.manifest['rows'].values())} rows and {len(result.manifest['files']) - 1} "
               "files; integrity, row counts and the audit chain match the backup.")


@backup_cli.command("before-upgrade")
@click.argument("folder")
@with_appcontext
def before_upgrade_command(folder):
    """Back up a database that holds data before migrations change it (make run calls this)."""
    if not holds_data() or not pending_upgrade():
        return
    path = Path(folder) / f"before-upgrade-{utcnow().strftime('%Y%m%d-%H%M%S')}.tar.gz"
    create(path)
    click.echo(f"Backup before upgrading: {path}")
