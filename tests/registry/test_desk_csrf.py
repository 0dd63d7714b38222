"""With CSRF protection on (as in production), a decision without the token is refused and changes nothing."""
import re

import pytest

from portal.extensions import db
from registry.models import LicenceStatus
from tests.factories import PASSWORD, audit_count


@pytest.fixture
def csrf_app(other_app):
    return other_app(WTF_CSRF_ENABLED=True)


def _token(page: str, name: str) -> str:
    return re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]+)"', page).group(1)


def test_decision_without_token_is_refused(app, csrf_app, make_agency, officer):
    agency = make_agency(status="licensed")
    agency_id, email, before = agency.public_id, officer.email, audit_count()
    # End this session's transaction and touch no object until the end: on SQLite the other app's
    # requests need the write lock.
    db.session.rollback()
    client = csrf_app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "csrf_token": _token(login_page, "csrf_token")})
    assert response.status_code == 302
    refused = client.post(f"/desk/agencies/{agency_id}/decisions/suspend",
                          data={"suspend-reason": "No token", "suspend-order_reference": "MOL/1"})
    assert refused.status_code == 400
    page = client.get(f"/desk/agencies/{agency_id}").get_data(as_text=True)
    token = _token(page, "suspend-csrf_token")
    confirm = client.post(f"/desk/agencies/{agency_id}/decisions/suspend",
                          data={"suspend-reason": "With token", "suspend-order_reference": "MOL/1",
                                "suspend-suspended_until": "2099-01-31", "suspend-suspension_is_review": "end",
                                "suspend-public_note": "Fees charged", "suspend-csrf_token": token})
    assert confirm.status_code == 200  # the second step, with the token again
    hidden = dict(re.findall(r'<input[^>]*name="(suspend-[^"]+)"[^>]*value="([^"]*)"', confirm.get_data(as_text=True)))
    assert hidden["suspend-confirmed"] == "yes" and hidden["suspend-csrf_token"]
    without = {k: v for k, v in hidden.items() if k != "suspend-csrf_token"}
    assert client.post(f"/desk/agencies/{agency_id}/decisions/suspend", data=without).status_code == 400
    accepted = client.post(f"/desk/agencies/{agency_id}/decisions/suspend", data=hidden)
    assert accepted.status_code == 302
    db.session.expire_all()
    events = agency.licence.events
    assert agency.licence.status == LicenceStatus.SUSPENDED
    assert [e.reason for e in events if e.action == "suspend"] == ["With token"]
    assert audit_count() == before + 2  # the login and the one accepted decision
