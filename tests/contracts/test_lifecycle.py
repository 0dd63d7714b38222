"""The status flow after attestation: activate, complete, terminate, and the steps refused."""
import pytest

from contracts import services as contracts
from contracts.models import ContractStatus
from portal.errors import DomainError, Refused
from portal.models import Role

CS = ContractStatus


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


def test_the_flow_says_which_steps_are_open_and_words_each_refusal(draft, attested, rep):
    assert contracts.FLOW.allowed(CS.ATTESTED) == ["activate", "terminate", "supersede"]
    assert contracts.FLOW.allowed(CS.DRAFT) == ["submit"]
    with pytest.raises(Refused, match="already a draft"):
        contracts.reopen(draft(), rep, "change")
    with pytest.raises(Refused, match="Only an attested contract can become active."):
        contracts.activate(draft(), rep)
    with pytest.raises(Refused, match="Only a draft can be sent for signature."):
        contracts.submit_for_signatures(attested(), rep)


def test_only_the_agency_or_a_licensing_officer_takes_the_steps_after_attestation(attested, make_user):
    contract = attested()
    with pytest.raises(Refused, match="Only the recruiting agency or a licensing officer may do this."):
        contracts.activate(contract, make_user(Role.CASE_OFFICER))
    assert contract.status == CS.ATTESTED
