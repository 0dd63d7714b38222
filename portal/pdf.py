"""HTML to PDF with WeasyPrint, styled from our own static files (never fetched over the network)."""
import os

from flask import current_app


def render_pdf(html: str, extra_stylesheets: list[str] = ()) -> bytes:
    """The PDF of a rendered page, with the portal's screen and print stylesheets, then any extra
    stylesheet files (absolute paths, e.g. a package's own print CSS)."""
    from weasyprint import CSS, HTML  # heavy import: only when a PDF is asked for

    static = current_app.static_folder
    paths = [os.path.join(static, name) for name in ("portal.css", "print.css")] + list(extra_stylesheets)
    return HTML(string=html, base_url=static).write_pdf(stylesheets=[CSS(filename=p) for p in paths])
