"""Phoenix-firm detection: what an agency shares with every other agency (above all those whose licence was
revoked, suspended or rejected, which "come back with different names"): ID numbers of its people (normalised),
names of its people and its own names (typo-tolerant), phone numbers, e-mail addresses, addresses and registration
numbers. Officers see each link with what is shared; issuing a licence to a linked agency needs a recorded reason."""
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import phonenumbers
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from portal.database import today
from portal.extensions import db
from portal.text import _l
from registry.models import Agency, Licence, LicenceStatus, Person
from registry.services.names import normalise

STOPPED = frozenset({LicenceStatus.REVOKED, LicenceStatus.SUSPENDED, LicenceStatus.REJECTED})
# Words every agency name has: they say nothing about who is behind it.
COMMON_WORDS = frozenset("""ltd limited co company plc inc llc recruitment recruiting agency agencies employment
manpower services service labour labor consultants consultancy placement placements international intl group
and the of jobs ag sarl sa la le du des de et""".split())


def id_key(number: str) -> str:
    """An ID, passport or registration number as compared: letters and digits only, upper case."""
    return re.sub(r"[^0-9A-Z]", "", (number or "").upper())


def phone_key(number: str) -> str:
    """A phone number as compared: E.164 when it parses (local numbers in the deployment's region), else digits."""
    try:
        parsed = phonenumbers.parse(number or "", current_app.config["PHONE_REGION"])
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    return re.sub(r"\D", "", number or "")


def _similar_words(a: str, b: str) -> bool:
    """Two words the same but for a typo or a spelling variant (Josef, Joseph); numbers and short words must match
    exactly."""
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4 or a.isdigit() or b.isdigit():
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.7


def similar_names(a: str, b: str, ignore=frozenset()) -> bool:
    """Two names with the same words in any order, each word the same but for a typo (ignoring `ignore`)."""
    wa = sorted(w for w in normalise(a).split() if w not in ignore)
    wb = sorted(w for w in normalise(b).split() if w not in ignore)
    if not wa or len(wa) != len(wb):
        return False
    return all(any(_similar_words(x, y) for y in wb) for x in wa) and all(
        any(_similar_words(y, x) for x in wa) for y in wb)


@dataclass
class Link:
    """Another agency and what this one shares with it."""

    agency: Agency
    status: LicenceStatus  # the other agency's licence status today
    shared: list = field(default_factory=list)  # translatable sentences, one per shared detail

    @property
    def stopped(self) -> bool:
        """The other agency's licence was revoked, suspended or rejected: the phoenix risk."""
        return self.status in STOPPED


def _person_links(person: Person, other: Person) -> list:
    shared = []
    if id_key(person.id_number) and id_key(person.id_number) == id_key(other.id_number):
        shared.append(_l("ID number %(number)s: %(name)s here, %(other)s there", number=person.id_number,
                         name=person.name, other=other.name))
    elif similar_names(person.name, other.name):
        shared.append(_l("A person named alike: %(name)s here, %(other)s there", name=person.name,
                         other=other.name))
    return shared


def _agency_names(agency: Agency) -> list[str]:
    return [n for n in [agency.legal_name, *(agency.trading_names or [])] if n.strip()]


def _phones(agency: Agency) -> set[str]:
    return {k for k in (phone_key(agency.phone), phone_key(agency.complaints_officer_phone)) if len(k) >= 7}


def _emails(agency: Agency) -> set[str]:
    return {e.strip().lower() for e in (agency.email, agency.complaints_officer_email) if "@" in (e or "")}


def _detail_links(agency: Agency, other: Agency) -> list:
    shared = []
    if id_key(agency.registration_number) and id_key(agency.registration_number) == id_key(other.registration_number):
        shared.append(_l("Registration number %(number)s", number=other.registration_number))
    shared += [_l("Phone number %(number)s", number=p) for p in sorted(_phones(agency) & _phones(other))]
    shared += [_l("E-mail address %(email)s", email=e) for e in sorted(_emails(agency) & _emails(other))]
    address = normalise(agency.address)
    if len(address) >= 8 and address == normalise(other.address):
        shared.append(_l("Address %(address)s", address=other.address))
    names = [(a, b) for a in _agency_names(agency) for b in _agency_names(other)
             if similar_names(a, b, COMMON_WORDS)]
    if names:
        shared.append(_l("A name alike: %(name)s here, %(other)s there", name=names[0][0], other=names[0][1]))
    return shared


def agency_links(agency: Agency) -> list[Link]:
    """Every other agency this one shares a person, a number, a phone, an e-mail, an address or a name with;
    those whose licence was revoked, suspended or rejected first."""
    others = _candidates(agency)
    links = []
    day = today()
    for other in others:
        shared = _detail_links(agency, other)
        for person in agency.people:
            for theirs in other.people:
                shared += _person_links(person, theirs)
        if shared:
            links.append(Link(other, other.licence.status_on(day), shared))
    return sorted(links, key=lambda link: (not link.stopped, link.agency.legal_name))


def _candidates(agency: Agency) -> list[Agency]:
    """Every other agency with its licence and people (officers' pages only; a few queries)."""
    return list(db.session.scalars(
        sa.select(Agency).where(Agency.id != agency.id)
        .options(selectinload(Agency.people), selectinload(Agency.licence).selectinload(Licence.events))
        .order_by(Agency.id)
    ).all())
