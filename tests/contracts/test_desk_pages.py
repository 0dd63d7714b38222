"""The desk: access per role, the worker's identity and its audit trail, the status filter."""
import sqlalchemy as sa

from portal.database import new_public_id
from portal.extensions import db
from portal.models import AuditEntry, Role
from tests.factories import PASSPORT, text


def test_anonymous_users_are_sent_to_log_in(client, draft):
    contract = draft()
    for url in ("/contracts", f"/contracts/{contract.public_id}", f"/contracts/{contract.public_id}/print",
                "/contracts/templates"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_another_agencys_representative_is_answered_as_if_there_were_no_such_contract(client, login, draft,
                                                                                      make_agency, make_user):
    contract = draft()
    other = make_user(Role.AGENCY_REPRESENTATIVE, agency=make_agency("Other Agency Ltd"))
    login(other)
    missing = new_public_id()
    for url in ("/contracts/{}", "/contracts/{}/contract.pdf", "/contracts/{}/print"):
        theirs, none = client.get(url.format(contract.public_id)), client.get(url.format(missing))
        assert theirs.status_code == none.status_code == 404
    assert client.post(f"/contracts/{contract.public_id}/submit").status_code == 404
    assert contract.number not in text(client.get("/contracts"))


def test_case_officer_sees_contracts_but_not_the_workers_identity(client, login, attested, make_user):
    contract = attested()
    login(make_user(Role.CASE_OFFICER))
    assert contract.number in text(client.get("/contracts"))
    html = text(client.get(f"/contracts/{contract.public_id}"))
    assert "Domestic worker" in html and PASSPORT not in html
    assert PASSPORT not in text(client.get(f"/contracts/{contract.public_id}/print"))
    assert client.post(f"/contracts/{contract.public_id}/terminate", data={"reason": "x"}).status_code == 403
    assert client.get("/contracts/templates").status_code == 403


def test_licensing_officer_and_owner_see_the_worker_and_officials_views_are_audited(client, login, draft, officer,
                                                                                   rep):
    contract = draft()
    login(officer)
    assert PASSPORT in text(client.get(f"/contracts/{contract.public_id}"))
    views = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "contract.view_worker")).all()
    assert [v.actor for v in views] == [officer.email]
    client.post("/logout")
    login(rep)
    assert PASSPORT in text(client.get(f"/contracts/{contract.public_id}"))
    assert PASSPORT in text(client.get(f"/contracts/{contract.public_id}/print"))
    response = client.get(f"/contracts/{contract.public_id}/contract.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_desk_filters_by_status(client, login, draft, attested, officer):
    kept, attested_one = draft(), attested()
    login(officer)
    html = text(client.get("/contracts", query_string={"status": "attested"}))
    assert f"<strong>{attested_one.number}</strong>" in html and f"<strong>{kept.number}</strong>" not in html
    html = text(client.get("/contracts", query_string={"status": "draft"}))
    assert f"<strong>{kept.number}</strong>" in html and f"<strong>{attested_one.number}</strong>" not in html
    html = text(client.get("/contracts"))
    assert f"<strong>{kept.number}</strong>" in html and f"<strong>{attested_one.number}</strong>" in html
