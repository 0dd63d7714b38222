"""Joint and several liability: the parties named and their claims."""
from contracts import services as contracts


def test_liable_parties_name_the_three_parties_and_their_claims(draft, agency, parties):
    contract = draft()
    rows = contracts.liable_parties(contract)
    assert [(p.role.value, p.name) for p in rows] == [
        ("origin_agency", agency.legal_name), ("partner_agency", parties[0].name), ("employer", parties[1].name)]
    assert all(p.claims == ["unpaid_wages", "death_disability_compensation", "repatriation"] for p in rows)
