"""Accounts: password hashing and rules, the role decorator, creating users and changing passwords."""
import re
from functools import cache, wraps
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from flask import abort
from flask_login import current_user, login_required

from portal.database import utcnow
from portal.errors import DomainError, Problems
from portal.extensions import db
from portal.models import Role, User
from portal.text import _l, _ln

_hasher = PasswordHasher()  # argon2id with the library's current parameters
MIN_PASSWORD_LENGTH = 12
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt"
# Verified against when the email is unknown, so a login takes the same time either way.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@cache
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password_problems(password: str) -> list:
    """Why a new password is too weak (empty when it is acceptable): too short, a common password (also
    with digits or symbols added at its end), too few different characters."""
    lowered = password.lower()
    if len(password) < MIN_PASSWORD_LENGTH:
        return [_ln("The password must have at least %(num)d character.",
                    "The password must have at least %(num)d characters.", MIN_PASSWORD_LENGTH)]
    if (lowered in _common_passwords() or re.sub(r"[\d\W_]+$", "", lowered) in _common_passwords()
            or len(set(lowered)) < 5):
        return [_l("This password is too easy to guess. Choose a longer phrase of unrelated words.")]
    return []


def check_password(password: str) -> None:
    """Refuse a new password that is too weak, on the password field."""
    problems = Problems()
    for message in password_problems(password):
        problems.add("password", message)
    problems.raise_if_any()


def verify_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one; every other session of the account ends."""
    if not verify_password(user, current):
        raise DomainError(_l("The current password is not right."), field="current_password")
    if verify_password(user, new):
        raise DomainError(_l("Choose a password different from the current one."), field="password")
    set_password(user, new)


def set_password(user: User, password: str) -> None:
    """Set the password (after the rules' check) and end every session of the account."""
    check_password(password)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.end_sessions()


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None."""
    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerifyMismatchError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(email: str, password: str, role: Role, agency_id: int | None = None, name: str = "") -> User:
    """A new account; an agency representative must belong to an agency, officials must not."""
    email = normalise_email(email)
    check_password(password)
    if (role == Role.AGENCY_REPRESENTATIVE) != (agency_id is not None):
        raise DomainError(_l("Only an agency representative is tied to an agency."), field="agency")
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        raise DomainError(_l("An account with this email already exists."), field="email")
    user = User(email=email, password_hash=hash_password(password), role=role, agency_id=agency_id, name=name)
    db.session.add(user)
    db.session.flush()
    return user


def attache_countries(user: User) -> list[str]:
    """The destination countries an attaché works on (empty for other officials)."""
    return [c.strip().upper() for c in (user.attache_countries or "").split(",") if c.strip()]


def covers_country(user: User, country: str) -> bool:
    """Whether an official's work reaches this destination: an attaché's only their own countries (for
    cases and contracts alike); every other official, every country."""
    countries = attache_countries(user)
    return not countries or (country or "").upper() in countries


def roles_required(*roles: Role):
    """Let through a logged-in user holding one of the roles; others get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
