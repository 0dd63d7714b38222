"""Signatures: who signs, who records, when and as whom."""
from datetime import timedelta

import pytest

from contracts import services as contracts
from contracts.models import ContractStatus, SignatoryRole
from portal.database import utcnow
from portal.errors import DomainError, Refused
from portal.models import Role

CS = ContractStatus


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
    when = contract.created_at  # recorded afterwards, signed earlier (and on a day the contract existed, even at 00:30)
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


def test_every_missing_detail_of_a_signature_is_refused_at_once(draft, rep):
    contract = draft()
    contracts.submit_for_signatures(contract, rep)
    with pytest.raises(DomainError) as info:
        contracts.sign(contract, rep, SignatoryRole.WORKER, " ", "", utcnow() + timedelta(days=2))
    assert set(info.value.fields()) == {"signer_name", "signer_capacity", "signed_at"}
    assert contract.signatures == []
