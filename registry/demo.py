"""Fictional demo agencies in every licence status, with dated histories. No real company names."""
import random
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from portal.database import utcnow
from portal.extensions import db
from registry import services
from registry.models import Agency, LicenceClass, PersonRole, VettingStatus
from registry.models import LicenceAction as A

FIRST = ["Bluecrest", "Amani", "Jua", "Rafiki", "Tumaini", "Zawadi", "Imani",
         "Ebony", "Acacia", "Baobab", "Crane", "Lakeside", "Equator", "Sunbird", "Kestrel", "Ivory Coastline",
         "Mango Tree", "Red Earth", "Silverline"]
SECOND = ["Horizon", "Crest", "Bridge", "Gateway", "Path", "Harvest", "Compass", "Star", "Hope", "Link"]
KINDS = ["Recruitment Ltd", "Manpower Services", "Employment Agency", "Labour Consultants", "Placement Co."]
DESTINATIONS = ["SA", "AE", "QA", "JO", "LB", "KW", "OM", "BH"]
SECTOR_SETS = [["domestic_work"], ["construction", "security"], ["hospitality", "domestic_work"],
               ["agriculture"], ["healthcare", "hospitality"], ["driving", "construction"]]

# (legal name, trading names, final status): the named ones are used in the README and end-to-end tests.
NAMED = [
    ("Pearl Horizon Recruitment Ltd", ["Pearl Jobs"], "licensed"),
    ("Nile Crest Manpower Services", ["NileCrest"], "suspended"),
    ("Société Étoile du Nil Recrutement", ["Étoile Jobs"], "licensed"),
    ("Bidii Njema Employment Agency", [], "revoked"),
    ("Savannah Gateway Labour Consultants", [], "expired"),
    ("Upendo Link Placement Co.", [], "application"),
    ("Kestrel Bay Hospitality Recruitment Ltd", [], "licensed"),  # the contract demo suspends it
]
# The licence scope of the named agencies the contract demo drafts for (the others' is drawn at random).
NAMED_SCOPES = {
    "Pearl Horizon Recruitment Ltd": (["AE", "QA", "SA"], ["domestic_work", "construction", "hospitality"]),
    "Kestrel Bay Hospitality Recruitment Ltd": (["AE", "BH"], ["hospitality"]),
}
PLAN = ["licensed"] * 20 + ["suspended"] * 4 + ["revoked"] * 3 + ["expired"] * 3 + ["application"] * 2 \
    + ["under_review"] * 3 + ["rejected"] * 2 + ["renewal"] * 1

STEPS = {
    "application": [],
    "under_review": [A.START_REVIEW],
    "licensed": [A.START_REVIEW, A.ISSUE],
    "renewal": [A.START_REVIEW, A.ISSUE, A.REQUEST_RENEWAL],
    "suspended": [A.START_REVIEW, A.ISSUE, A.SUSPEND],
    "revoked": [A.START_REVIEW, A.ISSUE, A.SUSPEND, A.REVOKE],
    "expired": [A.START_REVIEW, A.ISSUE],
    "rejected": [A.START_REVIEW, A.REJECT],
}
REASONS = {
    A.START_REVIEW: "Application complete; documents checked",
    A.ISSUE: "All directors vetted; guarantee verified with the bank",
    A.REJECT: "A director failed police vetting",
    A.REQUEST_RENEWAL: "Renewal application with a new bank guarantee",
    A.SUSPEND: "Charged workers placement fees (inspection report)",
    A.REVOKE: "Fees still charged after suspension; workers' passports withheld",
}



def _suspension() -> services.Suspension:
    """Suspensions in the demo last until a review three months on, with the note workers read."""
    return services.Suspension(utcnow().date() + timedelta(days=90), True,
                               "Suspended while complaints of placement fees charged to workers are investigated.")


def _names(rng: random.Random):
    used = {n for n, _t, _s in NAMED}
    yield from NAMED
    for status in PLAN:
        while True:
            first, second = rng.choice(FIRST), rng.choice(SECOND)
            name = f"{first} {second} {rng.choice(KINDS)}"
            if (first, second) not in used:  # no two agencies alike but for "Ltd" or "Manpower" (phoenix check)
                used.add((first, second))
                yield name, [], status
                break


def load(officials: dict) -> None:
    """Forty-odd agencies taken through the real lifecycle, with histories spread over past years."""
    rng = random.Random(2026)
    officer = officials["licensing"]
    for n, (name, trading, status) in enumerate(_names(rng), start=1):
        domestic_class = n % 5 == 0
        destinations = sorted(rng.sample(DESTINATIONS, rng.randint(1, 3)))
        sectors = ["domestic_work"] if domestic_class else rng.choice(SECTOR_SETS)
        destinations, sectors = NAMED_SCOPES.get(name, (destinations, sectors))
        agency = services.create_agency(
            None, legal_name=name, trading_names=trading, registration_number=f"UG-CR-{80000 + n * 37}",
            address=f"Plot {n * 3}, {rng.choice(['Kampala Road', 'Jinja Road', 'Entebbe Road', 'Moi Avenue'])}",
            phone=f"+256 7{rng.randrange(10, 99)} {rng.randrange(100000, 999999)}", email=f"office{n}@agency.example",
            destinations=destinations, sectors=sectors,
            complaints_officer_name=f"Complaints desk {n}", complaints_officer_phone=f"+256 700 {n:06d}",
            licence_class=LicenceClass.DOMESTIC if domestic_class else LicenceClass.GENERAL,
        )
        _add_people_and_guarantee(agency, officer, n, status)
        for action in STEPS[status]:
            actor = None if action == A.REQUEST_RENEWAL else officer
            services.decide(agency.licence, action, actor, REASONS[action], f"MGLSD/LIC/{2020 + n % 6}/{n:03d}",
                            suspension=_suspension() if action == A.SUSPEND else None)
        _backdate(agency, rng, status)
    db.session.flush()
    _phoenix_case(officer)
    services.add_ban(officer, "LB", "domestic_work", utcnow().date() - timedelta(days=120), None,
                     "Reports of domestic workers confined and unpaid; the embassy's shelter is full (fictional)")


# A firm that "comes back with a different name": its director is the revoked Bidii Njema's director (the name
# misspelt, the ID typed another way) and it gives the same phone, written differently.
PHOENIX = {"name": "Upeo Mpya Recruitment Ltd", "director": ("Joseph Kiprono Mwangi", "CM 8800 4412 7"),
           "alias": ("Josef Kiprono Mwangi", "cm88004412-7"), "phone": ("+256 772 480 116", "0772480116")}


def _phoenix_case(officer) -> None:
    """The revoked agency's director and phone, and a new application that shares them (under review)."""
    revoked = db.session.scalar(sa.select(Agency).where(Agency.legal_name == "Bidii Njema Employment Agency"))
    director = revoked.directors[0]
    director.name, director.id_number = PHOENIX["director"]
    revoked.phone = PHOENIX["phone"][0]
    applicant = services.create_agency(
        None, legal_name=PHOENIX["name"], trading_names=["Upeo Jobs"], registration_number="UG-CR-99117",
        address="Plot 12, Nkrumah Road, Kampala", phone=PHOENIX["phone"][1], email="apply@upeo-mpya.example",
        destinations=["SA", "JO"], sectors=["domestic_work"], complaints_officer_name="Complaints desk",
        complaints_officer_phone="+256 700 990 117",
    )
    name, id_number = PHOENIX["alias"]
    person = services.add_person(applicant, role=PersonRole.DIRECTOR, name=name, nationality="UG",
                                 id_number=id_number, police_clearance_ref="PCC-9117")
    services.vet_person(person, VettingStatus.VETTED, "National records checked", officer)
    services.lodge_guarantee(applicant, officer, verified=True, verification_reference="FCB/CONF/99117",
                             amount=Decimal(60000), currency="USD", bank="Fictional Commercial Bank",
                             reference="BG-99117", expires_on=utcnow().date() + timedelta(days=900))
    services.decide(applicant.licence, A.START_REVIEW, officer, REASONS[A.START_REVIEW])


def _add_people_and_guarantee(agency, officer, n: int, status: str) -> None:
    for role, person in ((PersonRole.DIRECTOR, f"Director {n}A"), (PersonRole.SHAREHOLDER, f"Shareholder {n}B")):
        p = services.add_person(agency, role=role, name=person, nationality="UG",
                                id_number=f"CM{n:04d}{role.value[:2].upper()}", police_clearance_ref=f"PCC-{n:04d}")
        if status != "application":
            failed = status == "rejected" and role == PersonRole.DIRECTOR
            outcome = VettingStatus.REJECTED if failed else VettingStatus.VETTED
            services.vet_person(p, outcome, "Interpol and national records checked", officer)
    services.lodge_guarantee(
        agency, officer, verified=status != "application", verification_reference=f"FCB/CONF/{n:05d}",
        amount=Decimal(50000 + n * 1000), currency="USD",
        bank="Fictional Commercial Bank", reference=f"BG-{n:05d}", expires_on=utcnow().date() + timedelta(days=900),
    )


def _backdate(agency, rng: random.Random, status: str) -> None:
    """Spread the history over the past: applications months ago, decisions weeks apart."""
    start = utcnow() - timedelta(days=rng.randint(200, 700))
    for i, event in enumerate(agency.licence.events):
        event.at = start + timedelta(days=21 * i + rng.randint(0, 10), hours=rng.randint(8, 16))
    licence = agency.licence
    if licence.valid_from:
        issued = next(e for e in licence.events if e.action == A.ISSUE).at.date()
        licence.valid_from = issued
        licence.number = f"EA/{issued.year}/{licence.id:04d}"
        licence.valid_until = services.add_years(issued, 2) - timedelta(days=1)
        if status == "expired":
            licence.valid_until = utcnow().date() - timedelta(days=rng.randint(5, 90))
        elif status == "renewal":
            licence.valid_until = utcnow().date() + timedelta(days=20)


def notes() -> list[str]:
    return [
        "Registry: try 'perl horizn' (licensed) and 'nile crst' (suspended) in the agency search.",
        f"Phoenix case: {PHOENIX['name']} (under review) shares a director and a phone with the revoked "
        "Bidii Njema Employment Agency; issuing it needs an override reason.",
        "Worker's checks abroad: a deployment ban on domestic work in Lebanon (/deployment-bans) and a blacklisted "
        "employer in Saudi Arabia, Qasr Al Rimal Family Office (/foreign-employers?q=qasr rimal).",
    ]
