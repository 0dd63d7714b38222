"""Guarantees (bonds): lodged by the agency, verified by an officer with the bank's reference, drawn on to pay
workers' claims. What counts for a licence: a verified guarantee, still unexpired, whose balance is at least the
configured minimum for the licence class in its currency, and that covers the whole licence term."""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_currency
from sqlalchemy.orm import selectinload

from portal import audit
from portal.database import today, utcnow
from portal.errors import DomainError, Refused
from portal.extensions import db
from portal.i18n import format_date
from portal.models import User
from portal.text import _l
from registry.models import Agency, Guarantee, GuaranteeDrawdown, Licence, LicenceClass, LicenceStatus
from registry.services.review import flag_for_review

EXPIRING_WITHIN_DAYS = 60  # officers see the guarantees of licensed agencies that run out this soon


def minimum_for(licence_class: LicenceClass, currency: str) -> Decimal | None:
    """The configured minimum guarantee for a licence class in a currency (None: none is set for it)."""
    value = current_app.config["GUARANTEE_MINIMUMS"].get(licence_class.value, {}).get(currency.upper())
    return Decimal(str(value)) if value is not None else None


def _meets_minimum(guarantee: Guarantee, licence_class: LicenceClass) -> bool:
    minimum = minimum_for(licence_class, guarantee.currency)
    return minimum is not None and guarantee.balance >= minimum


def covering_guarantee(agency: Agency, licence_class: LicenceClass, day: date) -> Guarantee | None:
    """The verified, unexpired guarantee at or above the minimum that runs longest (None when there is none)."""
    good = [g for g in agency.guarantees if g.counts_on(day) and _meets_minimum(g, licence_class)]
    return max(good, key=lambda g: (g.expires_on, g.id)) if good else None


def guarantee_problems(agency: Agency, licence_class: LicenceClass, day: date, term_end: date) -> list:
    """Why the agency's guarantees do not allow a licence of that class running until term_end (empty: they do)."""
    valid = [g for g in agency.guarantees if g.counts_on(day)]
    if not valid:
        return [_l("No verified, unexpired guarantee is lodged.")]
    best = covering_guarantee(agency, licence_class, day)
    if best is None:
        return [_short_of_minimum(g, licence_class) for g in valid]
    if best.expires_on < term_end and current_app.config["GUARANTEE_SHORT_OF_TERM"] != "cap":
        return [_l("The guarantee expires on %(expiry)s, before the end of the licence term on %(end)s.",
                   expiry=format_date(best.expires_on), end=format_date(term_end))]
    return []


def _short_of_minimum(guarantee: Guarantee, licence_class: LicenceClass):
    minimum = minimum_for(licence_class, guarantee.currency)
    if minimum is None:
        currencies = ", ".join(sorted(current_app.config["GUARANTEE_MINIMUMS"].get(licence_class.value, {})))
        return _l("The guarantee %(reference)s is in %(currency)s, for which no minimum is set: lodge one in "
                  "%(currencies)s.", reference=guarantee.reference, currency=guarantee.currency,
                  currencies=currencies)
    return _l("The guarantee %(reference)s covers %(balance)s, below the minimum of %(minimum)s for a licence of "
              "the class “%(licence_class)s”.", reference=guarantee.reference,
              balance=format_currency(guarantee.balance, guarantee.currency),
              minimum=format_currency(minimum, guarantee.currency), licence_class=licence_class.label)


def lodge_guarantee(agency: Agency, actor: User | None, *, verified: bool = False, verification_reference: str = "",
                    **fields) -> Guarantee:
    """Record a guarantee (bond); an official entering it may verify it at once, with the bank's reference."""
    if fields["amount"] <= 0:
        raise DomainError(_l("The amount must be more than zero."), field="amount")
    guarantee = Guarantee(**fields)
    if verified:
        _verify(guarantee, actor, verification_reference)
    agency.guarantees.append(guarantee)
    db.session.flush()
    if actor is not None and actor.is_official:
        audit.record("guarantee.lodge", guarantee, actor=actor, agency_id=agency.id, verified=verified,
                     verification_reference=guarantee.verification_reference)
    return guarantee


def _verify(guarantee: Guarantee, actor: User, reference: str) -> None:
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(_l("Give the bank's reference for its confirmation of the guarantee."),
                          field="verification_reference")
    guarantee.verified_by_id, guarantee.verified_at = actor.id, utcnow()
    guarantee.verification_reference = reference


def verify_guarantee(guarantee: Guarantee, actor: User, reference: str) -> Guarantee:
    """An official confirms the bond with the bank and records the bank's reference for that confirmation."""
    if guarantee.verified_at:
        raise Refused(_l("This guarantee is already verified."))
    _verify(guarantee, actor, reference)
    db.session.flush()
    audit.record("guarantee.verify", guarantee, actor=actor, agency_id=guarantee.agency_id,
                 verification_reference=guarantee.verification_reference)
    return guarantee


def draw_on_guarantee(guarantee: Guarantee, actor: User, amount: Decimal, reason: str,
                      grievance_reference: str = "") -> GuaranteeDrawdown:
    """Record money drawn on a guarantee (to pay a worker's claim, say). A licensed agency whose guarantee falls
    below the minimum is flagged for review; renewal is blocked until a new guarantee is lodged."""
    problems = []
    if amount is None or amount <= 0:
        problems.append(("amount", _l("The amount must be more than zero.")))
    elif amount > guarantee.balance:
        problems.append(("amount", _l("Only %(balance)s is left on this guarantee.",
                                      balance=format_currency(guarantee.balance, guarantee.currency))))
    if not (reason or "").strip():
        problems.append(("reason", _l("Give the reason for the draw-down.")))
    if problems:
        raise DomainError(problems=problems)
    drawdown = GuaranteeDrawdown(amount=amount, reason=reason.strip(), grievance_reference=grievance_reference,
                                 recorded_by_id=actor.id)
    guarantee.drawdowns.append(drawdown)
    db.session.flush()
    audit.record("guarantee.draw", guarantee, reason=drawdown.reason, actor=actor, agency_id=guarantee.agency_id,
                 amount=str(amount), grievance=grievance_reference)
    _flag_when_short(guarantee, actor)
    return drawdown


def _flag_when_short(guarantee: Guarantee, actor: User) -> None:
    agency = guarantee.agency
    if agency.licence.status not in (LicenceStatus.LICENSED, LicenceStatus.SUSPENDED):
        return
    if covering_guarantee(agency, agency.licence.licence_class, today()) is None:
        flag_for_review(agency, actor, "The guarantee was drawn on and no longer covers the minimum "
                                       f"(guarantee {guarantee.reference}).", guarantee_id=guarantee.id)


@dataclass
class ExpiringGuarantee:
    agency: Agency
    guarantee: Guarantee | None  # the agency's longest-running verified guarantee (None: none left)
    days_left: int


def expiring_guarantees(day: date | None = None, within: int = EXPIRING_WITHIN_DAYS) -> list[ExpiringGuarantee]:
    """Agencies in force (licensed or suspended) whose longest-running verified guarantee ends within `within`
    days (or has ended), soonest first."""
    day = day or today()
    agencies = db.session.scalars(
        sa.select(Agency).join(Licence).where(Licence.status.in_([LicenceStatus.LICENSED, LicenceStatus.SUSPENDED]))
        .options(selectinload(Agency.licence), selectinload(Agency.guarantees).selectinload(Guarantee.drawdowns))
    ).all()
    rows = []
    for agency in agencies:
        verified = [g for g in agency.guarantees if g.verified_at is not None]
        latest = max(verified, key=lambda g: (g.expires_on, g.id)) if verified else None
        if latest is None or latest.expires_on <= day + timedelta(days=within):
            rows.append(ExpiringGuarantee(agency, latest, (latest.expires_on - day).days if latest else 0))
    return sorted(rows, key=lambda r: (r.days_left, r.agency.legal_name))
