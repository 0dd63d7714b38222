"""Two-factor sign-in with an authenticator app (TOTP, RFC 6238, through pyotp) and one-time recovery
codes. Required for administrators and licensing officers when REQUIRE_2FA is on; offered to officials."""
import hashlib
import json
import secrets
import time

import pyotp
import segno
from flask import current_app
from markupsafe import Markup

from portal.database import utcnow
from portal.errors import DomainError
from portal.models import Role, User
from portal.text import _l

ISSUER = "Safe recruitment portal"
RECOVERY_CODES = 10
STEP_SECONDS = 30


def required_for(user: User) -> bool:
    """Whether this account must sign in with a second factor."""
    return bool(current_app.config["REQUIRE_2FA"]) and user.role in (Role.ADMINISTRATOR, Role.LICENSING_OFFICER)


def offered_to(user: User) -> bool:
    return user.is_official


def new_secret() -> str:
    return pyotp.random_base32()


def qr_code(user: User, secret: str) -> Markup:
    """An inline SVG QR code that an authenticator app scans to add this account."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return Markup(segno.make(uri, error="m").svg_inline(scale=4, omitsize=True))


def _clean(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()


def _matching_step(secret: str, code: str, after_step: int) -> int | None:
    """The time step (this one or a neighbour, for clock drift) whose code this is, if newer than after_step."""
    now = int(time.time()) // STEP_SECONDS
    totp = pyotp.TOTP(secret)
    for step in (now, now - 1, now + 1):
        if step > after_step and secrets.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def _hash_code(code: str) -> str:
    return hashlib.sha256(_clean(code).encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    user.recovery_codes = json.dumps([_hash_code(c) for c in codes])
    return codes


def enable(user: User, secret: str, code: str) -> list[str]:
    """Turn two-factor sign-in on once the app shows a right code; returns recovery codes (shown once)."""
    step = _matching_step(secret, _clean(code), 0)
    if step is None:
        raise DomainError(_l("That code is not right. Type the 6 digits your app shows now."), field="code")
    user.totp_secret, user.totp_last_step, user.totp_enabled_at = secret, step, utcnow()
    return _new_recovery_codes(user)


def disable(user: User) -> None:
    if required_for(user):
        raise DomainError(_l("Two-factor sign-in is required for your role."))
    clear(user)


def clear(user: User) -> None:
    """Forget the authenticator and the recovery codes (the holder enrols again)."""
    user.totp_secret, user.totp_enabled_at, user.totp_last_step, user.recovery_codes = None, None, 0, ""


def check(user: User, code: str) -> bool:
    """True for a current code not used before, or an unused recovery code (which is then spent)."""
    cleaned = _clean(code)
    if not user.totp_enabled_at or not cleaned:
        return False
    if cleaned.isdigit() and len(cleaned) == 6:
        step = _matching_step(user.totp_secret, cleaned, user.totp_last_step)
        if step is not None:
            user.totp_last_step = step
            return True
        return False
    remaining = json.loads(user.recovery_codes or "[]")
    digest = _hash_code(cleaned)
    if digest in remaining:
        remaining.remove(digest)
        user.recovery_codes = json.dumps(remaining)
        return True
    return False


def recovery_codes_left(user: User) -> int:
    return len(json.loads(user.recovery_codes or "[]"))
