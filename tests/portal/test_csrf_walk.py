"""CSRF on every state-changing HTML route: a walk of the URL map posts to each one without the token, as
a stranger and as a signed-in administrator, with CSRF protection on (as in production), and expects 400
with nothing written. The JSON API is exempt: it reads no cookie (the tracking code travels in a header)."""
import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import AuditEntry, Role
from tests.factories import PASSWORD

CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
SAMPLE = {"public": "P" * 16, "string": "x", "path": "x", "default": "x"}


def _changing_rules(app):
    for rule in app.url_map.iter_rules():
        methods = (rule.methods or set()) & CHANGING
        if methods and not rule.rule.startswith("/api/"):
            yield rule, sorted(methods)


def _sample(match) -> str:
    converter, args = match.group(1) or "default", match.group(2)
    if converter == "any":
        return args.split(",")[0].strip(" '\"")
    return SAMPLE.get(converter, "x")


def _url(rule) -> str:
    return re.sub(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>", _sample, rule.rule)


def _audit_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))


def test_the_walk_finds_the_forms(app):
    urls = {_url(rule) for rule, _methods in _changing_rules(app)}
    assert {"/login", "/logout", "/apply", "/grievances/new", "/desk/agencies/PPPPPPPPPPPPPPPP/decisions/x"} <= urls
    assert len(urls) > 40


@pytest.mark.parametrize("who", ["stranger", "administrator"])
def test_every_state_changing_html_route_refuses_a_post_without_the_csrf_token(app, other_app, make_user, who):
    email = make_user(Role.ADMINISTRATOR).email if who == "administrator" else None
    db.session.commit()
    before = _audit_count()
    db.session.close()
    csrf_app = other_app(WTF_CSRF_ENABLED=True)
    client = csrf_app.test_client()
    if email:
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        signed_in = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
        assert signed_in.status_code == 302
    accepted = []
    for rule, methods in _changing_rules(csrf_app):
        for method in methods:
            response = client.open(_url(rule), method=method, data={"reason": "no token"})
            if response.status_code != 400:
                accepted.append(f"{method} {rule.rule}: {response.status_code}")
    assert accepted == []
    assert _audit_count() == before + (1 if email else 0)  # only the sign-in was recorded
