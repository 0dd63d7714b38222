"""Two-factor sign-in: enrolment with an authenticator app (QR code, recovery codes shown once), the code
step after the password (codes work once, recovery codes too, wrong codes throttled), required for
administrators and licensing officers when REQUIRE_2FA is on."""
import re
import time

import pyotp
import pytest

from portal.extensions import db
from portal.models import AuditEntry, Role
from tests.factories import PASSWORD, text


@pytest.fixture
def required(app, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_2FA", True)


def _enrol(client) -> tuple[str, list[str]]:
    """Enrol through the pages as a user would; (secret, recovery codes)."""
    page = text(client.get("/account/two-factor"))
    assert "<svg" in page
    secret = re.search(r'<code dir="ltr">([A-Z2-7]{16,})</code>', page).group(1)
    response = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    codes = re.findall(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>", text(response))
    assert len(codes) == 10
    return secret, codes


def _password_step(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login/code")


def _next_code(secret: str) -> str:
    """The code of the next time step (the current one was used to enrol)."""
    return pyotp.TOTP(secret).at(int(time.time()) + 30)


def test_an_administrator_must_enrol_before_anything_else(client, login, make_user, required):
    login(make_user(Role.ADMINISTRATOR))
    response = client.get("/admin/users")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/two-factor")
    _enrol(client)
    assert client.get("/admin/users").status_code == 200


def test_a_case_officer_is_offered_it_but_not_forced(client, login, make_user, required):
    login(make_user(Role.CASE_OFFICER))
    assert client.get("/grievances/cases").status_code == 200
    assert "Two-factor sign-in" in text(client.get("/account"))


def test_signing_in_takes_the_password_then_a_code_that_works_once(app, client, login, make_user, required):
    user = make_user(Role.LICENSING_OFFICER)
    login(user)
    secret, _codes = _enrol(client)
    client.post("/logout")
    other = app.test_client()
    _password_step(other, user)
    assert other.get("/desk").status_code == 302  # not signed in before the code
    code = _next_code(secret)
    assert other.post("/login/code", data={"code": code}).status_code == 302
    assert other.get("/desk").status_code == 200
    replay = app.test_client()
    _password_step(replay, user)
    refused = replay.post("/login/code", data={"code": code})
    assert refused.status_code == 422 and "That code is not right" in text(refused)
    login_entry = AuditEntry.query.filter_by(action="user.login").order_by(AuditEntry.id.desc()).first()
    assert '"two_factor": true' in login_entry.details


def test_a_recovery_code_works_once(app, client, login, make_user, required):
    user = make_user(Role.ADMINISTRATOR)
    login(user)
    _secret, codes = _enrol(client)
    for expected in (302, 422):
        visitor = app.test_client()
        _password_step(visitor, user)
        assert visitor.post("/login/code", data={"code": codes[0].upper()}).status_code == expected
    assert "9 recovery codes left" in text(client.get("/account/two-factor"))


def test_wrong_codes_are_throttled(app, client, login, make_user, required, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "3 per 15 minutes")
    user = make_user(Role.ADMINISTRATOR)
    login(user)
    secret, _codes = _enrol(client)
    guesser = app.test_client()
    _password_step(guesser, user)
    statuses = [guesser.post("/login/code", data={"code": "000000"}).status_code for _ in range(3)]
    assert statuses == [422, 422, 429]
    blocked = guesser.post("/login/code", data={"code": _next_code(secret)})
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers


def test_a_wrong_code_does_not_enrol(client, login, make_user):
    login(make_user(Role.CASE_OFFICER))
    client.get("/account/two-factor")
    response = client.post("/account/two-factor", data={"code": "123456"})
    assert response.status_code == 422 and "That code is not right" in text(response)
    assert "Two-factor sign-in is on" not in text(client.get("/account/two-factor"))


def test_a_password_reset_by_an_administrator_clears_the_enrolment(client, login, make_user, runner):
    user = make_user(Role.CASE_OFFICER)
    login(user)
    _enrol(client)
    make_user(Role.ADMINISTRATOR)
    assert runner.invoke(args=["users", "reset-password", user.email, "--reason", "Lost phone"]).exit_code == 0
    db.session.refresh(user)
    assert user.totp_enabled_at is None and user.totp_secret is None
