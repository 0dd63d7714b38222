"""Clauses: the joint-liability clause stays and names every party; placeholders filled for print."""
import pytest

from contracts import services as contracts
from contracts.clauses import filled_clauses
from portal.errors import DomainError


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
    text = " ".join(clause.text.striptags() for clause in filled_clauses(contract))
    assert "{" not in text
    assert f"{agency.legal_name}, {parties[0].name} and {parties[1].name} are jointly and severally liable" in text
    assert "SAR" in text and "1,600" in text
