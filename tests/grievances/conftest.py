"""Fixtures for grievances: officials of every kind, a filing helper, tiny real files."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from grievances import services as svc
from grievances.models import Grievance
from portal.extensions import db
from portal.models import Role

REFERENCE = re.compile(r"GRV-[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}")
CODE = re.compile(r"([23456789ABCDEFGHJKMNPQRSTWXYZ]{4}-){3}[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FAKE_JPEG = b"MZ\x90\x00 this is an executable pretending to be a photo" + b"\x00" * 64


@pytest.fixture
def case_officer(make_user):
    return make_user(Role.CASE_OFFICER, email="carla@ministry.test", name="Carla Case")


@pytest.fixture
def other_officer(make_user):
    return make_user(Role.CASE_OFFICER, email="omar@ministry.test", name="Omar Other")


@pytest.fixture
def supervisor(make_user):
    return make_user(Role.CASE_OFFICER, email="sam@ministry.test", name="Sam Supervisor", is_supervisor=True)


@pytest.fixture
def attache(make_user):
    return make_user(Role.CASE_OFFICER, email="rashid@ministry.test", name="Rashid Attache", attache_countries="SA")


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMINISTRATOR, email="admin@ministry.test")


@pytest.fixture
def agency(make_agency):
    return make_agency("Pearl Horizon Recruitment Ltd")


def filing_input(**over) -> svc.FilingInput:
    fields = dict(
        filer_type="anonymous", recruiter_name="Mr Fixit", recruiter_phone="+256 700 111222",
        destination_country="SA", categories=["withheld_documents", "unpaid_wages"],
        description="My passport was taken on arrival and I have not been paid for three months.",
    )
    fields.update(over)
    return svc.FilingInput(**fields)


@pytest.fixture
def file_one():
    """file_one(**fields) -> (grievance, tracking code), committed."""

    def make(**over):
        filing = svc.file_grievance(filing_input(**over), ip="203.0.113.7")
        db.session.commit()
        return filing.grievance, filing.tracking_code

    return make


def form_data(**over) -> dict:
    data = {
        "filer_type": "anonymous", "agency": "", "recruiter_name": "Mr Fixit", "recruiter_phone": "+256 700 111222",
        "employer_name": "A family in Riyadh", "destination_country": "SA",
        "categories": ["withheld_documents", "unpaid_wages"],
        "description": "They took my passport at the airport and have not paid me since March.",
        "amount": "", "currency": "", "contact_name": "", "contact_method": "none", "language": "en",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def all_grievances():
    return db.session.scalars(sa.select(Grievance)).all()


def backdate(grievance, days=0, hours=0):
    """Pretend the case was filed earlier (deadlines move with it)."""
    shift = timedelta(days=days, hours=hours)
    grievance.filed_at -= shift
    grievance.acknowledge_due_at -= shift
    grievance.resolve_due_at -= shift
    db.session.commit()
