"""Throttling of failed sign-ins, per account and per address, counted in the rate limiter's storage (Redis
when RATELIMIT_STORAGE_URI names it), so every worker and host sees the same counts.

- An account with too many failures, from anywhere, is refused for a while, even with the right password.
- An address with too many failures is refused for the accounts that failed from it; a colleague behind
  the same address who signs in to their own account with the right password is let in.
"""
import hashlib
import math
import time

from flask import current_app
from limits import RateLimitItem, parse_many

from portal.extensions import limiter

ACCOUNT, ADDRESS, PAIR = "login-account", "login-address", "login-account-address"


def _account_key(email: str) -> str:
    """Counts are kept under a digest of the address, never the address itself."""
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def _limits(setting: str) -> list[RateLimitItem]:
    return parse_many(current_app.config[setting])


def _wait(setting: str, *identifiers: str) -> int:
    """Seconds until the counted failures fall back under every limit of the setting (0: not throttled)."""
    waits = [0]
    for item in _limits(setting):
        if not limiter.limiter.test(item, *identifiers):
            reset_at = limiter.limiter.get_window_stats(item, *identifiers).reset_time
            waits.append(max(1, math.ceil(reset_at - time.time())))
    return max(waits)


def _failed_here(email: str, address: str) -> bool:
    """True when this account failed to sign in from this address within the address's window."""
    return any(
        limiter.limiter.get_window_stats(item, PAIR, _account_key(email), address).remaining < item.amount
        for item in _limits("LOGIN_RATE_LIMIT")
    )


def wait_before_trying(email: str, address: str) -> int:
    """Seconds this sign-in must wait before its password is even checked (0: go ahead)."""
    account_wait = _wait("LOGIN_ACCOUNT_RATE_LIMIT", ACCOUNT, _account_key(email))
    if account_wait:
        return account_wait
    address_wait = _wait("LOGIN_RATE_LIMIT", ADDRESS, address)
    return address_wait if address_wait and _failed_here(email, address) else 0


def record_failure(email: str, address: str) -> int:
    """Count a failed sign-in; the seconds to wait now if it crossed a limit (0: the user may try again)."""
    key = _account_key(email)
    for item in _limits("LOGIN_ACCOUNT_RATE_LIMIT"):
        limiter.limiter.hit(item, ACCOUNT, key)
    for item in _limits("LOGIN_RATE_LIMIT"):
        limiter.limiter.hit(item, ADDRESS, address)
        limiter.limiter.hit(item, PAIR, key, address)
    return max(_wait("LOGIN_ACCOUNT_RATE_LIMIT", ACCOUNT, key), _wait("LOGIN_RATE_LIMIT", ADDRESS, address))
