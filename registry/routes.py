"""What a worker sees without logging in: search, verdict, agency profile, licence certificate."""
import io

from flask import abort, current_app, render_template, request, send_file
from markupsafe import Markup

from portal.extensions import db
from portal.links import public_url, qr_code
from portal.pdf import render_pdf
from registry import bp
from registry.models import SECTORS, Agency
from registry.services import ACTION_LABELS, public_status, search_agencies, verdict


def _public_agency(agency_id: int) -> Agency:
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
    results = [(agency, verdict(public_status(agency))) for agency in agencies]
    return render_template(
        "registry/search.html", query=query, results=results, total=total, page=page, per_page=per_page,
        not_found=verdict(None),
    )


@bp.get("/agencies/<int:agency_id>")
def profile(agency_id: int):
    agency = _public_agency(agency_id)
    return render_template(
        "registry/profile.html", agency=agency, verdict=verdict(public_status(agency)),
        sectors=SECTORS, action_labels=ACTION_LABELS, extra_sections=_profile_sections(agency),
    )


def _profile_sections(agency: Agency) -> list:
    """Sections other domains add to the public profile (the grievance record) as rendered HTML."""
    return [Markup(hook(agency)) for hook in current_app.extensions.get("agency_profile_sections", [])]


def _certificate_context(agency: Agency) -> dict:
    if not agency.licence.number:
        abort(404)
    url = public_url("registry.profile", agency_id=agency.id)
    return {"agency": agency, "verdict": verdict(public_status(agency)), "qr": qr_code(url), "profile_url": url,
            "sectors": SECTORS}


@bp.get("/agencies/<int:agency_id>/certificate")
def certificate(agency_id: int):
    return render_template("registry/certificate.html", **_certificate_context(_public_agency(agency_id)))


@bp.get("/agencies/<int:agency_id>/certificate.pdf")
def certificate_pdf(agency_id: int):
    context = _certificate_context(_public_agency(agency_id))
    pdf = render_pdf(render_template("registry/certificate_pdf.html", **context))
    name = f"licence-{context['agency'].licence.number.replace('/', '-')}.pdf"
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=name)
