"""HTML to PDF with WeasyPrint, styled from our own static files (never fetched over the network)."""
import os

from flask import current_app


def render_pdf(html: str) -> bytes:
    """The PDF of a rendered page, with the portal's screen and print stylesheets."""
    from weasyprint import CSS, HTML  # heavy import: only when a PDF is asked for

    static = current_app.static_folder
    sheets = [CSS(filename=os.path.join(static, name)) for name in ("portal.css", "print.css")]
    return HTML(string=html, base_url=static).write_pdf(stylesheets=sheets)
