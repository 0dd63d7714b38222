"""Fixtures for the registry's desk and application pages."""
import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import AuditEntry, Role
from portal.uploads import Upload

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


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


@pytest.fixture
def application_data():
    """application_data(**changes) -> a complete, valid online application (form fields and files)."""

    def make(**changes) -> dict:
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
            "people-0-name": "Moses Kato",
            "people-0-role": "director",
            "people-0-nationality": "UG",
            "people-0-id_number": "CM900101",
            "people-0-police_clearance_ref": "UPF-2026-0042",
            "people-1-name": "Halima Yusuf",
            "people-1-role": "shareholder",
            "people-1-nationality": "KE",
            "people-1-id_number": "KE123456",
            "people-1-police_clearance_ref": "",
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

    return make


@pytest.fixture
def representative(make_user):
    """representative(agency) -> an account tied to that agency."""

    def make(agency, **kw):
        return make_user(Role.AGENCY_REPRESENTATIVE, agency=agency, **kw)

    return make
