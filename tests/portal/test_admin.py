"""/admin/users and flask users: administrators create accounts, change duties, deactivate, reactivate
and reset passwords with one-time links; each change audited with its reason; the last administrator stays."""
import re

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner

from portal.auth import verify_password
from portal.extensions import db
from portal.models import AuditEntry, Role, User
from tests.factories import PASSWORD, text

NEW = "copper kettle under rain"


@pytest.fixture
def admin(make_user, login):
    user = make_user(Role.ADMINISTRATOR, email="grace@ministry.test")
    login(user)
    return user


def _link_path(response) -> str:
    link = re.search(r'value="(http[^"]+/set-password/[^"]+)"', text(response)).group(1)
    return link.split("portal.test", 1)[1]


def _entries(action: str) -> list[AuditEntry]:
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)).all()


def test_only_administrators_see_the_accounts(client, make_user, login):
    assert client.get("/admin/users").status_code == 302
    login(make_user(Role.LICENSING_OFFICER))
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/audit").status_code == 403


def test_accounts_are_listed_searched_and_filtered(client, admin, make_user, make_agency):
    assert client.get("/admin", follow_redirects=True).request.path == "/admin/users"
    make_user(Role.CASE_OFFICER, email="rashid@ministry.test", attache_countries="SA")
    agency = make_agency()
    make_user(Role.AGENCY_REPRESENTATIVE, email="rep@agency.test", agency=agency, active=False)
    page = text(client.get("/admin/users"))
    assert "rashid@ministry.test" in page and "attaché" in page and "Saudi Arabia" in page
    assert agency.legal_name in page and "Deactivated" in page
    only_reps = text(client.get("/admin/users?role=agency_representative"))
    assert "rep@agency.test" in only_reps and "rashid@" not in only_reps
    assert "rep@agency.test" not in text(client.get("/admin/users?status=active"))
    searched = text(client.get("/admin/users?q=RASHID"))
    assert "rashid@" in searched and "rep@" not in searched


def test_a_new_case_officer_sets_a_password_through_a_one_time_link(app, client, admin):
    response = client.post("/admin/users/new", data={
        "email": "carlos@ministry.example", "name": "Carlos Case", "role": "case_officer", "countries": ["SA", "AE"],
        "reason": "New hire, order 12/2026"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    path = _link_path(response)
    carlos = db.session.scalar(sa.select(User).where(User.email == "carlos@ministry.example"))
    assert (carlos.role, carlos.attache_countries, carlos.name) == (Role.CASE_OFFICER, "SA,AE", "Carlos Case")
    [created] = _entries("user.create")
    assert (created.actor, created.reason) == ("grace@ministry.test", "New hire, order 12/2026")

    newcomer = app.test_client()
    assert "carlos@ministry.example" in text(newcomer.get(path))
    assert newcomer.post(path, data={"password": NEW, "password_confirm": NEW}).status_code == 302
    assert newcomer.post("/login", data={"email": "carlos@ministry.example", "password": NEW}).status_code == 302
    assert newcomer.get(path).status_code == 404  # used once


def test_a_change_without_a_reason_is_refused_on_its_field(client, admin):
    response = client.post("/admin/users/new", data={"email": "x@ministry.example", "name": "X",
                                                     "role": "case_officer"})
    assert response.status_code == 422 and 'id="reason-error"' in text(response)
    assert 'value="x@ministry.example"' in text(response)  # what was typed stays


def test_a_deactivated_users_open_session_stops_at_once(app, client, admin, make_user):
    officer = make_user(Role.CASE_OFFICER, email="leaving@ministry.test")
    theirs = app.test_client()
    theirs.post("/login", data={"email": officer.email, "password": PASSWORD})
    assert theirs.get("/grievances/cases").status_code == 200
    response = client.post(f"/admin/users/{officer.public_id}/deactivate", data={"reason": "Left the ministry"})
    assert response.status_code == 302
    assert theirs.get("/grievances/cases").status_code == 302
    assert theirs.post("/login", data={"email": officer.email, "password": PASSWORD}).status_code == 422
    assert _entries("user.deactivate")[0].reason == "Left the ministry"
    assert client.post(f"/admin/users/{officer.public_id}/reactivate", data={"reason": "Came back"}).status_code == 302
    assert app.test_client().post("/login", data={"email": officer.email, "password": PASSWORD}).status_code == 302


def test_changing_duties_ends_the_sessions_and_is_audited(app, client, admin, make_user, make_agency):
    officer = make_user(Role.CASE_OFFICER)
    theirs = app.test_client()
    theirs.post("/login", data={"email": officer.email, "password": PASSWORD})
    response = client.post(f"/admin/users/{officer.public_id}/duties", data={
        "duties-role": "licensing_officer", "duties-reason": "Moved to licensing"})
    assert response.status_code == 302 and officer.role == Role.LICENSING_OFFICER
    assert theirs.get("/desk").status_code == 302
    refused = client.post(f"/admin/users/{officer.public_id}/duties", data={
        "duties-role": "agency_representative", "duties-agency": "EA/0000/9999", "duties-reason": "x"})
    assert refused.status_code == 422 and "No agency holds this licence number." in text(refused)
    [change] = _entries("user.change_role")
    assert change.reason == "Moved to licensing" and '"before"' in change.details


def test_the_last_active_administrator_cannot_be_removed(client, admin):
    for url, data in ((f"/admin/users/{admin.public_id}/deactivate", {"reason": "test"}),
                      (f"/admin/users/{admin.public_id}/duties", {"duties-role": "case_officer",
                                                                  "duties-reason": "test"})):
        response = client.post(url, data=data)
        assert response.status_code == 422 and "last active administrator" in text(response)
    assert admin.active and admin.role == Role.ADMINISTRATOR


def test_a_reset_ends_the_old_password_and_the_link_works_once(app, client, admin, make_user):
    officer = make_user(Role.CASE_OFFICER)
    response = client.post(f"/admin/users/{officer.public_id}/reset-password", data={"reason": "Forgot it"})
    path = _link_path(response)
    assert not verify_password(officer, PASSWORD)
    second = _link_path(client.post(f"/admin/users/{officer.public_id}/reset-password",
                                    data={"reason": "Lost the link"}))
    visitor = app.test_client()
    assert visitor.get(path).status_code == 404  # a newer link replaced it
    assert visitor.post(second, data={"password": "password1234", "password_confirm": "password1234"}
                        ).status_code == 422
    assert visitor.post(second, data={"password": NEW, "password_confirm": NEW}).status_code == 302
    assert verify_password(officer, NEW)


def test_an_expired_link_is_refused(app, client, admin, make_user, monkeypatch):
    officer = make_user(Role.CASE_OFFICER)
    path = _link_path(client.post(f"/admin/users/{officer.public_id}/reset-password", data={"reason": "Forgot it"}))
    assert app.test_client().get(path).status_code == 200
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) + 49 * 3600)
    assert app.test_client().get(path).status_code == 404


def test_admin_forms_need_the_csrf_token(other_app, make_user):
    guarded = other_app(WTF_CSRF_ENABLED=True)
    officer = make_user(Role.CASE_OFFICER)
    officer_id, public_id = officer.id, officer.public_id
    admin_email = make_user(Role.ADMINISTRATOR).email
    db.session.rollback()  # this session lets go of SQLite's write lock while the other app works
    client = guarded.test_client()
    login_page = text(client.get("/login"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    assert client.post("/login", data={"email": admin_email, "password": PASSWORD, "csrf_token": token}
                       ).status_code == 302
    assert client.post(f"/admin/users/{public_id}/deactivate", data={"reason": "no token"}).status_code == 400
    assert db.session.get(User, officer_id).active


def test_the_same_operations_from_the_command_line(runner, make_user):
    make_user(Role.ADMINISTRATOR, email="grace@ministry.test")
    officer = make_user(Role.CASE_OFFICER, email="carlos@ministry.test")
    listed = runner.invoke(args=["users", "list"])
    assert "carlos@ministry.test\tcase_officer\tactive\tnever" in listed.output
    assert runner.invoke(args=["users", "set-role", "carlos@ministry.test", "case_officer", "--countries", "SA",
                               "--reason", "Posted to Riyadh"]).exit_code == 0
    assert officer.attache_countries == "SA"
    assert runner.invoke(args=["users", "deactivate", "carlos@ministry.test", "--reason", "Left"]).exit_code == 0
    assert "deactivated" in runner.invoke(args=["users", "list", "--status", "deactivated"]).output
    assert runner.invoke(args=["users", "reactivate", "carlos@ministry.test", "--reason", "Back"]).exit_code == 0
    reset = runner.invoke(args=["users", "reset-password", "carlos@ministry.test", "--reason", "Forgot"])
    assert reset.exit_code == 0 and "/set-password/" in reset.output
    refused = runner.invoke(args=["users", "deactivate", "grace@ministry.test", "--reason", "oops"])
    assert refused.exit_code == 1 and "last active administrator" in refused.output
    assert [e.action for e in db.session.scalars(sa.select(AuditEntry).where(AuditEntry.actor == "system")
                                                 .order_by(AuditEntry.id))] == [
        "user.change_role", "user.deactivate", "user.reactivate", "user.reset_password"]


class FakeSMTP:
    """Stands in for the ministry's SMTP server: keeps what would have been sent."""

    sent: list = []

    def __init__(self, host, port, timeout):
        self.address = (host, port)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def send_message(self, message):
        FakeSMTP.sent.append(message)


def test_the_link_is_e_mailed_when_mail_is_configured(app, client, admin, make_user, monkeypatch):
    officer = make_user(Role.CASE_OFFICER, email="carlos@ministry.test")
    FakeSMTP.sent = []
    monkeypatch.setattr("portal.mail.smtplib.SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.ministry.test:587")
    response = client.post(f"/admin/users/{officer.public_id}/reset-password", data={"reason": "Forgot it"})
    assert "The link was also e-mailed to carlos@ministry.test." in text(response)
    [message] = FakeSMTP.sent
    assert message["To"] == "carlos@ministry.test" and _link_path(response) in message.get_content()


def test_attache_countries_are_chosen_from_the_iso_list(client, login, make_user):
    login(make_user(Role.ADMINISTRATOR, email="root@ministry.test"))
    attache = make_user(Role.CASE_OFFICER, email="rashid@ministry.test", attache_countries="SA,QA")
    page = client.get(f"/admin/users/{attache.public_id}").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="duties-countries"[^>]*>(.*?)</select>', page, re.S)
    assert select and sorted(re.findall(r'<option selected value="([A-Z]{2})"', select.group(1))) == ["QA", "SA"]
    assert 'value="EU"' not in select.group(1) and ">Saudi Arabia<" in select.group(1)
    response = client.post("/admin/users/new", data={"email": "x@ministry.test", "name": "X", "role": "case_officer",
                                                     "countries": ["EU"], "reason": "new attaché"})
    assert response.status_code == 422 and "not a valid choice" in response.get_data(as_text=True)
