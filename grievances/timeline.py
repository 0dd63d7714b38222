"""A case's history in plain words, for each reader: the worker, the agency, or officials. Display, not
rules: which events each reader may see is decided in grievances.models (WORKER_VISIBLE, AGENCY_VISIBLE)."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from markupsafe import Markup, escape

from grievances.models import (
    AGENCY_VISIBLE,
    WORKER_VISIBLE,
    DeadlineKind,
    EventKind,
    Grievance,
    GrievanceEvent,
    Outcome,
    ReferralTarget,
)
from portal.i18n import format_date, records_language, written

WORKER, AGENCY, OFFICIAL = "worker", "agency", "official"  # the readers ("official": everything)
VISIBLE = {WORKER: WORKER_VISIBLE, AGENCY: AGENCY_VISIBLE}
INTERNAL = frozenset({EventKind.NOTE, EventKind.ESCALATED})
# The officer's reasons and referral notes are internal.
REASONS = frozenset({EventKind.REOPENED, EventKind.WITHDRAWN, EventKind.REFERRED})


@dataclass
class TimelineEntry:
    """One line of the timeline as a reader sees it."""

    at: datetime
    kind: str
    title: str
    body: str = ""
    internal: bool = False
    by: str = ""  # who acted, for officials only
    language: str = ""  # the language a message was written in, when it was recorded

    @property
    def text(self) -> str:
        """The title and the body, as the API gives them."""
        title = self.title.striptags() if isinstance(self.title, Markup) else self.title
        return f"{title}\n{self.body}" if self.body else title


def _referred(event: GrievanceEvent, audience: str) -> str:
    if audience == AGENCY:
        return _("The ministry referred the case to another authority.")
    data = event.data or {}
    on = date.fromisoformat(data["on"]) if data.get("on") else event.at.date()
    # Who it was referred to is typed by the officer: shown as typed, marked with its language.
    return Markup(escape(_("Referred to %(target)s (%(who)s) on %(date)s."))) % {
        "target": ReferralTarget.label_of(data.get("target", "")), "who": written(data.get("to_whom", "")),
        "date": format_date(on)}


def _resolved(event: GrievanceEvent, _audience: str) -> str:
    data = event.data or {}
    text = _("Resolved: %(outcome)s.", outcome=Outcome.label_of(data.get("outcome", "")))
    if data.get("amount"):
        text += " " + _("Amount: %(amount)s %(currency)s.", amount=format_decimal(Decimal(data["amount"])),
                        currency=data.get("currency", ""))
    return text


def _assigned(event: GrievanceEvent, audience: str) -> str:
    if audience == WORKER:
        return _("A case officer is now handling your case.")
    return _("Assigned to %(name)s.", name=(event.data or {}).get("officer", ""))


def _evidence_added(event: GrievanceEvent, _audience: str) -> str:
    n = int((event.data or {}).get("files", 1))
    return ngettext("%(num)d file added as evidence.", "%(num)d files added as evidence.", n)


def _escalated(event: GrievanceEvent, _audience: str) -> str:
    data = event.data or {}
    try:
        deadline = DeadlineKind(data.get("deadline"))
    except ValueError:  # an escalation recorded without its deadline
        deadline = DeadlineKind.RESOLVE
    return deadline.escalation % {"name": data.get("supervisor") or _("the supervisors")}


# One wording function per kind of event: (event, audience) -> a plain sentence.
WORDING: dict[EventKind, Callable[[GrievanceEvent, str], str]] = {
    EventKind.FILED: lambda _e, _a: _("Grievance received."),
    EventKind.ACKNOWLEDGED: lambda _e, a: (_("A case officer read your grievance.") if a == WORKER
                                           else _("Acknowledged by the ministry.")),
    EventKind.INVESTIGATING: lambda _e, _a: _("The case is being investigated."),
    EventKind.REFERRED: _referred,
    EventKind.RESOLVED: _resolved,
    EventKind.CLOSED: lambda _e, _a: _("The case was closed."),
    EventKind.REOPENED: lambda _e, _a: _("The case was reopened."),
    EventKind.WITHDRAWN: lambda _e, _a: _("The grievance was withdrawn."),
    EventKind.ASSIGNED: _assigned,
    EventKind.MESSAGE_TO_WORKER: lambda _e, a: (_("Message from your case officer:") if a == WORKER
                                                else _("Message to the worker:")),
    EventKind.MESSAGE_FROM_WORKER: lambda _e, a: _("Your message:") if a == WORKER else _("Message from the worker:"),
    EventKind.AGENCY_RESPONSE: lambda _e, a: _("Your response:") if a == AGENCY else _("Response from the agency:"),
    EventKind.EVIDENCE_ADDED: _evidence_added,
    EventKind.NOTE: lambda _e, _a: _("Internal note (not shown to the worker or the agency):"),
    EventKind.ESCALATED: _escalated,
}


def event_title(event: GrievanceEvent, audience: str) -> str:
    """One plain sentence for a timeline event, worded for the worker, the agency or officials."""
    wording = WORDING.get(event.kind)
    return wording(event, audience) if wording is not None else str(event.kind)


def _body(event: GrievanceEvent, audience: str) -> str:
    if audience != OFFICIAL and event.kind in REASONS:
        return ""
    if audience == AGENCY and event.kind == EventKind.RESOLVED and not event.grievance.share_identity_with_agency:
        return ""
    return event.body


def _language(event: GrievanceEvent) -> str:
    """The language a body is written in: recorded with a message, the worker's own for hers, otherwise the
    language officials and agencies keep their records in."""
    recorded = (event.data or {}).get("language")
    if recorded or not event.body:
        return recorded or ""
    return event.grievance.language if event.kind == EventKind.MESSAGE_FROM_WORKER else records_language()


def entry(event: GrievanceEvent, audience: str) -> TimelineEntry:
    """One event as this reader sees it."""
    by = (event.actor.name or event.actor.email) if audience == OFFICIAL and event.actor else ""
    return TimelineEntry(event.at, event.kind.value, event_title(event, audience), _body(event, audience),
                         internal=event.kind in INTERNAL, by=by, language=_language(event))


def timeline(grievance: Grievance, audience: str) -> list[TimelineEntry]:
    """The case's history for the worker, the agency, or officials ("official": everything)."""
    visible = VISIBLE.get(audience)
    return [entry(event, audience) for event in grievance.events if visible is None or event.kind in visible]
