"""The declarative base, UTC time (utcnow, today, a timestamp type), public ids, and SQLite connection settings."""
import secrets
import string
from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


MAX_AMOUNT = Decimal("9999999999.99")  # the largest sum the smallest amount column (Numeric(12, 2)) holds


def is_amount(value: Decimal) -> bool:
    """A sum of money the database can keep: a finite number from 0 to MAX_AMOUNT (no NaN, no 1e400)."""
    return value.is_finite() and 0 <= value <= MAX_AMOUNT


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in UTC: the day every rule (licence validity, bans, ages) is judged on."""
    return utcnow().date()


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use portal.database.utcnow()")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


PUBLIC_ID_PATTERN = r"[A-Za-z0-9_-]{16}"  # also the - and _ of the first drawings
PUBLIC_ID_ALPHABET = string.ascii_letters + string.digits


def new_public_id() -> str:
    """An opaque id for a URL: 16 letters and digits drawn by `secrets` (95 random bits; says nothing of how
    many rows there are or which came first). No - or _: a form prefixed with an id ending in one would
    name its fields differently (WTForms adds no separator after them)."""
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(16))


class HasPublicId:
    """A row that appears in addresses: beside its integer key (which stays inside the database) an opaque
    random public id, unique and indexed, by which its pages are routed (portal.public_ids)."""

    public_id: Mapped[str] = mapped_column(sa.String(24), unique=True, index=True, default=new_public_id)


class Model(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def configure_sqlite(engine: sa.Engine) -> None:
    """WAL, foreign keys, a busy timeout, and BEGIN IMMEDIATE for anything but a read-only request."""

    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def on_begin(conn):
        # A write transaction must hold the write lock from its start: an upgrade from a
        # read lock can fail at once with SQLITE_BUSY instead of waiting.
        read_only = has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def lock(obj) -> None:
    """Hold the object's row until the transaction ends, and read it afresh, before judging a state change
    on it: SELECT … FOR NO KEY UPDATE on PostgreSQL (a concurrent step waits, then sees this one's result);
    on SQLite the transaction already holds the write lock from its start (BEGIN IMMEDIATE). Changes not
    yet flushed are flushed first, so nothing typed into the object is lost. NO KEY UPDATE, not UPDATE: a
    row flushed first that points at this one (a referral, a timeline entry) holds a KEY SHARE lock on it,
    which FOR UPDATE would wait on — two steps on one case would deadlock."""
    state = sa.inspect(obj, raiseerr=False)
    if state is None or state.session is None or not state.persistent:
        return  # not a row, or a new one: nobody else can see it yet
    state.session.flush()
    state.session.refresh(obj, with_for_update={"key_share": True})


def enum_column(enum_cls) -> sa.Enum:
    """A portable enum column that stores the members' values ("licensed"), not their names."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        length=40,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def render_migration_item(type_, obj, autogen_context):
    """Autogenerate writes UTCDateTime as a plain timezone-aware DateTime: migrations import no app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
