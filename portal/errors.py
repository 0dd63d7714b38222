"""Domain errors raised by services, and the handlers that answer in the client's language."""
from flask import jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.extensions import db


class DomainError(Exception):
    """A rule refused an action; the message is for the user, field names the form field at fault."""

    code = "invalid"
    status = 422

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Refused(DomainError):
    """The action is not allowed in the object's present state (an illegal transition)."""

    code = "refused"
    status = 409


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
}


def _snake(name: str) -> str:
    return name.lower().replace(" ", "_").replace("'", "")


def handle_http_error(error: HTTPException):
    status = error.code or 500
    message = _HTTP_MESSAGES.get(status, error.description)
    if wants_json():
        data = getattr(error, "data", None) or {}
        fields = _flatten_messages(data.get("messages")) if isinstance(data, dict) else None
        return json_error(status, _snake(error.name), message, fields)
    return render_template("error.html", status=status, message=message), status


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
        fields = {error.field: [str(error.message)]} if error.field else None
        return json_error(error.status, error.code, error.message, fields)
    return render_template("error.html", status=error.status, message=error.message), error.status


def handle_unexpected(error: Exception):
    db.session.rollback()
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    return handle_http_error(InternalServerError())


def register_errorhandlers(app) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DomainError, handle_domain_error)
    if not app.testing:
        app.register_error_handler(Exception, handle_unexpected)
