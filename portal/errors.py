"""DomainError: the one way a service refuses, with every reason at once; and the handlers that answer
errors in the client's language (JSON for /api/, an HTML page otherwise)."""
import logging

import sqlalchemy as sa
from flask import g, jsonify, make_response, render_template, request
from flask_login import AnonymousUserMixin
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from portal.extensions import db
from portal.text import _l

log = logging.getLogger("portal")


class DomainError(Exception):
    """A rule refused an action. problems is a list of (field or None, message) pairs, one per reason;
    the first is the error's message and field. Messages are for the user (lazy strings are fine)."""

    code = "invalid"
    status = 422
    summary = None  # said instead of the first reason when the reasons are for the fields only

    def __init__(self, message=None, field: str | None = None, problems: list[tuple[str | None, object]] = ()):
        self.problems = ([(field, message)] if message is not None else []) + list(problems)
        if not self.problems:
            raise ValueError("a DomainError needs at least one message")
        self.field, self.message = self.problems[0]
        super().__init__(" ".join(str(m) for _f, m in self.problems))

    @property
    def messages(self) -> list:
        """Every reason, in order."""
        return [message for _field, message in self.problems]

    def fields(self) -> dict[str, list[str]]:
        """The reasons tied to a field, by field name (the JSON API's error.fields)."""
        found: dict[str, list[str]] = {}
        for name, message in self.problems:
            if name:
                found.setdefault(name, []).append(str(message))
        return found


class InvalidInput(DomainError):
    """Input refused field by field: the JSON API answers it as it answers a schema's validation errors
    (code unprocessable_entity, a summary, each reason under its field)."""

    code = "unprocessable_entity"
    summary = _l("Some of the information you sent is not valid.")


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Refused(DomainError):
    """The action is not allowed in the object's present state (an illegal transition)."""

    code = "refused"
    status = 409


class StorageFailed(DomainError):
    """Something the action needs to keep (a file) could not be kept; nothing was saved. Try again later."""

    code = "storage_unavailable"
    status = 503


class Problems:
    """Collects the reasons a rule refuses, so that the user learns all of them at once.

    problems = Problems(); problems.add("amount", _l("…")); problems.raise_if_any()
    """

    def __init__(self, error: type[DomainError] = DomainError):
        self.error = error
        self.items: list[tuple[str | None, object]] = []

    def add(self, field: str | None, message) -> None:
        """Keep the first reason for a field (later ones usually follow from it)."""
        if field is None or field not in self.fields:
            self.items.append((field, message))

    @property
    def fields(self) -> set[str]:
        return {name for name, _message in self.items if name}

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise self.error(problems=self.items)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message, fields: dict | None = None):
    """The one JSON error shape: {"error": {"code", "message"[, "fields"]}}."""
    body = {"code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    return jsonify(error=body), status


_HTTP_MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Please log in to see this page."),
    403: _l("You are not allowed to see this page."),
    404: _l("We could not find that page."),
    405: _l("That method is not allowed here."),
    413: _l("The file or form you sent is too large."),
    422: _l("Some of the information you sent is not valid."),
    429: _l("Too many attempts. Please wait a little and try again."),
    500: _l("Something went wrong on our side. Nothing you did caused it; please try again later."),
    503: _l("The service is unavailable for a moment. Please try again in a minute."),
}
DATABASE_RETRY_AFTER = 5  # seconds: a database restart or failover is usually over by then


def _snake(name: str) -> str:
    return name.lower().replace(" ", "_").replace("'", "")


def handle_http_error(error: HTTPException):
    """The error in the client's language, with the headers it needs (Allow on 405, Retry-After on 429)."""
    status = error.code or 500
    message = _HTTP_MESSAGES.get(status, error.description)
    if wants_json():
        data = getattr(error, "data", None) or {}
        fields = _flatten_messages(data.get("messages")) if isinstance(data, dict) else None
        response = make_response(json_error(status, _snake(error.name), message, fields))
    else:
        page = render_template("error.html", status=status, message=message, request_id=g.get("request_id"))
        response = make_response(page, status)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _flatten_messages(messages):
    """webargs nests field errors under the location ("json", "query"); the client wants fields."""
    if not isinstance(messages, dict):
        return None
    if len(messages) == 1 and next(iter(messages)) in ("json", "query", "form", "headers", "view_args"):
        return next(iter(messages.values()))
    return messages


def handle_domain_error(error: DomainError):
    db.session.rollback()
    if wants_json():
        return json_error(error.status, error.code, error.summary or error.message, error.fields() or None)
    return render_template("error.html", status=error.status, message=error.message), error.status


def _roll_back() -> None:
    """Roll the request's transaction back, even when its connection is gone (then there is nothing to undo)."""
    try:
        db.session.rollback()
    except sa.exc.SQLAlchemyError:
        db.session.close()


def handle_database_unavailable(error: sa.exc.DBAPIError):
    """The database cannot be reached (a restart, a failover, a dropped connection): 503 with Retry-After, as a
    JSON error under /api/ and a page elsewhere. The transaction did not commit; the pool's pre-ping replaces
    dead connections, so the next request after the database is back succeeds without restarting the app."""
    _roll_back()
    log.warning("database unavailable", extra={"event": "database_unavailable", "endpoint": request.endpoint or "-",
                                               "error": type(error.orig).__name__})
    if "_login_user" not in g:  # the page would look the signed-in user up in the database that is down
        g._login_user = AnonymousUserMixin()
    return handle_http_error(ServiceUnavailable(retry_after=DATABASE_RETRY_AFTER))


def handle_unexpected(error: Exception):
    """Roll back, log the traceback under the request's id, and answer 500 showing that id."""
    _roll_back()
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    log.error("unexpected error", exc_info=error, extra={"event": "error", "endpoint": request.endpoint or "-"})
    return handle_http_error(InternalServerError())


def register_errorhandlers(app) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DomainError, handle_domain_error)
    for unreachable in (sa.exc.OperationalError, sa.exc.InterfaceError):
        app.register_error_handler(unreachable, handle_database_unavailable)
    if not app.testing:
        app.register_error_handler(Exception, handle_unexpected)
