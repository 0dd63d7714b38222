"""The authorisation matrix (tests/portal/authorization.toml): every route and method of the URL map, asked
by each kind of user, answers as the matrix says. A route without an entry fails the test; so does an
answer more open than the matrix allows. Objects belong to agency A (its contract bound for Saudi Arabia,
a case against it in Saudi Arabia with its evidence), so agency B's representative and the attaché for
the Emirates are asked for others' objects: they get 404, as for an object that does not exist.

Outcomes: ok (the page or action is answered: 2xx, a redirect elsewhere than the login, or a refusal of
the input or of the step: 400, 409, 422), login (redirect to the login page), track (redirect to the form
asking for a case's reference and code), 403, 404.
Regenerate a first draft after adding routes with PORTAL_WRITE_MATRIX=1 (then review every line)."""
import os
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from contracts import services as contracts
from grievances import services as grievances
from portal.extensions import db
from portal.models import Role
from registry import services as registry
from registry.models import Agency
from tests import factories
from tests.factories import PASSWORD

MATRIX = Path(__file__).with_name("authorization.toml")
PRINCIPALS = ["anonymous", "worker", "rep_a", "rep_b", "case_officer", "attache_other", "licensing", "admin"]
STATIC = {"static": "portal.css", "contracts.static": "contracts.css", "grievances.static": "grievances.css",
          "registry.static": "desk.css"}
ANSWERED = {200, 201, 204, 400, 409, 413, 422}


def _routes(app) -> list[tuple[str, str, object]]:
    return sorted((method, rule.rule, rule) for rule in app.url_map.iter_rules()
                  for method in (rule.methods or set()) - {"HEAD", "OPTIONS"})


def _world(officer) -> dict:
    """Agency A with its people, guarantee, document, contract and case; agency B; the ids the URLs need."""
    a = factories.make_agency(officer, "Agency A Recruitment Ltd")
    b = factories.make_agency(officer, "Agency B Staffing Ltd")
    rep_a = factories.make_user(Role.AGENCY_REPRESENTATIVE, email="rep.a@agency.test", agency=a)
    template = factories.make_template(officer)
    parties = factories.make_parties(officer)
    contract = factories.collect_signatures(factories.make_contract(rep_a, template, parties), rep_a)
    contracts.attest(contract, officer, "ATT-1")
    doc = registry.store_document(a, factories.upload("certificate.pdf"), "incorporation", None)
    ban = registry.add_ban(officer, "LB", None, date.today(), None, "Unsafe conditions")
    filing = grievances.file_grievance(factories.filing_input(
        agency_text=a.licence.number, recruiter_name="", destination_country="SA",
        evidence=[factories.upload("payslip.pdf", factories.PDF)]))
    db.session.commit()
    return {
        "agency_id": a.public_id, "contract_id": contract.public_id, "version_id": template.published_version.public_id,
        "template_id": template.public_id, "document_id": doc.public_id, "person_id": a.people[0].public_id,
        "guarantee_id": a.guarantees[0].public_id, "party_id": parties[1].public_id, "ban_id": ban.public_id,
        "reference": filing.grievance.reference, "tracking_code": filing.tracking_code,
        "evidence_id": filing.grievance.evidence[0].public_id, "code": contract.verification_code,
        "licence_number": a.licence.number, "user_id": rep_a.public_id, "action": "note", "token": "x" * 43,
        "agency_b": b.public_id,
    }


def _url(rule, world: dict) -> str:
    def value(match):
        converter, args, name = match.group(1), match.group(2), match.group(3)
        if converter == "any":
            return args.split(",")[0].strip(" '\"")
        if name == "filename":
            return STATIC[rule.endpoint]
        if rule.endpoint == "portal.choose_language":
            return "fr"
        if name == "action" and rule.endpoint == "registry.agency_decide":
            return "suspend"
        return str(world[name])
    return re.sub(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>", value, rule.rule)


def _sign_in(client, principal: str, world: dict, officer) -> None:
    """Make the client this principal: a worker follows the case with its reference and code."""
    if principal == "anonymous":
        return
    if principal == "worker":
        response = client.post("/grievances/track", data={"reference": world["reference"],
                                                          "code": world["tracking_code"]})
        assert response.status_code in (302, 303)
        return
    emails = {"rep_a": "rep.a@agency.test", "licensing": officer.email}
    if principal not in emails:
        role = {"rep_b": Role.AGENCY_REPRESENTATIVE, "case_officer": Role.CASE_OFFICER,
                "attache_other": Role.CASE_OFFICER, "admin": Role.ADMINISTRATOR}[principal]
        agency = factories.by_public_id(Agency, world["agency_b"]) if principal == "rep_b" else None
        extra = {"attache_countries": "AE"} if principal == "attache_other" else {}
        emails[principal] = factories.make_user(role, email=f"{principal}@test.example", agency=agency,
                                                **extra).email
    response = client.post("/login", data={"email": emails[principal], "password": PASSWORD})
    assert response.status_code == 302, principal


def _outcome(response) -> str:
    if response.status_code in (301, 302, 303):
        target = response.headers.get("Location", "")
        if "/login" in target:
            return "login"
        return "track" if target.rstrip("/").endswith("/grievances/track") else "ok"
    if response.status_code in ANSWERED:
        return "ok"
    return str(response.status_code)


def _ask(client, method: str, url: str, world: dict, principal: str) -> str:
    """One request; only the worker holds the case's tracking code (the API reads it from a header)."""
    worker_api = principal == "worker" and "/api/v1/grievances/" in url
    headers = {"X-Tracking-Code": world["tracking_code"]} if worker_api else {}
    data = None if url.startswith("/api/") else {"reason": "matrix"}
    json = None
    if url.startswith("/api/") and method == "POST":  # a valid message, so that the code is what decides
        json = {"message": "From the matrix."} if url.endswith("/messages") else {}
    response = client.open(url, method=method, data=data, json=json, headers=headers)
    outcome = _outcome(response)
    response.close()
    return outcome


def _expected() -> dict[str, list[str]]:
    rows = tomllib.loads(MATRIX.read_text())["routes"]
    return {key: value.split() for key, value in rows.items()}


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_every_route_answers_each_user_as_the_matrix_says(app, client, officer, principal, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", False)
    world = _world(officer)
    _sign_in(client, principal, world, officer)
    column = PRINCIPALS.index(principal)
    expected = {} if os.environ.get("PORTAL_WRITE_MATRIX") else _expected()
    found, wrong, missing = {}, [], []
    # Leaving and signing out end the principal's session: ask them last.
    routes = sorted(_routes(app), key=lambda r: r[1] in ("/logout", "/grievances/track/leave"))
    for method, rule_text, rule in routes:
        key = f"{method} {rule_text}"
        outcome = _ask(client, method, _url(rule, world), world, principal)
        found[key] = outcome
        if key not in expected:
            missing.append(key)
        elif expected[key][column] != outcome:
            wrong.append(f"{key}: expected {expected[key][column]}, got {outcome}")
    if os.environ.get("PORTAL_WRITE_MATRIX"):
        _write_column(principal, found)
        return
    assert missing == [], "every route needs a line in tests/portal/authorization.toml"
    assert wrong == []


def _write_column(principal: str, found: dict[str, str]) -> None:
    """A draft of the matrix, one column per run (the test of each principal adds its own)."""
    draft = Path(os.environ.get("PORTAL_WRITE_MATRIX_TO", "/tmp/authorization-draft"))
    draft.mkdir(exist_ok=True)
    (draft / principal).write_text("\n".join(f"{k}\t{v}" for k, v in sorted(found.items())))

