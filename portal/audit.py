"""The audit log, keyed and anchored: record() appends an entry whose HMAC (key outside the database) covers
every field and the previous entry's hash; after each commit that added entries a signed checkpoint of the
head is appended to a file outside the database, so that deleting the newest entries, emptying the table or
rewriting and rehashing the chain is detected by verify()."""
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_login import current_user
from sqlalchemy.orm import Session

from portal.database import utcnow
from portal.extensions import db
from portal.models import AuditCheck, AuditEntry, User

log = logging.getLogger("portal")
GENESIS = "0" * 64
_PG_AUDIT_LOCK = 7_301_001  # advisory lock key serialising appends on PostgreSQL
_PENDING = "audit_head"  # session.info key: the head to checkpoint once the transaction commits


def _key() -> bytes:
    return current_app.config["AUDIT_KEY"].encode()


def _digest(entry: AuditEntry, key: bytes) -> str:
    """HMAC-SHA256 over every field of the entry and the hash of the one before."""
    payload = json.dumps(
        [entry.at.astimezone(UTC).isoformat(), entry.actor_id, entry.actor, entry.action, entry.object_type,
         entry.object_id, entry.reason, entry.details, entry.prev_hash],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


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
    entry.hash = _digest(entry, _key())
    db.session.add(entry)
    db.session.flush()
    db.session.info[_PENDING] = (entry.id, entry.hash, checkpoint_file(), _key())
    return entry


def details_of(entry: AuditEntry) -> dict:
    """The entry's details as a dict (empty when they are not a JSON object)."""
    try:
        found = json.loads(entry.details or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


# Checkpoints: one signed line per committed head, appended to a file outside the database.

def checkpoint_file() -> Path:
    return Path(current_app.config["AUDIT_CHECKPOINT_FILE"])


def _signature(key: bytes, entry_id: int, head: str, restored: bool = False) -> str:
    kind = "restored" if restored else "checkpoint"
    return hmac.new(key, f"{kind}:{entry_id}:{head}".encode(), hashlib.sha256).hexdigest()


def write_checkpoint(path: Path, key: bytes, entry_id: int, head: str, restored: bool = False) -> None:
    """Append one signed line naming the newest entry and its hash (one short write: appends don't mix).
    A restored line (after a backup is restored) starts the anchor again from the restored head."""
    point = {"id": entry_id, "hash": head, "at": utcnow().isoformat(timespec="seconds"),
             "sig": _signature(key, entry_id, head, restored)}
    if restored:
        point["restored"] = True
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(point) + "\n")


def anchor_restored_head() -> None:
    """After a restore: the log's head now is the restored one (older checkpoints no longer apply)."""
    last = db.session.execute(sa.select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc())
                              .limit(1)).first()
    write_checkpoint(checkpoint_file(), _key(), last.id if last else 0, last.hash if last else GENESIS,
                     restored=True)


@sa.event.listens_for(Session, "after_commit")
def _checkpoint_after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending is not None:
        entry_id, head, path, key = pending
        write_checkpoint(path, key, entry_id, head)


@sa.event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


@dataclass
class Checkpoints:
    newest_id: int = 0
    newest_hash: str = ""
    forged: int = 0  # lines whose signature does not match


def read_checkpoints(path: Path, key: bytes) -> Checkpoints:
    """The newest validly signed checkpoint in the file, and how many lines are forged."""
    found = Checkpoints()
    if not path.exists():
        return found
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            point = json.loads(line)
            restored = point.get("restored") is True
            valid = hmac.compare_digest(point["sig"], _signature(key, int(point["id"]), point["hash"], restored))
        except (ValueError, KeyError, TypeError, AttributeError):
            valid, restored = False, False
        if not valid:
            found.forged += 1
        elif restored or point["id"] > found.newest_id:
            found.newest_id, found.newest_hash = point["id"], point["hash"]
    return found


@dataclass
class Verification:
    checked: int
    head: str
    broken_at: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None and not self.problem


def verify() -> Verification:
    """Recompute every entry's HMAC and link, then hold the head against the newest checkpoint; report
    the first entry that does not fit, or the entries missing at the end."""
    key, prev, count, last_id = _key(), GENESIS, 0, 0
    anchor = read_checkpoints(checkpoint_file(), key)
    for entry in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).yield_per(500):
        count += 1
        if entry.prev_hash != prev:
            return Verification(count, prev, entry.id, "an entry before it was deleted or changed")
        if _digest(entry, key) != entry.hash:
            return Verification(count, prev, entry.id, "this entry was edited")
        if entry.id == anchor.newest_id and entry.hash != anchor.newest_hash:
            return Verification(count, prev, entry.id, "this entry differs from its checkpoint")
        prev, last_id = entry.hash, entry.id
    if anchor.forged:
        return Verification(count, prev, None, f"{anchor.forged} checkpoint line(s) carry a wrong signature")
    if anchor.newest_id > last_id:
        return Verification(count, prev, last_id + 1 if last_id else 1,
                            f"the newest entries were deleted (entry {anchor.newest_id} was checkpointed)")
    return Verification(count, prev)


# ---------------------------------------------------------------- verifications kept (the scheduled job)

CHECK_EVERY = timedelta(hours=1)  # the scheduler verifies the chain this often (portal.scheduler)


def check_chain(actor: User | None = None) -> AuditCheck:
    """Verify the whole chain now and keep the result (who asked: None for the scheduler); flushes."""
    result = verify()
    check = AuditCheck(checked_at=utcnow(), entries=result.checked, head=result.head, broken_at=result.broken_at,
                       problem=result.problem, requested_by_id=actor.id if actor else None)
    db.session.add(check)
    db.session.flush()
    if not check.ok:
        log.error("audit chain broken", extra={"event": "audit_check", "broken_at": check.broken_at})
    return check


def verification_job() -> int:
    """The scheduled verification: how many entries it checked (a broken chain is a result, not a failure)."""
    return check_chain().entries


def last_check() -> AuditCheck | None:
    """The newest kept verification, if the chain was ever verified."""
    return db.session.scalar(sa.select(AuditCheck).order_by(AuditCheck.checked_at.desc(), AuditCheck.id.desc())
                             .limit(1))


def is_overdue(check: AuditCheck | None, now: datetime | None = None) -> bool:
    """No verification within twice the scheduler's interval (or never): the administrator is warned."""
    return check is None or check.checked_at + 2 * CHECK_EVERY < (now or utcnow())


def _legacy_digest(entry: AuditEntry) -> str:
    """The unkeyed SHA-256 of entries written before the log was keyed (actor_id left out)."""
    payload = json.dumps(
        [entry.at.astimezone(UTC).isoformat(), entry.actor, entry.action, entry.object_type, entry.object_id,
         entry.reason, entry.details, entry.prev_hash],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def seal_legacy_chain() -> int:
    """Once, after upgrading: check a chain written before the key with its old hashes, then seal every
    entry with the key and checkpoint the head. Refuses (ValueError) a chain that is already broken."""
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    prev = GENESIS
    for entry in entries:
        if entry.prev_hash != prev or _legacy_digest(entry) != entry.hash:
            raise ValueError(f"the chain is broken at entry {entry.id}; it was not sealed")
        prev = entry.hash
    prev, key = GENESIS, _key()
    for entry in entries:
        entry.prev_hash = prev
        entry.hash = prev = _digest(entry, key)
        db.session.flush()
    if entries:
        db.session.info[_PENDING] = (entries[-1].id, prev, checkpoint_file(), key)
    return len(entries)
