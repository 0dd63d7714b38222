"""Who sees a worker's identity, contacts and evidence; every look is audited."""
import io

import pytest
import sqlalchemy as sa
from PIL import Image

from grievances import services as svc
from grievances.models import EvidenceFile, Grievance
from portal.extensions import db
from portal.models import AuditEntry, Role
from tests.factories import JPEG

NAME, PHONE = "Achieng Atieno", "+966 50 123 4567"


@pytest.fixture
def case(client, agency):
    """A named worker's case against the agency, with a photo as evidence, filed through the form."""

    def make(consent=False):
        data = {
            "filer_type": "worker", "agency": agency.licence.number, "destination_country": "SA",
            "categories": ["unpaid_wages"], "description": "No wages since March and my passport is held.",
            "contact_name": NAME, "contact_method": "whatsapp", "contact_whatsapp": PHONE, "language": "en",
            "evidence": [(io.BytesIO(JPEG), "payslip.jpg")],
        }
        if consent:
            data["share_identity"] = "y"
        response = client.post("/grievances/new", data=data, content_type="multipart/form-data")
        assert response.status_code == 201, response.get_data(as_text=True)
        client.post("/grievances/track/leave")
        return db.session.scalars(sa.select(Grievance).order_by(Grievance.id.desc())).first()

    return make


def _fetch(client, url):
    """GET a file and close the response (send_file streams from an open file)."""
    response = client.get(url)
    response.close()
    return response


def _views(action="grievance.view_identity"):
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)).all()


def _sees_identity(client, url):
    html = client.get(url).get_data(as_text=True)
    return NAME in html and PHONE in html


def test_anonymous_visitor_sees_nothing(client, case):
    grievance = case()
    assert client.get(f"/grievances/cases/{grievance.reference}").status_code == 302  # to login
    evidence = grievance.evidence[0]
    assert _fetch(client, f"/grievances/evidence/{evidence.public_id}").status_code == 302


def test_licensing_officer_is_kept_out(client, login, officer, case):
    grievance = case()
    login(officer)
    assert client.get(f"/grievances/cases/{grievance.reference}").status_code == 403
    assert client.get("/grievances/cases").status_code == 403
    assert _fetch(client, f"/grievances/evidence/{grievance.evidence[0].public_id}").status_code == 404


def test_unassigned_officer_sees_the_case_but_not_the_identity(client, login, case_officer, case):
    grievance = case()
    login(case_officer)
    page = client.get(f"/grievances/cases/{grievance.reference}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "No wages since March" in html
    assert NAME not in html and PHONE not in html and "payslip.jpg" not in html
    assert "shown only to the assigned case officer" in html
    assert _fetch(client, f"/grievances/evidence/{grievance.evidence[0].public_id}").status_code == 404
    assert _views() == []


def test_assigned_officer_sees_identity_and_evidence_and_each_view_is_audited(client, login, case_officer, case):
    grievance = case()
    login(case_officer)
    client.post(f"/grievances/cases/{grievance.reference}/take")
    assert _sees_identity(client, f"/grievances/cases/{grievance.reference}")
    views = _views()
    assert len(views) == 1 and views[0].actor == case_officer.email
    response = client.get(f"/grievances/evidence/{grievance.evidence[0].public_id}")
    data = response.get_data()
    response.close()
    assert response.status_code == 200 and Image.open(io.BytesIO(data)).size == Image.open(io.BytesIO(JPEG)).size
    assert response.mimetype == "image/jpeg" and "no-store" in response.headers["Cache-Control"]
    assert len(_views("grievance.view_evidence")) == 1


@pytest.mark.parametrize("role,extra", [(Role.CASE_OFFICER, {"is_supervisor": True}), (Role.ADMINISTRATOR, {})])
def test_supervisors_and_administrators_see_identity(client, login, make_user, case, role, extra):
    grievance = case()
    user = make_user(role, **extra)
    login(user)
    assert _sees_identity(client, f"/grievances/cases/{grievance.reference}")
    assert _fetch(client, f"/grievances/evidence/{grievance.evidence[0].public_id}").status_code == 200
    assert {e.actor for e in _views()} == {user.email}


def test_agency_without_consent_sees_the_case_but_not_the_worker(client, login, make_user, agency, case):
    grievance = case(consent=False)
    rep = make_user(Role.AGENCY_REPRESENTATIVE, agency=agency)
    login(rep)
    assert grievance.reference in client.get("/grievances/agency").get_data(as_text=True)
    page = client.get(f"/grievances/agency/{grievance.reference}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "No wages since March" in html and "Unpaid wages" in html
    assert NAME not in html and PHONE not in html and "payslip.jpg" not in html
    assert "did not agree to share their identity" in html
    assert _fetch(client, f"/grievances/evidence/{grievance.evidence[0].public_id}").status_code == 404
    # The agency's response joins the timeline.
    response = client.post(f"/grievances/agency/{grievance.reference}", data={"body": "We will pay the wages."})
    assert response.status_code == 303
    assert "We will pay the wages." in client.get(f"/grievances/agency/{grievance.reference}").get_data(as_text=True)
    assert "grievance.agency_response" in [e.action for e in db.session.scalars(sa.select(AuditEntry))]


def test_agency_with_consent_sees_the_worker_and_the_view_is_audited(client, login, make_user, agency, case):
    grievance = case(consent=True)
    rep = make_user(Role.AGENCY_REPRESENTATIVE, agency=agency)
    login(rep)
    assert _sees_identity(client, f"/grievances/agency/{grievance.reference}")
    assert _fetch(client, f"/grievances/evidence/{grievance.evidence[0].public_id}").status_code == 200
    assert {e.actor for e in _views()} == {rep.email}


def test_another_agency_sees_nothing(client, login, make_user, make_agency, case):
    grievance = case(consent=True)
    rival = make_agency("Sunrise Gulf Manpower")
    login(make_user(Role.AGENCY_REPRESENTATIVE, agency=rival))
    assert grievance.reference not in client.get("/grievances/agency").get_data(as_text=True)
    assert client.get(f"/grievances/agency/{grievance.reference}").status_code == 404
    assert _fetch(client, f"/grievances/evidence/{grievance.evidence[0].public_id}").status_code == 404
    assert client.post(f"/grievances/agency/{grievance.reference}", data={"body": "x"}).status_code == 404


def test_agency_never_sees_internal_notes_or_referral_details(client, login, make_user, agency, case, supervisor):
    grievance = case()
    svc.acknowledge(grievance, supervisor)
    svc.start_investigation(grievance, supervisor)
    svc.add_note(grievance, supervisor, "Sponsor has prior complaints")
    svc.refer(grievance, supervisor, "police", "Anti-trafficking unit, Kampala", note="possible trafficking")
    svc.message_worker(grievance, supervisor, "Are you safe now?")
    db.session.commit()
    login(make_user(Role.AGENCY_REPRESENTATIVE, agency=agency))
    html = client.get(f"/grievances/agency/{grievance.reference}").get_data(as_text=True)
    for secret in ("Sponsor has prior complaints", "Anti-trafficking", "possible trafficking", "Are you safe now?"):
        assert secret not in html
    assert "The ministry referred the case to another authority." in html


def test_evidence_is_not_reachable_as_a_static_file(client, case):
    grievance = case()
    stored = db.session.scalar(sa.select(EvidenceFile.stored_name))
    for url in (f"/static/{stored}", f"/grievances/static/{stored}", f"/static/uploads/evidence/{stored}"):
        assert client.get(url).status_code == 404
    assert grievance.evidence
