"""The database going away (a restart, a failover): a clear 503 with Retry-After, JSON under /api/ and a page
elsewhere, nothing written, and the next request after it is back succeeds (bench/db_restart.py does it for
real against PostgreSQL)."""
from contextlib import contextmanager

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Role
from tests.factories import audit_count


@contextmanager
def database_down():
    def refuse(*_args, **_kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, ConnectionError("server closed the connection unexpectedly"))

    sa.event.listen(db.engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", refuse)


def test_the_api_answers_503_with_a_code_and_retry_after(client):
    with database_down():
        response = client.get("/api/v1/agencies?q=pearl")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert response.json["error"]["code"] == "service_unavailable"
    assert client.get("/api/v1/agencies?q=pearl").status_code == 200  # back without restarting anything


def test_a_page_answers_503_with_an_error_page_even_for_a_signed_in_user(client, login, make_user):
    login(make_user(Role.CASE_OFFICER))
    db.session.close()
    with database_down():
        response = client.get("/grievances/cases")
    assert response.status_code == 503 and response.mimetype == "text/html"
    assert "unavailable for a moment" in response.get_data(as_text=True)
    assert client.get("/grievances/cases").status_code == 200


KEY = "0b7e2f4c-1d3a-4e5b-8c9d-aa1122334455"
BODY = {"filer_type": "anonymous", "recruiter_name": "Mr Fixit", "destination_country": "AE",
        "categories": ["unpaid_wages"], "description": "Not paid since March."}


def test_a_filing_during_the_outage_writes_nothing_and_its_retry_files_it_once(client):
    before = audit_count()
    db.session.close()
    with database_down():
        response = client.post("/api/v1/grievances", json=BODY, headers={"Idempotency-Key": KEY})
    assert response.status_code == 503 and response.json["error"]["code"] == "service_unavailable"
    assert audit_count() == before
    again = client.post("/api/v1/grievances", json=BODY, headers={"Idempotency-Key": KEY})
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
