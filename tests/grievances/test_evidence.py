"""Evidence files: checked by their content and size, stored outside the static folders under random names,
and removed again when the filing does not commit (all or nothing)."""
import io
import os

import pytest
import sqlalchemy as sa

from grievances import services as svc
from grievances.models import EvidenceFile
from portal.extensions import db
from tests.factories import FAKE_JPEG, JPEG, PDF, PNG, all_grievances, grievance_form


def _with_files(*files):
    data = grievance_form()
    data["evidence"] = [(io.BytesIO(content), name) for name, content in files]
    return data


def test_evidence_checked_by_content_and_stored_under_instance_with_random_names(client, app):
    response = client.post("/grievances/new", data=_with_files(("passport.jpg", JPEG), ("payslip.pdf", PDF),
                                                               ("chat.png", PNG)), content_type="multipart/form-data")
    assert response.status_code == 201
    files = db.session.scalars(sa.select(EvidenceFile).order_by(EvidenceFile.id)).all()
    assert [f.mime_type for f in files] == ["image/jpeg", "application/pdf", "image/png"]
    for item in files:
        path = svc.evidence_path(item)
        assert os.path.realpath(path).startswith(os.path.realpath(app.instance_path))
        assert not os.path.realpath(path).startswith(os.path.realpath(app.static_folder))
        assert item.stored_name not in ("passport.jpg", "payslip.pdf") and len(item.stored_name) == 32
        assert os.path.exists(path)


def test_a_fake_photo_is_refused_and_nothing_is_saved(client, app):
    before = set(os.listdir(svc.evidence_folder())) if os.path.isdir(svc.evidence_folder()) else set()
    response = client.post("/grievances/new", data=_with_files(("ok.jpg", JPEG), ("photo.jpg", FAKE_JPEG)),
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "“photo.jpg” is not a photo (JPEG, PNG, WebP) or a PDF." in response.get_data(as_text=True)
    assert all_grievances() == []
    after = set(os.listdir(svc.evidence_folder())) if os.path.isdir(svc.evidence_folder()) else set()
    assert after == before


def test_a_file_too_large_is_refused(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 1024)
    response = client.post("/grievances/new", data=_with_files(("big.pdf", PDF + b"0" * 2000)),
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "too large" in response.get_data(as_text=True)
    assert all_grievances() == []


def test_a_failed_commit_leaves_no_files_behind(other_app, app, monkeypatch):
    """All or nothing: when the transaction fails after the files were written, they are deleted."""
    # A second app, so that the request has its own app context (as in production) and its failed
    # transaction ends with the request, when portal.uploads removes what it wrote.
    client = other_app().test_client()
    folder = svc.evidence_folder()
    os.makedirs(folder, exist_ok=True)
    before = set(os.listdir(folder))

    def broken_commit():
        raise RuntimeError("database went away")

    monkeypatch.setattr(db.session, "commit", broken_commit)
    with pytest.raises(RuntimeError):
        client.post("/grievances/new", data=_with_files(("p.pdf", PDF)), content_type="multipart/form-data")
    monkeypatch.undo()
    assert set(os.listdir(folder)) == before
    assert all_grievances() == []
