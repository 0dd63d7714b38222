"""The contract rules: every attestation refusal, the freeze, supersession, signatures, versions."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask_babel import format_date
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts import services as contracts
from contracts.clauses import filled_clauses
from contracts.models import Contract, ContractStatus, SignatoryRole, TemplateVersionStatus
from contracts.services import FeeLine
from portal.codes import ALPHABET
from portal.database import utcnow
from portal.errors import DomainError, Refused
from portal.extensions import db
from portal.models import AuditEntry, Role
from registry import services as registry
from registry.models import LicenceAction, PartyKind, WatchlistStatus
from tests.contracts.conftest import collect_signatures

CS = ContractStatus


def refusal(contract, officer) -> list[str]:
    with pytest.raises(Refused) as info:
        contracts.attest(contract, officer)
    db.session.rollback()
    return [str(p) for p in info.value.messages]


# ---------------------------------------------------------------- attestation


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
    problems = refusal(signed(monthly_wage=Decimal("1200")), officer)
    assert len(problems) == 1 and "below the floor" in problems[0] and "1,500" in problems[0]


def test_refused_for_a_wage_in_another_currency(signed, officer):
    problems = refusal(signed(currency="USD", monthly_wage=Decimal("5000")), officer)
    assert any("wage floor is in SAR" in p for p in problems)


def test_refused_for_a_fee_charged_to_the_worker(signed, officer):
    problems = refusal(signed(fees=[FeeLine("Medical test", Decimal("300"), "UGX", "Clinic")]), officer)
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
    problems = refusal(signed(**overrides), officer)
    assert len(problems) == 1 and words in problems[0]


def test_refused_when_the_agency_is_not_licensed_that_day(signed, officer, agency):
    contract = signed()
    registry.decide(agency.licence, LicenceAction.SUSPEND, officer, "bond lapsed", "ORD-9")
    db.session.commit()
    problems = refusal(contract, officer)
    assert problems == [f"The agency {agency.legal_name} is not licensed on {format_date(date.today())}."]


def test_refused_under_a_deployment_ban(signed, officer):
    contract = signed()
    registry.add_ban(officer, "SA", "domestic_work", date.today() - timedelta(days=3), None, "Abuse reports")
    db.session.commit()
    problems = refusal(contract, officer)
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
    problems = refusal(contract, officer)
    label = ["The partner agency", "The employer"][which]
    assert len(problems) == 1 and problems[0].startswith(f"{label} {parties[which].name} is on the watchlist")


def test_every_reason_is_listed_at_once(signed, officer, parties):
    contract = signed(monthly_wage=Decimal("900"), hours_per_week=72,
                      fees=[FeeLine("Placement fee", Decimal("1000000"), "UGX")])
    registry.set_watchlist(parties[1], WatchlistStatus.WATCHED, "Complaints", officer)
    registry.add_ban(officer, "SA", None, date.today(), None, "Crisis")
    db.session.commit()
    problems = refusal(contract, officer)
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
    refusal(contract, officer)
    with pytest.raises(Refused, match="Only a draft can be edited"):
        contracts.update_contract(contract, rep, monthly_wage=Decimal("1500"))
    contracts.reopen(contract, rep, "Wage below the floor")
    assert contract.status == CS.DRAFT and contract.signatures == []
    contracts.update_contract(contract, rep, monthly_wage=Decimal("1500"))
    collect_signatures(contract, rep)
    contracts.attest(contract, officer)
    assert contract.status == CS.ATTESTED


# ---------------------------------------------------------------- the freeze and supersession


def test_attested_terms_are_frozen(attested, rep, officer):
    contract = attested()
    with pytest.raises(Refused, match="frozen"):
        contracts.update_contract(contract, rep, monthly_wage=Decimal("2000"))
    with pytest.raises(Refused, match="frozen"):
        contracts.reopen(contract, rep, "change")
    db.session.rollback()
    # Even a write that bypasses the services is refused at flush.
    contract.monthly_wage = Decimal("100")
    with pytest.raises(Refused, match="frozen"):
        db.session.flush()
    db.session.rollback()
    contract.worker_passport_number = "X1"
    with pytest.raises(Refused, match="frozen"):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(Contract, contract.id).monthly_wage == Decimal("1600")


def test_a_change_is_a_new_contract_that_supersedes_the_old(attested, rep, officer):
    old = attested()
    old_code = old.verification_code
    new = contracts.supersede(old, rep)
    assert new.supersedes is old and new.status == CS.DRAFT and new.verification_code is None
    assert old.status == CS.ATTESTED  # still in force until the new one is attested
    with pytest.raises(Refused, match="already being drafted"):
        contracts.supersede(old, rep)
    contracts.update_contract(new, rep, monthly_wage=Decimal("1800"))
    collect_signatures(new, rep)
    contracts.attest(new, officer)
    db.session.commit()
    assert old.status == CS.SUPERSEDED and old.verification_code == old_code
    assert old.superseded_by is new and old.monthly_wage == Decimal("1600")
    assert new.verification_code != old_code
    view = contracts.public_view(old_code)
    assert any("replaced by a newer one" in str(w) for w in view.warnings) and view.newer is new
    official_list, total = contracts.contracts_for(officer)
    assert {old.id, new.id} <= {c.id for c in official_list} and total == 2


def test_a_terminated_contract_cannot_be_superseded_or_replaced(attested, rep, officer):
    old = attested()
    new = contracts.supersede(old, rep)
    contracts.terminate(old, officer, "Employer closed")
    collect_signatures(new, rep)
    problems = refusal(new, officer)
    assert any("no longer in force" in p for p in problems)
    with pytest.raises(Refused):
        contracts.supersede(db.session.get(Contract, old.id), rep)


# ---------------------------------------------------------------- status flow and signatures


def test_status_flow_and_refused_steps(attested, rep, officer):
    contract = attested()
    with pytest.raises(Refused):
        contracts.complete(contract, rep)
    contracts.activate(contract, rep)
    assert contract.status == CS.ACTIVE
    with pytest.raises(Refused):
        contracts.activate(contract, rep)
    with pytest.raises(DomainError, match="reason"):
        contracts.terminate(contract, officer, " ")
    contracts.complete(contract, officer)
    assert contract.status == CS.COMPLETED
    with pytest.raises(Refused):
        contracts.terminate(contract, officer, "late")
    assert [e.action for e in contract.events] == ["draft", "submit", "signed", "attest", "activate", "complete"]


def test_terminate_keeps_the_reason(attested, officer):
    contract = attested()
    contracts.terminate(contract, officer, "Worker abused; rescued by the embassy")
    assert contract.status == CS.TERMINATED and contract.status_reason.startswith("Worker abused")


def test_signatures_who_when_as_whom(draft, rep, officer):
    contract = draft()
    with pytest.raises(Refused, match="await"):
        contracts.sign(contract, rep, SignatoryRole.WORKER, "Nakato Sarah", "The worker")
    contracts.submit_for_signatures(contract, rep)
    with pytest.raises(Refused, match="own representative"):
        contracts.sign(contract, officer, SignatoryRole.ORIGIN_AGENCY, "X", "Director")
    with pytest.raises(DomainError, match="as whom"):
        contracts.sign(contract, rep, SignatoryRole.ORIGIN_AGENCY, "Moses Rep", "")
    contracts.sign(contract, rep, SignatoryRole.ORIGIN_AGENCY, "Moses Rep", "Director")
    with pytest.raises(Refused, match="already signed"):
        contracts.sign(contract, rep, SignatoryRole.ORIGIN_AGENCY, "Moses Rep", "Director")
    when = utcnow() - timedelta(hours=2)
    signature = contracts.sign(contract, officer, SignatoryRole.EMPLOYER, "Huda Al Noor", "Owner", when, "Riyadh")
    assert signature.signed_at == when and signature.recorded_by_id == officer.id and not signature.in_app
    with pytest.raises(DomainError, match="future"):
        contracts.sign(contract, rep, SignatoryRole.WORKER, "Nakato", "The worker",
                       utcnow() + timedelta(days=1))
    assert contract.status == CS.AWAITING_SIGNATURES
    contracts.sign(contract, rep, SignatoryRole.WORKER, "Nakato Sarah", "The worker")
    contracts.sign(contract, rep, SignatoryRole.PARTNER_AGENCY, "Faisal Omar", "Manager")
    assert contract.status == CS.SIGNED


def test_a_case_officer_cannot_record_signatures(draft, rep, make_user):
    contract = draft()
    contracts.submit_for_signatures(contract, rep)
    with pytest.raises(Refused):
        contracts.sign(contract, make_user(Role.CASE_OFFICER), SignatoryRole.WORKER, "N", "The worker")


# ---------------------------------------------------------------- drafting rules


def test_only_the_agencys_own_representative_drafts_and_only_while_licensed(template, parties, make_agency,
                                                                              make_user, officer):
    partner, employer = parties
    from tests.contracts.conftest import contract_fields

    licensed = make_agency("Licensed One")
    suspended = make_agency("Suspended One", status="suspended")
    rep_licensed = make_user(Role.AGENCY_REPRESENTATIVE, agency=licensed)
    rep_suspended = make_user(Role.AGENCY_REPRESENTATIVE, agency=suspended)
    version = template.published_version
    with pytest.raises(Refused, match="representative of the recruiting agency"):
        contracts.draft_contract(rep_licensed, suspended, version, partner, employer, **contract_fields())
    with pytest.raises(Refused, match="representative of the recruiting agency"):
        contracts.draft_contract(officer, licensed, version, partner, employer, **contract_fields())
    with pytest.raises(Refused, match="licence is not in force"):
        contracts.draft_contract(rep_suspended, suspended, version, partner, employer, **contract_fields())
    with pytest.raises(DomainError, match="employer"):
        contracts.draft_contract(rep_licensed, licensed, version, partner, partner, **contract_fields())
    qatar = registry.add_foreign_party(officer, kind=PartyKind.EMPLOYER, name="Doha Builders", country="QA")
    with pytest.raises(DomainError, match="destination country"):
        contracts.draft_contract(rep_licensed, licensed, version, partner, qatar, **contract_fields())
    with pytest.raises(DomainError, match="18"):
        contracts.draft_contract(rep_licensed, licensed, version, partner, employer,
                                 **contract_fields(worker_date_of_birth=date.today() - timedelta(days=365 * 17)))
    contract = contracts.draft_contract(rep_licensed, licensed, version, partner, employer, **contract_fields())
    assert contract.status == CS.DRAFT and contract.template_version is version


def test_liable_parties_name_the_three_parties_and_their_claims(draft, agency, parties):
    contract = draft()
    rows = contracts.liable_parties(contract)
    assert [(p.role.value, p.name) for p in rows] == [
        ("origin_agency", agency.legal_name), ("partner_agency", parties[0].name), ("employer", parties[1].name)]
    assert all(p.claims == ["unpaid_wages", "death_disability_compensation", "repatriation"] for p in rows)


# ---------------------------------------------------------------- template versions


def test_published_versions_never_change_and_contracts_keep_their_version(template, attested, officer):
    contract = attested()
    v1 = template.published_version
    with pytest.raises(Refused, match="never changes"):
        contracts.update_version(v1, officer, min_monthly_wage=Decimal("1"))
    v1.min_monthly_wage = Decimal("1")  # bypassing the service
    with pytest.raises(Refused, match="never changes"):
        db.session.flush()
    db.session.rollback()
    v2 = contracts.new_version(template, officer)
    assert v2.number == 2 and v2.status == TemplateVersionStatus.DRAFT
    with pytest.raises(Refused, match="already a draft"):
        contracts.new_version(template, officer)
    contracts.update_version(v2, officer, min_monthly_wage=Decimal("1800"), change_note="New floor")
    contracts.publish_version(v2, officer)
    db.session.commit()
    assert v1.status == TemplateVersionStatus.RETIRED and v1.min_monthly_wage == Decimal("1500")
    assert template.published_version is v2
    assert contract.template_version is v1


def test_the_joint_liability_clause_cannot_be_removed(template, officer):
    version = contracts.new_version(template, officer)
    clauses = [{"kind": c.kind, "heading": c.heading, "body": c.body} for c in version.clauses]
    without = [c for c in clauses if c["kind"] != "joint_liability"]
    with pytest.raises(DomainError, match="cannot be removed"):
        contracts.update_version(version, officer, clauses=without)
    weakened = [dict(c, body="The employer alone is liable.") if c["kind"] == "joint_liability" else c
                for c in clauses]
    with pytest.raises(DomainError, match=r"\{origin_agency\}"):
        contracts.update_version(version, officer, clauses=weakened)
    with pytest.raises(DomainError, match="Unknown placeholder"):
        contracts.update_version(version, officer, clauses=clauses + [
            {"kind": "standard", "heading": "Bonus", "body": "A bonus of {bonus}."}])


def test_clauses_are_filled_from_the_contract(attested, agency, parties):
    contract = attested()
    text = " ".join(body for _, body in filled_clauses(contract))
    assert "{" not in text
    assert f"{agency.legal_name}, {parties[0].name} and {parties[1].name} are jointly and severally liable" in text
    assert "SAR" in text and "1,600" in text


# ---------------------------------------------------------------- verification codes


@settings(max_examples=200)
@given(code=st.text(alphabet=ALPHABET, min_size=10, max_size=10),
       separators=st.lists(st.sampled_from(["", " ", "-", " - "]), min_size=10, max_size=10),
       lower=st.booleans())
def test_a_code_is_read_whatever_the_case_spaces_and_dashes(code, separators, lower):
    typed = "".join(sep + ch for sep, ch in zip(separators, code, strict=True))
    assert contracts.normalise_code(typed.lower() if lower else typed) == code


def test_codes_use_only_unambiguous_characters_and_are_unique(attested):
    assert not set(ALPHABET) & set("01OIL")
    codes = {contracts.new_verification_code() for _ in range(500)}
    assert len(codes) == 500 and all(len(c) == 10 and set(c) <= set(ALPHABET) for c in codes)
    assert contracts.contract_by_code("not a code") is None
