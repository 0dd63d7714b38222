"""What a worker sees without logging in: search and the printable licence certificate. (The agency's
profile joins its grievance record, so it is a page of the shell: portal.pages.)"""
import io

from flask import abort, current_app, render_template, request, send_file

from portal.countries import country_name
from portal.extensions import db
from portal.links import public_url, qr_code
from portal.pdf import render_pdf
from registry import bp
from registry.models import Agency, PartyKind, PublicStatus
from registry.services import (
    MATCHES_COUNTED,
    bans_in_force,
    public_foreign_parties,
    public_status,
    search_agencies,
    suggest_agencies,
    verdict,
)


def public_agency(agency_id: int) -> Agency:
    """An agency the public registry shows (never a rejected application), or 404."""
    agency = db.session.get(Agency, agency_id)
    if agency is None or public_status(agency) is None:
        abort(404)
    return agency


@bp.get("/agencies")
def search():
    query = request.args.get("q", "").strip()[:200]
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    per_page = current_app.config["PUBLIC_SEARCH_PER_PAGE"]
    agencies, total = search_agencies(query, page=page, per_page=per_page)
    suggestions = suggest_agencies(query) if query and not total else []
    return render_template(
        "registry/search.html", query=query, results=[(agency, verdict(agency)) for agency in agencies],
        total=total, page=page, per_page=per_page, not_found=PublicStatus.NOT_FOUND,
        suggestions=[(agency, verdict(agency)) for agency in suggestions], counted=MATCHES_COUNTED,
    )


@bp.get("/deployment-bans")
def deployment_bans():
    """Where a worker must not be sent now: each destination (and sector) under a ban, since when, until when, why."""
    bans = sorted(bans_in_force(), key=lambda b: (country_name(b.country), b.sector or "", b.starts_on))
    return render_template("registry/deployment_bans.html", bans=bans)


@bp.get("/foreign-employers")
def foreign_employers():
    """Employers and partner agencies abroad that the ministry has blacklisted, searchable by name."""
    query = request.args.get("q", "").strip()[:200]
    kind = request.args.get("kind", "")
    kind = PartyKind(kind) if kind in {k.value for k in PartyKind} else None
    parties, total = public_foreign_parties(query, kind=kind)
    return render_template("registry/foreign_employers.html", query=query, kind=kind, kinds=list(PartyKind),
                           parties=parties, total=total)


def _certificate_context(agency: Agency) -> dict:
    if not agency.licence.number:
        abort(404)
    url = public_url("portal.agency_profile", agency_id=agency.public_id)
    return {"agency": agency, "verdict": verdict(agency), "qr": qr_code(url), "profile_url": url}


@bp.get("/agencies/<public('agencies'):agency_id>/certificate")
def certificate(agency_id: int):
    return render_template("registry/certificate.html", **_certificate_context(public_agency(agency_id)))


@bp.get("/agencies/<public('agencies'):agency_id>/certificate.pdf")
def certificate_pdf(agency_id: int):
    context = _certificate_context(public_agency(agency_id))
    pdf = render_pdf(render_template("registry/certificate_pdf.html", **context))
    name = f"licence-{context['agency'].licence.number.replace('/', '-')}.pdf"
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=name)
