"""The audit log is hash-chained: an edited or deleted entry is detected."""
import sqlalchemy as sa

from portal import audit
from portal.extensions import db
from portal.models import AuditEntry
from registry import services
from registry.models import LicenceAction


def _some_entries(make_agency, officer):
    agency = make_agency()
    services.decide(agency.licence, LicenceAction.SUSPEND, officer, "fees", "O-1")
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
