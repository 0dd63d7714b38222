"""A grievance's reference (public, printed on every page of the case) and its secret tracking code (shown
once to the filer, stored only hashed), and finding a case from both."""
import hashlib
import hmac

import sqlalchemy as sa
from flask import current_app

from grievances.models import Grievance
from portal.codes import ALPHABET, grouped, random_code, symbols
from portal.extensions import db

REFERENCE_PREFIX = "GRV-"
REFERENCE_LENGTH = 8
TRACKING_CODE_LENGTH = 16  # 16 symbols of a 29-letter alphabet: about 77 bits from `secrets`
_DUMMY_HASH = "0" * 64


def new_reference() -> str:
    """A random reference like GRV-7K4M-9QTD (not sequential, not guessable from another)."""
    return REFERENCE_PREFIX + grouped(random_code(REFERENCE_LENGTH))


def new_tracking_code() -> str:
    """A secret code shown to the filer once, grouped in fours: XXXX-XXXX-XXXX-XXXX."""
    return grouped(random_code(TRACKING_CODE_LENGTH))


def normalise_reference(text: str) -> str:
    """GRV-7K4M-9QTD from whatever the worker typed (spaces, dashes, lower case, with or without GRV)."""
    plain = symbols(text)
    if plain.startswith("GRV"):
        plain = plain[3:]
    if len(plain) != REFERENCE_LENGTH:
        return ""
    return REFERENCE_PREFIX + grouped(plain)


def _keyed(purpose: str, text: str) -> bytes:
    """HMAC-SHA256 of text, keyed for one purpose with the pepper (derived from the secret key if unset)."""
    pepper = current_app.config.get("GRIEVANCE_CODE_PEPPER") or current_app.config["SECRET_KEY"]
    key = hashlib.sha256((purpose + ":" + pepper).encode()).digest()
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def hash_tracking_code(code: str) -> str:
    """HMAC-SHA256 of the normalised code, keyed with a pepper derived from the secret key.

    The code carries ~77 random bits, so a slow password hash would add no protection against guessing
    but would cost CPU on every check; the pepper means a copy of the database alone cannot be used to
    test codes offline.
    """
    return _keyed("grievance-tracking-code", symbols(code)).hex()


def hash_filing_key(key: str) -> str:
    """How a filing's idempotency key is kept (never as sent)."""
    return _keyed("grievance-filing-key", key).hex()


def tracking_code_for_key(key: str) -> str:
    """The tracking code of a filing sent with an idempotency key: drawn from the key with the secret
    pepper (about 77 bits, as a random code), so that a retry with the same key is given the same code
    again although only the code's hash is kept."""
    number = int.from_bytes(_keyed("grievance-filing-code", key), "big")
    digits = []
    for _ in range(TRACKING_CODE_LENGTH):
        number, digit = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[digit])
    return grouped("".join(digits))


def by_reference(reference: str) -> Grievance | None:
    """The grievance with this reference, however it was typed."""
    wanted = normalise_reference(reference)
    return db.session.scalar(sa.select(Grievance).where(Grievance.reference == wanted)) if wanted else None


def find_for_tracking(reference: str, code: str) -> Grievance | None:
    """The grievance when both the reference and the code are right; None otherwise, in about the same time."""
    grievance = by_reference(reference)
    given = hash_tracking_code(code)  # always computed, so a wrong reference costs the same as a wrong code
    stored = grievance.tracking_code_hash if grievance is not None else _DUMMY_HASH
    if hmac.compare_digest(given, stored) and grievance is not None:
        return grievance
    return None
