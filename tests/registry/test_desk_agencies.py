"""Officials' agency pages: create and edit, the list and the queue, vetting, guarantees, queries, review flag."""
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Role
from registry import services
from registry.models import Agency, LicenceStatus, PersonRole, VettingStatus
from tests.factories import audit_actions, audit_count


@pytest.fixture
def as_officer(login, officer):
    login(officer)
    return officer


AGENCY_FORM = {
    "legal_name": "Savannah Bridge Recruiters Ltd", "trading_names": "Savannah Jobs",
    "registration_number": "REG-77-001", "address": "Kenyatta Avenue 4, Nairobi", "phone": "+254 711 000 000",
    "email": "info@savannah.example", "destinations": ["QA", "JO"], "sectors": ["construction"],
    "complaints_officer_name": "Grace Wanjiru", "complaints_officer_phone": "+254 711 000 001",
    "complaints_officer_email": "",
}


def test_officer_creates_an_agency_that_starts_as_an_application(client, as_officer):
    response = client.post("/desk/agencies/new", data=AGENCY_FORM)
    assert response.status_code == 302
    agency = db.session.scalar(sa.select(Agency))
    assert agency.licence.status == LicenceStatus.APPLICATION
    assert agency.destinations == ["QA", "JO"] and agency.trading_names == ["Savannah Jobs"]
    assert agency.licence.events[0].actor_id == as_officer.id
    assert audit_actions()[-1] == "licence.apply"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Savannah Bridge Recruiters Ltd" in page and "No director is recorded." in page


def test_create_refuses_a_taken_registration_number(client, make_agency, as_officer):
    make_agency(registration_number="REG-77-001")
    response = client.post("/desk/agencies/new", data=AGENCY_FORM)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Another agency is registered with this number." in text and 'id="registration_number-error"' in text
    assert 'value="Savannah Bridge Recruiters Ltd"' in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Agency)) == 1


def _select(html: str, name: str) -> str:
    return re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)


def test_the_agency_form_offers_iso_countries_by_name_with_common_ones_first(client, as_officer):
    html = client.get("/desk/agencies/new").get_data(as_text=True)
    destinations = _select(html, "destinations")
    assert 'name="destinations"' in html and "multiple" in re.search(r'<select[^>]*name="destinations"[^>]*>', html)[0]
    groups = re.findall(r'<optgroup label="([^"]+)"', destinations)
    assert groups == ["Common destinations", "All countries"]
    assert destinations.index(">Saudi Arabia<") < destinations.index(">Afghanistan<")
    for not_a_country in ("European Union", "Pseudo-Accents", "Unknown Region", 'value="EU"', 'value="ZZ"',
                          'value="XA"', 'value="001"'):
        assert not_a_country not in destinations
    nationality = _select(html, "people-0-nationality") if 'name="people-0-nationality"' in html else None
    if nationality is not None:
        assert nationality.index(">Uganda<") < nationality.index(">Afghanistan<")


def test_nationalities_offer_the_region_first(client):
    html = client.get("/apply").get_data(as_text=True)
    nationality = _select(html, "people-0-nationality")
    assert re.findall(r'<optgroup label="([^"]+)"', nationality) == ["Countries of the region", "All countries"]
    for origin in (">Uganda<", ">Kenya<", ">Ethiopia<", ">South Sudan<"):
        assert nationality.index(origin) < nationality.index(">Afghanistan<")


def test_edit_shows_and_saves_the_details(client, make_agency, as_officer):
    agency = make_agency("Old Name Ltd", status="licensed", trading_names=["Oldies"])
    form = client.get(f"/desk/agencies/{agency.public_id}/edit").get_data(as_text=True)
    assert 'value="Old Name Ltd"' in form and "Oldies" in form
    chosen = re.findall(r'<option selected value="([A-Z]{2})"', _select(form, "destinations"))
    assert sorted(chosen) == ["AE", "SA"]  # chosen from the list, not typed
    before = audit_count()
    data = dict(AGENCY_FORM, registration_number=agency.registration_number)
    assert client.post(f"/desk/agencies/{agency.public_id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert agency.legal_name == "Savannah Bridge Recruiters Ltd" and agency.destinations == ["QA", "JO"]
    assert audit_count() == before + 1 and audit_actions()[-1] == "agency.update"
    # the public search finds the new name at once
    assert "Savannah Bridge Recruiters Ltd" in client.get("/agencies?q=savannah").get_data(as_text=True)


def test_agency_list_filters_by_status_and_name(client, make_agency, as_officer):
    make_agency("Alpha Licensed Ltd", status="licensed")
    make_agency("Beta Suspended Ltd", status="suspended")
    make_agency("Gamma Expired Ltd", status="expired")
    make_agency("Delta Applicant Ltd", status="application")
    everything = client.get("/desk/agencies").get_data(as_text=True)
    assert all(n in everything for n in ("Alpha", "Beta", "Gamma", "Delta"))
    suspended = client.get("/desk/agencies?status=suspended").get_data(as_text=True)
    assert "Beta Suspended Ltd" in suspended and "Alpha Licensed Ltd" not in suspended
    expired = client.get("/desk/agencies?status=expired").get_data(as_text=True)
    assert "Gamma Expired Ltd" in expired and "Alpha Licensed Ltd" not in expired
    by_name = client.get("/desk/agencies?q=delta").get_data(as_text=True)
    assert "Delta Applicant Ltd" in by_name and "Beta Suspended Ltd" not in by_name


def test_queue_lists_applications_renewals_and_flags_oldest_first(client, make_agency, representative, as_officer):
    first = make_agency("First Applicant Ltd", status="application")
    make_agency("Settled Licensed Ltd", status="licensed")
    renewing = make_agency("Renewing Agency Ltd", status="licensed")
    services.request_renewal(renewing, representative(renewing), "please renew")
    flagged = make_agency("Flagged Agency Ltd", status="licensed")
    flagged.review_flag, flagged.review_flag_reason = True, "Three substantiated grievances"
    second = make_agency("Second Applicant Ltd", status="under_review")
    db.session.commit()
    page = client.get("/desk/applications").get_data(as_text=True)
    assert "Settled Licensed Ltd" not in page
    positions = [page.index(n) for n in ("First Applicant Ltd", "Renewing Agency Ltd", "Flagged Agency Ltd",
                                         "Second Applicant Ltd")]
    assert positions == sorted(positions)
    assert "Renewal requested" in page and "Three substantiated grievances" in page
    assert "No director is recorded." in page  # what blocks the first application
    assert f"/desk/agencies/{first.public_id}" in page and f"/desk/agencies/{second.public_id}" in page


def test_queue_shows_each_application_age_in_days(client, make_agency, as_officer):
    old = make_agency("Old Applicant Ltd", status="application")
    old.licence.events[0].at -= timedelta(days=12)
    make_agency("New Applicant Ltd", status="application")
    db.session.commit()
    page = client.get("/desk/applications").get_data(as_text=True)
    age = "12 days since it was received"
    assert age in page and "Received today" in page
    assert page.index("Old Applicant Ltd") < page.index(age) < page.index("New Applicant Ltd")


def test_queue_is_searched_by_name_with_typos_or_by_registration_number(client, make_agency, as_officer):
    make_agency("Savannah Bridge Recruiters Ltd", status="application", registration_number="UG-CR-80037")
    make_agency("Kilimanjaro Staffing Ltd", status="under_review", registration_number="UG-CR-91234")
    make_agency("Savannah Licensed Ltd", status="licensed")  # not waiting: never in the queue
    db.session.commit()

    def found(q):
        page = client.get("/desk/applications", query_string={"q": q}).get_data(as_text=True)
        return [n for n in ("Savannah Bridge", "Kilimanjaro", "Savannah Licensed") if n in page]

    assert found("savanah brige") == ["Savannah Bridge"]
    assert found("ug cr 91234") == ["Kilimanjaro"] and found("UGCR91234") == ["Kilimanjaro"]
    assert found("") == ["Savannah Bridge", "Kilimanjaro"]
    nothing = client.get("/desk/applications", query_string={"q": "Zanzibar"}).get_data(as_text=True)
    assert "Nothing waiting matches “Zanzibar”." in nothing


def test_vetting_a_director_through_the_form(client, make_agency, as_officer):
    agency = make_agency(status="application")
    person = services.add_person(agency, role=PersonRole.DIRECTOR, name="Joseph Mugisha", nationality="UG",
                                 id_number="CM1", police_clearance_ref="UPF-1")
    db.session.commit()
    before = audit_count()
    response = client.post(f"/desk/people/{person.public_id}/vetting",
                           data={f"vet-{person.public_id}-status": "vetted",
                                 f"vet-{person.public_id}-note": "clean record"})
    assert response.status_code == 302
    db.session.expire_all()
    assert person.vetting_status == VettingStatus.VETTED and person.vetted_by_id == as_officer.id
    assert audit_count() == before + 1 and audit_actions()[-1] == "person.vetted"


def test_vetting_refusals_show_at_the_person(client, make_agency, as_officer):
    agency = make_agency(status="application")
    person = services.add_person(agency, role=PersonRole.DIRECTOR, name="No Clearance", nationality="UG",
                                 id_number="CM2")
    db.session.commit()
    key = f"vet-{person.public_id}"
    response = client.post(f"/desk/people/{person.public_id}/vetting", data={f"{key}-status": "vetted"})
    assert response.status_code == 422
    assert "Record the police clearance reference before vetting." in response.get_data(as_text=True)
    response = client.post(f"/desk/people/{person.public_id}/vetting", data={f"{key}-status": "rejected"})
    assert response.status_code == 422
    assert f'id="{key}-note-error"' in response.get_data(as_text=True)
    response = client.post(f"/desk/people/{person.public_id}/vetting",
                           data={f"{key}-status": "rejected", f"{key}-note": "Conviction for fraud"})
    assert response.status_code == 302
    db.session.expire_all()
    assert person.vetting_status == VettingStatus.REJECTED and person.vetting_note == "Conviction for fraud"


def test_officer_records_the_clearance_sent_in_answer_and_vets(client, make_agency, as_officer):
    agency = make_agency(status="application")
    person = services.add_person(agency, role=PersonRole.DIRECTOR, name="Ochieng Odongo", nationality="UG",
                                 id_number="CM3")
    db.session.commit()
    key = f"vet-{person.public_id}"
    before = audit_count()
    response = client.post(f"/desk/people/{person.public_id}/vetting", data={
        f"{key}-police_clearance_ref": " UPF-2026-9911 ", f"{key}-status": "vetted", f"{key}-note": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert (person.police_clearance_ref, person.vetting_status) == ("UPF-2026-9911", VettingStatus.VETTED)
    assert audit_actions()[before:] == ["person.police_clearance", "person.vetted"]
    page = client.get(f"/desk/agencies/{agency.public_id}").get_data(as_text=True)
    assert 'value="UPF-2026-9911"' in page  # the form shows the reference on file


def test_officer_adds_a_director(client, make_agency, as_officer):
    agency = make_agency(status="application")
    data = {"person-name": "Esther Nanyonga", "person-role": "director", "person-nationality": "UG",
            "person-id_number": "CM77", "person-police_clearance_ref": "UPF-77"}
    assert client.post(f"/desk/agencies/{agency.public_id}/people", data=data).status_code == 302
    db.session.expire_all()
    assert [p.name for p in agency.directors] == ["Esther Nanyonga"]
    assert audit_actions()[-1] == "person.add"
    response = client.post(f"/desk/agencies/{agency.public_id}/people", data={"person-name": "Half Filled"})
    assert response.status_code == 422
    assert "This is needed for every person you list." in response.get_data(as_text=True)


def test_guarantee_entry_and_verification(client, make_agency, as_officer):
    agency = make_agency(status="application")
    data = {"guarantee-amount": "75000", "guarantee-currency": "ugx", "guarantee-bank": "Fictional Bank",
            "guarantee-reference": "BG-1", "guarantee-expires_on": (date.today() + timedelta(days=365)).isoformat()}
    before = audit_count()
    assert client.post(f"/desk/agencies/{agency.public_id}/guarantees", data=data).status_code == 302
    db.session.expire_all()
    [guarantee] = agency.guarantees
    assert guarantee.verified_at is None and guarantee.currency == "UGX"
    assert audit_actions()[before:] == ["guarantee.lodge"]
    page = client.get(f"/desk/agencies/{agency.public_id}").get_data(as_text=True)
    assert f"/desk/guarantees/{guarantee.public_id}/verify" in page
    missing = client.post(f"/desk/guarantees/{guarantee.public_id}/verify", data={})
    assert missing.status_code == 422 and "Give the bank&#39;s reference" in missing.get_data(as_text=True)
    verify = {f"verify-{guarantee.public_id}-verification_reference": "BOU/CONF/2026/88"}
    assert client.post(f"/desk/guarantees/{guarantee.public_id}/verify", data=verify).status_code == 302
    db.session.expire_all()
    assert guarantee.verified_by_id == as_officer.id and guarantee.verification_reference == "BOU/CONF/2026/88"
    assert audit_actions()[-1] == "guarantee.verify"
    again = client.post(f"/desk/guarantees/{guarantee.public_id}/verify", data=verify)
    assert again.status_code == 409 and "This guarantee is already verified." in again.get_data(as_text=True)


def test_guarantee_entered_as_verified_and_refusals(client, make_agency, as_officer):
    agency = make_agency(status="application")
    data = {"guarantee-amount": "0", "guarantee-currency": "USD", "guarantee-bank": "B", "guarantee-reference": "R",
            "guarantee-expires_on": (date.today() + timedelta(days=30)).isoformat(), "guarantee-verified": "y",
            "guarantee-verification_reference": "CONF-1"}
    response = client.post(f"/desk/agencies/{agency.public_id}/guarantees", data=data)
    assert response.status_code == 422
    assert "The amount must be more than zero." in response.get_data(as_text=True)
    assert client.post(f"/desk/agencies/{agency.public_id}/guarantees",
                       data=dict(data, **{"guarantee-amount": "10"})).status_code == 302
    db.session.expire_all()
    assert agency.guarantees[0].verified_at is not None


def test_full_application_path_through_the_forms(client, make_agency, as_officer):
    """Application -> vetting -> guarantee -> review -> issue, all by the officer's forms."""
    agency = make_agency("Fresh Start Ltd", status="application")
    client.post(f"/desk/agencies/{agency.public_id}/people", data={
        "person-name": "Dan Okello", "person-role": "director", "person-nationality": "UG",
        "person-id_number": "CM5", "person-police_clearance_ref": "UPF-5"})
    person = agency.people[0]
    client.post(f"/desk/people/{person.public_id}/vetting", data={f"vet-{person.public_id}-status": "vetted"})
    client.post(f"/desk/agencies/{agency.public_id}/guarantees", data={
        "guarantee-amount": "50000", "guarantee-currency": "USD", "guarantee-bank": "B", "guarantee-reference": "R",
        "guarantee-expires_on": (date.today() + timedelta(days=800)).isoformat(), "guarantee-verified": "y",
        "guarantee-verification_reference": "CONF-5"})
    client.post(f"/desk/agencies/{agency.public_id}/decisions/start_review", data={"start_review-reason": "complete"})
    response = client.post(f"/desk/agencies/{agency.public_id}/decisions/issue", data={
        "issue-reason": "All conditions met", "issue-order_reference": "MOL/1", "issue-licence_class": "general",
        "issue-destinations": ["SA"], "issue-sectors": ["domestic_work"]})
    assert response.status_code == 302
    db.session.expire_all()
    assert agency.licence.status == LicenceStatus.LICENSED
    assert audit_actions()[-5:] == ["person.add", "person.vetted", "guarantee.lodge", "licence.start_review",
                                    "licence.issue"]


def test_queries_and_answers(client, make_agency, representative, login, as_officer):
    agency = make_agency(status="under_review")
    before = audit_count()
    response = client.post(f"/desk/agencies/{agency.public_id}/messages",
                           data={"message-body": "Send the lease of your office."})
    assert response.status_code == 302
    assert audit_count() == before + 1 and audit_actions()[-1] == "application.query"
    empty = client.post(f"/desk/agencies/{agency.public_id}/messages", data={"message-body": "  "})
    assert empty.status_code == 422
    client.post("/logout")
    login(representative(agency))
    page = client.get("/my-agency").get_data(as_text=True)
    assert "Send the lease of your office." in page
    assert client.post("/my-agency/messages", data={"message-body": "Lease attached."}).status_code == 302
    db.session.expire_all()
    assert [(m.from_official, m.body) for m in agency.messages] == [
        (True, "Send the lease of your office."), (False, "Lease attached.")]
    client.post("/logout")
    login(as_officer)
    assert "Lease attached." in client.get(f"/desk/agencies/{agency.public_id}").get_data(as_text=True)


def test_clearing_the_review_flag(client, make_agency, as_officer):
    agency = make_agency(status="licensed")
    refused = client.post(f"/desk/agencies/{agency.public_id}/review-flag", data={"flag-reason": "done"})
    assert refused.status_code == 409 and "not flagged for review" in refused.get_data(as_text=True)
    agency.review_flag, agency.review_flag_reason = True, "Grievances substantiated"
    db.session.commit()
    page = client.get(f"/desk/agencies/{agency.public_id}").get_data(as_text=True)
    assert "Grievances substantiated" in page
    assert client.post(f"/desk/agencies/{agency.public_id}/review-flag", data={"flag-reason": ""}).status_code == 422
    response = client.post(f"/desk/agencies/{agency.public_id}/review-flag",
                           data={"flag-reason": "Inspected; fees refunded"})
    assert response.status_code == 302
    db.session.expire_all()
    assert agency.review_flag is False
    assert audit_actions()[-1] == "agency.clear_review_flag"


def test_administrator_may_decide_too(client, make_agency, make_user, login):
    agency = make_agency(status="licensed")
    login(make_user(Role.ADMINISTRATOR))
    response = client.post(f"/desk/agencies/{agency.public_id}/decisions/suspend",
                           data={"suspend-reason": "Audit finding", "suspend-order_reference": "MOL/9",
                                 "suspend-suspended_until": (date.today() + timedelta(days=30)).isoformat(),
                                 "suspend-public_note": "Under audit", "suspend-confirmed": "yes"})
    assert response.status_code == 302
    db.session.expire_all()
    assert agency.licence.status == LicenceStatus.SUSPENDED
