"""The contract pages: the worker's check and its privacy, access per role, the flow through the forms."""
import shutil
import subprocess
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contracts import services as contracts
from contracts.models import Contract, ContractStatus, TemplateVersionStatus
from portal.extensions import db
from portal.models import AuditEntry, Role
from tests.contracts.conftest import PASSPORT, collect_signatures, contract_fields

CS = ContractStatus


def text(response) -> str:
    return response.get_data(as_text=True)


# ---------------------------------------------------------------- the worker's check


def test_check_page_asks_for_the_code(client):
    response = client.get("/contracts/check")
    assert response.status_code == 200 and "Verification code" in text(response)


def test_check_shows_the_key_terms_without_private_data(client, attested, agency, parties):
    contract = attested()
    code = contract.code_display
    response = client.get("/contracts/check", query_string={"code": code.lower()})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    html = text(page)
    assert page.status_code == 200
    for expected in (code, "Domestic worker", "Riyadh", parties[1].name, parties[0].name, agency.legal_name,
                     "SAR", "1,600", "48 hours", "You pay no fees", "Visa and work permit", "Licensed",
                     "Unpaid wages", "Repatriation costs"):
        assert expected in html, expected
    for private in (PASSPORT, "Nakato Sarah", "1996", "+256772000111", "Okello John"):
        assert private not in html, private


def test_public_print_and_pdf_carry_the_code_and_no_private_data(client, attested):
    contract = attested()
    html = text(client.get(f"/contracts/check/{contract.verification_code}/print"))
    assert contract.code_display in html and "<svg" in html and "http://portal.test/contracts/check/" in html
    assert PASSPORT not in html and "Nakato Sarah" not in html and "N. S." in html
    response = client.get(f"/contracts/check/{contract.verification_code}/contract.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert PASSPORT.encode() not in response.data


def test_the_pdf_shows_the_code_on_every_page(client, attested, tmp_path):
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    contract = attested()
    path = tmp_path / "contract.pdf"
    path.write_bytes(client.get(f"/contracts/check/{contract.verification_code}/contract.pdf").data)
    pages = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    for page in pages:
        assert contract.code_display in page


def test_unknown_or_unattested_codes_are_not_found(client, signed):
    contract = signed()
    assert client.get("/contracts/check/ABCD-EFGH-JK").status_code == 404
    assert contract.verification_code is None
    assert client.get("/contracts/check/ABCD-EFGH-JK/print").status_code == 404


def test_superseded_contract_warns_and_links_to_the_newer(client, attested, rep, officer):
    old = attested()
    new = contracts.supersede(old, rep)
    collect_signatures(new, rep)
    contracts.attest(new, officer)
    db.session.commit()
    html = text(client.get(f"/contracts/check/{old.verification_code}"))
    assert "replaced by a newer one" in html and new.code_display in html


def test_check_warns_when_the_agency_is_no_longer_licensed(client, attested, agency, officer):
    from registry import services as registry
    from registry.models import LicenceAction

    contract = attested()
    registry.decide(agency.licence, LicenceAction.SUSPEND, officer, "fees", "ORD")
    db.session.commit()
    html = text(client.get(f"/contracts/check/{contract.verification_code}"))
    assert "no longer licensed" in html and "Suspended" in html


# ---------------------------------------------------------------- the API


def test_api_returns_the_public_view(client, attested, agency, parties):
    contract = attested()
    response = client.get(f"/api/v1/contracts/{contract.code_display.lower()}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["code"] == contract.code_display and body["status"] == "attested"
    assert body["job_title"] == "Domestic worker" and body["destination"]["country"] == "SA"
    assert body["employer"]["name"] == parties[1].name and body["partner_agency"]["name"] == parties[0].name
    assert body["origin_agency"] == {"name": agency.legal_name, "licence_number": agency.licence.number,
                                     "status": "licensed", "status_label": "Licensed",
                                     "advice": body["origin_agency"]["advice"]}
    assert body["monthly_wage"] == {"amount": "1600.00", "currency": "SAR"}
    assert (body["hours_per_week"], body["weekly_rest_days"], body["duration_months"]) == (48, 1, 24)
    assert "visa_work_permit" in body["employer_pays"]
    assert body["worker_paid_fees"] == {"amount": "0.00", "currency": "SAR"}
    assert [p["role"] for p in body["liable_parties"]] == ["origin_agency", "partner_agency", "employer"]
    assert body["attested_at"] and body["superseded_by"] is None
    raw = response.get_data(as_text=True)
    assert PASSPORT not in raw and "Nakato" not in raw and "1996-04-02" not in raw


def test_api_404_is_a_json_error(client):
    response = client.get("/api/v1/contracts/ZZZZ-ZZZZ-ZZ")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_api_is_documented(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/contracts/{code}"]["get"]
    assert {"200", "404"} <= set(operation["responses"])


# ---------------------------------------------------------------- access per role


def test_anonymous_users_are_sent_to_log_in(client, draft):
    contract = draft()
    for url in ("/contracts", f"/contracts/{contract.id}", f"/contracts/{contract.id}/print", "/contracts/templates"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_another_agencys_representative_is_refused(client, login, draft, make_agency, make_user):
    contract = draft()
    other = make_user(Role.AGENCY_REPRESENTATIVE, agency=make_agency("Other Agency Ltd"))
    login(other)
    assert client.get(f"/contracts/{contract.id}").status_code == 403
    assert client.get(f"/contracts/{contract.id}/contract.pdf").status_code == 403
    assert client.post(f"/contracts/{contract.id}/submit").status_code == 403
    assert f"#{contract.id}" not in text(client.get("/contracts"))


def test_case_officer_sees_contracts_but_not_the_workers_identity(client, login, attested, make_user):
    contract = attested()
    login(make_user(Role.CASE_OFFICER))
    assert f"#{contract.id}" in text(client.get("/contracts"))
    html = text(client.get(f"/contracts/{contract.id}"))
    assert "Domestic worker" in html and PASSPORT not in html
    assert PASSPORT not in text(client.get(f"/contracts/{contract.id}/print"))
    assert client.post(f"/contracts/{contract.id}/terminate", data={"reason": "x"}).status_code == 403
    assert client.get("/contracts/templates").status_code == 403


def test_licensing_officer_and_owner_see_the_worker_and_officials_views_are_audited(client, login, draft, officer,
                                                                                   rep):
    contract = draft()
    login(officer)
    assert PASSPORT in text(client.get(f"/contracts/{contract.id}"))
    views = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "contract.view_worker")).all()
    assert [v.actor for v in views] == [officer.email]
    client.post("/logout")
    login(rep)
    assert PASSPORT in text(client.get(f"/contracts/{contract.id}"))
    assert PASSPORT in text(client.get(f"/contracts/{contract.id}/print"))
    response = client.get(f"/contracts/{contract.id}/contract.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


# ---------------------------------------------------------------- the flow through the pages


def form_data(contract_version, parties, **overrides) -> dict:
    partner, employer = parties
    fields = contract_fields(**overrides)
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in fields.items()}
    data.update({"partner_agency_id": partner.id, "employer_id": employer.id, "currency": "SAR"})
    for key in ("outbound_travel", "return_travel", "visa_work_permit", "medical_exam", "insurance",
                "accommodation", "food"):
        data[f"employer_pays_{key}"] = "y"
    for key in ("end", "termination", "death", "crisis"):
        data[f"repatriation_{key}"] = "y"
    data["passport_kept_by_worker"] = "y"
    return data


def test_done_means(client, login, template, parties, rep, officer):
    """Draft, see attestation refused for a low wage and a fee, fix, sign, attest, check logged out, print."""
    version = template.published_version
    login(rep)
    data = form_data(version, parties, monthly_wage="1200")
    data.update({"fees-0-description": "Medical test", "fees-0-amount": "300", "fees-0-currency": "USD"})
    response = client.post(f"/contracts/new/{version.id}", data=data)
    assert response.status_code == 302, text(response)
    contract = db.session.scalar(sa.select(Contract))
    assert len(contract.fees) == 1
    html = text(client.get(f"/contracts/{contract.id}"))
    assert "below the floor" in html and "must be zero" in html  # the pre-check warns early
    assert client.post(f"/contracts/{contract.id}/submit").status_code == 302
    for role, name, capacity in (("origin_agency", "Moses Rep", "Director"), ("partner_agency", "F. Omar", "Manager"),
                                 ("employer", "H. Al Noor", "Owner"), ("worker", "Nakato Sarah", "The worker")):
        response = client.post(f"/contracts/{contract.id}/sign",
                               data={"role": role, "signer_name": name, "signer_capacity": capacity})
        assert response.status_code == 302, text(response)
    db.session.expire_all()
    assert contract.status == CS.SIGNED
    client.post("/logout")

    login(officer)
    response = client.post(f"/contracts/{contract.id}/attest", data={"reference": "A-1"})
    assert response.status_code == 409
    assert "below the floor" in text(response) and "must be zero" in text(response)
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "contract.attest_refused"))
    client.post("/logout")

    login(rep)
    assert client.post(f"/contracts/{contract.id}/reopen", data={"reason": "Wage and fee"}).status_code == 302
    data = form_data(version, parties, monthly_wage="1600")
    data.update({"fees-0-description": "", "fees-0-amount": ""})
    assert client.post(f"/contracts/{contract.id}/edit", data=data).status_code == 302
    client.post(f"/contracts/{contract.id}/submit")
    for role, name, capacity in (("origin_agency", "Moses Rep", "Director"), ("partner_agency", "F. Omar", "Manager"),
                                 ("employer", "H. Al Noor", "Owner"), ("worker", "Nakato Sarah", "The worker")):
        client.post(f"/contracts/{contract.id}/sign", data={"role": role, "signer_name": name,
                                                            "signer_capacity": capacity})
    client.post("/logout")

    login(officer)
    assert client.post(f"/contracts/{contract.id}/attest", data={"reference": "A-2"}).status_code == 302
    db.session.expire_all()
    assert contract.status == CS.ATTESTED and contract.fees == []
    client.post("/logout")

    html = text(client.get(f"/contracts/check/{contract.verification_code}"))
    assert "SAR" in html and "1,600" in html and "You pay no fees" in html
    assert client.get(f"/contracts/check/{contract.verification_code}/print").status_code == 200


def test_attested_contract_cannot_be_edited_through_the_form(client, login, attested, rep, parties, template):
    contract = attested()
    login(rep)
    response = client.post(f"/contracts/{contract.id}/edit",
                           data=form_data(template.published_version, parties, monthly_wage="5000"))
    assert response.status_code == 302
    db.session.expire_all()
    assert contract.monthly_wage == Decimal("1600")
    response = client.post(f"/contracts/{contract.id}/supersede")
    assert response.status_code == 302
    new = db.session.scalar(sa.select(Contract).where(Contract.supersedes_id == contract.id))
    assert new.status == CS.DRAFT and response.headers["Location"].endswith(f"/contracts/{new.id}")


def test_a_suspended_agency_cannot_draft(client, login, template, make_agency, make_user):
    suspended = make_agency("Suspended Agency Ltd", status="suspended")
    login(make_user(Role.AGENCY_REPRESENTATIVE, agency=suspended))
    assert "not in force" in text(client.get("/contracts/new"))


def test_form_errors_keep_what_was_typed(client, login, template, parties, rep):
    login(rep)
    data = form_data(template.published_version, parties, worker_date_of_birth="2015-01-01")
    response = client.post(f"/contracts/new/{template.published_version.id}", data=data)
    assert response.status_code == 422
    assert "at least 18" in text(response) and "Nakato Sarah" in text(response)


def test_refused_step_shows_a_message(client, login, draft, rep):
    contract = draft()
    login(rep)
    response = client.post(f"/contracts/{contract.id}/complete", follow_redirects=True)
    assert "Only an active contract can be completed." in text(response)


# ---------------------------------------------------------------- templates


def test_licensing_officer_versions_a_template(client, login, template, officer):
    login(officer)
    assert "version 1" in text(client.get("/contracts/templates")).lower()
    v1 = template.published_version
    assert client.get(f"/contracts/templates/versions/{v1.id}/edit").status_code == 302  # published: no edit
    response = client.post(f"/contracts/templates/{template.id}/versions")
    assert response.status_code == 302
    db.session.expire_all()
    v2 = template.draft_version
    form = client.get(f"/contracts/templates/versions/{v2.id}/edit")
    assert form.status_code == 200 and "Joint and several liability" in text(form)
    data = {"title": "SA domestic v2", "currency": "SAR", "min_monthly_wage": "1700", "max_hours_per_week": "48",
            "min_weekly_rest_days": "1", "min_annual_leave_days": "21", "max_duration_months": "24",
            "max_probation_months": "3", "min_death_disability_compensation": "60000",
            "dispute_attache": "Attaché", "dispute_authority": "Authority", "worker_keeps_passport": "y"}
    for i, clause in enumerate(v2.clauses):
        data.update({f"clauses-{i}-kind": clause.kind.value, f"clauses-{i}-language": "en",
                     f"clauses-{i}-heading": clause.heading, f"clauses-{i}-body": clause.body})
    liability = next(i for i, c in enumerate(v2.clauses) if c.kind == "joint_liability")
    removed = dict(data, **{f"clauses-{liability}-heading": "", f"clauses-{liability}-body": ""})
    response = client.post(f"/contracts/templates/versions/{v2.id}/edit", data=removed)
    assert response.status_code == 422 and "cannot be removed" in text(response)
    assert client.post(f"/contracts/templates/versions/{v2.id}/edit", data=data).status_code == 302
    assert client.post(f"/contracts/templates/versions/{v2.id}/publish").status_code == 302
    db.session.expire_all()
    assert v2.status == TemplateVersionStatus.PUBLISHED and v1.status == TemplateVersionStatus.RETIRED
    assert v1.min_monthly_wage == Decimal("1500") and v2.min_monthly_wage == Decimal("1700")


def test_agency_cannot_manage_templates(client, login, rep, template):
    login(rep)
    assert client.get("/contracts/templates").status_code == 403
    assert client.post(f"/contracts/templates/{template.id}/versions").status_code == 403


# ---------------------------------------------------------------- demo data


def test_demo_has_contracts_in_every_status(app):
    from contracts import demo as contracts_demo
    from portal import demo

    demo.load()
    db.session.commit()
    statuses = set(db.session.scalars(sa.select(Contract.status)).all())
    assert statuses == set(CS)
    notes = " ".join(contracts_demo.notes())
    attested = db.session.scalar(sa.select(Contract).where(Contract.status == CS.ATTESTED).order_by(Contract.id))
    assert attested.code_display in notes and "rep@demo.example" in notes
    suspended = [c for c in db.session.scalars(sa.select(Contract)) if
                 c.origin_agency.licence.status == "suspended" and c.verification_code]
    assert suspended


def test_desk_filters_by_status(client, login, draft, attested, officer):
    kept, attested_one = draft(), attested()
    login(officer)
    html = text(client.get("/contracts", query_string={"status": "attested"}))
    assert f"#{attested_one.id}</strong>" in html and f"#{kept.id}</strong>" not in html
    html = text(client.get("/contracts", query_string={"status": "draft"}))
    assert f"#{kept.id}</strong>" in html and f"#{attested_one.id}</strong>" not in html
    html = text(client.get("/contracts"))
    assert f"#{kept.id}</strong>" in html and f"#{attested_one.id}</strong>" in html
