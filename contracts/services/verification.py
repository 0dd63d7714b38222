"""Verification codes: issued at attestation, read back from whatever a worker types, and what a worker sees
behind one (the attested contract, with the warnings that matter to them)."""
from dataclasses import dataclass, field

import sqlalchemy as sa

from contracts.models import FROZEN_STATUSES, Contract, ContractStatus
from portal import codes
from portal.countries import country_name
from portal.extensions import db
from portal.i18n import format_date
from portal.text import _l
from registry.models import PublicStatus, Sector
from registry.services import ban_in_force, blacklisted, verdict

CODE_LENGTH = 10  # symbols of portal.codes.ALPHABET: about 49 bits


def normalise_code(text: str) -> str:
    """The code as stored: upper case, spaces and dashes (any punctuation) removed."""
    return codes.symbols(text)


def new_verification_code() -> str:
    """A random code of 10 unambiguous symbols (uniqueness is checked when it is saved)."""
    return codes.random_code(CODE_LENGTH)


def issue_code(contract: Contract) -> str:
    """Give the contract a verification code no other contract holds (flushes)."""
    return codes.save_unique(contract, "verification_code", new_verification_code)


def contract_by_code(code: str) -> Contract | None:
    """The contract with that verification code (case, spaces and dashes ignored)."""
    wanted = normalise_code(code)
    if len(wanted) != CODE_LENGTH:
        return None
    return db.session.scalar(sa.select(Contract).where(Contract.verification_code == wanted))


@dataclass
class ContractWarning:
    """Something a worker must know about her contract; `reason` is an official's own words, shown as typed."""

    message: object
    reason: str = ""


@dataclass
class PublicContract:
    """The public view of an attested contract: no passport number or other private data."""

    contract: Contract
    warnings: list[ContractWarning] = field(default_factory=list)

    @property
    def newer(self) -> Contract | None:
        """The newer attested contract that replaced this one, if any."""
        return self.contract.superseded_by


def public_view(code: str) -> PublicContract | None:
    """The attested contract behind a code, with the warnings a worker must see; None if unknown."""
    contract = contract_by_code(code)
    if contract is None or contract.status not in FROZEN_STATUSES:
        return None
    warnings = []
    if contract.status == ContractStatus.SUPERSEDED:
        warnings.append(ContractWarning(_l("This contract was replaced by a newer one. Only the newer contract "
                                           "counts: check it and ask for your copy.")))
    agency = verdict(contract.origin_agency)
    if agency != PublicStatus.LICENSED:
        warnings.append(ContractWarning(_l("The agency that recruited you is no longer licensed (%(label)s). "
                                           "%(advice)s", label=agency.label, advice=agency.advice)))
    warnings.extend(_abroad_warnings(contract))
    if contract.status == ContractStatus.TERMINATED:
        warnings.append(ContractWarning(_l("This contract was terminated early. The employer must still pay what "
                                           "is owed and bring you home.")))
    return PublicContract(contract, warnings)


def _abroad_warnings(contract: Contract) -> list[ContractWarning]:
    """A deployment ban in force on the contract's destination and sector; a blacklisted employer or partner."""
    warnings = []
    ban = ban_in_force(contract.destination_country, contract.sector)
    if ban is not None:
        warnings.append(ContractWarning(_l(
            "Deployment to %(country)s (%(sector)s) is banned since %(day)s. Do not travel on this contract; ask the "
            "Ministry.", country=country_name(ban.country), sector=Sector.label_of(contract.sector),
            day=format_date(ban.starts_on, "long")), ban.reason))
    for party in blacklisted(contract.employer, contract.partner_agency):
        warnings.append(ContractWarning(_l(
            "%(name)s is blacklisted by the Ministry. Do not sign or travel; report anyone who sends you to them.",
            name=party.name), party.watchlist_reason))
    return warnings
