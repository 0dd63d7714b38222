"""Accounts: password hashing, the role decorator, and creating users."""
from functools import wraps

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.errors import DomainError
from portal.extensions import db, login_manager
from portal.models import Role, User

_hasher = PasswordHasher()  # argon2id with the library's current parameters
MIN_PASSWORD_LENGTH = 10
# Verified against when the email is unknown, so a login takes the same time either way.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


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
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            _l("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH), field="password"
        )
    if (role == Role.AGENCY_REPRESENTATIVE) != (agency_id is not None):
        raise DomainError(_l("Only an agency representative is tied to an agency."), field="agency")
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        raise DomainError(_l("An account with this email already exists."), field="email")
    user = User(email=email, password_hash=hash_password(password), role=role, agency_id=agency_id, name=name)
    db.session.add(user)
    db.session.flush()
    return user


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
