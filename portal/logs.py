"""Logs: one line of JSON per request and per event, each with the id of its request, which error pages
show the user ("quote this number"). Lines name endpoints, never paths, people or client addresses."""
import logging
import secrets
import time

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

log = logging.getLogger("portal")  # Flask("portal").logger


class RequestId(logging.Filter):
    """Adds the current request's id (or "-" outside a request) to every line."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def json_handler(stream=None) -> logging.Handler:
    """A handler writing one JSON object a line: time, level, logger, message, request id and extras."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                                       rename_fields={"asctime": "time", "levelname": "level", "name": "logger"}))
    handler.addFilter(RequestId())
    return handler


def init_app(app: Flask) -> None:
    """Log as JSON to stderr (gunicorn passes it on) and give every request an id."""
    log.removeHandler(default_handler)
    if not any(getattr(h, "portal_json", False) for h in log.handlers):
        handler = json_handler()
        handler.portal_json = True
        log.addHandler(handler)
    log.setLevel(app.config["LOG_LEVEL"])
    app.before_request(assign_request_id)
    app.after_request(log_request)


def assign_request_id() -> None:
    g.request_id = secrets.token_hex(6)
    g.request_started = time.perf_counter()


def request_id() -> str:
    """The id of the current request ("" outside one)."""
    return g.get("request_id", "") if has_request_context() else ""


def log_request(response):
    """One line per request: method, endpoint, status and time taken; the id goes back as X-Request-ID."""
    started = g.get("request_started")
    if started is not None and request.endpoint != "static":
        log.info("request", extra={
            "event": "request", "method": request.method, "endpoint": request.endpoint or "-",
            "status": response.status_code, "ms": round(1000 * (time.perf_counter() - started), 1),
        })
    if g.get("request_id"):
        response.headers["X-Request-ID"] = g.request_id
    return response
