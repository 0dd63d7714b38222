"""Accounts, roles and the audit log."""
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import HasPublicId, UTCDateTime, enum_column, utcnow
from portal.extensions import db
from portal.labels import LabelledEnum
from portal.text import _l


class Role(LabelledEnum):
    ADMINISTRATOR = "administrator", _l("Administrator")
    LICENSING_OFFICER = "licensing_officer", _l("Licensing officer")
    CASE_OFFICER = "case_officer", _l("Case officer")
    AGENCY_REPRESENTATIVE = "agency_representative", _l("Agency representative")


class User(UserMixin, HasPublicId, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agencies.id"), index=True)
    # Case officers: a supervisor receives escalations; an attaché sees their destination countries.
    is_supervisor: Mapped[bool] = mapped_column(default=False)
    attache_countries: Mapped[str] = mapped_column(sa.String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Raised to end every session of the account at once (logout, password or role change, deactivation).
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor sign-in (portal.twofactor): the authenticator's secret, the last time step used (a code
    # works once), and the recovery codes' SHA-256 digests as a JSON list.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int] = mapped_column(default=0, server_default="0")
    recovery_codes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """What a session remembers: the account and its session version, so raising it ends the session."""
        return f"{self.id}.{self.session_version}"

    def end_sessions(self) -> None:
        """End every session of this account, on every device, at its next request."""
        self.session_version += 1

    def has_role(self, *roles: Role) -> bool:
        """True when the user holds one of the roles (administrators hold every official role)."""
        if self.role == Role.ADMINISTRATOR and any(role != Role.AGENCY_REPRESENTATIVE for role in roles):
            return True
        return self.role in roles

    @property
    def is_official(self) -> bool:
        return self.role != Role.AGENCY_REPRESENTATIVE

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class AuditEntry(db.Model):
    """One official action. Entries are only ever appended; each carries the hash of the one before."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(sa.String(254))
    action: Mapped[str] = mapped_column(sa.String(80), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[str] = mapped_column(sa.String(80))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    details: Mapped[str] = mapped_column(sa.Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)

    __table_args__ = (sa.Index("ix_audit_entries_object", "object_type", "object_id"),)


class AuditCheck(db.Model):
    """One verification of the audit chain (scheduled or asked by an administrator): when, how many entries,
    the head it reached, and the first entry that does not fit (None and no problem: intact)."""

    __tablename__ = "audit_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    entries: Mapped[int] = mapped_column(default=0)
    head: Mapped[str] = mapped_column(sa.String(64), default="")
    broken_at: Mapped[int | None] = mapped_column()
    problem: Mapped[str] = mapped_column(sa.Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))  # None: the scheduler

    @property
    def ok(self) -> bool:
        return self.broken_at is None and not self.problem


class JobRun(db.Model):
    """One run of a scheduled job (licence expiry, grievance escalation): when, how much, what went wrong."""

    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(sa.String(40))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done: Mapped[int | None] = mapped_column()
    error: Mapped[str] = mapped_column(sa.Text, default="")

    __table_args__ = (sa.Index("ix_job_runs_job_started", "job", "started_at"),)
