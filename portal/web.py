"""The one way an HTML route changes anything: validate the form, call one service, commit once; when a
rule refuses, roll back and show every reason on the field it names (or above the form).

    outcome = web.submit(form, lambda: services.add_ban(current_user, **form.ban_fields()))
    if outcome.done:
        flash(_("The deployment ban is recorded."), "info")
        return redirect(url_for("registry.bans"))
    return render_template("registry/desk/bans.html", form=form, messages=outcome.messages), outcome.status

A failure other than a refusal rolls back and propagates to the error handler; files stored during the
transaction are removed (portal.uploads).
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import flash, redirect
from wtforms import Field, FieldList, FormField

from portal.errors import DomainError
from portal.extensions import db


@dataclass
class Outcome:
    """What became of a submitted form: done with the service's result, or not done with the status to
    answer (422 for invalid input, the refusal's own status otherwise) and the reasons no field shows."""

    done: bool
    result: Any = None
    status: int = 200
    leftover: list[tuple[str | None, str]] = field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        """The reasons to show above the form."""
        return [message for _field, message in self.leftover]


def submit(form, action: Callable[[], Any], *, validate: bool = True) -> Outcome:
    """Validate the form (unless already done), run the action, commit once; or roll back and show why."""
    if validate and not form.validate():
        return Outcome(False, status=422)
    try:
        result = action()
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        return Outcome(False, status=error.status, leftover=show_errors(form, error))
    except Exception:
        db.session.rollback()  # nothing half-written, and the stored files go (portal.uploads)
        raise
    return Outcome(True, result)


def post(form, action: Callable[[], Any], *, done, to, page: Callable[[Outcome], Any], code: int = 302):
    """Submit a form posted on a page: when done, flash `done` and redirect to `to` (either may be a
    function of the service's result); otherwise answer page(outcome), the page shown again."""
    outcome = submit(form, action)
    if not outcome.done:
        return page(outcome)
    flash(done(outcome.result) if callable(done) else done, "info")
    return redirect(to(outcome.result) if callable(to) else to, code=code)


def run(action: Callable[[], Any]) -> Any:
    """Run a service that needs no form (a JSON API call, recording that a page was seen) and commit once.
    A refusal propagates to the error handler, which answers it; every failure rolls back first."""
    try:
        result = action()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def show_errors(form, error: DomainError) -> list[tuple[str | None, str]]:
    """Put each reason on the plain form field it names; return the reasons no such field can show."""
    leftover = []
    for name, message in error.problems:
        target = form[name] if form is not None and name and name in form else None
        if isinstance(target, Field) and not isinstance(target, FieldList | FormField):
            target.errors = [*target.errors, str(message)]
        else:
            leftover.append((name, str(message)))
    return leftover
