"""Guarantees: the minimum per licence class and currency, verification with the bank's reference, the term the
guarantee must cover (or the validity capped at its expiry), draw-downs, and the list of guarantees running out."""
from datetime import timedelta
from decimal import Decimal

import pytest

from portal.database import today
from portal.errors import DomainError, Refused
from portal.extensions import db
from registry import services
from registry.models import LicenceAction, LicenceClass, LicenceStatus
from tests.factories import audit_actions, text

A = LicenceAction


@pytest.fixture
def as_officer(login, officer):
    login(officer)
    return officer


def _reviewed_with(make_agency, officer, amount, currency="USD", days=800, verified=True):
    """An agency under review whose only guarantee is the one described."""
    agency = make_agency("Rift Valley Placements Ltd", status="under_review")
    agency.guarantees.clear()
    db.session.flush()
    services.lodge_guarantee(agency, officer, verified=verified, verification_reference="CONF-1",
                             amount=Decimal(amount), currency=currency, bank="Fictional Bank", reference="BG-7",
                             expires_on=today() + timedelta(days=days))
    db.session.commit()
    return agency


def _issue_refusals(agency, officer) -> list[str]:
    with pytest.raises(Refused) as refused:
        services.decide(agency.licence, A.ISSUE, officer, "ok", "O-1")
    db.session.rollback()
    return [str(m) for _f, m in refused.value.problems]


def test_the_issues_case_a_usd_1_guarantee_expiring_in_a_month_blocks_the_licence(make_agency, officer):
    agency = _reviewed_with(make_agency, officer, "1", days=30)
    [problem] = _issue_refusals(agency, officer)
    assert "covers $1.00, below the minimum of $25,000.00" in problem
    assert agency.licence.status == LicenceStatus.UNDER_REVIEW and agency.licence.number is None


def test_a_guarantee_expiring_before_the_term_blocks_the_licence(make_agency, officer):
    agency = _reviewed_with(make_agency, officer, "30000", days=300)
    [problem] = _issue_refusals(agency, officer)
    assert problem.startswith("The guarantee expires on") and "before the end of the licence term" in problem


def test_validity_is_capped_at_the_guarantee_when_the_deployment_caps(app, monkeypatch, make_agency, officer):
    monkeypatch.setitem(app.config, "GUARANTEE_SHORT_OF_TERM", "cap")
    agency = _reviewed_with(make_agency, officer, "30000", days=300)
    services.decide(agency.licence, A.ISSUE, officer, "ok", "O-1")
    assert agency.licence.valid_until == today() + timedelta(days=300)


def test_minimum_is_per_class_and_currency_and_configurable(app, monkeypatch, make_agency, officer):
    monkeypatch.setitem(app.config, "GUARANTEE_MINIMUMS",
                        {"general": {"UGX": 100_000_000}, "domestic": {"UGX": 50_000_000}})
    assert services.minimum_for(LicenceClass.DOMESTIC, "ugx") == Decimal("50000000")
    assert services.minimum_for(LicenceClass.GENERAL, "USD") is None
    agency = _reviewed_with(make_agency, officer, "60000000", currency="UGX")
    assert "below the minimum of" in _issue_refusals(agency, officer)[0]  # general: 100 million
    services.decide(agency.licence, A.ISSUE, officer, "ok", "O-1", licence_class=LicenceClass.DOMESTIC)
    assert agency.licence.status == LicenceStatus.LICENSED
    usd = _reviewed_with(make_agency, officer, "500000", currency="USD")
    assert "no minimum is set: lodge one in UGX" in _issue_refusals(usd, officer)[0]


def test_verification_needs_the_banks_reference(make_agency, officer):
    agency = _reviewed_with(make_agency, officer, "30000", verified=False)
    guarantee = agency.guarantees[0]
    with pytest.raises(DomainError) as missing:
        services.verify_guarantee(guarantee, officer, "  ")
    assert missing.value.field == "verification_reference"
    services.verify_guarantee(guarantee, officer, "BOU/CONF/9")
    assert guarantee.verification_reference == "BOU/CONF/9" and audit_actions()[-1] == "guarantee.verify"
    with pytest.raises(DomainError):
        services.lodge_guarantee(agency, officer, verified=True, amount=Decimal(1), currency="USD", bank="B",
                                 reference="R", expires_on=today() + timedelta(days=900))


def test_draw_down_below_the_minimum_flags_and_blocks_renewal(make_agency, officer):
    agency = make_agency(status="licensed")  # USD 50,000 against a minimum of 25,000
    guarantee = agency.guarantees[0]
    with pytest.raises(DomainError) as refused:
        services.draw_on_guarantee(guarantee, officer, Decimal("60000"), "")
    assert {f for f, _m in refused.value.problems} == {"amount", "reason"}
    services.draw_on_guarantee(guarantee, officer, Decimal("20000"), "Unpaid wages of a worker", "GRV-ABCD-1234")
    assert guarantee.balance == Decimal("30000") and not agency.review_flag
    services.draw_on_guarantee(guarantee, officer, Decimal("10000"), "Repatriation ticket")
    assert guarantee.balance == Decimal("20000") and agency.review_flag
    assert "drawn on" in agency.review_flag_reason
    with pytest.raises(Refused) as renewal:
        services.decide(agency.licence, A.RENEW, officer, "renew", "O-2")
    assert "covers $20,000.00, below the minimum" in str(renewal.value.problems[0][1])
    assert audit_actions()[-3:] == ["guarantee.draw", "guarantee.draw", "agency.review_flag"]


def test_expiring_guarantees_list(client, make_agency, officer, as_officer):
    soon = make_agency("Soon Ltd")
    soon.guarantees[0].expires_on = today() + timedelta(days=20)
    later = make_agency("Later Ltd")
    renewed = make_agency("Renewed Ltd")
    renewed.guarantees[0].expires_on = today() + timedelta(days=10)
    services.lodge_guarantee(renewed, officer, verified=True, verification_reference="C", amount=Decimal(30000),
                             currency="USD", bank="B", reference="NEW", expires_on=today() + timedelta(days=900))
    make_agency("Applicant Ltd", status="application")
    db.session.commit()
    rows = services.expiring_guarantees()
    assert [r.agency.legal_name for r in rows] == ["Soon Ltd"] and rows[0].days_left == 20
    assert later and renewed
    html = text(client.get("/desk/guarantees/expiring"))
    assert "Soon Ltd" in html and "20 days left" in html and "Later Ltd" not in html
    assert "/desk/guarantees/expiring" in text(client.get("/desk"))


def test_draw_down_and_verification_through_the_desk(client, make_agency, as_officer):
    agency = make_agency(status="licensed")
    guarantee = agency.guarantees[0]
    refused = client.post(f"/desk/guarantees/{guarantee.public_id}/drawdowns",
                          data={f"draw-{guarantee.public_id}-amount": "0", f"draw-{guarantee.public_id}-reason": "x"})
    assert refused.status_code == 422 and "The amount must be more than zero." in text(refused)
    response = client.post(f"/desk/guarantees/{guarantee.public_id}/drawdowns", data={
        f"draw-{guarantee.public_id}-amount": "1500", f"draw-{guarantee.public_id}-reason": "Wages owed to a worker",
        f"draw-{guarantee.public_id}-grievance_reference": "grv-7"})
    assert response.status_code == 302
    html = text(client.get(f"/desk/agencies/{agency.public_id}"))
    assert "Wages owed to a worker" in html and "GRV-7" in html and "$48,500.00" in html
