"""Administration of accounts: create, change role (with agency, countries, supervision), deactivate and
reactivate, and one-time set-password links. Every change is audited with its reason; a change that
touches what an account may do ends its sessions at once; the last active administrator stays."""
import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from portal import audit, twofactor
from portal.auth import create_user, hash_password, set_password
from portal.errors import DomainError, Problems
from portal.extensions import db
from portal.models import Role, User
from portal.text import _l

LINK_SALT = "set-password"


@dataclass
class Duties:
    """What an account may do: its role and what goes with it."""

    role: Role
    agency_id: int | None = None  # agency representatives only
    countries: str = ""  # attachés: the destination countries they see, e.g. "SA,AE"
    supervisor: bool = False  # case officers receiving escalations


def _need_reason(reason: str) -> str:
    if not (reason or "").strip():
        raise DomainError(_l("Say why: the reason is kept in the audit log."), field="reason")
    return reason.strip()


def _check_duties(duties: Duties) -> None:
    problems = Problems()
    if (duties.role == Role.AGENCY_REPRESENTATIVE) != (duties.agency_id is not None):
        problems.add("agency", _l("Only an agency representative is tied to an agency."))
    if duties.countries and duties.role != Role.CASE_OFFICER:
        problems.add("countries", _l("Only a case officer can be an attaché for countries."))
    if duties.supervisor and duties.role != Role.CASE_OFFICER:
        problems.add("supervisor", _l("Only a case officer can be a supervisor."))
    problems.raise_if_any()


def _keep_an_administrator(user: User) -> None:
    """Refuse to take away the last active administrator."""
    others = db.session.scalar(sa.select(sa.func.count()).select_from(User).where(
        User.role == Role.ADMINISTRATOR, User.active.is_(True), User.id != user.id))
    if user.role == Role.ADMINISTRATOR and user.active and not others:
        raise DomainError(_l("This is the last active administrator: appoint another one first."))


def create_account(admin: User | None, email: str, name: str, duties: Duties, reason: str) -> tuple[User, str]:
    """A new account with no usable password yet, and the one-time link its holder sets it with."""
    reason = _need_reason(reason)
    _check_duties(duties)
    user = create_user(email, secrets.token_urlsafe(24), duties.role, agency_id=duties.agency_id, name=name)
    user.attache_countries, user.is_supervisor = duties.countries, duties.supervisor
    audit.record("user.create", user, reason, actor=admin, role=duties.role.value, agency_id=duties.agency_id,
                 countries=duties.countries, supervisor=duties.supervisor)
    return user, _new_link(user)


def change_duties(admin: User | None, user: User, duties: Duties, reason: str) -> None:
    """Change role, agency, countries or supervision; the account's sessions end at once."""
    reason = _need_reason(reason)
    _check_duties(duties)
    if duties.role != Role.ADMINISTRATOR:
        _keep_an_administrator(user)
    before = {"role": user.role.value, "agency_id": user.agency_id, "countries": user.attache_countries,
              "supervisor": user.is_supervisor}
    user.role, user.agency_id = duties.role, duties.agency_id
    user.attache_countries, user.is_supervisor = duties.countries, duties.supervisor
    user.end_sessions()
    audit.record("user.change_role", user, reason, actor=admin, before=before, role=duties.role.value,
                 agency_id=duties.agency_id, countries=duties.countries, supervisor=duties.supervisor)


def deactivate(admin: User | None, user: User, reason: str) -> None:
    """The account can no longer sign in, and its open sessions stop working at once."""
    reason = _need_reason(reason)
    if not user.active:
        raise DomainError(_l("This account is already deactivated."))
    _keep_an_administrator(user)
    user.active = False
    user.end_sessions()
    audit.record("user.deactivate", user, reason, actor=admin)


def reactivate(admin: User | None, user: User, reason: str) -> None:
    reason = _need_reason(reason)
    if user.active:
        raise DomainError(_l("This account is already active."))
    user.active = True
    audit.record("user.reactivate", user, reason, actor=admin)


def reset_password(admin: User | None, user: User, reason: str) -> str:
    """The old password and two-factor enrolment stop working and every session ends; returns the one-time
    set-password link (the holder enrols their authenticator again)."""
    reason = _need_reason(reason)
    twofactor.clear(user)
    user.password_hash = hash_password(secrets.token_urlsafe(24))
    user.end_sessions()
    audit.record("user.reset_password", user, reason, actor=admin)
    return _new_link(user)


# One-time links: signed, expiring, and bound to the password they replace, so that setting a password
# (or issuing a newer link) makes every earlier link useless.

def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=LINK_SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(f"{user.password_hash}:{user.session_version}".encode()).hexdigest()[:24]


def _new_link(user: User) -> str:
    db.session.flush()
    return _serializer().dumps([user.id, _fingerprint(user)])


def account_for_link(token: str) -> User | None:
    """The account a set-password link is for, while it is unused and unexpired (None otherwise)."""
    max_age = int(current_app.config["SET_PASSWORD_LINK_HOURS"]) * 3600
    try:
        user_id, fingerprint = _serializer().loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    user = db.session.get(User, int(user_id)) if str(user_id).isdigit() else None
    if user is None or not user.active or _fingerprint(user) != fingerprint:
        return None
    return user


def set_password_from_link(token: str, password: str) -> User:
    """Set the password a link was issued for; the link is then used up."""
    user = account_for_link(token)
    if user is None:
        raise DomainError(_l("This link has expired or was already used. Ask an administrator for a new one."))
    set_password(user, password)
    audit.record("user.set_password", user, actor=user)
    return user


def accounts(query: str = "", role: str = "", status: str = "") -> list[User]:
    """Every account matching the search (email or name), role and status, by email."""
    stmt = sa.select(User).order_by(User.email)
    if query.strip():
        pattern = f"%{query.strip().lower()}%"
        stmt = stmt.where(sa.or_(sa.func.lower(User.email).like(pattern), sa.func.lower(User.name).like(pattern)))
    if role in {r.value for r in Role}:
        stmt = stmt.where(User.role == Role(role))
    if status in ("active", "deactivated"):
        stmt = stmt.where(User.active.is_(status == "active"))
    return list(db.session.scalars(stmt))
