"""The grievance pages, by audience: worker (filing, tracking and following a case without an account),
desk (the case officers' queue, the case page and its steps, evidence files), agency (the grievances against
a representative's own agency, and its responses)."""
from grievances import bp
from grievances.models import CaseAction


def private(response):
    """Worker and case pages must not stay in a shared phone's cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_context_processor
def grievance_names() -> dict:
    """What the grievance templates use besides each member's own label."""
    return {"CaseAction": CaseAction}
