"""What tests make: accounts, agencies taken through the real licence lifecycle, a complete online
application, files as browsers send them; and what they read back from the audit log. Plain functions:
tests/conftest.py wraps them as fixtures."""
import io
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import sqlalchemy as sa

from portal.auth import create_user
from portal.extensions import db
from portal.models import AuditEntry, Role, User
from portal.uploads import Upload
from registry import services as registry
from registry.models import Agency, LicenceAction, LicenceStatus, PersonRole, VettingStatus

PASSWORD = "correct horse battery"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
_numbers = count(1)

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
        destinations=list(destinations), sectors=list(sectors), address="Plot 1, Kampala Road",
        phone="+256700000000", email=f"info{n}@agency.test", **fields,
    )
    if status in ("application", "pending"):
        db.session.commit()
        return agency
    _qualify(agency, officer, n)
    for action in STEPS[status]:
        registry.decide(agency.licence, action, officer, f"test: {action}", "ORDER-1")
    if status == "expired" or valid_until:
        agency.licence.valid_until = valid_until or date.today() - timedelta(days=1)
    db.session.commit()
    assert status != "expired" or registry.effective_status(agency.licence) == LicenceStatus.EXPIRED
    return agency


def _qualify(agency: Agency, officer: User, n: int) -> None:
    """A vetted director and a verified guarantee: what a licence needs."""
    registry.add_person(agency, role=PersonRole.DIRECTOR, name="Amina Nakato", nationality="UG",
                        id_number=f"CM{n:08d}", police_clearance_ref=f"PC-{n}")
    for person in agency.people:
        registry.vet_person(person, VettingStatus.VETTED, "clear", officer)
    registry.lodge_guarantee(agency, officer, verified=True, amount=Decimal("50000"), currency="USD",
                             bank="Fictional Bank", reference=f"BG-{n}", expires_on=date.today() + timedelta(days=800))


def application_data(**changes) -> dict:
    """A complete, valid online application (form fields and files); a change of None leaves the field out."""
    data = {
        "legal_name": "Sunrise Gateway Placements Ltd",
        "trading_names": "Sunrise Jobs\nGateway Placements",
        "registration_number": "80010012345",
        "address": "Plot 12, Jinja Road, Kampala",
        "phone": "+256 700 111 222",
        "email": "office@sunrise.example",
        "destinations": "sa, AE",
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


def audit_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))


def audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))
