"""A filing saved while its reply was lost (issue 9.9): a retry with the same Idempotency-Key (API) or the
same one-time form token returns the first filing, its reference and tracking code, and files nothing new;
a storage failure of the evidence keeps the typed form (issue 9.10)."""
import errno
import io
import re

import pytest
import sqlalchemy as sa

from grievances import api, schemas
from grievances.models import FilingKey, Grievance
from grievances.routes import worker
from grievances.services import find_for_tracking
from portal import uploads
from portal.extensions import db
from tests.factories import CODE, JPEG, REFERENCE, all_grievances, grievance_form, text

BODY = {"filer_type": "anonymous", "recruiter_name": "Mr Fixit", "destination_country": "AE",
        "categories": ["unpaid_wages"], "description": "Not paid since March."}
KEY = "9f1c2a8e-5d4b-4c3e-9a7f-1b2c3d4e5f60"


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Grievance))


class LostReply(Exception):
    """The connection dropped after the commit: the filer never saw the answer."""


def _lose_first_reply(monkeypatch, module, name):
    real, calls = getattr(module, name), []

    def fail_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise LostReply
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, fail_once)


def test_an_api_retry_after_a_reply_lost_past_the_commit_returns_the_first_filing(client, monkeypatch):
    _lose_first_reply(monkeypatch, api, "filed")
    with pytest.raises(LostReply):
        client.post("/api/v1/grievances", json=BODY, headers={"Idempotency-Key": KEY})
    assert _count() == 1  # saved, but the filer was told nothing
    retry = client.post("/api/v1/grievances", json=BODY, headers={"Idempotency-Key": KEY})
    assert retry.status_code == 201 and retry.headers["Idempotent-Replayed"] == "true"
    answer = retry.get_json()
    assert _count() == 1
    grievance = find_for_tracking(answer["reference"], answer["tracking_code"])
    assert grievance is not None and grievance.description == BODY["description"]
    again = client.post("/api/v1/grievances", json=BODY, headers={"Idempotency-Key": KEY}).get_json()
    assert again == answer and _count() == 1


def test_the_key_is_kept_only_hashed_and_each_key_gets_its_own_code(client):
    first = client.post("/api/v1/grievances", json=BODY, headers={"Idempotency-Key": KEY}).get_json()
    other = client.post("/api/v1/grievances", json=BODY, headers={"Idempotency-Key": KEY[::-1]}).get_json()
    plain = client.post("/api/v1/grievances", json=BODY).get_json()
    assert len({first["tracking_code"], other["tracking_code"], plain["tracking_code"]}) == 3
    assert _count() == 3
    stored = db.session.scalars(sa.select(FilingKey.key_hash)).all()
    assert len(stored) == 2 and KEY not in stored and all(len(h) == 64 for h in stored)


def test_a_key_reused_for_another_request_is_refused(client):
    assert client.post("/api/v1/grievances", json=BODY, headers={"Idempotency-Key": KEY}).status_code == 201
    changed = dict(BODY, description="Something else happened.")
    answer = client.post("/api/v1/grievances", json=changed, headers={"Idempotency-Key": KEY})
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "refused"
    assert _count() == 1


def test_a_short_key_is_refused(client):
    answer = client.post("/api/v1/grievances", json=BODY, headers={"Idempotency-Key": "1"})
    assert answer.status_code == 422 and _count() == 0


def test_a_form_sent_again_with_its_token_after_a_lost_reply_shows_the_first_filing(client, monkeypatch):
    token = re.search(r'name="filing_token" type="hidden" value="([^"]+)"', text(client.get("/grievances/new")))
    assert token, "the form carries a one-time token"
    form = grievance_form(filing_token=token.group(1))
    _lose_first_reply(monkeypatch, worker, "_follow")
    with pytest.raises(LostReply):
        client.post("/grievances/new", data=dict(form), content_type="multipart/form-data")
    assert _count() == 1
    retry = client.post("/grievances/new", data=dict(form), content_type="multipart/form-data")
    page = text(retry)
    assert retry.status_code == 201 and "it was received only once" in page
    assert find_for_tracking(REFERENCE.search(page).group(0), CODE.search(page).group(0)) is not None
    assert _count() == 1
    assert schemas  # the API's schemas make the same key for the same request


def test_two_forms_file_two_grievances(client):
    for _ in range(2):
        token = re.search(r'name="filing_token" type="hidden" value="([^"]+)"', text(client.get("/grievances/new")))
        form = grievance_form(filing_token=token.group(1))
        assert client.post("/grievances/new", data=form, content_type="multipart/form-data").status_code == 201
    assert _count() == 2


def test_evidence_that_cannot_be_stored_gives_the_form_back_with_everything_typed(client, app, monkeypatch):
    real, written = uploads.store, []

    def disk_full_on_second(kind, data):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(real(kind, data))
        return written[-1]

    monkeypatch.setattr(uploads, "store", disk_full_on_second)
    form = grievance_form(description="They kept my passport in Dubai.", recruiter_name="Mr Fixit Typed")
    form["evidence"] = [(io.BytesIO(JPEG), "one.jpg"), (io.BytesIO(JPEG), "two.jpg")]
    response = client.post("/grievances/new", data=form, content_type="multipart/form-data")
    page = text(response)
    assert response.status_code == 503
    assert "We could not keep your files just now" in page
    assert "They kept my passport in Dubai." in page and "Mr Fixit Typed" in page
    assert all_grievances() == []
    assert written and not any(uploads.os.path.exists(uploads.path("evidence", name)) for name in written)
