"""One mechanism for every state machine (licences, contracts, grievances): a table of transitions, and
one place where a step changes the status, writes the object's history row and appends to the audit log.

    LIFECYCLE = Workflow("licence", {
        LicenceAction.SUSPEND: Transition({S.LICENSED}, S.SUSPENDED),
        ...
    }, refusal=lambda action, status: _l("… %(action)s … %(status)s", …), history=_licence_event)

    LIFECYCLE.run(licence, LicenceAction.SUSPEND, officer, reason, audit={"order_reference": ref})
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from portal import audit
from portal.database import lock, utcnow
from portal.errors import Refused
from portal.extensions import db


@dataclass(frozen=True)
class Transition:
    """A step: the statuses it may start from and the status it leads to (None: the status stays, the
    step is only recorded). may(actor, obj) says who may take it; forbidden is said to anyone else;
    refusal, when given, replaces the workflow's message for a step not open in the present status: a
    message, or a function of the object that words it (say, naming what is still missing)."""

    sources: Iterable
    target: Any = None
    may: Callable[[Any, Any], bool] | None = None
    forbidden: Any = None
    refusal: Any = None
    sources_set: frozenset = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "sources_set", frozenset(self.sources))


class Workflow:
    """The transitions of one kind of object, in display order.

    refusal(action, status) words the message for a step not open in that status; history(obj, action,
    from_status, to_status, actor, reason, at, **fields) appends the object's own history row.
    """

    def __init__(self, name: str, transitions: dict, *, refusal: Callable, history: Callable):
        self.name = name
        self.transitions = transitions
        self.refusal = refusal
        self.history = history

    def allowed(self, status) -> list:
        """The steps open in this status, in the table's order."""
        return [action for action, step in self.transitions.items() if status in step.sources_set]

    def check(self, obj, action, actor=None, status=None) -> Transition:
        """The transition, or Refused saying why this actor may not take this step now."""
        step = self.transitions[action]
        if step.may is not None and not step.may(actor, obj):
            raise Refused(step.forbidden)
        status = obj.status if status is None else status
        if status not in step.sources_set:
            refusal = step.refusal(obj) if callable(step.refusal) else step.refusal
            raise Refused(refusal or self.refusal(action, status))
        return step

    def run(self, obj, action, actor, reason: str = "", *, status=None, at: datetime | None = None,
            history: dict | None = None, audit_details: dict | None = None):
        """Take a step: check it, set the status, write the history row and the audit entry (flushes).

        status is the present status when it is not obj.status (a licence past its validity is expired);
        at is when the step happened (now by default); history holds extra fields of the history row;
        audit_details extra details of the audit entry.
        Returns the history row.
        """
        lock(obj)  # judged on the row as it is now, and nobody else steps until this transaction ends
        step = self.check(obj, action, actor, status)
        before = obj.status if status is None else status
        after = step.target if step.target is not None else before
        obj.status = after
        row = self.history(obj, action, before, after, actor, reason, at or utcnow(), **(history or {}))
        db.session.flush()
        audit.record(f"{self.name}.{action}", obj, reason=reason, actor=actor, status=after.value,
                     **(audit_details or {}))
        return row
