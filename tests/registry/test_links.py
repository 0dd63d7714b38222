"""Phoenix-firm detection: shared ID numbers (however typed), names with typos, phones, e-mails, addresses and
registration numbers; the warning on the officers' page; issuing only with a recorded reason; flags for review."""
import json

import pytest
import sqlalchemy as sa

from portal import demo
from portal.errors import DomainError
from portal.extensions import db
from portal.models import AuditEntry
from registry import services
from registry.demo import PHOENIX
from registry.models import Agency, LicenceAction, LicenceStatus, PersonRole, VettingStatus
from tests.factories import audit_actions, text

A = LicenceAction


@pytest.fixture
def as_officer(login, officer):
    login(officer)
    return officer


@pytest.fixture
def revoked(make_agency):
    agency = make_agency("Bidii Njema Employment Agency", status="revoked", phone="+256 772 480 116")
    agency.directors[0].name, agency.directors[0].id_number = "Joseph Kiprono Mwangi", "CM 8800 4412 7"
    db.session.commit()
    return agency


def _applicant(make_agency, officer, name="Joseph Kiprono Mwangi", id_number="KE-1", **fields):
    agency = make_agency("Upeo Mpya Recruitment Ltd", status="under_review", **fields)
    services.add_person(agency, role=PersonRole.SHAREHOLDER, name=name, nationality="UG", id_number=id_number,
                        police_clearance_ref="PCC-1")
    services.vet_person(agency.people[-1], VettingStatus.VETTED, "clear", officer)
    db.session.commit()
    return agency


def test_keys_forgive_formatting(app):
    assert services.id_key("cm 8800-4412/7") == services.id_key("CM880044127")
    with app.test_request_context():
        assert services.phone_key("0772 480116") == services.phone_key("+256 772 480 116") == "+256772480116"
    assert services.similar_names("Josef Kiprono Mwangi", "MWANGI Joseph Kiprono")
    assert not services.similar_names("Director 1A", "Director 11A")
    assert not services.similar_names("Grace Atim", "Grace Atim Okello")


@pytest.mark.parametrize("fields, shared", [
    ({"id_number": "cm88004412-7", "name": "Peter Ouma"}, "ID number cm88004412-7"),
    ({"name": "Josef Kiprono Mwangi"}, "A person named alike: Josef Kiprono Mwangi here"),
    ({"phone": "0772480116"}, "Phone number +256772480116"),
])
def test_links_to_a_revoked_agency_are_found(make_agency, officer, revoked, fields, shared):
    person = {k: fields.pop(k) for k in ("id_number", "name") if k in fields}
    agency = _applicant(make_agency, officer, **person, **fields)
    [link] = services.agency_links(agency)
    assert link.agency == revoked and link.stopped and link.status == LicenceStatus.REVOKED
    assert any(str(s).startswith(shared) for s in link.shared), link.shared


def test_email_address_registration_and_trading_names(make_agency, officer, revoked):
    agency = make_agency("Njema Bidii Ltd", status="application", email=revoked.email.upper(),
                         registration_number=revoked.registration_number.lower() + " ",
                         trading_names=["Bidii Njema Placements"])
    agency.address = revoked.address + "."
    [link] = services.agency_links(agency)
    shared = " | ".join(str(s) for s in link.shared)
    assert "E-mail address" in shared and "Registration number" in shared and "Address" in shared
    assert "A name alike" in shared


def test_unrelated_agencies_are_not_linked(make_agency, officer, revoked):
    agency = _applicant(make_agency, officer, name="Peter Ouma", id_number="UG-77")
    assert services.agency_links(agency) == []


def test_issue_needs_an_override_reason_recorded_and_audited(make_agency, officer, revoked):
    agency = _applicant(make_agency, officer, id_number="CM880044127")
    with pytest.raises(DomainError) as refused:
        services.decide(agency.licence, A.ISSUE, officer, "ok", "O-1")
    assert refused.value.field == "link_override_reason" and "Bidii Njema" in str(refused.value.message)
    db.session.rollback()
    services.decide(agency.licence, A.ISSUE, officer, "ok", "O-1",
                    link_override="Director cleared by the police; the revoked firm's debts are paid")
    assert agency.licence.status == LicenceStatus.LICENSED
    assert agency.licence.link_override_reason.startswith("Director cleared")
    entry = services_audit_last()
    details = json.loads(entry.details)
    assert entry.action == "licence.issue" and details["link_override"].startswith("Director cleared")
    assert details["linked_agencies"] == [revoked.id]


def services_audit_last():
    return db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def test_the_desk_warns_and_asks_for_the_reason(client, make_agency, officer, revoked, as_officer):
    agency = _applicant(make_agency, officer, name="Josef Kiprono Mwangi")
    html = text(client.get(f"/desk/agencies/{agency.public_id}"))
    assert "Linked to other agencies" in html and "Bidii Njema Employment Agency" in html
    assert "A person named alike" in html and "issue-link_override_reason" in html
    data = {"issue-reason": "ok", "issue-order_reference": "MOL/1", "issue-licence_class": "general",
            "issue-destinations": ["SA"], "issue-sectors": ["domestic_work"]}
    refused = client.post(f"/desk/agencies/{agency.public_id}/decisions/issue", data=data)
    assert refused.status_code == 422 and 'id="issue-link_override_reason-error"' in text(refused)
    data["issue-link_override_reason"] = "Namesake: different person, checked with the national ID register"
    assert client.post(f"/desk/agencies/{agency.public_id}/decisions/issue", data=data).status_code == 302
    html = text(client.get(f"/desk/agencies/{revoked.public_id}"))
    assert "Upeo Mpya Recruitment Ltd" in html  # the warning shows on the other agency's page too


def test_unvetted_person_added_to_a_licensed_agency_flags_it(make_agency, officer, revoked):
    agency = make_agency("Pearl Horizon Recruitment Ltd", status="licensed")
    services.record_person(agency, officer, role=PersonRole.DIRECTOR, name="Peter Ouma", nationality="UG",
                           id_number="UG-5", police_clearance_ref="")
    assert agency.review_flag and "not yet vetted: Peter Ouma" in agency.review_flag_reason
    services.record_person(agency, officer, role=PersonRole.SHAREHOLDER, name="Jo Kiprono", nationality="KE",
                           id_number="CM-8800-4412-7", police_clearance_ref="")
    assert "New link to another agency" in agency.review_flag_reason and "CM-8800-4412-7" in agency.review_flag_reason
    assert audit_actions().count("agency.review_flag") == 3


def test_change_of_details_linking_a_licensed_agency_flags_it(make_agency, officer, revoked):
    agency = make_agency("Pearl Horizon Recruitment Ltd", status="licensed")
    services.update_agency(agency, officer, phone="0772 480116")
    assert agency.review_flag and "Phone number +256772480116" in agency.review_flag_reason


def test_demo_holds_the_phoenix_case(app):
    demo.load()
    db.session.commit()
    applicant = db.session.scalar(sa.select(Agency).where(Agency.legal_name == PHOENIX["name"]))
    [link] = [link for link in services.agency_links(applicant) if link.stopped]
    assert link.agency.legal_name == "Bidii Njema Employment Agency"
    assert applicant.licence.status == LicenceStatus.UNDER_REVIEW
