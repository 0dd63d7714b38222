"""Logging in and out, roles, rate limits, session expiry."""
from datetime import timedelta

import pytest

from portal.auth import create_user, roles_required
from portal.errors import DomainError
from portal.extensions import db
from portal.models import Role
from tests.factories import PASSWORD


def test_passwords_are_hashed_with_argon2id(make_user):
    user = make_user(Role.CASE_OFFICER)
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_login_and_logout(client, make_user):
    user = make_user(Role.LICENSING_OFFICER, email="lydia@ministry.test")
    response = client.post("/login", data={"email": " Lydia@Ministry.test ", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/desk")
    assert "lydia@ministry.test" in client.get("/desk").get_data(as_text=True)
    assert user.last_login_at is not None
    client.post("/logout")
    assert client.get("/desk").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(client, make_user):
    make_user(Role.LICENSING_OFFICER, email="lydia@ministry.test")
    wrong = client.post("/login", data={"email": "lydia@ministry.test", "password": "nope-nope-nope"})
    unknown = client.post("/login", data={"email": "nobody@ministry.test", "password": "nope-nope-nope"})
    assert wrong.status_code == unknown.status_code == 422
    assert "The email or password is not right." in wrong.get_data(as_text=True)
    assert wrong.get_data(as_text=True).replace("lydia@", "nobody@") == unknown.get_data(as_text=True)


def test_login_failures_are_rate_limited(client, make_user, app):
    make_user(Role.LICENSING_OFFICER, email="lydia@ministry.test")
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    for _ in range(limit):
        client.post("/login", data={"email": "lydia@ministry.test", "password": "wrong-wrong-wrong"})
    blocked = client.post("/login", data={"email": "lydia@ministry.test", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many failed attempts. Try again in" in blocked.get_data(as_text=True)
    assert 0 < int(blocked.headers["Retry-After"]) <= 15 * 60


def test_inactive_user_cannot_log_in(client, make_user):
    user = make_user(Role.CASE_OFFICER)
    user.active = False
    db.session.commit()
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 422


def test_session_expires(app, client, login, make_user):
    login(make_user(Role.LICENSING_OFFICER))
    assert app.config["PERMANENT_SESSION_LIFETIME"] <= timedelta(hours=8)
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.expires is not None


def test_login_redirect_stays_on_site(client, make_user):
    user = make_user(Role.LICENSING_OFFICER)
    response = client.post("/login?next=//evil.example/x", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/desk")


def test_create_user_rules(make_agency):
    agency = make_agency()
    with pytest.raises(DomainError):
        create_user("a@b.test", "short", Role.CASE_OFFICER)
    with pytest.raises(DomainError):
        create_user("a@b.test", PASSWORD, Role.AGENCY_REPRESENTATIVE)  # no agency
    with pytest.raises(DomainError):
        create_user("a@b.test", PASSWORD, Role.CASE_OFFICER, agency_id=agency.id)
    create_user("a@b.test", PASSWORD, Role.CASE_OFFICER)
    with pytest.raises(DomainError) as duplicate:
        create_user("A@B.test", PASSWORD, Role.CASE_OFFICER)
    assert duplicate.value.field == "email"


def test_roles_required(other_app, make_user, make_agency):
    fresh = other_app()

    @fresh.route("/_only_licensing")
    @roles_required(Role.LICENSING_OFFICER)
    def only_licensing():
        return "in"

    emails = {role: make_user(role).email for role in (Role.CASE_OFFICER, Role.LICENSING_OFFICER, Role.ADMINISTRATOR)}
    emails[Role.AGENCY_REPRESENTATIVE] = make_user(Role.AGENCY_REPRESENTATIVE, agency=make_agency()).email
    db.session.close()  # the fresh app has its own session: leave no transaction open here
    client = fresh.test_client()
    assert client.get("/_only_licensing").status_code == 302  # to the login page
    expected = {Role.CASE_OFFICER: 403, Role.LICENSING_OFFICER: 200, Role.ADMINISTRATOR: 200,
                Role.AGENCY_REPRESENTATIVE: 403}
    for role, status in expected.items():
        assert client.post("/login", data={"email": emails[role], "password": PASSWORD}).status_code == 302
        assert client.get("/_only_licensing").status_code == status, role
        client.post("/logout")
