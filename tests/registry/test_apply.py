"""The public online licence application (as EEMIS): one transaction, or nothing."""
import os
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Role, User
from registry.models import Agency, AgencyDocument, Guarantee, LicenceStatus, Person, VettingStatus
from tests.factories import pdf


def _post(client, data):
    return client.post("/apply", data=data, content_type="multipart/form-data")


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _nothing_written():
    assert _count(Agency) == 0
    assert _count(Person) == 0
    assert _count(Guarantee) == 0
    assert _count(AgencyDocument) == 0
    assert _count(User) == 0


def _stored_files(app) -> list[str]:
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "agency-documents")
    return os.listdir(folder) if os.path.isdir(folder) else []


def test_form_shows_every_part(client):
    page = client.get("/apply")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for words in ("Legal name", "Directors and shareholders", "Person 4", "Guarantee (bond)",
                  "Certificate of incorporation (PDF)", "Type the password again", "Domestic work"):
        assert words in text


def test_application_creates_everything_and_logs_the_representative_in(app, client, application_data):
    before = set(_stored_files(app))
    response = _post(client, application_data(other_documents=[pdf("tax.pdf"), pdf("lease.pdf")]))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/my-agency")

    agency = db.session.scalar(sa.select(Agency))
    assert agency.legal_name == "Sunrise Gateway Placements Ltd"
    assert agency.trading_names == ["Sunrise Jobs", "Gateway Placements"]
    assert agency.destinations == ["SA", "AE"]
    assert agency.sectors == ["domestic_work", "hospitality"]
    assert agency.complaints_officer_name == "Ruth Achieng"
    assert agency.licence.status == LicenceStatus.APPLICATION
    assert agency.licence.number is None
    assert [(p.name, p.role.value, p.nationality) for p in agency.people] == [
        ("Moses Kato", "director", "UG"), ("Halima Yusuf", "shareholder", "KE")]
    assert all(p.vetting_status == VettingStatus.PENDING for p in agency.people)
    [guarantee] = agency.guarantees
    assert guarantee.verified_at is None and guarantee.currency == "USD" and guarantee.amount == 50000
    assert sorted(d.kind for d in agency.documents) == ["guarantee", "incorporation", "other", "other"]

    # the PDFs are stored under random names in the instance folder, not under static
    new_files = set(_stored_files(app)) - before
    assert new_files == {d.stored_name for d in agency.documents}
    folder = os.path.realpath(app.config["UPLOAD_FOLDER"])
    assert not folder.startswith(os.path.realpath(app.static_folder))
    with open(os.path.join(folder, "agency-documents", agency.documents[0].stored_name), "rb") as fh:
        assert fh.read().startswith(b"%PDF")

    user = db.session.scalar(sa.select(User))
    assert (user.email, user.role, user.agency_id, user.name) == (
        "moses@sunrise.example", Role.AGENCY_REPRESENTATIVE, agency.id, "Moses Kato")

    # logged in at once: the agency page shows the application
    page = client.get("/my-agency")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Sunrise Gateway Placements Ltd" in text and "Application" in text
    assert "incorporation.pdf" in text


def test_the_new_account_can_log_in_later(client, application_data):
    _post(client, application_data())
    client.post("/logout")
    response = client.post("/login", data={"email": "moses@sunrise.example", "password": "a long enough password"})
    assert response.status_code == 302
    assert client.get("/desk").headers["Location"].endswith("/my-agency")


@pytest.mark.parametrize("file_field", ["incorporation_document", "guarantee_document"])
def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_kept(app, client, application_data, file_field):
    before = set(_stored_files(app))
    fake = pdf("contract.pdf", b"MZ\x90\x00 this is not a pdf at all")
    response = _post(client, application_data(**{file_field: fake}))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Only PDF files are accepted." in text
    _nothing_written()
    assert set(_stored_files(app)) == before  # files already written for this attempt are removed
    # what was typed is kept (but not the password)
    assert 'value="Sunrise Gateway Placements Ltd"' in text
    assert 'value="Moses Kato"' in text
    assert "a long enough password" not in text


def test_missing_certificate_is_refused(client, application_data):
    response = _post(client, application_data(incorporation_document=None))
    assert response.status_code == 422
    assert "Attach the certificate of incorporation" in response.get_data(as_text=True)
    _nothing_written()


def test_duplicate_registration_number_is_refused(client, make_agency, application_data):
    make_agency("Existing Agency Ltd", registration_number="80010012345")
    agencies_before, people_before = _count(Agency), _count(Person)
    users_before = _count(User)
    response = _post(client, application_data())
    assert response.status_code == 422
    assert "Another agency is registered with this number." in response.get_data(as_text=True)
    assert (_count(Agency), _count(Person), _count(User)) == (agencies_before, people_before, users_before)


def test_email_already_used_is_refused_at_the_account_field(client, make_user, application_data):
    make_user(Role.LICENSING_OFFICER, email="moses@sunrise.example")
    response = _post(client, application_data())
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "An account with this email already exists." in text
    assert 'id="account_email-error"' in text
    assert _count(Agency) == 0 and _count(Person) == 0 and _count(AgencyDocument) == 0
    assert _count(User) == 1


def test_an_application_without_a_director_is_refused(client, application_data):
    response = _post(client, application_data(**{"people-0-role": "shareholder"}))
    assert response.status_code == 422
    assert "Name at least one director." in response.get_data(as_text=True)
    _nothing_written()


def test_a_listed_person_needs_nationality_and_id(client, application_data):
    response = _post(client, application_data(**{"people-1-id_number": ""}))
    assert response.status_code == 422
    assert "This is needed for every person you list." in response.get_data(as_text=True)
    _nothing_written()


@pytest.mark.parametrize("changes, message", [
    ({"password_confirm": "another long password"}, "The two passwords are not the same."),
    ({"destinations": ["SA", "XX"]}, "&#39;XX&#39; is not a valid choice for this field."),
    ({"destinations": ["EU"]}, "&#39;EU&#39; is not a valid choice for this field."),
    ({"destinations": []}, "This field is required."),
    ({"expires_on": (date.today() - timedelta(days=1)).isoformat()}, "The guarantee must still be valid"),
    ({"amount": "0"}, "The amount must be more than zero."),
    ({"sectors": []}, "This field is required."),
])
def test_invalid_fields_are_shown_next_to_the_field(client, application_data, changes, message):
    response = _post(client, application_data(**changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    _nothing_written()


def test_the_application_is_rate_limited(app, client, application_data, monkeypatch):
    monkeypatch.setitem(app.config, "APPLY_RATE_LIMIT", "2 per minute")
    for _ in range(2):
        assert _post(client, application_data(legal_name="")).status_code == 422
    assert _post(client, application_data()).status_code == 429
    assert client.get("/apply").status_code == 200  # reading the form is not limited
    _nothing_written()
