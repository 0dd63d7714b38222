"""What tests make, through the real services: accounts, agencies taken through the licence lifecycle,
online applications, contract templates and contracts with their signatures, grievances and the filing
form; tiny real files; and what tests read back (pages, the audit log, codes). Plain functions: the
conftest modules wrap them as fixtures."""
import io
import re
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import pytest
import sqlalchemy as sa
from PIL import Image

from contracts import services as contracts
from contracts.models import Contract, ContractTemplate, EmployerPaidItem, RepatriationCase, SignatoryRole
from grievances import services as grievances
from grievances.models import Grievance
from portal.auth import create_user
from portal.errors import Refused
from portal.extensions import db
from portal.models import AuditEntry, Role, User
from portal.uploads import Upload
from registry import services as registry
from registry.models import Agency, ForeignParty, LicenceAction, LicenceStatus, PartyKind, PersonRole, VettingStatus

PASSWORD = "correct horse battery"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
_numbers = count(1)
# Directors of the agencies the factories make (with a number: no two agencies share a director by accident).
DIRECTORS = ("Amina Nakato", "Grace Atim", "Joseph Mugisha", "Ruth Achieng", "Daniel Okello")
# Agencies made alike on purpose (a test of search, say) are licensed with this reason: the phoenix rule's own
# tests (tests/registry/test_links.py) issue without it.
LINK_OVERRIDE = "test: agencies made alike on purpose by the test"
# How the factories suspend a licence: until a date, with the note workers read.
SUSPENSION = registry.Suspension(date.today() + timedelta(days=90), False,
                                 "Suspended while complaints of fees charged to workers are investigated.")

# The decisions that take a new application to each status.
STEPS = {
    "under_review": [LicenceAction.START_REVIEW],
    "licensed": [LicenceAction.START_REVIEW, LicenceAction.ISSUE],
    "suspended": [LicenceAction.START_REVIEW, LicenceAction.ISSUE, LicenceAction.SUSPEND],
    "revoked": [LicenceAction.START_REVIEW, LicenceAction.ISSUE, LicenceAction.REVOKE],
    "rejected": [LicenceAction.START_REVIEW, LicenceAction.REJECT],
    "expired": [LicenceAction.START_REVIEW, LicenceAction.ISSUE],
}


def make_user(role: Role | str = Role.LICENSING_OFFICER, email: str | None = None, agency: Agency | None = None,
              **fields) -> User:
    """A saved account whose password is PASSWORD."""
    role = Role(role)
    email = email or f"{role.value}{next(_numbers)}@ministry.test"
    user = create_user(email, PASSWORD, role, agency_id=agency.id if agency else None)
    for key, value in fields.items():
        setattr(user, key, value)
    db.session.commit()
    return user


def make_agency(officer: User, legal_name: str = "Pearl Horizon Recruitment Ltd", status: str = "licensed", *,
                destinations=("SA", "AE"), sectors=("domestic_work",), trading_names=(), valid_until=None,
                **fields) -> Agency:
    """An agency taken through the real lifecycle to that status (a vetted director and a verified
    guarantee first, as the rules require)."""
    n = next(_numbers)
    agency = registry.create_agency(
        None, legal_name=legal_name, trading_names=list(trading_names),
        registration_number=fields.pop("registration_number", f"REG-{n:05d}"),
        destinations=list(destinations), sectors=list(sectors), **({
            "address": f"Plot {n}, Kampala Road", "phone": f"+2567{n:08d}", "email": f"info{n}@agency.test",
        } | fields),
    )
    if status in ("application", "pending"):
        db.session.commit()
        return agency
    _qualify(agency, officer, n)
    for action in STEPS[status]:
        registry.decide(agency.licence, action, officer, f"test: {action}", "ORDER-1",
                        suspension=SUSPENSION if action == LicenceAction.SUSPEND else None,
                        link_override=LINK_OVERRIDE)
    if status == "expired" or valid_until:
        agency.licence.valid_until = valid_until or date.today() - timedelta(days=1)
    db.session.commit()
    assert status != "expired" or registry.effective_status(agency.licence) == LicenceStatus.EXPIRED
    return agency


def _qualify(agency: Agency, officer: User, n: int) -> None:
    """A vetted director and a verified guarantee: what a licence needs."""
    registry.add_person(agency, role=PersonRole.DIRECTOR, name=f"{DIRECTORS[n % len(DIRECTORS)]} {n}", nationality="UG",
                        id_number=f"CM{n:08d}", police_clearance_ref=f"PC-{n}")
    for person in agency.people:
        registry.vet_person(person, VettingStatus.VETTED, "clear", officer)
    registry.lodge_guarantee(agency, officer, verified=True, verification_reference=f"BANK-CONF-{n}",
                             amount=Decimal("50000"), currency="USD",
                             bank="Fictional Bank", reference=f"BG-{n}", expires_on=date.today() + timedelta(days=1500))


def application_data(**changes) -> dict:
    """A complete, valid online application (form fields and files); a change of None leaves the field out."""
    data = {
        "legal_name": "Sunrise Gateway Placements Ltd",
        "trading_names": "Sunrise Jobs\nGateway Placements",
        "registration_number": "80010012345",
        "address": "Plot 12, Jinja Road, Kampala",
        "phone": "+256 700 111 222",
        "email": "office@sunrise.example",
        "destinations": ["SA", "AE"],
        "sectors": ["domestic_work", "hospitality"],
        "complaints_officer_name": "Ruth Achieng",
        "complaints_officer_phone": "+256 700 333 444",
        "complaints_officer_email": "complaints@sunrise.example",
        "people-0-name": "Moses Kato", "people-0-role": "director", "people-0-nationality": "UG",
        "people-0-id_number": "CM900101", "people-0-police_clearance_ref": "UPF-2026-0042",
        "people-1-name": "Halima Yusuf", "people-1-role": "shareholder", "people-1-nationality": "KE",
        "people-1-id_number": "KE123456", "people-1-police_clearance_ref": "",
        "people-2-name": "", "people-2-role": "director", "people-2-nationality": "", "people-2-id_number": "",
        "people-3-name": "", "people-3-role": "director", "people-3-nationality": "", "people-3-id_number": "",
        "amount": "50000",
        "currency": "usd",
        "bank": "Fictional Commercial Bank",
        "reference": "BG-2026-777",
        "expires_on": (date.today() + timedelta(days=700)).isoformat(),
        "incorporation_document": pdf("incorporation.pdf"),
        "guarantee_document": pdf("guarantee.pdf"),
        "representative_name": "Moses Kato",
        "account_email": "moses@sunrise.example",
        "password": "a long enough password",
        "password_confirm": "a long enough password",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def pdf(name: str = "document.pdf", content: bytes = PDF_BYTES):
    """A file as the test client uploads it."""
    return (io.BytesIO(content), name)


def upload(name: str = "document.pdf", content: bytes = PDF_BYTES) -> Upload:
    """A file as a view hands it to a service."""
    return Upload(name, content)


def by_public_id(model, public_id: str):
    """The row of model whose address carries public_id."""
    return db.session.execute(sa.select(model).filter_by(public_id=public_id)).scalar_one()


def text(response) -> str:
    """A page as the browser receives it."""
    return response.get_data(as_text=True)


def audit_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))


def audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


# ---------------------------------------------------------------- contracts

TERMS = dict(
    title="Standard contract: domestic worker, Saudi Arabia", currency="SAR", min_monthly_wage=Decimal("1500"),
    max_hours_per_week=48, min_weekly_rest_days=1, min_annual_leave_days=21, max_duration_months=24,
    max_probation_months=3, min_death_disability_compensation=Decimal("60000"),
    dispute_attache="the Labour Attaché, Embassy in Riyadh", dispute_authority="the Ministry of Human Resources",
)
PASSPORT = "B7734521"


def make_template(officer: User) -> ContractTemplate:
    """The published standard contract for domestic work in Saudi Arabia."""
    template = contracts.create_template(officer, "SA", "domestic_work", "Domestic worker", **TERMS)
    contracts.publish_version(template.versions[0], officer)
    db.session.commit()
    return template


def make_parties(officer: User) -> tuple[ForeignParty, ForeignParty]:
    """(partner agency, employer) in Saudi Arabia, clear of the watchlist."""
    employer = registry.add_foreign_party(officer, kind=PartyKind.EMPLOYER, name="Al Noor Household Services",
                                          country="SA")
    partner = registry.add_foreign_party(officer, kind=PartyKind.PARTNER_AGENCY, name="Riyadh Bridge Manpower",
                                         country="SA")
    db.session.commit()
    return partner, employer


def contract_fields(**overrides) -> dict:
    """The worker and the terms of a contract that meets the template's minimums."""
    fields = dict(
        worker_name="Nakato Sarah", worker_date_of_birth=date(1996, 4, 2), worker_passport_number=PASSPORT,
        worker_phone="+256772000111", worker_next_of_kin="Okello John (brother), +256701222333",
        worker_language="en", job_title="Domestic worker", place_of_work="Riyadh",
        start_date=date.today() + timedelta(days=30),
        monthly_wage=Decimal("1600"), hours_per_week=48, weekly_rest_days=1, annual_leave_days=21, duration_months=24,
        probation_months=3, death_disability_compensation=Decimal("60000"),
    )
    fields.update(overrides)
    return fields


def make_contract(rep: User, template: ContractTemplate, parties, fees=(), **overrides) -> Contract:
    """A draft contract by the representative's agency from the template's published version."""
    partner, employer = parties
    contract = contracts.draft_contract(rep, db.session.get(Agency, rep.agency_id), template.published_version,
                                        partner, employer, fees=list(fees), **contract_fields(**overrides))
    db.session.commit()
    return contract


def collect_signatures(contract: Contract, rep: User) -> Contract:
    """Send the contract for signature and record every party's signature."""
    contracts.submit_for_signatures(contract, rep)
    contracts.sign(contract, rep, SignatoryRole.ORIGIN_AGENCY, "Moses Rep", "Director")
    for role, name, capacity in ((SignatoryRole.PARTNER_AGENCY, "Faisal Omar", "Manager"),
                                 (SignatoryRole.EMPLOYER, "Huda Al Noor", "Owner"),
                                 (SignatoryRole.WORKER, "Nakato Sarah", "The worker")):
        contracts.sign(contract, rep, role, name, capacity)
    db.session.commit()
    return contract


def attestation_refusals(contract: Contract, officer: User) -> list[str]:
    """The reasons an attestation is refused (rolled back)."""
    with pytest.raises(Refused) as info:
        contracts.attest(contract, officer)
    db.session.rollback()
    return [str(p) for p in info.value.messages]


def contract_form(parties, **overrides) -> dict:
    """The drafting form as a browser posts it: the terms, the parties, every employer-paid item ticked."""
    partner, employer = parties
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in contract_fields(**overrides).items()}
    data.update({"partner_agency_id": partner.public_id, "employer_id": employer.public_id, "currency": "SAR"})
    data.update({f"employer_pays_{item.value}": "y" for item in EmployerPaidItem})
    data.update({f"repatriation_{case.value}": "y" for case in RepatriationCase})
    data["passport_kept_by_worker"] = "y"
    return data


# ---------------------------------------------------------------- grievances

_SYMBOL = "[23456789ABCDEFGHJKMNPQRSTWXYZ]"
REFERENCE = re.compile(f"GRV-{_SYMBOL}{{4}}-{_SYMBOL}{{4}}")
CODE = re.compile(f"({_SYMBOL}{{4}}-){{3}}{_SYMBOL}{{4}}")


def photo(image_format: str = "JPEG", size=(8, 6), gps: bool = False, **save) -> bytes:
    """A real tiny photo; with gps, carrying what a phone writes: its make, the time, the position."""
    exif = Image.Exif()
    if gps:
        exif[0x010F], exif[0x0132] = "PhoneMaker", "2026:03:14 09:26:53"
        exif.get_ifd(0x8825).update({1: "N", 2: (25.0, 17.0, 3.5), 3: "E", 4: (51.0, 31.0, 12.0)})
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, image_format, exif=exif, **save)
    return out.getvalue()


PNG = photo("PNG")
JPEG = photo("JPEG")
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FAKE_JPEG = b"MZ\x90\x00 this is an executable pretending to be a photo" + b"\x00" * 64


def filing_input(**over) -> grievances.FilingInput:
    """An anonymous filing about a withheld passport and unpaid wages, against an unlicensed recruiter."""
    fields = dict(
        filer_type="anonymous", recruiter_name="Mr Fixit", recruiter_phone="+256 700 111222",
        destination_country="SA", categories=["withheld_documents", "unpaid_wages"],
        description="My passport was taken on arrival and I have not been paid for three months.",
    )
    fields.update(over)
    return grievances.FilingInput(**fields)


def file_grievance(**over) -> tuple[Grievance, str]:
    """A filing recorded and committed: (grievance, tracking code)."""
    filing = grievances.file_grievance(filing_input(**over), ip="203.0.113.7")
    db.session.commit()
    return filing.grievance, filing.tracking_code


def grievance_form(**over) -> dict:
    """The filing form as a browser posts it; a change of None leaves the field out."""
    data = {
        "filer_type": "anonymous", "agency": "", "recruiter_name": "Mr Fixit", "recruiter_phone": "+256 700 111222",
        "employer_name": "A family in Riyadh", "destination_country": "SA",
        "categories": ["withheld_documents", "unpaid_wages"],
        "description": "They took my passport at the airport and have not paid me since March.",
        "amount": "", "currency": "", "contact_name": "", "contact_method": "none", "language": "en",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def all_grievances() -> list[Grievance]:
    return list(db.session.scalars(sa.select(Grievance)).all())


def backdate(grievance: Grievance, days: int = 0, hours: int = 0) -> None:
    """Pretend the case was filed earlier (deadlines move with it)."""
    shift = timedelta(days=days, hours=hours)
    grievance.filed_at -= shift
    grievance.acknowledge_due_at -= shift
    grievance.resolve_due_at -= shift
    db.session.commit()
