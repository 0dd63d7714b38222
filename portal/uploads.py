"""Files people send (agency documents, grievance evidence): read within a size limit, typed by their
content, photos stripped of their metadata (EXIF with GPS, XMP, comments) as soon as they are received,
stored outside the static folders under random names, and removed again when the transaction that
recorded them does not commit. Which files a domain accepts, and what it tells the sender, stays in the
domain."""
import io
import os
import secrets
import warnings
from dataclasses import dataclass

import filetype
import sqlalchemy as sa
from flask import current_app
from PIL import Image, ImageOps

from portal.extensions import db

_WRITTEN = "uploads_written"  # session.info key: files written in the open transaction


PHOTO_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


@dataclass
class Upload:
    """A file as received: its name as sent and its bytes (at most one byte over the limit). A photo's
    bytes are its pixels only, re-encoded without any metadata: the original is kept nowhere, not even
    here. A photo that cannot be read has no type (it is refused as not a photo)."""

    filename: str
    data: bytes
    readable: bool = True

    def __post_init__(self):
        if not self.too_large and self.sniffed in PHOTO_FORMATS:
            try:
                self.data = without_metadata(self.data, PHOTO_FORMATS[self.sniffed])
            except (OSError, ValueError, Image.DecompressionBombWarning, Image.DecompressionBombError):
                self.readable = False

    @property
    def too_large(self) -> bool:
        return len(self.data) > limit()

    @property
    def sniffed(self) -> str | None:
        kind = filetype.guess(self.data) if self.data else None
        return kind.mime if kind else None

    @property
    def mime(self) -> str | None:
        """The type its content shows (never the name or the browser's claim); None for a broken photo."""
        return self.sniffed if self.readable else None

    @property
    def safe_name(self) -> str:
        """The name as sent, without any folder part, cut to 255 characters."""
        return os.path.basename((self.filename or "").replace("\\", "/"))[:255]


def without_metadata(data: bytes, image_format: str) -> bytes:
    """The photo turned upright and saved again from its pixels alone: no EXIF (GPS position, time, camera),
    XMP, comments or text chunks. Raises OSError/ValueError for what is not a readable image."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)  # a pixel bomb is not a photo
        with Image.open(io.BytesIO(data)) as original:
            pixels = ImageOps.exif_transpose(original)  # a new image, loaded
    pixels.info = {}  # nothing of the original's metadata may follow it into the new file
    if image_format == "JPEG" and pixels.mode not in ("RGB", "L", "CMYK"):
        pixels = pixels.convert("RGB")
    out = io.BytesIO()
    pixels.save(out, image_format, **({"quality": 90} if image_format in ("JPEG", "WEBP") else {}))
    return out.getvalue()


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
