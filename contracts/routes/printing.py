"""The printed contract, as a page to print or a PDF: the private copy for those who may see the worker, the
public copy (worker named by initials) behind a verification code. Printed in the language asked for, else the
reader's chosen language (the switcher's cookie), else the worker's, with the code and a QR code on every page;
the print says which language the signed contract is binding in."""
import io
from pathlib import Path

from flask import current_app, render_template, request, send_file
from flask_babel import force_locale

from contracts import bp, services
from contracts.clauses import binding_language, filled_clauses, worker_initials
from contracts.models import Contract
from portal.i18n import LANGUAGE_COOKIE
from portal.links import public_url, qr_code
from portal.pdf import render_pdf
from registry.services import verdict


def _language(contract: Contract) -> str:
    """The language asked for, else the one the reader chose for the portal, else the worker's."""
    languages = current_app.config["LANGUAGES"]
    asked = [request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE), contract.worker_language]
    return next((language for language in asked if language in languages), "en")


def _pdf_stylesheets() -> list[str]:
    """file: URLs of our stylesheets, which WeasyPrint reads from disk (never over the network)."""
    folder = Path(bp.static_folder)
    return [(folder / name).as_uri() for name in ("contracts.css", "contracts-pdf.css")]


def _context(contract: Contract, private: bool, pdf: bool, desk: bool) -> dict:
    """What the printed contract shows; private=False without the worker's identity (the public copy, or an
    official who may not see it); desk for a signed-in user's copy (links back to the contract's page)."""
    code = contract.verification_code
    check_url = public_url("contracts.check", code=code) if code else None
    return {
        "c": contract, "private": private, "pdf": pdf, "desk": desk, "language": _language(contract),
        "check_url": check_url, "qr": qr_code(check_url) if check_url else None,
        "liable": services.liable_parties(contract),
        "agency_verdict": verdict(contract.origin_agency),
        "version": contract.template_version,
        "worker_initials": worker_initials(contract.worker_name),
        "binding_language": binding_language(contract),
        "pdf_stylesheets": _pdf_stylesheets() if pdf else None,
    }


def render_print(contract: Contract, private: bool, pdf: bool, desk: bool = False):
    """The contract as a page to print, or as a PDF download."""
    context = _context(contract, private, pdf, desk)
    with force_locale(context["language"]):
        context["clauses"] = filled_clauses(contract, context["language"], hide_worker=not private)
        html = render_template("contracts/print.html", **context)
    if not pdf:
        return html
    name = f"contract-{contract.code_display or contract.public_id}.pdf"
    return send_file(io.BytesIO(render_pdf(html)), mimetype="application/pdf", download_name=name)
