"""The freeze, enforced at the database layer: whatever code path tries it, no flush may change an attested
contract's terms or a published template version. Registered on the portal's session only."""
import sqlalchemy as sa

from contracts.models import (
    CONTRACT_FIELDS,
    FROZEN_STATUSES,
    Contract,
    TemplateClause,
    TemplateVersion,
    TemplateVersionStatus,
    WorkerFee,
)
from portal.errors import Refused
from portal.extensions import db
from portal.text import _l

TERMS_FROZEN = frozenset(CONTRACT_FIELDS) | {
    "template_version_id", "origin_agency_id", "partner_agency_id", "employer_id", "destination_country",
    "sector", "verification_code", "supersedes_id", "attested_at", "attested_by_id",
}
VERSION_MUTABLE = {"status", "clauses"}


def _original(obj, name):
    """An attribute's value as loaded, before this flush's changes."""
    history = sa.inspect(obj).attrs[name].history
    return history.deleted[0] if history.deleted else getattr(obj, name)


def _changed(obj, names) -> bool:
    attrs = sa.inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in names)


def _touched(session, obj) -> bool:
    return obj in session.new or obj in session.deleted or session.is_modified(obj)


def _contract_refrozen(session, obj) -> bool:
    if isinstance(obj, Contract):
        return obj in session.dirty and _original(obj, "status") in FROZEN_STATUSES and _changed(obj, TERMS_FROZEN)
    contract = obj.contract
    return (contract is not None and contract.status in FROZEN_STATUSES and contract.attested_at is not None
            and _touched(session, obj))


def _version_republished(session, obj) -> bool:
    if isinstance(obj, TemplateVersion):
        mutable = [a.key for a in sa.inspect(obj).attrs if a.key not in VERSION_MUTABLE]
        return (obj in session.dirty and _original(obj, "status") != TemplateVersionStatus.DRAFT
                and _changed(obj, mutable))
    version = obj.version
    return (version is not None and _original(version, "status") != TemplateVersionStatus.DRAFT
            and _touched(session, obj))


def guard_frozen(session, _context, _instances) -> None:
    """Refuse any write that would change an attested contract's terms or a published template version."""
    for obj in list(session.dirty) + list(session.deleted) + list(session.new):
        if isinstance(obj, Contract | WorkerFee) and _contract_refrozen(session, obj):
            raise Refused(_l("The terms of an attested contract are frozen."))
        if isinstance(obj, TemplateVersion | TemplateClause) and _version_republished(session, obj):
            raise Refused(_l("A published version never changes: make a new version instead."))


def init_app(app) -> None:
    """Guard the portal's session (once per process; the session is shared by every app)."""
    if not sa.event.contains(db.session, "before_flush", guard_frozen):
        sa.event.listen(db.session, "before_flush", guard_frozen)
