"""Static files a phone keeps: url_for() of a static file adds ?v=<hash of its content>, and a versioned file
(or a font, whose name changes with it) is served with a year's max-age, so that a repeat visit asks nothing;
the favicon too. Responses are compressed (Flask-Compress: Brotli or gzip, as the browser accepts).

Every page has one stylesheet (a second render-blocking one costs a round trip on a slow network):
`stylesheet()` is portal.css, `stylesheet("grievances")` portal.css followed by a domain's own CSS, served
as one file under a URL versioned by its content."""
import hashlib
import os
from functools import lru_cache

from flask import Flask, Response, current_app, request, send_from_directory, url_for

from portal.extensions import compress

YEAR = 365 * 24 * 3600
COMPRESSED = {"text/css", "image/vnd.microsoft.icon", "image/svg+xml"}  # fonts (WOFF2) are compressed already


def init_app(app: Flask) -> None:
    """Versioned static URLs, long caching of them, compression and /favicon.ico."""
    compress.init_app(app)
    app.url_defaults(add_version)
    app.after_request(cache_static_for_a_year)
    app.add_url_rule("/favicon.ico", "favicon", favicon)
    app.add_url_rule(f"/stylesheets/<any({', '.join(DOMAIN_CSS)}):part>.css", "stylesheet", serve_stylesheet)
    app.add_template_global(stylesheet)


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


DOMAIN_CSS = {"contracts": "contracts.css", "grievances": "grievances.css", "registry": "desk.css"}


@lru_cache(maxsize=16)
def _joined(part: str, static_url: str, modified: tuple[float, ...]) -> tuple[bytes, str]:
    """portal.css then the domain's CSS (fonts addressed from the static folder), and its content hash."""
    css = []
    for path in _stylesheet_paths(part):
        with open(path, encoding="utf-8") as file:
            css.append(file.read().replace('url("fonts/', f'url("{static_url}fonts/'))
    data = "\n".join(css).encode()
    return data, hashlib.sha256(data).hexdigest()[:10]


def _stylesheet_paths(part: str) -> list[str]:
    domain = current_app.blueprints[part].static_folder or ""
    return [os.path.join(current_app.static_folder or "", "portal.css"), os.path.join(domain, DOMAIN_CSS[part])]


def _stylesheet(part: str) -> tuple[bytes, str]:
    static_url = url_for("static", filename="fonts/x").rsplit("fonts/", 1)[0]
    return _joined(part, static_url, tuple(os.path.getmtime(p) for p in _stylesheet_paths(part)))


def stylesheet(part: str = "") -> str:
    """The URL of a page's one stylesheet: portal.css, or portal.css with a domain's CSS."""
    if not part:
        return url_for("static", filename="portal.css")
    return url_for("stylesheet", part=part, v=_stylesheet(part)[1])


def serve_stylesheet(part: str):
    """portal.css and the domain's CSS as one file; kept a year under its versioned URL."""
    data, version = _stylesheet(part)
    response = Response(data, mimetype="text/css")
    if request.args.get("v") == version:
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response
