"""What an agency's grievances say about it: the public record (counts only, no worker's details) and, for
a grievance linked to an attested contract, the parties liable together for the worker's claims."""
import statistics

import sqlalchemy as sa

from contracts.models import Contract
from contracts.services import liable_parties as contract_parties
from grievances.models import DONE_STATUSES, OPEN_STATUSES, SUBSTANTIATED_OUTCOMES, Grievance
from portal.extensions import db


def _count(condition):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def agency_record(agency_id: int) -> dict:
    """Total, open, resolved and substantiated grievances and the median days to resolution (no worker data)."""
    done = Grievance.status.in_(DONE_STATUSES)
    total, still_open, resolved, substantiated = db.session.execute(
        sa.select(sa.func.count(Grievance.id), _count(Grievance.status.in_(OPEN_STATUSES)), _count(done),
                  _count(sa.and_(done, Grievance.outcome.in_(SUBSTANTIATED_OUTCOMES))))
        .where(Grievance.agency_id == agency_id)
    ).one()
    spans = db.session.execute(
        sa.select(Grievance.filed_at, Grievance.resolved_at)
        .where(Grievance.agency_id == agency_id, done, Grievance.resolved_at.is_not(None))
    ).all()
    days = [(resolved_at - filed_at).total_seconds() / 86400 for filed_at, resolved_at in spans]
    median = round(statistics.median(days), 1) if days else None
    return {"total": int(total), "open": int(still_open), "resolved": int(resolved),
            "substantiated": int(substantiated), "median_days_to_resolve": median}


def linked_contract(grievance: Grievance) -> Contract | None:
    """The contract the worker's check code linked, if any."""
    return grievance.contract


def liable_parties(grievance: Grievance) -> list:
    """The parties jointly liable under the linked contract (each with its role and the claims it covers)."""
    return contract_parties(grievance.contract) if grievance.contract is not None else []
