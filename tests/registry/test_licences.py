"""The licence lifecycle: every allowed decision, every refused one, and what issuing requires."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.errors import DomainError, Refused
from portal.extensions import db
from portal.models import AuditEntry
from registry import services
from registry.models import LicenceAction as A
from registry.models import LicenceStatus as S
from registry.models import PersonRole, PublicStatus
from tests.factories import SUSPENSION

ALL_STATUSES = ["application", "under_review", "licensed", "suspended", "revoked", "rejected", "expired"]
ALLOWED_FROM = {
    A.START_REVIEW: {"application"},
    A.ISSUE: {"under_review"},
    A.REJECT: {"application", "under_review"},
    A.RENEW: {"licensed", "expired"},
    A.SUSPEND: {"licensed"},
    A.REINSTATE: {"suspended"},
    A.REVOKE: {"licensed", "suspended", "expired"},
}
REFUSED = [(action, status) for action, sources in ALLOWED_FROM.items() for status in ALL_STATUSES
           if status not in sources]


@pytest.mark.parametrize(("action", "status"), REFUSED, ids=[f"{a.value}-from-{s}" for a, s in REFUSED])
def test_refused_transition_changes_nothing(make_agency, officer, action, status):
    agency = make_agency(status=status)
    events_before = len(agency.licence.events)
    with pytest.raises(Refused) as refused:
        services.decide(agency.licence, action, officer, "because", "ORDER-9")
    assert "is not possible while the licence status is" in str(refused.value.message)
    db.session.rollback()
    assert len(agency.licence.events) == events_before


@pytest.mark.parametrize(("action", "status"), [(a, s) for a, ss in ALLOWED_FROM.items() for s in sorted(ss)])
def test_allowed_transition_is_recorded_with_reason_order_and_audit(make_agency, officer, action, status):
    agency = make_agency(status=status)
    event = services.decide(agency.licence, action, officer, "Inspection report 12", "ORDER-77", suspension=SUSPENSION)
    db.session.commit()
    assert (event.reason, event.order_reference, event.actor_id) == ("Inspection report 12", "ORDER-77", officer.id)
    assert agency.licence.events[-1] is event
    entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == f"licence.{action.value}" and entry.reason == "Inspection report 12"


def test_allowed_actions_match_the_table(make_agency):
    for status in ALL_STATUSES:
        agency = make_agency(f"Agency {status}", status=status)
        expected = {a for a, sources in ALLOWED_FROM.items() if status in sources}
        assert set(services.allowed_actions(agency.licence)) == expected, status


def test_reason_and_order_reference_are_required(make_agency, officer):
    agency = make_agency(status="licensed")
    with pytest.raises(DomainError) as missing_reason:
        services.decide(agency.licence, A.SUSPEND, officer, "  ", "ORDER-1", suspension=SUSPENSION)
    assert missing_reason.value.field == "reason"
    with pytest.raises(DomainError) as missing_order:
        services.decide(agency.licence, A.SUSPEND, officer, "Fees charged", "", suspension=SUSPENSION)
    assert missing_order.value.field == "order_reference"


def test_issue_gives_number_and_two_years_validity(make_agency, officer):
    agency = make_agency(status="under_review")
    services.decide(agency.licence, A.ISSUE, officer, "ok", "ORDER-1", day=date(2026, 3, 1))
    licence = agency.licence
    assert licence.number == f"EA/2026/{licence.id:04d}"
    assert (licence.valid_from, licence.valid_until) == (date(2026, 3, 1), date(2028, 2, 29))


def test_issue_refused_while_a_director_is_unvetted(make_agency, officer):
    agency = make_agency(status="under_review")
    services.add_person(agency, role=PersonRole.SHAREHOLDER, name="Unvetted Person", nationality="KE",
                        id_number="X1", police_clearance_ref="")
    with pytest.raises(Refused) as refused:
        services.decide(agency.licence, A.ISSUE, officer, "ok", "ORDER-1")
    assert "Unvetted Person" in str(refused.value.message)


def test_issue_refused_without_a_verified_unexpired_guarantee(make_agency, officer):
    agency = make_agency(status="under_review")
    agency.guarantees[0].expires_on = date.today() - timedelta(days=1)
    services.lodge_guarantee(agency, None, amount=Decimal(30000), currency="USD", bank="B", reference="R2",
                             expires_on=date.today() + timedelta(days=800))  # lodged, not verified
    with pytest.raises(Refused) as refused:
        services.decide(agency.licence, A.ISSUE, officer, "ok", "ORDER-1")
    assert "guarantee" in str(refused.value.message)
    services.verify_guarantee(agency.guarantees[1], officer, "CONF-77")
    services.decide(agency.licence, A.ISSUE, officer, "ok", "ORDER-1")
    assert agency.licence.status == S.LICENSED




def test_expiry_is_computed_at_read_time_and_recorded_by_the_job(make_agency):
    agency = make_agency(status="licensed", valid_until=date.today() - timedelta(days=1))
    assert agency.licence.status == S.LICENSED
    assert services.effective_status(agency.licence) == S.EXPIRED
    assert services.public_status(agency) == PublicStatus.EXPIRED
    assert services.expire_licences() == [agency.licence]
    assert agency.licence.status == S.EXPIRED and agency.licence.events[-1].action == A.EXPIRE
    assert services.expire_licences() == []


def test_suspending_an_expired_licence_is_refused(make_agency, officer):
    agency = make_agency(status="expired")
    with pytest.raises(Refused):
        services.decide(agency.licence, A.SUSPEND, officer, "x", "O", suspension=SUSPENSION)


def test_renewal_extends_from_the_end_of_a_valid_licence(make_agency, officer):
    agency = make_agency(status="licensed")
    end = agency.licence.valid_until
    services.decide(agency.licence, A.RENEW, officer, "renewed", "ORDER-2")
    assert agency.licence.valid_from == end + timedelta(days=1)
    assert agency.licence.valid_until > end + timedelta(days=700)


def test_renewal_of_an_expired_licence_starts_today(make_agency, officer):
    agency = make_agency(status="expired")
    services.decide(agency.licence, A.RENEW, officer, "renewed", "ORDER-2")
    assert agency.licence.valid_from == date.today()
    assert services.public_status(agency) == PublicStatus.LICENSED


def test_renewal_request_is_kept_until_decided(make_agency, make_user, officer):
    agency = make_agency(status="licensed")
    rep = make_user("agency_representative", agency=agency)
    services.request_renewal(agency, rep, "please")
    assert agency.licence.renewal_requested_at is not None
    with pytest.raises(Refused):
        services.request_renewal(agency, rep, "again")
    services.decide(agency.licence, A.RENEW, officer, "ok", "ORDER-3")
    assert agency.licence.renewal_requested_at is None


def test_status_on_a_past_day_comes_from_the_history(make_agency, officer):
    agency = make_agency(status="licensed")
    for event in agency.licence.events:
        event.at -= timedelta(days=10)
    services.decide(agency.licence, A.SUSPEND, officer, "fees", "O-1", suspension=SUSPENSION)
    assert services.licence_status_on(agency, date.today() - timedelta(days=5)) == S.LICENSED
    assert services.licence_status_on(agency, date.today()) == S.SUSPENDED
    assert services.licence_status_on(agency, date.today() - timedelta(days=400)) is None




