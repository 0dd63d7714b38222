"""Joint and several liability: the parties a contract names as liable together for unpaid wages, death and
disability compensation and repatriation."""
from contracts.models import Claim, Contract, LiabilityRole, LiableParty
from portal.extensions import db


def liable_parties(contract: Contract) -> list[LiableParty]:
    """The parties liable together for the contract's claims: origin agency, partner agency, employer."""
    if contract.liabilities:
        return list(contract.liabilities)
    return _liability_rows(contract)  # a contract not yet saved with its parties


def _liability_rows(contract: Contract) -> list[LiableParty]:
    claims = [claim.value for claim in Claim]
    rows = []
    if contract.origin_agency is not None:
        rows.append(LiableParty(role=LiabilityRole.ORIGIN_AGENCY, name=contract.origin_agency.legal_name,
                                agency_id=contract.origin_agency.id, claims=list(claims)))
    if contract.partner_agency is not None:
        rows.append(LiableParty(role=LiabilityRole.PARTNER_AGENCY, name=contract.partner_agency.name,
                                foreign_party_id=contract.partner_agency.id, claims=list(claims)))
    if contract.employer is not None:
        rows.append(LiableParty(role=LiabilityRole.EMPLOYER, name=contract.employer.name,
                                foreign_party_id=contract.employer.id, claims=list(claims)))
    return rows


def sync_liabilities(contract: Contract) -> None:
    """Name the jointly liable parties from the contract's present parties (drafts, and at attestation)."""
    contract.liabilities.clear()
    db.session.flush()
    for row in _liability_rows(contract):
        contract.liabilities.append(row)
