"""The audit log is keyed and anchored: an edited, deleted, rehashed or truncated chain is detected."""
import pytest
import sqlalchemy as sa

from portal import audit
from portal.extensions import db
from portal.models import AuditEntry
from registry import services
from registry.models import LicenceAction
from tests.factories import SUSPENSION


def _some_entries(make_agency, officer):
    agency = make_agency()
    services.decide(agency.licence, LicenceAction.SUSPEND, officer, "fees", "O-1", suspension=SUSPENSION)
    db.session.commit()
    return db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()


def test_every_licence_decision_is_audited_with_who_and_why(make_agency, officer):
    entries = _some_entries(make_agency, officer)
    last = entries[-1]
    assert (last.action, last.actor, last.reason, last.object_type) == (
        "licence.suspend", officer.email, "fees", "Licence")
    assert audit.verify().ok and audit.verify().checked == len(entries)


def test_edited_entry_is_detected(make_agency, officer, runner):
    entries = _some_entries(make_agency, officer)
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == entries[2].id).values(reason="nothing to see"))
    db.session.commit()
    result = audit.verify()
    assert not result.ok and result.broken_at == entries[2].id and "edited" in result.problem
    cli = runner.invoke(args=["audit", "verify"])
    assert cli.exit_code == 1 and f"broken at entry {entries[2].id}" in cli.output
    assert audit.last_check().broken_at == entries[2].id  # kept for the audit page, as the scheduler's


def test_deleted_entry_is_detected(make_agency, officer, runner):
    entries = _some_entries(make_agency, officer)
    db.session.execute(sa.delete(AuditEntry).where(AuditEntry.id == entries[1].id))
    db.session.commit()
    result = audit.verify()
    assert not result.ok and result.broken_at == entries[2].id
    assert runner.invoke(args=["audit", "verify"]).exit_code == 1


def test_intact_log_verifies_from_the_command_line(make_agency, officer, runner):
    _some_entries(make_agency, officer)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "intact" in result.output
    assert audit.last_check().ok and audit.last_check().entries == audit.verify().checked


def _rehash_from(entries, start: int, digest) -> None:
    """What an intruder with database access does: rewrite one entry and rehash everything after it."""
    prev = entries[start - 1].hash if start else audit.GENESIS
    for entry in entries[start:]:
        entry.prev_hash = prev
        entry.hash = prev = digest(entry)
    db.session.commit()


def test_deleting_the_newest_entries_is_detected(make_agency, officer, runner):
    entries = _some_entries(make_agency, officer)
    db.session.execute(sa.delete(AuditEntry).where(AuditEntry.id >= entries[-2].id))
    db.session.commit()
    result = audit.verify()
    assert not result.ok and "newest entries were deleted" in result.problem
    assert runner.invoke(args=["audit", "verify"]).exit_code == 1


def test_emptying_the_log_is_detected(make_agency, officer):
    _some_entries(make_agency, officer)
    db.session.execute(sa.delete(AuditEntry))
    db.session.commit()
    result = audit.verify()
    assert not result.ok and result.checked == 0 and "deleted" in result.problem


@pytest.mark.parametrize("digest", [audit._legacy_digest, lambda e: audit._digest(e, b"a guessed key")],
                         ids=["unkeyed", "wrong-key"])
def test_rewriting_and_rehashing_the_chain_is_detected(make_agency, officer, digest):
    entries = _some_entries(make_agency, officer)
    entries[1].reason = "nothing happened"
    _rehash_from(entries, 1, digest)
    result = audit.verify()
    assert not result.ok and result.broken_at == entries[1].id


def test_the_actor_is_sealed_too(make_agency, officer, make_user):
    entries = _some_entries(make_agency, officer)
    someone_else = make_user()
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == entries[-1].id).values(actor_id=someone_else.id))
    db.session.commit()
    assert audit.verify().broken_at == entries[-1].id


def test_a_forged_checkpoint_line_is_detected(app, make_agency, officer):
    _some_entries(make_agency, officer)
    with open(app.config["AUDIT_CHECKPOINT_FILE"], "a") as fh:
        fh.write('{"id": 999, "hash": "00", "at": "2026-12-01T00:00:00+00:00", "sig": "forged"}\n')
    result = audit.verify()
    assert not result.ok and "wrong signature" in result.problem


def test_a_rolled_back_entry_leaves_no_checkpoint(app, make_agency, officer):
    entries = _some_entries(make_agency, officer)
    audit.record("licence.note", entries[0], reason="never committed")
    db.session.rollback()
    assert audit.read_checkpoints(audit.checkpoint_file(), app.config["AUDIT_KEY"].encode()).newest_id == entries[-1].id
    assert audit.verify().ok


def test_a_chain_from_before_the_key_is_sealed_once(make_agency, officer, runner):
    entries = _some_entries(make_agency, officer)
    _rehash_from(entries, 0, audit._legacy_digest)  # as the unkeyed version wrote it
    assert not audit.verify().ok
    result = runner.invoke(args=["audit", "seal-legacy"])
    assert result.exit_code == 0 and f"Sealed {len(entries)} entries" in result.output
    assert audit.verify().ok


def test_a_broken_chain_from_before_the_key_is_not_sealed(make_agency, officer, runner):
    entries = _some_entries(make_agency, officer)
    _rehash_from(entries, 0, audit._legacy_digest)
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == entries[1].id).values(reason="changed"))
    db.session.commit()
    result = runner.invoke(args=["audit", "seal-legacy"])
    assert result.exit_code == 1 and f"broken at entry {entries[1].id}" in result.output
