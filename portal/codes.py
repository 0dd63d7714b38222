"""Random codes a person reads, types or says aloud: grievance references and tracking codes, contract
verification codes. One alphabet without look-alikes, one way to group and read them back, and one way
to give a row a code that no other row has."""
import secrets
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError

from portal.extensions import db

# No 0/O, 1/I/L or U/V to confuse on a small screen or when read aloud: 29 symbols.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"


def random_code(length: int) -> str:
    """length symbols drawn from ALPHABET with `secrets` (about 4.86 bits each)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def grouped(code: str, size: int = 4) -> str:
    """K7MX4P2QRT -> K7MX-4P2Q-RT, as printed and shown."""
    return "-".join(code[i:i + size] for i in range(0, len(code), size))


def symbols(text: str | None) -> str:
    """What a person typed, reduced to the code's symbols: upper case, no spaces, dashes or other marks."""
    return "".join(c for c in (text or "").upper() if c.isascii() and c.isalnum())


def save_unique(obj, attribute: str, make: Callable[[], str], attempts: int = 8) -> str:
    """Give obj a value of a unique column and flush, drawing again while another row holds the value.

    obj is either new (not yet added to the session) or already saved. Whatever else is pending is
    flushed first; then each draw runs in a savepoint, so a collision (even with a concurrent
    transaction) costs one more draw, not the whole action.
    """
    db.session.flush()
    for _attempt in range(attempts):
        value = make()
        try:
            with db.session.begin_nested():
                setattr(obj, attribute, value)
                db.session.add(obj)
                db.session.flush()
        except IntegrityError:
            continue
        return value
    raise RuntimeError(f"no free {attribute} after {attempts} draws")  # pragma: no cover
