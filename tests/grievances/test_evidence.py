"""Evidence files: checked by their content and size, stored outside the static folders under random names,
and removed again when the filing does not commit (all or nothing)."""
import io
import os

import pytest
import sqlalchemy as sa
from PIL import Image

from grievances import services as svc
from grievances.models import EvidenceFile
from portal.extensions import db
from tests.factories import FAKE_JPEG, JPEG, PDF, PNG, all_grievances, grievance_form, photo


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


def _stored(item: EvidenceFile) -> bytes:
    with open(svc.evidence_path(item), "rb") as fh:
        return fh.read()


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_a_photo_keeps_no_exif_gps_or_comment_and_the_original_is_kept_nowhere(client, app, image_format):
    sent = photo(image_format, size=(30, 20), gps=True,
                 **({"comment": b"flat 4, Al Sadd"} if image_format == "JPEG" else {}))
    assert Image.open(io.BytesIO(sent)).getexif().get_ifd(0x8825)  # the phone's position is in what is sent
    response = client.post("/grievances/new", data=_with_files(("photo.img", sent)),
                           content_type="multipart/form-data")
    assert response.status_code == 201
    item = db.session.scalar(sa.select(EvidenceFile))
    kept = _stored(item)
    image = Image.open(io.BytesIO(kept))
    assert dict(image.getexif()) == {} and image.getexif().get_ifd(0x8825) == {}
    assert image.size == (30, 20) and item.size == len(kept)
    for trace in (b"Exif", b"PhoneMaker", b"2026:03:14", b"Al Sadd"):
        assert trace not in kept
    folder = svc.evidence_folder()
    assert [name for name in os.listdir(folder) if _stored_bytes(folder, name) == sent] == []


def _stored_bytes(folder: str, name: str) -> bytes:
    with open(os.path.join(folder, name), "rb") as fh:
        return fh.read()


def test_a_photo_taken_sideways_is_kept_upright(client):
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: show it rotated by 90°
    out = io.BytesIO()
    Image.new("RGB", (30, 20), "teal").save(out, "JPEG", exif=exif)
    client.post("/grievances/new", data=_with_files(("side.jpg", out.getvalue())), content_type="multipart/form-data")
    kept = Image.open(io.BytesIO(_stored(db.session.scalar(sa.select(EvidenceFile)))))
    assert kept.size == (20, 30) and 0x0112 not in kept.getexif()


def test_a_broken_photo_is_refused_as_not_a_photo(client):
    broken = JPEG[:40]  # a JPEG's beginning: the type sniffs right, the picture cannot be read
    response = client.post("/grievances/new", data=_with_files(("cut.jpg", broken)), content_type="multipart/form-data")
    assert response.status_code == 422
    assert "“cut.jpg” is not a photo (JPEG, PNG, WebP) or a PDF." in response.get_data(as_text=True)
    assert all_grievances() == []
