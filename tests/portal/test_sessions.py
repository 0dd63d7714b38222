"""Sessions end on the server's word: logout, a password change, deactivation and timeouts end them, and a
cookie copied before then opens nothing afterwards."""
import time

from portal.extensions import db
from portal.models import Role
from portal.sessions import SEEN, STARTED
from tests.factories import PASSWORD


def _signed_in(client, user) -> str:
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client.get_cookie("session").value


def _replay(client, cookie: str):
    client.set_cookie("session", cookie)
    return client.get("/grievances/cases")


def test_a_cookie_saved_before_logout_opens_nothing_after(client, make_user):
    user = make_user(Role.CASE_OFFICER)
    saved = _signed_in(client, user)
    assert _replay(client, saved).status_code == 200
    client.post("/logout")
    assert _replay(client, saved).status_code == 302  # to the login page


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(app, make_user):
    user = make_user(Role.CASE_OFFICER)
    here, elsewhere = app.test_client(), app.test_client()
    _signed_in(here, user)
    _signed_in(elsewhere, user)
    response = here.post("/account", data={"current_password": PASSWORD, "password": "river lamp seven onions",
                                           "password_confirm": "river lamp seven onions"})
    assert response.status_code == 302
    assert here.get("/grievances/cases").status_code == 200
    assert elsewhere.get("/grievances/cases").status_code == 302


def test_a_deactivated_account_is_signed_out_at_once(client, make_user):
    user = make_user(Role.CASE_OFFICER)
    _signed_in(client, user)
    user.active = False
    user.end_sessions()
    db.session.commit()
    assert client.get("/grievances/cases").status_code == 302


def test_idle_session_ends(client, make_user):
    _signed_in(client, make_user(Role.CASE_OFFICER))
    with client.session_transaction() as session:
        session[SEEN] -= 31 * 60
    response = client.get("/grievances/cases")
    assert response.status_code == 302
    assert "Your session has ended" in client.get("/").get_data(as_text=True)


def test_session_ends_after_the_absolute_limit_however_busy(client, make_user):
    _signed_in(client, make_user(Role.CASE_OFFICER))
    with client.session_transaction() as session:
        session[STARTED] = int(time.time()) - 8 * 3600 - 1
    assert client.get("/grievances/cases").status_code == 302


def test_a_session_from_before_versions_is_not_honoured(client, make_user):
    user = make_user(Role.CASE_OFFICER)
    _signed_in(client, user)
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
    assert client.get("/grievances/cases").status_code == 302
