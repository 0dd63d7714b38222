"""The registry's generations in the response cache (portal.cache), besides each agency's (renewed with its public
version by registry.models.touch_agencies): the deployment bans', which every profile's warning shows, and the
licence numbers', which say which agency a number typed loosely names."""
import sqlalchemy as sa
from sqlalchemy.orm import Session

from portal.cache import renew_later
from registry.models import DeploymentBan, Licence, LicenceStatus

BANS = "bans"
NUMBERS = "licence-numbers"


@sa.event.listens_for(Session, "after_flush")
def _renew_registry_generations(session: Session, flush_context) -> None:
    """A ban added, changed or lifted renews the bans' generation; a licence number given, changed or taken out of
    the public registry (a rejection) renews the numbers' generation."""
    changed = [*session.new, *session.dirty, *session.deleted]
    if any(isinstance(o, DeploymentBan) for o in changed):
        renew_later(session, BANS)
    if any(_names_another_agency(session, o) for o in changed if isinstance(o, Licence)):
        renew_later(session, NUMBERS)


def _names_another_agency(session: Session, licence: Licence) -> bool:
    if licence in session.new or licence in session.deleted:
        return licence.number is not None
    attrs = sa.inspect(licence).attrs
    status = attrs.status.history
    return attrs.number.history.has_changes() or LicenceStatus.REJECTED in (*status.added, *status.deleted)
