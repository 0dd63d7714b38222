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
from sqlalchemy.orm import Session, selectinload

from portal.database import today
from portal.extensions import db
from portal.text import _l
from registry.link_index import PERSON_WORD
from registry.models import Agency, AgencyKey, Licence, LicenceStatus, Person
from registry.services.names import normalise
from registry.services.search import _registry_words, _with_names

STOPPED = frozenset({LicenceStatus.REVOKED, LicenceStatus.SUSPENDED, LicenceStatus.REJECTED})
# Words every agency name has: they say nothing about who is behind it.
COMMON_WORDS = frozenset("""ltd limited co company plc inc llc recruitment recruiting agency agencies employment
manpower services service labour labor consultants consultancy placement placements international intl group
and the of jobs ag sarl sa la le du des de et""".split())


def id_key(number: str) -> str:
    """An ID, passport or registration number as compared: letters and digits only, upper case."""
    return re.sub(r"[^0-9A-Z]", "", (number or "").upper())


def phone_key(number: str, region: str | None = None) -> str:
    """A phone number as compared: E.164 when it parses (local numbers in the deployment's region), else digits."""
    try:
        parsed = phonenumbers.parse(number or "", region or current_app.config["PHONE_REGION"])
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


def _phones(agency: Agency, region: str | None = None) -> set[str]:
    return {k for k in (phone_key(agency.phone, region), phone_key(agency.complaints_officer_phone, region))
            if len(k) >= 7}


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


# What an agency shares, as the keys of registry.link_index (agency_keys): one kind per detail compared.
DETAIL_KINDS = ("registration", "phone", "email", "address", "person_id")
CANDIDATE_WORDS = 200  # words of people's names read per word looked up (most alike first)


def link_keys(agency: Agency, region: str | None = None) -> set[tuple[str, str]]:
    """Every (kind, key) another agency may share with this one, normalised as the comparisons above are (phones
    in the deployment's region unless another is given: a bulk import outside the app)."""
    keys = {("registration", id_key(agency.registration_number))}
    keys |= {("phone", p) for p in _phones(agency, region)} | {("email", e) for e in _emails(agency)}
    address = normalise(agency.address)
    if len(address) >= 8:
        keys.add(("address", address))
    for person in agency.people:
        keys.add(("person_id", id_key(person.id_number)))
        keys |= {(PERSON_WORD, word) for word in normalise(person.name).split()}
    return {(kind, key[:254]) for kind, key in keys if key}


def _keep_keys(session: Session, _context, _instances) -> None:
    """Before every flush: the keys of each agency added or changed (or whose people were) are made current."""
    touched = {obj for obj in (*session.new, *session.dirty) if isinstance(obj, Agency)}
    touched |= {p.agency for p in (*session.new, *session.dirty, *session.deleted)
                if isinstance(p, Person) and p.agency is not None}
    for agency in touched:
        if agency in session.deleted:
            continue
        wanted = link_keys(agency)
        kept = [k for k in agency.keys if (k.kind, k.key) in wanted]
        have = {(k.kind, k.key) for k in kept}
        if len(kept) != len(agency.keys) or have != wanted:
            agency.keys = kept + [AgencyKey(kind=kind, key=key) for kind, key in sorted(wanted - have)]


sa.event.listen(Session, "before_flush", _keep_keys)


def _person_words_like(word: str) -> list[str]:
    """The word, and the words of people's names that may be it but for a typo (the links' own rule), through the
    trigram index of those words."""
    if len(word) < 4 or word.isdigit():
        return [word]
    if db.session.get_bind().dialect.name == "postgresql":
        stmt = (sa.select(AgencyKey.key).where(AgencyKey.kind == PERSON_WORD, AgencyKey.key.op("%")(word))
                .group_by(AgencyKey.key).order_by(sa.func.similarity(AgencyKey.key, word).desc())
                .limit(CANDIDATE_WORDS))
        found = list(db.session.scalars(stmt))
    else:
        padded = f"  {word} "
        match = " OR ".join(f'"{t}"' for t in sorted({padded[i:i + 3] for i in range(len(padded) - 2)}))
        found = list(db.session.scalars(sa.text(
            "SELECT DISTINCT k.key FROM agency_person_words_fts f JOIN agency_keys k ON k.id = f.rowid "
            "WHERE agency_person_words_fts MATCH :match ORDER BY f.rank LIMIT :n"),
            {"match": match, "n": CANDIDATE_WORDS}))
    return [word, *(w for w in found if w != word and _similar_words(word, w))]


def _registry_words_like(word: str) -> list[str]:
    """The word, and the words of agencies' names that may be it but for a typo (the links' own rule)."""
    if len(word) < 4 or word.isdigit():
        return [word]
    return [word, *(w for w in _registry_words(word) if w != word and _similar_words(word, w))]


def _candidate_ids(agency: Agency) -> set[int]:
    """The agencies that may share something with this one, found on the indexes: the same normalised detail
    (registration, phone, e-mail, address, a person's ID number); people holding words alike to every word of the
    name of one of this agency's people; a name holding words alike to every telling word of one of its names."""
    keys = link_keys(agency)
    details = [sa.and_(AgencyKey.kind == kind, AgencyKey.key.in_([k for c, k in keys if c == kind]))
               for kind in DETAIL_KINDS if any(c == kind for c, _k in keys)]
    found = set(db.session.scalars(sa.select(AgencyKey.agency_id).where(sa.or_(*details)).distinct())) \
        if details else set()
    for person in agency.people:
        each_word = [sa.select(AgencyKey.agency_id).where(AgencyKey.kind == PERSON_WORD,
                                                          AgencyKey.key.in_(_person_words_like(word)))
                     for word in sorted(set(normalise(person.name).split()))]
        if each_word:
            found |= set(db.session.scalars(sa.intersect(*each_word) if len(each_word) > 1 else each_word[0]))
    for name in _agency_names(agency):
        telling = [w for w in normalise(name).split() if w not in COMMON_WORDS]
        if telling:
            found |= set(db.session.scalars(
                _with_names(sa.select(Agency.id), [_registry_words_like(w) for w in telling])))
    return found - {agency.id}


def _candidates(agency: Agency) -> list[Agency]:
    """The other agencies that may share something with this one (found on the indexes), with their licences
    and people: a few queries, however many agencies the registry holds."""
    ids = _candidate_ids(agency)
    if not ids:
        return []
    return list(db.session.scalars(
        sa.select(Agency).where(Agency.id.in_(sorted(ids)))
        .options(selectinload(Agency.people), selectinload(Agency.licence).selectinload(Licence.events))
        .order_by(Agency.id)
    ).all())
