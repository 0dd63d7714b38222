"""The review flag: licensing officers are asked to look at an agency again (a substantiated grievance, a
guarantee drawn below the minimum, an unvetted person added to a licensed agency), and clear it with a reason."""
from portal import audit
from portal.errors import DomainError, Refused
from portal.extensions import db
from portal.models import User
from portal.text import _l
from registry.models import Agency


def flag_for_review(agency: Agency, actor: User | None, line: str, **details) -> Agency:
    """Ask licensing officers to review the agency; each reason is a line."""
    agency.review_flag = True
    agency.review_flag_reason = "\n".join(p for p in ((agency.review_flag_reason or "").strip(), line) if p)
    db.session.flush()
    audit.record("agency.review_flag", agency, reason=line, actor=actor, **details)
    return agency


def clear_review_flag(agency: Agency, actor: User, reason: str) -> Agency:
    """A licensing officer closes the review raised on an agency."""
    if not agency.review_flag:
        raise Refused(_l("This agency is not flagged for review."))
    if not (reason or "").strip():
        raise DomainError(_l("Give the reason."), field="reason")
    agency.review_flag, agency.review_flag_reason = False, ""
    db.session.flush()
    audit.record("agency.clear_review_flag", agency, reason=reason.strip(), actor=actor)
    return agency
