"""Drafting: only the agency's own representative while licensed, the freeze, a change as a new contract
that supersedes the old."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contracts import services as contracts
from contracts.models import Contract, ContractStatus
from portal.errors import DomainError, Refused
from portal.extensions import db
from portal.models import Role
from registry import services as registry
from registry.models import PartyKind
from tests.factories import attestation_refusals, collect_signatures, contract_fields

CS = ContractStatus


def test_only_the_agencys_own_representative_drafts_and_only_while_licensed(template, parties, make_agency,
                                                                              make_user, officer):
    partner, employer = parties

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
    assert any("replaced by a newer one" in str(w.message) for w in view.warnings) and view.newer is new
    official_list = contracts.contracts_for(officer)
    assert {old.id, new.id} <= {c.id for c in official_list.contracts} and official_list.total == 2


def test_a_terminated_contract_cannot_be_superseded_or_replaced(attested, rep, officer):
    old = attested()
    new = contracts.supersede(old, rep)
    contracts.terminate(old, officer, "Employer closed")
    collect_signatures(new, rep)
    problems = attestation_refusals(new, officer)
    assert any("no longer in force" in p for p in problems)
    with pytest.raises(Refused):
        contracts.supersede(db.session.get(Contract, old.id), rep)


def test_every_wrong_field_party_and_fee_is_refused_at_once(template, parties, rep, agency):
    partner, _employer = parties
    fields = contract_fields(worker_name=" ", currency="RIYAL", duration_months=0,
                             worker_date_of_birth=date.today() - timedelta(days=365 * 17))
    with pytest.raises(DomainError) as info:
        contracts.draft_contract(rep, agency, template.published_version, partner, partner,
                                 fees=[contracts.FeeLine("", Decimal("10"), "UGX")], **fields)
    assert info.value.fields() == {
        "employer_id": ["Choose the employer."],
        "worker_name": ["This field is required."],
        "worker_date_of_birth": ["The worker must be at least 18 years old."],
        "duration_months": ["Enter the duration in months."],
        "currency": ["Enter a three-letter currency code, e.g. SAR."],
        "fees": ["Say what each fee was for."],
    }
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 0
