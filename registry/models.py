"""Agencies, their people and guarantees, licences with their history, foreign parties and bans."""
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from portal.cache import renew_later
from portal.database import HasPublicId, UTCDateTime, enum_column, utcnow
from portal.extensions import db
from portal.labels import LabelledEnum
from portal.models import User
from portal.text import _l, _lp
from registry.index_models import AgencyKey, ForeignPartyWord, SearchWord  # noqa: F401  (the indexes' own tables)


class Sector(LabelledEnum):
    DOMESTIC_WORK = "domestic_work", _l("Domestic work")
    CONSTRUCTION = "construction", _l("Construction")
    HOSPITALITY = "hospitality", _l("Hospitality")
    SECURITY = "security", _l("Security")
    AGRICULTURE = "agriculture", _l("Agriculture")
    HEALTHCARE = "healthcare", _l("Health care")
    DRIVING = "driving", _l("Driving and transport")
    MANUFACTURING = "manufacturing", _l("Manufacturing")


class LicenceStatus(LabelledEnum):
    APPLICATION = "application", _l("Application")
    UNDER_REVIEW = "under_review", _l("Under review")
    LICENSED = "licensed", _lp("licence status", "Licensed")
    SUSPENDED = "suspended", _lp("licence status", "Suspended")
    REVOKED = "revoked", _l("Revoked")
    REJECTED = "rejected", _l("Rejected")
    EXPIRED = "expired", _l("Expired")


class LicenceAction(LabelledEnum):
    """A step in a licence's history: its label in the history, then the officer's button (a verb)."""

    APPLY = "apply", _l("Application received"), None
    START_REVIEW = "start_review", _l("Review started"), _l("Start the review")
    ISSUE = "issue", _l("Licence issued"), _l("Issue the licence")
    REJECT = "reject", _l("Application rejected"), _l("Reject the application")
    REQUEST_RENEWAL = "request_renewal", _l("Renewal requested"), _l("Ask for renewal")
    RENEW = "renew", _l("Licence renewed"), _l("Renew the licence")
    SUSPEND = "suspend", _l("Licence suspended"), _l("Suspend the licence")
    REINSTATE = "reinstate", _l("Licence reinstated"), _l("Reinstate the licence")
    REVOKE = "revoke", _l("Licence revoked"), _l("Revoke the licence")
    EXPIRE = "expire", _l("Licence expired"), _l("Record the expiry")

    @property
    def decision(self):
        """What the officer's button says."""
        return self.texts[0]


class LicenceClass(LabelledEnum):
    GENERAL = "general", _l("General: all sectors")
    DOMESTIC = "domestic", _l("Domestic work only")


class VettingStatus(LabelledEnum):
    PENDING = "pending", _l("Not vetted yet")
    VETTED = "vetted", _l("Vetted")
    REJECTED = "rejected", _l("Vetting failed")


class PersonRole(LabelledEnum):
    DIRECTOR = "director", _l("Director")
    SHAREHOLDER = "shareholder", _l("Shareholder")


class PartyKind(LabelledEnum):
    EMPLOYER = "employer", _l("Employer")
    PARTNER_AGENCY = "partner_agency", _l("Partner agency")


class WatchlistStatus(LabelledEnum):
    CLEAR = "clear", _l("Clear")
    WATCHED = "watched", _l("Watched")
    BLACKLISTED = "blacklisted", _l("Blacklisted")


class DocumentKind(LabelledEnum):
    INCORPORATION = "incorporation", _l("Certificate of incorporation")
    GUARANTEE = "guarantee", _l("Guarantee letter")
    OTHER = "other", _l("Other document")


class PublicStatus(LabelledEnum):
    """What the public registry tells a worker about an agency: a badge and one plain sentence."""

    LICENSED = "licensed", _lp("agency verdict", "Licensed"), _l(
        "You may use this agency; it must not charge you fees.")
    SUSPENDED = "suspended", _lp("agency verdict", "Suspended"), _l(
        "Do not pay or sign anything with this agency now. Its licence is suspended.")
    REVOKED = "revoked", _l("Licence revoked"), _l(
        "This agency may no longer recruit workers. Do not pay or sign anything; report anyone using its name.")
    EXPIRED = "expired", _l("Licence expired"), _l(
        "This agency's licence has run out. Do not pay or sign anything until it is renewed.")
    PENDING = "pending", _l("Not yet licensed"), _l(
        "This agency has applied but is not licensed yet. It may not recruit you or take money from you.")
    NOT_FOUND = "not_found", _l("Not a licensed agency"), _l(
        "No licensed agency has this name or number. Anyone recruiting under it is doing so illegally: "
        "do not pay or hand over your passport, and report them.")

    @property
    def advice(self):
        return self.texts[0]


class Agency(HasPublicId, db.Model):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    legal_name: Mapped[str] = mapped_column(sa.String(200), index=True)  # the public list is by name
    trading_names: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    registration_number: Mapped[str] = mapped_column(sa.String(60), unique=True)
    address: Mapped[str] = mapped_column(sa.Text, default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    destinations: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    sectors: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    complaints_officer_name: Mapped[str] = mapped_column(sa.String(200), default="")
    complaints_officer_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    complaints_officer_email: Mapped[str] = mapped_column(sa.String(254), default="")
    # Lower-case, accent-free names for search (legal and trading names, one per line), indexed by the
    # database (registry.search_index).
    search_names: Mapped[str] = mapped_column(sa.Text, default="")
    # Raised by substantiated grievances; licensing officers review and clear it.
    review_flag: Mapped[bool] = mapped_column(default=False)
    review_flag_reason: Mapped[str] = mapped_column(sa.Text, default="")
    review_flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when the flag was raised
    # Raised in the same transaction as every change its public profile shows (touch_agencies): the key of the
    # profile's cached page, so that a suspension shows at once in every process.
    public_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    people: Mapped[list["Person"]] = relationship(
        back_populates="agency", cascade="all, delete-orphan", order_by="Person.id"
    )
    guarantees: Mapped[list["Guarantee"]] = relationship(
        back_populates="agency", cascade="all, delete-orphan", order_by="Guarantee.id"
    )
    licence: Mapped["Licence"] = relationship(back_populates="agency", cascade="all, delete-orphan", uselist=False)
    documents: Mapped[list["AgencyDocument"]] = relationship(
        back_populates="agency", cascade="all, delete-orphan", order_by="AgencyDocument.id"
    )
    messages: Mapped[list["ApplicationMessage"]] = relationship(
        back_populates="agency", cascade="all, delete-orphan", order_by="ApplicationMessage.id"
    )
    # what it shares with other agencies, normalised and indexed (kept at every flush: registry.services.links)
    keys: Mapped[list[AgencyKey]] = relationship(back_populates="agency", cascade="all, delete-orphan")

    @property
    def directors(self) -> list["Person"]:
        return [p for p in self.people if p.role == PersonRole.DIRECTOR]

    def __repr__(self) -> str:
        return f"<Agency {self.legal_name}>"


class Person(HasPublicId, db.Model):
    """A director or shareholder, vetted (police clearance) before a licence is issued."""

    __tablename__ = "agency_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id"), index=True)
    role: Mapped[PersonRole] = mapped_column(enum_column(PersonRole))
    name: Mapped[str] = mapped_column(sa.String(200))
    nationality: Mapped[str] = mapped_column(sa.String(2))
    id_number: Mapped[str] = mapped_column(sa.String(60))
    police_clearance_ref: Mapped[str] = mapped_column(sa.String(100), default="")
    vetting_status: Mapped[VettingStatus] = mapped_column(enum_column(VettingStatus), default=VettingStatus.PENDING)
    vetting_note: Mapped[str] = mapped_column(sa.Text, default="")
    vetted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    vetted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    agency: Mapped[Agency] = relationship(back_populates="people")


class Guarantee(HasPublicId, db.Model):
    """The bond an agency lodges; officials verify it before it counts."""

    __tablename__ = "guarantees"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    currency: Mapped[str] = mapped_column(sa.String(3))
    bank: Mapped[str] = mapped_column(sa.String(200))
    reference: Mapped[str] = mapped_column(sa.String(100))
    expires_on: Mapped[date] = mapped_column(sa.Date)
    lodged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The bank's own reference for its confirmation to the officer who verified the guarantee.
    verification_reference: Mapped[str] = mapped_column(sa.String(100), default="")

    agency: Mapped[Agency] = relationship(back_populates="guarantees")
    drawdowns: Mapped[list["GuaranteeDrawdown"]] = relationship(
        back_populates="guarantee", cascade="all, delete-orphan", order_by="GuaranteeDrawdown.id"
    )

    def counts_on(self, day: date) -> bool:
        """Verified by an official and not expired on that day."""
        return self.verified_at is not None and self.expires_on >= day

    @property
    def drawn(self) -> Decimal:
        """What has been drawn on the guarantee so far."""
        return sum((d.amount for d in self.drawdowns), Decimal("0"))

    @property
    def balance(self) -> Decimal:
        """What the guarantee still covers after its draw-downs."""
        return self.amount - self.drawn


class GuaranteeDrawdown(db.Model):
    """Money drawn on a guarantee (to pay a worker's claim, say), with the reason and the linked grievance."""

    __tablename__ = "guarantee_drawdowns"

    id: Mapped[int] = mapped_column(primary_key=True)
    guarantee_id: Mapped[int] = mapped_column(sa.ForeignKey("guarantees.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    reason: Mapped[str] = mapped_column(sa.Text)
    grievance_reference: Mapped[str] = mapped_column(sa.String(40), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    guarantee: Mapped[Guarantee] = relationship(back_populates="drawdowns")


class Licence(db.Model):
    __tablename__ = "licences"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id"), unique=True)
    number: Mapped[str | None] = mapped_column(sa.String(40), unique=True)
    licence_class: Mapped[LicenceClass] = mapped_column(enum_column(LicenceClass), default=LicenceClass.GENERAL)
    status: Mapped[LicenceStatus] = mapped_column(enum_column(LicenceStatus), index=True)
    valid_from: Mapped[date | None] = mapped_column(sa.Date)
    valid_until: Mapped[date | None] = mapped_column(sa.Date, index=True)
    renewal_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The licence's scope, fixed when it is issued (consistent with its class): attestation keeps to it.
    destinations: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    sectors: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # A suspension's end (or, when suspension_is_review, the date it is reviewed) and the note workers read.
    suspended_until: Mapped[date | None] = mapped_column(sa.Date)
    suspension_is_review: Mapped[bool] = mapped_column(default=False)
    public_note: Mapped[str] = mapped_column(sa.Text, default="")
    # Why the licence was issued although the agency is linked to a revoked, suspended or rejected one.
    link_override_reason: Mapped[str] = mapped_column(sa.Text, default="")
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)  # registry.services.applications' key
    __table_args__ = (sa.Index("ix_licences_waiting", "waiting_since", "agency_id"),)

    agency: Mapped[Agency] = relationship(back_populates="licence")
    events: Mapped[list["LicenceEvent"]] = relationship(back_populates="licence", cascade="all, delete-orphan",
                                                        order_by="LicenceEvent.id")

    def status_on(self, day: date) -> LicenceStatus:
        """The status on a day: a licensed or suspended licence past valid_until is expired."""
        if self.status in (LicenceStatus.LICENSED, LicenceStatus.SUSPENDED) and (self.valid_until or day) < day:
            return LicenceStatus.EXPIRED
        return self.status


class LicenceEvent(db.Model):
    """One step in a licence's history: who, when, why, under which order."""

    __tablename__ = "licence_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    licence_id: Mapped[int] = mapped_column(sa.ForeignKey("licences.id"), index=True)
    action: Mapped[LicenceAction] = mapped_column(enum_column(LicenceAction))
    from_status: Mapped[LicenceStatus | None] = mapped_column(enum_column(LicenceStatus))
    to_status: Mapped[LicenceStatus] = mapped_column(enum_column(LicenceStatus))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    order_reference: Mapped[str] = mapped_column(sa.String(100), default="")
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    licence: Mapped[Licence] = relationship(back_populates="events")


class AgencyDocument(HasPublicId, db.Model):
    """A supporting document (PDF) uploaded with an application, kept outside the static folder."""

    __tablename__ = "agency_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(60))
    original_name: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The applicant's answer (in the query thread) this document was sent with, if any.
    message_id: Mapped[int | None] = mapped_column(sa.ForeignKey("application_messages.id"), index=True)

    agency: Mapped[Agency] = relationship(back_populates="documents")


class ApplicationMessage(db.Model):
    """A licensing officer's query on an application, or the agency's answer."""

    __tablename__ = "application_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    from_official: Mapped[bool]
    body: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agency: Mapped[Agency] = relationship(back_populates="messages")
    author: Mapped[User] = relationship()
    documents: Mapped[list[AgencyDocument]] = relationship(order_by="AgencyDocument.id", viewonly=True)


class ForeignParty(HasPublicId, db.Model):
    """An employer or destination partner agency abroad, with its watchlist standing."""

    __tablename__ = "foreign_parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PartyKind] = mapped_column(enum_column(PartyKind), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # The name lower-case, without accents or punctuation (set with the name by registry.services.foreign), indexed
    # by the database for the public blacklist search (registry.foreign_index).
    search_name: Mapped[str] = mapped_column(sa.String(200), default="")
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    registration_number: Mapped[str] = mapped_column(sa.String(100), default="")
    address: Mapped[str] = mapped_column(sa.Text, default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    watchlist_status: Mapped[WatchlistStatus] = mapped_column(
        enum_column(WatchlistStatus), default=WatchlistStatus.CLEAR
    )
    watchlist_reason: Mapped[str] = mapped_column(sa.Text, default="")
    watchlisted_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    watchlisted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    watchlisted_by: Mapped[User | None] = relationship()

    __table_args__ = (sa.Index("ix_foreign_parties_watchlist_name", "watchlist_status", "name"),)  # the public list

    @property
    def on_watchlist(self) -> bool:
        return self.watchlist_status != WatchlistStatus.CLEAR


class DeploymentBan(HasPublicId, db.Model):
    """No deployment to a country (optionally one sector) between two dates."""

    __tablename__ = "deployment_bans"

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    sector: Mapped[str | None] = mapped_column(sa.String(40))
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date)
    reason: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def applies_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


def agency_generation(agency_id: int) -> str:
    """The name of an agency's generation (portal.cache), renewed with its public version."""
    return f"agency:{agency_id}"


def touch_agencies(session: Session, agency_ids) -> None:
    """Raise the public version of these agencies (their cached public pages are no longer read), and renew their
    generations once the transaction commits."""
    ids = {i for i in agency_ids if i}
    if ids:
        table = Agency.__table__
        session.connection().execute(
            sa.update(table).where(table.c.id.in_(ids)).values(public_version=table.c.public_version + 1))
        renew_later(session, *map(agency_generation, ids))


@sa.event.listens_for(Session, "after_flush")
def _touch_changed_agencies(session: Session, flush_context) -> None:
    """A flushed change of an agency or its licence touches the agency."""
    changed = [*session.new, *session.dirty, *session.deleted]
    touch_agencies(session, [o.id for o in changed if isinstance(o, Agency) and session.is_modified(o)]
                   + [o.agency_id for o in changed if isinstance(o, Licence)])
