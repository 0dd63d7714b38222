"""Attestation: every attestation_refusals, every reason at once, the code issued and the terms frozen."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contracts import services as contracts
from contracts.models import ContractStatus, SignatoryRole
from contracts.services import FeeLine
from portal.errors import Refused
from portal.extensions import db
from portal.i18n import format_date
from portal.models import AuditEntry, Role
from registry import services as registry
from registry.models import LicenceAction, WatchlistStatus
from tests.factories import SUSPENSION, attestation_refusals, collect_signatures

CS = ContractStatus


def test_a_clean_signed_contract_is_attested_with_a_code_and_frozen(signed, officer):
    contract = signed()
    contracts.attest(contract, officer, "ATT-7")
    db.session.commit()
    assert contract.status == CS.ATTESTED
    code = contract.verification_code
    assert len(code) == 10 and not set(code) & set("01OIL")
    assert contract.code_display == f"{code[:4]}-{code[4:8]}-{code[8:]}"
    assert contracts.contract_by_code(contract.code_display.lower().replace("-", " - ")) is contract
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert "contract.attest" in actions


def test_refused_for_a_wage_below_the_floor(signed, officer):
    problems = attestation_refusals(signed(monthly_wage=Decimal("1200")), officer)
    assert len(problems) == 1 and "below the floor" in problems[0] and "1,500" in problems[0]


def test_refused_for_a_wage_in_another_currency(signed, officer):
    problems = attestation_refusals(signed(currency="USD", monthly_wage=Decimal("5000")), officer)
    assert any("wage floor is in SAR" in p for p in problems)


def test_refused_for_a_fee_charged_to_the_worker(signed, officer):
    problems = attestation_refusals(signed(fees=[FeeLine("Medical test", Decimal("300"), "UGX", "Clinic")]), officer)
    assert len(problems) == 1 and "must be zero" in problems[0] and "Medical test" in problems[0]


@pytest.mark.parametrize("overrides, words", [
    ({"hours_per_week": 60}, "more than the maximum of 48"),
    ({"weekly_rest_days": 0}, "fewer than the minimum of 1"),
    ({"annual_leave_days": 10}, "less than the minimum of 21"),
    ({"duration_months": 36}, "longer than the maximum of 24"),
    ({"probation_months": 6}, "longer than the limit of 3"),
    ({"death_disability_compensation": Decimal("1000")}, "Death and disability compensation"),
    ({"employer_pays_visa_work_permit": False}, "The employer must pay for: Visa and work permit."),
    ({"employer_pays_food": False}, "The employer must pay for: Food."),
    ({"passport_kept_by_worker": False}, "keep their own passport"),
    ({"repatriation_crisis": False}, "In a crisis"),
])
def test_refused_for_each_term_below_the_minimum(signed, officer, overrides, words):
    problems = attestation_refusals(signed(**overrides), officer)
    assert len(problems) == 1 and words in problems[0]


def test_refused_when_the_agency_is_not_licensed_that_day(signed, officer, agency):
    contract = signed()
    registry.decide(agency.licence, LicenceAction.SUSPEND, officer, "bond lapsed", "ORD-9", suspension=SUSPENSION)
    db.session.commit()
    problems = attestation_refusals(contract, officer)
    assert problems == [f"The agency {agency.legal_name} is not licensed on {format_date(date.today())}."]


def test_refused_under_a_deployment_ban(signed, officer):
    contract = signed()
    registry.add_ban(officer, "SA", "domestic_work", date.today() - timedelta(days=3), None, "Abuse reports")
    db.session.commit()
    problems = attestation_refusals(contract, officer)
    assert len(problems) == 1 and "banned" in problems[0] and "Abuse reports" in problems[0]


def test_a_ban_on_another_sector_does_not_block(signed, officer):
    contract = signed()
    registry.add_ban(officer, "SA", "construction", date.today() - timedelta(days=3), None, "Heat")
    contracts.attest(contract, officer)
    assert contract.status == CS.ATTESTED


@pytest.mark.parametrize("which", [0, 1])
def test_refused_when_employer_or_partner_is_on_the_watchlist(signed, officer, parties, which):
    contract = signed()
    registry.set_watchlist(parties[which], WatchlistStatus.BLACKLISTED, "Withheld wages", officer)
    db.session.commit()
    problems = attestation_refusals(contract, officer)
    label = ["The partner agency", "The employer"][which]
    assert len(problems) == 1 and problems[0].startswith(f"{label} {parties[which].name} is on the watchlist")


def test_every_reason_is_listed_at_once(signed, officer, parties):
    contract = signed(monthly_wage=Decimal("900"), hours_per_week=72,
                      fees=[FeeLine("Placement fee", Decimal("1000000"), "UGX")])
    registry.set_watchlist(parties[1], WatchlistStatus.WATCHED, "Complaints", officer)
    registry.add_ban(officer, "SA", None, date.today(), None, "Crisis")
    db.session.commit()
    problems = attestation_refusals(contract, officer)
    assert len(problems) == 5


def test_only_a_signed_contract_is_attested_and_only_by_a_licensing_officer(draft, officer, rep, make_user):
    contract = draft()
    with pytest.raises(Refused, match="signed by every party"):
        contracts.attest(contract, officer)
    collect_signatures(contract, rep)
    case_officer = make_user(Role.CASE_OFFICER)
    with pytest.raises(Refused, match="licensing officer"):
        contracts.attest(contract, case_officer)
    with pytest.raises(Refused, match="licensing officer"):
        contracts.attest(contract, rep)


def test_fixing_a_refused_contract_needs_a_new_round_of_signatures(signed, officer, rep):
    contract = signed(monthly_wage=Decimal("1000"))
    attestation_refusals(contract, officer)
    with pytest.raises(Refused, match="Only a draft can be edited"):
        contracts.update_contract(contract, rep, monthly_wage=Decimal("1500"))
    contracts.reopen(contract, rep, "Wage below the floor")
    assert contract.status == CS.DRAFT and contract.signatures == []
    contracts.update_contract(contract, rep, monthly_wage=Decimal("1500"))
    collect_signatures(contract, rep)
    contracts.attest(contract, officer)
    assert contract.status == CS.ATTESTED


def test_attesting_before_every_signature_names_the_parties_missing(draft, officer, rep):
    contract = draft()
    contracts.submit_for_signatures(contract, rep)
    contracts.sign(contract, rep, SignatoryRole.ORIGIN_AGENCY, "Moses Rep", "Director")
    with pytest.raises(Refused) as info:
        contracts.attest(contract, officer)
    assert str(info.value.message) == ("Only a contract signed by every party can be attested. Missing: "
                                       "Partner agency (destination country), Employer, and Worker.")


def test_a_refused_attestation_is_recorded_with_every_reason(signed, officer):
    contract = signed(monthly_wage=Decimal("900"), hours_per_week=72)
    reasons = attestation_refusals(contract, officer)
    entry = contracts.record_refused_attestation(contract, officer, reasons)
    assert entry.action == "contract.attest_refused" and entry.reason == " | ".join(reasons) and len(reasons) == 2
    assert contract.events[-1].action == "attest_refused" and contract.events[-1].reason == entry.reason
    assert contract.events[-1].to_status == CS.SIGNED  # the status stays


def test_refused_outside_the_licence_scope_with_the_other_reasons(signed, officer, agency):
    """The issue's case: a Saudi domestic-work contract of an agency licensed for the UAE, Bahrain and Lebanon in
    health care and hospitality."""
    contract = signed(monthly_wage=Decimal("900"))
    agency.licence.destinations, agency.licence.sectors = ["AE", "BH", "LB"], ["healthcare", "hospitality"]
    db.session.commit()
    problems = attestation_refusals(contract, officer)
    assert "The agency's licence does not cover deployment to Saudi Arabia." in problems
    assert "The agency's licence does not cover the sector Domestic work." in problems
    assert any("below the floor" in p for p in problems) and len(problems) == 3


def test_refused_attestation_is_in_the_contracts_history_page(client, login, signed, officer):
    contract = signed(monthly_wage=Decimal("900"))
    login(officer)
    assert client.post(f"/contracts/{contract.public_id}/attest", data={"reference": "A-1"}).status_code == 409
    html = client.get(f"/contracts/{contract.public_id}").get_data(as_text=True)
    history = html.split("History")[-1]
    assert "Attestation refused" in history and "below the floor" in history
