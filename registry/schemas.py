"""Marshmallow schemas of the public registry API, and the shaping of an agency as public JSON."""
import marshmallow as ma
from flask import url_for
from marshmallow import validate

from registry.models import Agency, DeploymentBan, ForeignParty, PartyKind, PublicStatus, Sector
from registry.services import PUBLIC_WATCHLIST, public_status, public_status_of, verdict

STATUSES = [s.value for s in PublicStatus if s != PublicStatus.NOT_FOUND]


class AgencyQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    q = ma.fields.String(load_default="", validate=validate.Length(max=200),
                         metadata={"description": "Name, trading name, licence or registration number"})
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    destination = ma.fields.String(validate=validate.Regexp(r"^[A-Za-z]{2}$"),
                                   metadata={"description": "ISO 3166 alpha-2 country code"})
    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = ma.fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class AgencyItemSchema(ma.Schema):
    licence_number = ma.fields.String(allow_none=True)
    name = ma.fields.String()
    status = ma.fields.String(metadata={"enum": STATUSES})
    valid_until = ma.fields.Date(allow_none=True, metadata={
        "description": "The last day of validity (an expired licence's too); null while suspended or revoked"})
    destinations = ma.fields.List(ma.fields.String())
    url = ma.fields.String(metadata={"description": "The public profile page"})


class AgencyPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(AgencyItemSchema))
    page = ma.fields.Integer()
    per_page = ma.fields.Integer()
    total = ma.fields.Integer(metadata={"description": "Matches of a name are counted up to 1,000; 1,001 means more"})


class HistoryEntrySchema(ma.Schema):
    status = ma.fields.String()
    action = ma.fields.String()
    at = ma.fields.DateTime()
    reason = ma.fields.String()
    order_reference = ma.fields.String()


class AgencyDetailSchema(AgencyItemSchema):
    status_label = ma.fields.String()
    advice = ma.fields.String(metadata={"description": "One plain sentence telling a worker what the status means"})
    trading_names = ma.fields.List(ma.fields.String())
    registration_number = ma.fields.String()
    licence_class = ma.fields.String(allow_none=True)
    valid_from = ma.fields.Date(allow_none=True, metadata={"description": "Null unless the licence is in force"})
    suspended_until = ma.fields.Date(allow_none=True, metadata={
        "description": "While suspended: the date the suspension ends (or is reviewed, see suspension_review)"})
    suspension_review = ma.fields.Boolean(metadata={
        "description": "True when suspended_until is a review date rather than the end"})
    public_note = ma.fields.String(metadata={"description": "The ministry's note to workers on a suspension"})
    sectors = ma.fields.List(ma.fields.String())
    address = ma.fields.String()
    phone = ma.fields.String()
    email = ma.fields.String()
    history = ma.fields.List(ma.fields.Nested(HistoryEntrySchema))


# The statuses whose validity dates are shown: a suspended or revoked licence never reads as "valid until …".
DATED = {PublicStatus.LICENSED, PublicStatus.EXPIRED}


def agency_summary(agency: Agency) -> dict:
    """An agency as a search result: what a worker needs to tell agencies apart."""
    status = public_status(agency)
    return {
        "licence_number": agency.licence.number,
        "name": agency.legal_name,
        "status": status.value,
        "valid_until": agency.licence.valid_until if status in DATED else None,
        "destinations": agency.licence.destinations or agency.destinations,
        "url": url_for("portal.agency_profile", agency_id=agency.public_id, _external=True),
    }


def agency_detail(agency: Agency) -> dict:
    """One agency in the public registry: its verdict, validity, destinations, sectors and licence history."""
    v = verdict(agency)
    licence = agency.licence
    return agency_summary(agency) | {
        "status_label": str(v.label),
        "advice": str(v.advice),
        "trading_names": agency.trading_names,
        "registration_number": agency.registration_number,
        "licence_class": licence.licence_class.value,
        "valid_from": licence.valid_from if v == PublicStatus.LICENSED else None,
        "suspended_until": licence.suspended_until if v == PublicStatus.SUSPENDED else None,
        "suspension_review": v == PublicStatus.SUSPENDED and licence.suspension_is_review,
        "public_note": licence.public_note if v == PublicStatus.SUSPENDED else "",
        "sectors": licence.sectors or agency.sectors,
        "address": agency.address,
        "phone": agency.phone,
        "email": agency.email,
        "history": [
            {"status": public_status_of(e.to_status), "action": e.action.value, "at": e.at, "reason": e.reason,
             "order_reference": e.order_reference}
            for e in licence.events
        ],
    }


class DeploymentBanSchema(ma.Schema):
    country = ma.fields.String(metadata={"description": "ISO 3166 alpha-2 code of the destination"})
    sector = ma.fields.String(allow_none=True, metadata={
        "enum": [s.value for s in Sector], "description": "The sector banned there; null when every sector is"})
    since = ma.fields.Date(metadata={"description": "The first day of the ban"})
    until = ma.fields.Date(allow_none=True, metadata={"description": "The last day of the ban; null until lifted"})
    reason = ma.fields.String(metadata={"description": "Why deployment is banned, as the ministry wrote it"})


class DeploymentBanListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(DeploymentBanSchema))


PUBLIC_PARTY_STATUSES = [s.value for s in PUBLIC_WATCHLIST]


class ForeignPartyQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    q = ma.fields.String(load_default="", validate=validate.Length(max=200),
                         metadata={"description": "Name, or part of it (typos, accents and case do not matter)"})
    status = ma.fields.String(validate=validate.OneOf(PUBLIC_PARTY_STATUSES), metadata={
        "description": "Only the public standing (blacklisted) can be asked for"})
    kind = ma.fields.String(validate=validate.OneOf([k.value for k in PartyKind]))


class ForeignPartyItemSchema(ma.Schema):
    name = ma.fields.String()
    kind = ma.fields.String(metadata={"enum": [k.value for k in PartyKind]})
    country = ma.fields.String(metadata={"description": "ISO 3166 alpha-2 code"})
    status = ma.fields.String(metadata={"enum": PUBLIC_PARTY_STATUSES})
    since = ma.fields.Date(allow_none=True, metadata={"description": "The day it was given this standing"})
    reason = ma.fields.String(metadata={"description": "Why, as the ministry wrote it"})


class ForeignPartyListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ForeignPartyItemSchema))


def ban_item(ban: DeploymentBan) -> dict:
    """A deployment ban as public JSON."""
    return {"country": ban.country, "sector": ban.sector, "since": ban.starts_on, "until": ban.ends_on,
            "reason": ban.reason}


def foreign_party_item(party: ForeignParty) -> dict:
    """A blacklisted employer or partner agency as public JSON (never its contacts or the officer's name)."""
    since = party.watchlisted_since
    return {"name": party.name, "kind": party.kind.value, "country": party.country,
            "status": party.watchlist_status.value, "since": since.date() if since else None,
            "reason": party.watchlist_reason}
