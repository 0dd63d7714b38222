"""Static files a phone keeps: url_for() of a static file adds ?v=<hash of its content>, and a versioned file
(or a font, whose name changes with it) is served with a year's max-age, so that a repeat visit asks nothing;
the favicon too. Responses are compressed (Flask-Compress: Brotli or gzip, as the browser accepts)."""
import hashlib
import os
from functools import lru_cache

from flask import Flask, current_app, request, send_from_directory

from portal.extensions import compress

YEAR = 365 * 24 * 3600
COMPRESSED = {"text/css", "image/vnd.microsoft.icon", "image/svg+xml"}  # fonts (WOFF2) are compressed already


def init_app(app: Flask) -> None:
    """Versioned static URLs, long caching of them, compression and /favicon.ico."""
    compress.init_app(app)
    app.url_defaults(add_version)
    app.after_request(cache_static_for_a_year)
    app.add_url_rule("/favicon.ico", "favicon", favicon)


def _folder(endpoint: str) -> str | None:
    if endpoint == "static":
        return current_app.static_folder
    blueprint = current_app.blueprints.get(endpoint.rsplit(".", 1)[0])
    return blueprint.static_folder if blueprint else None


@lru_cache(maxsize=256)
def _version(path: str, modified: float) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:10]


def add_version(endpoint: str, values: dict) -> None:
    """url_for('static', filename=…) → …?v=<content hash> (a changed file gets a new URL)."""
    if not (endpoint == "static" or endpoint.endswith(".static")) or "v" in values or "filename" not in values:
        return
    folder = _folder(endpoint)
    path = os.path.join(folder or "", values["filename"])
    if folder and os.path.isfile(path):
        values["v"] = _version(path, os.path.getmtime(path))


def cache_static_for_a_year(response):
    """A versioned static file, or a font, never needs asking for again."""
    endpoint = request.endpoint or ""
    static = endpoint == "static" or endpoint.endswith(".static") or endpoint == "favicon"
    lasting = request.args.get("v") or (request.view_args or {}).get("filename", "").startswith("fonts/")
    if static and response.status_code == 200 and (lasting or endpoint == "favicon"):
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    if static and response.mimetype in COMPRESSED:
        response.direct_passthrough = False  # a small text file is read into memory, to be compressed next
        data = response.get_data()
        response.close()  # the file it was read from
        response.set_data(data)
    return response


def favicon():
    """The portal's icon (browsers ask for /favicon.ico whatever the page says)."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon")
