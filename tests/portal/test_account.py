"""/account: every signed-in user changes their own password under the password rules."""
import pytest

from portal.auth import password_problems, verify_password
from portal.models import AuditEntry, Role
from tests.factories import PASSWORD

NEW = "river lamp seven onions"


@pytest.mark.parametrize("weak", ["short pass", "password1234", "Qwertyuiop123!", "iloveyou2024!!",
                                  "aaaaaaaaaaaaaaaa", "123456789012", "abababababab"])
def test_weak_passwords_are_refused(weak):
    assert password_problems(weak)


def test_a_long_phrase_is_accepted():
    assert password_problems(NEW) == []


def test_the_password_changes_and_is_audited(client, login, make_user):
    user = make_user(Role.CASE_OFFICER)
    login(user)
    assert "Change my password" in client.get("/account").get_data(as_text=True)
    response = client.post("/account", data={"current_password": PASSWORD, "password": NEW, "password_confirm": NEW})
    assert response.status_code == 302
    assert verify_password(user, NEW) and user.password_hash.startswith("$argon2id$")
    assert user.password_changed_at is not None
    assert AuditEntry.query.filter_by(action="user.password_change", object_id=str(user.id)).count() == 1


@pytest.mark.parametrize("data, field, message", [
    ({"current_password": "not my password"}, "current_password", "The current password is not right."),
    ({"password": "password1234", "password_confirm": "password1234"}, "password", "too easy to guess"),
    ({"password": "short", "password_confirm": "short"}, "password", "at least 12 characters"),
    ({"password_confirm": "something else entirely"}, "password_confirm", "The two passwords are not the same."),
])
def test_a_refused_change_says_why_on_the_field(client, login, make_user, data, field, message):
    user = make_user(Role.CASE_OFFICER)
    login(user)
    response = client.post("/account", data={"current_password": PASSWORD, "password": NEW,
                                             "password_confirm": NEW} | data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True) and f'id="{field}-error"' in response.get_data(as_text=True)
    assert verify_password(user, PASSWORD)


def test_the_account_page_needs_a_login(client):
    assert client.get("/account").status_code == 302
