"""The hash-chained audit log: record() appends an entry, verify() walks the chain."""
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

import sqlalchemy as sa
from flask_login import current_user

from portal.database import utcnow
from portal.extensions import db
from portal.models import AuditEntry, User

GENESIS = "0" * 64
_PG_AUDIT_LOCK = 7_301_001  # advisory lock key serialising appends on PostgreSQL


def _digest(entry: AuditEntry) -> str:
    payload = json.dumps(
        [
            entry.at.astimezone(UTC).isoformat(),
            entry.actor,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.reason,
            entry.details,
            entry.prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _acting_user(actor: User | None) -> User | None:
    if actor is not None:
        return actor
    try:
        return current_user if current_user.is_authenticated else None
    except (AttributeError, RuntimeError):  # no request context (CLI)
        return None


def record(action: str, obj, reason: str = "", actor: User | None = None, **details) -> AuditEntry:
    """Append an entry for an action on obj (a model with an id); flushes, never commits."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_AUDIT_LOCK})
    user = _acting_user(actor)
    last = db.session.scalar(sa.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    entry = AuditEntry(
        at=utcnow(),
        actor_id=user.id if user else None,
        actor=user.email if user else "system",
        action=action,
        object_type=type(obj).__name__,
        object_id=str(obj.id),
        reason=reason or "",
        details=json.dumps(details, sort_keys=True, default=str, ensure_ascii=False),
        prev_hash=last or GENESIS,
    )
    entry.hash = _digest(entry)
    db.session.add(entry)
    db.session.flush()
    return entry


@dataclass
class Verification:
    checked: int
    head: str
    broken_at: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify() -> Verification:
    """Recompute every entry's hash and link; report the first entry that does not fit."""
    prev = GENESIS
    count = 0
    for entry in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).yield_per(500):
        count += 1
        if entry.prev_hash != prev:
            return Verification(count, prev, entry.id, "an entry before it was deleted or changed")
        if _digest(entry) != entry.hash:
            return Verification(count, prev, entry.id, "this entry was edited")
        prev = entry.hash
    return Verification(count, prev)
