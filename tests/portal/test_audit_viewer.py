"""/admin/audit: newest first, filtered by actor, action, object, date and identity views, each entry
linking to its object; the chain's state and head as the last verification (scheduled, or asked for on the page)
found them; CSV export that no spreadsheet runs."""
import csv
import io
import re
from collections import Counter

import pytest
import sqlalchemy as sa

from grievances.services import record_identity_view
from portal import audit, scheduler
from portal.extensions import db
from portal.models import AuditEntry, Role
from registry import services
from registry.models import LicenceAction
from tests import factories
from tests.factories import SUSPENSION, text


@pytest.fixture
def admin(make_user, login):
    user = make_user(Role.ADMINISTRATOR, email="grace@ministry.test")
    login(user)
    return user


def test_entries_newest_first_with_links_and_the_chain_state(client, admin, make_agency, officer):
    agency = make_agency()
    services.decide(agency.licence, LicenceAction.SUSPEND, officer, "=HYPERLINK(\"http://evil\")", "O-1",
                    suspension=SUSPENSION)
    db.session.commit()
    scheduler.run_due()
    page = text(client.get("/admin/audit"))
    assert "The chain is intact" in page and audit.verify().head in page and "Last verified" in page
    assert page.index("licence.suspend") < page.index("licence.issue")
    assert f'href="/desk/agencies/{agency.public_id}"' in page


def test_filters_by_actor_action_object_and_identity_views(client, admin, make_agency, officer, make_user):
    agency = make_agency()
    grievance, _code = factories.file_grievance()
    record_identity_view(admin, grievance)
    db.session.commit()
    by_actor = text(client.get("/admin/audit?actor=officer@ministry"))
    assert "licence.issue" in by_actor and "grievance.file" not in by_actor
    assert "grievance.file" in text(client.get("/admin/audit?action=grievance."))
    by_object = text(client.get(f"/admin/audit?object_type=Agency&object_id={agency.public_id}"))
    assert "licence.issue" not in by_object
    views = text(client.get("/admin/audit?identity=1"))
    assert "grievance.view_identity" in views and "grievance.file" not in views
    assert f'href="/grievances/cases/{grievance.reference}"' in views
    assert "No entry matches." in text(client.get("/admin/audit?since=2999-01-01"))


def test_a_broken_chain_is_shown_where_it_breaks(client, admin, make_agency):
    make_agency()
    entry_id = db.session.scalar(sa.select(AuditEntry.id).order_by(AuditEntry.id).limit(1).offset(1))
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == entry_id).values(reason="rewritten"))
    db.session.commit()
    scheduler.run_due()
    page = text(client.get("/admin/audit"))
    assert "The chain is broken" in page and f"at entry {entry_id}" in page


def test_the_page_shows_the_last_verification_and_never_verifies_itself(client, admin, make_agency, queries):
    make_agency()
    with queries() as run:
        page = text(client.get("/admin/audit"))
    assert "The chain has never been verified" in page and "The chain is intact" not in page
    assert not any(re.search(r"FROM audit_entries ORDER BY audit_entries.id\s*$", q) for q in run)  # no walk
    scheduler.run_due()
    check = audit.last_check()
    assert check.ok and check.entries == audit.verify().checked and check.requested_by_id is None
    check.checked_at -= 3 * audit.CHECK_EVERY
    db.session.commit()
    page = text(client.get("/admin/audit"))
    assert "The chain is intact" in page and "older than expected" in page


def test_an_administrator_verifies_now_and_it_is_audited(client, admin, make_agency):
    make_agency()
    entry_id = db.session.scalar(sa.select(AuditEntry.id).order_by(AuditEntry.id).limit(1))
    response = client.post("/admin/audit/verify")
    assert response.status_code == 302
    page = text(client.get("/admin/audit"))
    assert "The chain is verified." in page and "The chain is intact" in page and "older than" not in page
    check = audit.last_check()
    assert check.requested_by_id == admin.id
    done = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "audit.verify")).one()
    assert done.actor == admin.email and audit.details_of(done)["intact"] is True
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == entry_id).values(reason="rewritten"))
    db.session.commit()
    client.post("/admin/audit/verify")
    page = text(client.get("/admin/audit"))
    assert "The chain is broken" in page and f"at entry {entry_id}" in page


def test_csv_export_has_every_field_and_no_formulas(client, admin, make_agency, officer):
    agency = make_agency()
    services.decide(agency.licence, LicenceAction.SUSPEND, officer, "=1+1", "O-1", suspension=SUSPENSION)
    db.session.commit()
    response = client.get("/admin/audit.csv?action=licence.")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {row["action"] for row in rows} >= {"licence.issue", "licence.suspend"}
    suspend = next(row for row in rows if row["action"] == "licence.suspend")
    assert suspend["reason"] == "'=1+1" and suspend["actor"] == "officer@ministry.test" and len(suspend["hash"]) == 64


def test_the_page_links_every_entry_in_a_fixed_number_of_queries(client, admin, make_agency, queries):
    for n in range(5):
        make_agency(f"Linked Agency {n} Ltd")
    db.session.commit()
    with queries() as run:
        page = text(client.get("/admin/audit"))
    assert page.count('href="/desk/agencies/') >= 5
    # the public ids (and licences' agencies) the links need: one query a table, however many links
    lookups = [re.search(r"\bFROM (\w+)", q).group(1) for q in run
               if re.match(r"\s*SELECT (\w+\.id, )?\w+\.(public_id|agency_id)\s", q)]
    assert lookups and max(Counter(lookups).values()) == 1
