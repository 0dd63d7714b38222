"""The case's timeline rows: every step, message, response, note and escalation adds one."""
from datetime import datetime

from grievances.models import EventKind, Grievance, GrievanceEvent
from portal.extensions import db
from portal.models import User


def add_event(grievance: Grievance, kind: EventKind, actor: User | None, now: datetime, body: str = "",
              data: dict | None = None) -> GrievanceEvent:
    """Append a line to the case's timeline (the case counts as updated then); flushes."""
    event = GrievanceEvent(kind=kind, at=now, actor_id=actor.id if actor else None, body=body, data=data or {})
    grievance.events.append(event)
    grievance.updated_at = now
    db.session.flush()
    return event
