"""Addresses that leave the screen: printed on paper, in QR codes and PDFs."""
import segno
from flask import current_app, url_for
from markupsafe import Markup


def public_url(endpoint: str, **values) -> str:
    """The absolute address of a page, on PUBLIC_BASE_URL when it is set (a QR code must open the real site)."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def qr_code(url: str) -> Markup:
    """An inline SVG QR code that opens url (no image request, no script)."""
    return Markup(segno.make(url, error="m").svg_inline(scale=4, omitsize=True, title=url))
