"""Response headers (a strict content security policy, no referrer, no framing, no caching of what is
private), input no keyboard types (NUL characters), and rate limits."""
from flask import current_app, request
from flask_login import current_user

from portal.errors import InvalidInput
from portal.text import _l

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def set_security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


def keep_private_pages_out_of_caches(response):
    """What a signed-in official or agency sees (identities, passports, cases), and a worker's own case read
    with its tracking code, must not stay in a shared computer's or a proxy's cache."""
    if (request.endpoint or "").endswith("static"):
        return response
    if request.headers.get("X-Tracking-Code") or current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def _strings(value):
    """Every string in a JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def refuse_nul_characters():
    """A NUL character is never typed: refuse it in any field, query, file name or JSON string, before it
    reaches a service (PostgreSQL cannot store it, and it hides text from reviewers)."""
    fields = [(name, value) for source in (request.args, request.form) for name, values in source.lists()
              for value in values]
    fields += [(name, f.filename or "") for name, f in request.files.items(multi=True)]
    if request.is_json:
        fields += [(None, value) for value in _strings(request.get_json(silent=True))]
    bad = sorted({name or "" for name, value in fields if "\x00" in value})
    if bad:
        message = _l("The text you sent contains a character that is not allowed (NUL). Please type it again.")
        raise InvalidInput(problems=[(name or None, message) for name in bad])


def configured_limit(name: str):
    """A rate limit read from the configuration at request time, so deployments and tests can tune it."""
    return lambda: current_app.config[name]
