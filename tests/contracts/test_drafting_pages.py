"""The drafting pages: frozen terms, a suspended agency, form errors that keep what was typed, the parties offered."""
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contracts import services as contracts
from contracts.models import Contract, ContractStatus
from portal.errors import DomainError
from portal.extensions import db
from portal.models import Role
from registry import services as registry
from registry.models import Agency, PartyKind, WatchlistStatus
from tests.factories import contract_fields, contract_form, text

CS = ContractStatus


def test_attested_contract_cannot_be_edited_through_the_form(client, login, attested, rep, parties, template):
    contract = attested()
    login(rep)
    response = client.post(f"/contracts/{contract.public_id}/edit",
                           data=contract_form(parties, monthly_wage="5000"))
    assert response.status_code == 302
    db.session.expire_all()
    assert contract.monthly_wage == Decimal("1600")
    response = client.post(f"/contracts/{contract.public_id}/supersede")
    assert response.status_code == 302
    new = db.session.scalar(sa.select(Contract).where(Contract.supersedes_id == contract.id))
    assert new.status == CS.DRAFT and response.headers["Location"].endswith(f"/contracts/{new.public_id}")


def test_a_suspended_agency_cannot_draft(client, login, template, make_agency, make_user):
    suspended = make_agency("Suspended Agency Ltd", status="suspended")
    login(make_user(Role.AGENCY_REPRESENTATIVE, agency=suspended))
    assert "not in force" in text(client.get("/contracts/new"))


def test_form_errors_keep_what_was_typed(client, login, template, parties, rep):
    login(rep)
    data = contract_form(parties, worker_date_of_birth="2015-01-01")
    response = client.post(f"/contracts/new/{template.published_version.public_id}", data=data)
    assert response.status_code == 422
    assert "at least 18" in text(response) and "Nakato Sarah" in text(response)


def _options(html: str, name: str) -> list[tuple[str, str, bool]]:
    """The (value, label, selected) options of a select on a page."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [(v, label.strip(), "selected" in attrs)
            for attrs, v, label in re.findall(r'<option([^>]*value="([^"]*)"[^>]*)>([^<]*)</option>', select)]


def test_the_employer_list_has_no_default_and_offers_no_blacklisted_party(client, login, template, parties, rep,
                                                                          officer):
    partner, employer = parties
    blacklisted = registry.add_foreign_party(officer, kind=PartyKind.EMPLOYER, name="Desert Palace Villas",
                                             country="SA")
    registry.set_watchlist(blacklisted, WatchlistStatus.BLACKLISTED, "Passports withheld", officer)
    db.session.commit()
    login(rep)
    html = text(client.get(f"/contracts/new/{template.published_version.public_id}"))
    employers = _options(html, "employer_id")
    assert employers[0][:2] == ("", "Choose an employer…")
    assert not any(selected for *_, selected in employers[1:])
    assert [label for _, label, _ in employers[1:]] == [employer.name]
    assert _options(html, "partner_agency_id")[0][:2] == ("", "Choose a partner agency…")


def test_not_choosing_the_employer_is_refused_with_everything_kept(client, login, template, parties, rep):
    login(rep)
    data = contract_form(parties) | {"employer_id": ""}
    response = client.post(f"/contracts/new/{template.published_version.public_id}", data=data)
    assert response.status_code == 422
    assert "Choose the employer." in text(response) and "Nakato Sarah" in text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 0


def test_a_blacklisted_employer_posted_anyway_is_refused(client, login, template, parties, rep, officer):
    partner, employer = parties
    registry.set_watchlist(employer, WatchlistStatus.BLACKLISTED, "Passports withheld", officer)
    db.session.commit()
    login(rep)
    response = client.post(f"/contracts/new/{template.published_version.public_id}", data=contract_form(parties))
    assert response.status_code == 422 and "Nakato Sarah" in text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 0
    with pytest.raises(DomainError) as refused:  # the service refuses it too, whatever the form offered
        contracts.draft_contract(rep, db.session.get(Agency, rep.agency_id), template.published_version, partner,
                                 employer, **contract_fields())
    assert [(f, str(m)) for f, m in refused.value.problems] == [
        ("employer_id", f"{employer.name} is blacklisted: no contract can be made with them (Passports withheld).")]
