"""Markup typed by anyone (an applicant, a worker, an agency, an official) comes back as inert text on every
page that shows it, officials' pages included: in messages built with it (lazy messages are text, see
portal/text.py), in refusals and field errors, and in the pages' own fields."""
import ast
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import render_template_string

from contracts import services as contracts
from grievances.models import Grievance
from portal.extensions import db
from portal.models import Role
from portal.text import _l, _ln
from registry import services as registry
from registry.models import Agency, PartyKind, WatchlistStatus
from tests import factories
from tests.factories import REFERENCE, text

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("portal", "registry", "contracts", "grievances")
MODULES = sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))
MARKUP = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
SHORT = "<b id=x>'\""  # for fields too short for MARKUP
TAGS = re.compile(r"<meta[^>]*http-equiv|<b\W+id=x", re.IGNORECASE)
SHOWN = re.compile(r"&lt;meta\W+http-equiv|&lt;b\W+id=x", re.IGNORECASE)


def inert(page: str) -> bool:
    """No injected tag survives as markup."""
    return TAGS.search(page) is None


def shown(page: str) -> bool:
    """The injected markup is on the page as text."""
    return SHOWN.search(page) is not None


def check(client, url: str, expect_shown: bool = True) -> str:
    response = client.get(url)
    page = text(response)
    assert response.status_code == 200, (url, response.status_code)
    assert inert(page), f"markup came back live on {url}"
    if expect_shown:
        assert shown(page), f"the typed text is not on {url}"
    return page


# ---------------------------------------------------------------- the class: lazy messages are text


@pytest.mark.parametrize("template", ["{{ m }}", "{{ m|e }}", "{{ [m, m]|join(', ') }}", "<p title='{{ m }}'>",
                                      "{% macro show(x) %}{{ x }}{% endmacro %}{{ show(m) }}"])
def test_a_message_built_with_typed_markup_is_text_in_a_page(app, template):
    with app.test_request_context():
        for message in (_l("Not every director and shareholder is vetted: %(names)s.", names=MARKUP),
                        _ln("Unknown placeholder: %(names)s.", "Unknown placeholders: %(names)s.", 2, names=MARKUP)):
            page = render_template_string(template, m=message)
            assert inert(page) and shown(page)
            assert str(message).endswith(MARKUP + ".")  # JSON, PDFs and logs get the text itself


def _lazy_imports(module: Path) -> list[str]:
    tree = ast.parse(module.read_text())
    return [f"line {node.lineno}: {alias.name}" for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("flask_babel")
            for alias in node.names if alias.name.startswith("lazy_") or alias.name == "LazyString"]


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_lazy_messages_come_from_portal_text(module):
    """flask_babel's lazy strings are markup in a page: a message carrying typed text would be live HTML."""
    allowed = module == ROOT / "portal" / "text.py"
    assert allowed or _lazy_imports(module) == [], "take _l/_ln/_lp from portal.text"


# ---------------------------------------------------------------- the licence application


def _applied_with_markup(client) -> Agency:
    data = factories.application_data(
        legal_name="Sunrise " + MARKUP, trading_names=MARKUP + "\nSecond " + SHORT, address=MARKUP,
        complaints_officer_name=MARKUP, representative_name=MARKUP, bank=MARKUP, reference=SHORT,
        **{"people-0-name": MARKUP, "people-0-police_clearance_ref": SHORT, "people-1-name": "Halima " + SHORT},
    )
    response = client.post("/apply", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, text(response)
    return db.session.scalar(sa.select(Agency))


def test_an_application_full_of_markup_is_inert_for_the_applicant_and_the_licensing_desk(
        app, client, officer, login):
    agency = _applied_with_markup(client)
    check(client, "/my-agency")
    client.post("/logout")
    login(officer)
    for url in ("/desk/applications", "/desk/agencies", f"/desk/agencies/{agency.public_id}",
                f"/desk/agencies/{agency.public_id}/edit"):
        check(client, url)
    client.post(f"/desk/agencies/{agency.public_id}/decisions/start_review", data={"reason": MARKUP})
    refused = client.post(f"/desk/agencies/{agency.public_id}/decisions/issue",
                          data={"reason": MARKUP, "order_reference": SHORT, "licence_class": "general"})
    page = text(refused)
    assert "Not every director and shareholder is vetted" in page
    assert inert(page) and shown(page)
    check(client, f"/desk/agencies/{agency.public_id}")


@pytest.mark.parametrize("field", ["destinations", "legal_name"])
def test_a_refused_application_shows_the_typed_markup_as_text(client, field):
    data = factories.application_data(**{field: MARKUP if field == "destinations" else "x" * 201})
    data["people-0-name"] = MARKUP
    response = client.post("/apply", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert inert(text(response)) and shown(text(response))


# ---------------------------------------------------------------- grievances


def _file_through_the_form(client) -> str:
    form = factories.grievance_form(
        filer_type="worker", agency="", recruiter_name=MARKUP, recruiter_phone=SHORT, employer_name=MARKUP,
        description=MARKUP, contact_name=MARKUP, contact_method="via_relative", contact_relative=MARKUP,
    )
    response = client.post("/grievances/new", data=form, content_type="multipart/form-data")
    assert response.status_code in (200, 201, 302), text(response)
    page = text(response) if response.status_code != 302 else text(client.get(response.headers["Location"]))
    return REFERENCE.search(page).group(0)


def test_a_grievance_full_of_markup_is_inert_on_the_desk_and_for_the_worker(app, client, make_user, login):
    reference = _file_through_the_form(client)
    check(client, "/grievances/track/case", expect_shown=False)
    client.post("/grievances/track/case/reply", data={"message": MARKUP})
    check(client, "/grievances/track/case")
    client.post("/grievances/track/leave")
    admin = make_user(Role.ADMINISTRATOR, email="admin@ministry.test", name=MARKUP)
    login(admin)
    check(client, "/grievances/cases")
    for action, data in (("take", {}), ("note-body", None), ("message", {"message-body": MARKUP}),
                         ("note", {"note-body": MARKUP}), ("acknowledge", {}), ("investigate", {}),
                         ("refer", {"refer-target": "embassy", "refer-to_whom": MARKUP, "refer-note": MARKUP})):
        if data is not None:
            client.post(f"/grievances/cases/{reference}/{action}", data=data)
    check(client, f"/grievances/cases/{reference}")
    refused = client.post(f"/grievances/cases/{reference}/resolve",
                          data={"resolve-outcome": "", "resolve-summary": MARKUP, "resolve-amount": SHORT})
    assert refused.status_code == 422 and inert(text(refused))


def test_a_grievance_filed_through_the_api_with_markup_is_inert_on_the_desk(client, make_user, login):
    body = {"filer_type": "worker", "recruiter_name": MARKUP, "employer_name": MARKUP, "description": MARKUP,
            "destination_country": "SA", "categories": ["unpaid_wages"],
            "contact": {"name": MARKUP, "method": "via_relative", "via_relative": MARKUP}}
    response = client.post("/api/v1/grievances", json=body)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()  # JSON keeps the text as typed
    reference = db.session.scalar(sa.select(Grievance.reference))
    login(make_user(Role.ADMINISTRATOR, email="admin@ministry.test"))
    check(client, "/grievances/cases")
    check(client, f"/grievances/cases/{reference}")


def test_an_agency_name_with_markup_in_a_filing_refusal_is_text(client, make_agency):
    make_agency("Nile " + MARKUP)
    make_agency("Nile " + SHORT)
    form = factories.grievance_form(agency="Nile", recruiter_name="")
    response = client.post("/grievances/new", data=form, content_type="multipart/form-data")
    page = text(response)
    assert response.status_code == 422, page
    assert inert(page) and shown(page)


# ---------------------------------------------------------------- contracts


def test_a_contract_full_of_markup_is_inert_on_every_page_that_shows_it(officer, make_agency, make_user, login,
                                                                        client):
    agency = make_agency("Pearl " + MARKUP)
    rep = make_user(Role.AGENCY_REPRESENTATIVE, email="rep@agency.test", agency=agency, name=MARKUP)
    template = factories.make_template(officer)
    employer = registry.add_foreign_party(officer, kind=PartyKind.EMPLOYER, name="Employer " + MARKUP,
                                          country="SA")
    partner = registry.add_foreign_party(officer, kind=PartyKind.PARTNER_AGENCY, name="Partner " + MARKUP,
                                         country="SA")
    db.session.commit()
    contract = factories.make_contract(rep, template, (partner, employer), worker_name=MARKUP,
                                       worker_next_of_kin=MARKUP, job_title=MARKUP, place_of_work=MARKUP)
    factories.collect_signatures(contract, rep)
    registry.set_watchlist(employer, WatchlistStatus.BLACKLISTED, MARKUP, officer)
    db.session.commit()
    login(officer)
    refused = client.post(f"/contracts/{contract.public_id}/attest", data={"reference": SHORT})
    assert "is on the watchlist" in text(refused)
    assert inert(text(refused)) and shown(text(refused))
    for url in ("/contracts", f"/contracts/{contract.public_id}", f"/contracts/{contract.public_id}/print",
                f"/desk/foreign-parties/{employer.public_id}", "/desk/foreign-parties"):
        check(client, url)
    client.post("/logout")
    login(rep)
    for url in ("/contracts", f"/contracts/{contract.public_id}", "/my-agency"):
        check(client, url)
    assert contracts  # the services made everything above
