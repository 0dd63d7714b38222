"""An applicant answers the licensing office's query with text and PDF documents; officers see them in the thread."""
import os

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Role
from registry import services
from registry.models import AgencyDocument, ApplicationMessage
from tests.factories import PDF_BYTES, audit_actions, pdf, photo


def _stored_files(app) -> list[str]:
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "agency-documents")
    return os.listdir(folder) if os.path.isdir(folder) else []


def _query(agency, officer):
    services.add_message(agency, officer, "Please send the police clearance of your second director.")
    db.session.commit()


def test_the_applicant_answers_with_text_and_pdfs_and_the_officer_opens_them(
        app, client, make_agency, representative, make_user, officer, login):
    agency = make_agency("Savannah Bridge Recruiters Ltd", status="application")
    _query(agency, officer)
    rep = representative(agency)
    login(rep)
    stored = len(_stored_files(app))
    page = client.get("/my-agency").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'name="message-documents"' in page
    response = client.post("/my-agency/messages", data={
        "message-body": "Here is the clearance, and the director's ID.",
        "message-documents": [pdf("police-clearance.pdf"), pdf("director-id.pdf")]},
        content_type="multipart/form-data")
    assert response.status_code == 302
    answer = db.session.scalar(sa.select(ApplicationMessage).where(ApplicationMessage.from_official.is_(False)))
    assert answer.body == "Here is the clearance, and the director's ID."
    assert [d.original_name for d in answer.documents] == ["police-clearance.pdf", "director-id.pdf"]
    assert len(_stored_files(app)) == stored + 2 and audit_actions()[-1] == "application.answer"

    login(officer)
    thread = client.get(f"/desk/agencies/{agency.public_id}").get_data(as_text=True)
    assert "police-clearance.pdf" in thread and "director-id.pdf" in thread
    first = answer.documents[0]
    # in the thread
    assert thread.index("Please send the police clearance") < thread.rindex(f"/documents/{first.public_id}")
    download = client.get(f"/documents/{first.public_id}")
    assert download.status_code == 200 and download.data == PDF_BYTES
    assert download.mimetype == "application/pdf"
    download.close()

    other = make_agency("Other Agency Ltd", status="application")
    login(make_user(Role.AGENCY_REPRESENTATIVE, agency=other))
    assert client.get(f"/documents/{first.public_id}").status_code == 404


def test_documents_alone_are_an_answer(client, make_agency, representative, officer, login):
    agency = make_agency(status="application")
    _query(agency, officer)
    login(representative(agency))
    response = client.post("/my-agency/messages", data={"message-body": "", "message-documents": [pdf()]},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert len(agency.messages[-1].documents) == 1


def test_a_file_that_is_not_a_pdf_is_refused_with_the_answer_kept_and_nothing_stored(
        app, client, make_agency, representative, officer, login):
    agency = make_agency(status="application")
    _query(agency, officer)
    login(representative(agency))
    stored = _stored_files(app)
    disguised = pdf("clearance.pdf", photo())  # a photo named .pdf: typed by its content
    response = client.post("/my-agency/messages", data={
        "message-body": "My typed answer", "message-documents": [pdf("good.pdf"), disguised]},
        content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Only PDF files are accepted." in html and "My typed answer" in html
    assert 'id="message-documents-error"' in html
    assert len(agency.messages) == 1 and _stored_files(app) == stored  # the good file went with the transaction
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgencyDocument)) == 0


def test_too_many_or_too_large_files_are_refused(app, client, make_agency, representative, officer, login,
                                                 monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 1024)
    agency = make_agency(status="application")
    _query(agency, officer)
    login(representative(agency))
    stored = _stored_files(app)
    many = [pdf(f"page-{i}.pdf") for i in range(app.config["ANSWER_MAX_FILES"] + 1)]
    response = client.post("/my-agency/messages", data={"message-body": "All pages", "message-documents": many},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "Send at most 5 files at a time." in response.get_data(as_text=True)
    large = pdf("big.pdf", PDF_BYTES + b"0" * 1024)
    response = client.post("/my-agency/messages", data={"message-body": "Big", "message-documents": [large]},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "too large" in response.get_data(as_text=True)
    assert len(agency.messages) == 1 and _stored_files(app) == stored


def test_an_empty_answer_is_refused(client, make_agency, representative, login):
    agency = make_agency(status="application")
    login(representative(agency))
    response = client.post("/my-agency/messages", data={"message-body": "  "}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Write an answer or attach the documents asked for." in response.get_data(as_text=True)
    assert agency.messages == []
