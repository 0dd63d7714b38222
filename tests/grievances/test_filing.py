"""Filing a grievance without an account: the form, the reference and code, urgency, anonymity, every field's
reason at once."""
import pytest
import sqlalchemy as sa

from grievances import services as svc
from grievances.models import FilerType, Grievance, GrievanceStatus
from portal.extensions import db
from portal.models import AuditEntry
from tests.factories import CODE, REFERENCE, all_grievances, grievance_form, text


def test_form_page_is_plain_and_prefills_the_recruiter(client):
    page = client.get("/grievances/new?recruiter_name=Mr%20Fixit")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'value="Mr Fixit"' in html
    assert "<script" not in html
    assert "My passport or documents were taken from me" in html
    assert 'value="SA"' in html and "Saudi Arabia" in html


def test_form_prefills_agency_and_contract_code_from_links(client):
    html = client.get("/grievances/new?agency=EA/2025/0001&contract_code=7EYY-6DT9-MC").get_data(as_text=True)
    assert 'value="EA/2025/0001"' in html and 'value="7EYY-6DT9-MC"' in html


def test_anonymous_filing_shows_reference_and_code_once_and_stores_no_ip(client):
    response = client.post("/grievances/new", data=grievance_form(), environ_base={"REMOTE_ADDR": "198.51.100.9"})
    html = response.get_data(as_text=True)
    assert response.status_code == 201, html
    assert response.headers["Cache-Control"] == "no-store"
    reference = REFERENCE.search(html).group(0)
    code = CODE.search(html).group(0)
    grievance = db.session.scalar(sa.select(Grievance).where(Grievance.reference == reference))
    assert grievance.filer_type == FilerType.ANONYMOUS
    assert grievance.status == GrievanceStatus.RECEIVED
    assert grievance.filed_from_ip is None and grievance.contact_name == ""
    assert code not in grievance.tracking_code_hash and len(grievance.tracking_code_hash) == 64
    assert svc.find_for_tracking(reference, code) == grievance
    entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "grievance.file")).all()
    assert len(entries) == 1 and "198.51.100.9" not in entries[0].details + entries[0].reason
    assert not grievance.urgent  # passport and wages: not an urgent category
    assert sorted(grievance.categories) == ["unpaid_wages", "withheld_documents"]


def test_named_filing_keeps_identity_and_ip(client):
    data = grievance_form(filer_type="worker", contact_name="Achieng Atieno", contact_method="whatsapp",
                     contact_whatsapp="+966 50 123 4567", share_identity="y")
    response = client.post("/grievances/new", data=data, environ_base={"REMOTE_ADDR": "198.51.100.9"})
    assert response.status_code == 201
    grievance = all_grievances()[0]
    assert grievance.contact_name == "Achieng Atieno" and grievance.filed_from_ip == "198.51.100.9"
    assert grievance.share_identity_with_agency is True


@pytest.mark.parametrize("category", ["abuse", "confinement", "threats", "medical"])
def test_urgent_categories_mark_the_case_urgent_with_a_24_hour_deadline(file_one, category):
    grievance, _code = file_one(categories=[category, "unpaid_wages"])
    assert grievance.urgent
    assert (grievance.acknowledge_due_at - grievance.filed_at).total_seconds() == 24 * 3600
    assert (grievance.resolve_due_at - grievance.filed_at).days == 30


def test_ordinary_case_has_two_days_to_be_acknowledged(file_one):
    grievance, _code = file_one()
    assert not grievance.urgent and (grievance.acknowledge_due_at - grievance.filed_at).days == 2


def test_bad_input_gets_field_errors_and_keeps_what_was_typed(client):
    data = grievance_form(recruiter_name="", categories=[], destination_country="", contact_method="phone",
                     description="Unpaid since March, passport held", filer_type="worker", contact_name="")
    response = client.post("/grievances/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tick at least one thing that happened." in html
    assert "Choose the country where the work is." in html
    assert "Say which agency or recruiter this is about" in html
    assert "Give the phone number we should call." in html
    assert "Give your name, or choose" in html
    assert "Unpaid since March, passport held" in html
    assert all_grievances() == []


def test_agency_resolved_by_licence_number_or_unique_name(client, make_agency):
    pearl = make_agency("Pearl Horizon Recruitment Ltd")
    make_agency("Sunrise Gulf Manpower")
    assert client.post("/grievances/new", data=grievance_form(agency=pearl.licence.number.lower(),
                                                         recruiter_name="")).status_code == 201
    by_name = grievance_form(agency="pearl horizon", recruiter_name="")
    assert client.post("/grievances/new", data=by_name).status_code == 201
    assert {g.agency_id for g in all_grievances()} == {pearl.id}


def test_ambiguous_or_unknown_agency_is_explained(client, make_agency):
    make_agency("Horizon Gulf Ltd")
    make_agency("Horizon East Africa Ltd")
    html = text(client.post("/grievances/new", data=grievance_form(agency="Horizon", recruiter_name="")))
    assert "Several agencies match" in html and "Type the licence number" in html
    html = client.post("/grievances/new", data=grievance_form(agency="Nowhere Ltd", recruiter_name="")
                       ).get_data(as_text=True)
    assert "No agency in the registry has this licence number or name" in html
    assert all_grievances() == []


def test_an_exact_name_wins_over_similar_names(client, make_agency):
    horizon = make_agency("Horizon Gulf Ltd")
    make_agency("Horizon Gulf Ltd Kampala Branch")
    response = client.post("/grievances/new", data=grievance_form(agency="horizon gulf ltd", recruiter_name=""))
    assert response.status_code == 201
    assert all_grievances()[0].agency_id == horizon.id


def test_anonymous_filer_may_not_give_a_name(client):
    response = client.post("/grievances/new", data=grievance_form(contact_name="Achieng"))
    assert response.status_code == 422
    assert "Leave your name empty to stay anonymous" in response.get_data(as_text=True)


def test_amount_needs_a_currency_and_a_number(client):
    html = client.post("/grievances/new", data=grievance_form(amount="1200")).get_data(as_text=True)
    assert "Choose the currency of the amount." in html
    html = client.post("/grievances/new", data=grievance_form(amount="lots", currency="SAR", categories=[])
                       ).get_data(as_text=True)
    assert "Write the amount as a number" in html and "Tick at least one thing that happened." in html
    assert client.post("/grievances/new", data=grievance_form(amount="1,200.50", currency="SAR")).status_code == 201
    assert str(all_grievances()[0].amount_claimed) == "1200.50"
