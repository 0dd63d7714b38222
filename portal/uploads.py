"""Files people send (agency documents, grievance evidence): read within a size limit, typed by their
content, stored outside the static folders under random names, and removed again when the transaction
that recorded them does not commit. Which files a domain accepts, and what it tells the sender, stays in
the domain."""
import os
import secrets
from dataclasses import dataclass

import filetype
import sqlalchemy as sa
from flask import current_app

from portal.extensions import db

_WRITTEN = "uploads_written"  # session.info key: files written in the open transaction


@dataclass
class Upload:
    """A file as received: its name as sent and its bytes (at most one byte over the limit)."""

    filename: str
    data: bytes

    @property
    def too_large(self) -> bool:
        return len(self.data) > limit()

    @property
    def mime(self) -> str | None:
        """The type its content shows (never the name or the browser's claim)."""
        kind = filetype.guess(self.data) if self.data else None
        return kind.mime if kind else None

    @property
    def safe_name(self) -> str:
        """The name as sent, without any folder part, cut to 255 characters."""
        return os.path.basename((self.filename or "").replace("\\", "/"))[:255]


def limit() -> int:
    """The largest file accepted, in bytes (UPLOAD_MAX_BYTES)."""
    return current_app.config["UPLOAD_MAX_BYTES"]


def read(file) -> Upload:
    """Read an uploaded file (werkzeug FileStorage), at most one byte past the limit."""
    return Upload(file.filename or "", file.stream.read(limit() + 1))


def read_all(files) -> list[Upload]:
    """Every file actually chosen in a multiple-file field."""
    return [read(f) for f in files if f and (f.filename or "").strip()]


def folder(kind: str) -> str:
    """instance/uploads/<kind>: outside the static folders, never served directly."""
    return os.path.join(current_app.config["UPLOAD_FOLDER"], kind)


def path(kind: str, stored_name: str) -> str:
    return os.path.join(folder(kind), stored_name)


def store(kind: str, data: bytes) -> str:
    """Write the bytes under a new random name in the kind's folder and return the name. The file is
    removed if the transaction now open ends without a commit."""
    os.makedirs(folder(kind), exist_ok=True)
    stored_name = secrets.token_hex(16)
    target = path(kind, stored_name)
    with open(target, "xb") as fh:
        fh.write(data)
    db.session.info.setdefault(_WRITTEN, []).append(target)
    return stored_name


def _keep_written(session) -> None:
    """The top-level transaction committed: its files stay. (A savepoint's commit decides nothing.)"""
    if not session.in_nested_transaction():
        session.info.pop(_WRITTEN, None)


def _remove_uncommitted(session, transaction) -> None:
    """At the end of a top-level transaction that did not commit, remove the files it wrote."""
    if transaction.parent is not None:
        return
    for written in session.info.pop(_WRITTEN, []):
        try:
            os.remove(written)
        except FileNotFoundError:
            pass


def init_app(app) -> None:
    """Tie stored files to the portal's database session (once per process; the session is shared)."""
    if not sa.event.contains(db.session, "after_commit", _keep_written):
        sa.event.listen(db.session, "after_commit", _keep_written)
        sa.event.listen(db.session, "after_transaction_end", _remove_uncommitted)
