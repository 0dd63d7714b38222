"""What the grievance tests make and read back, as plain functions: filings (for the services and as the form
posts them), tiny real files, the shapes of references and codes. tests/grievances/conftest.py wraps them as
fixtures where a test needs one."""
import re
from datetime import timedelta

import sqlalchemy as sa

from grievances import services as svc
from grievances.models import Grievance
from portal.extensions import db

REFERENCE = re.compile(r"GRV-[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}")
CODE = re.compile(r"([23456789ABCDEFGHJKMNPQRSTWXYZ]{4}-){3}[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FAKE_JPEG = b"MZ\x90\x00 this is an executable pretending to be a photo" + b"\x00" * 64


def filing_input(**over) -> svc.FilingInput:
    """An anonymous filing about a withheld passport and unpaid wages, against an unlicensed recruiter."""
    fields = dict(
        filer_type="anonymous", recruiter_name="Mr Fixit", recruiter_phone="+256 700 111222",
        destination_country="SA", categories=["withheld_documents", "unpaid_wages"],
        description="My passport was taken on arrival and I have not been paid for three months.",
    )
    fields.update(over)
    return svc.FilingInput(**fields)


def file_one(**over) -> tuple[Grievance, str]:
    """A filing recorded and committed: (grievance, tracking code)."""
    filing = svc.file_grievance(filing_input(**over), ip="203.0.113.7")
    db.session.commit()
    return filing.grievance, filing.tracking_code


def form_data(**over) -> dict:
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
