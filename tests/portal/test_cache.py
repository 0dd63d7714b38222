"""The public profile from the response cache: the same page for everyone, changed at once in every process
by a licence decision or a grievance, and as many queries whatever the agency's record holds."""
from datetime import date, timedelta

import pytest
import redis

from portal.extensions import db
from portal.models import User
from registry import services as registry
from registry.models import Agency, LicenceAction
from tests.factories import SUSPENSION, file_grievance, text

REDIS = "redis://127.0.0.1:6379/2"


def _redis_or_skip():
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.RedisError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")


def test_a_suspension_shows_at_once_in_every_process(app, other_app, make_agency, officer):
    """Two app processes on one Redis: one serves the profile (cached), the other suspends the licence."""
    _redis_or_skip()
    redis.Redis.from_url(REDIS).flushdb()
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    agency_id, public_id, number, officer_id = agency.id, agency.public_id, agency.licence.number, officer.id
    db.session.close()  # the test's own session holds no transaction while the two processes work
    serving, deciding = other_app(CACHE_REDIS_URL=REDIS), other_app(CACHE_REDIS_URL=REDIS)
    worker = serving.test_client()
    for _ in range(2):
        assert 'class="badge licensed"' in text(worker.get(f"/agencies/{public_id}"))
        assert worker.get(f"/api/v1/agencies/{number}").json["status"] == "licensed"
    assert redis.Redis.from_url(REDIS).keys("portal:profile*")  # served from the shared cache
    with deciding.app_context():
        licence = db.session.get(Agency, agency_id).licence
        registry.decide(licence, LicenceAction.SUSPEND, db.session.get(User, officer_id), "Fees charged to workers",
                        "MOL/ORD/2026/9", suspension=SUSPENSION)
        db.session.commit()
    assert 'class="badge suspended"' in text(worker.get(f"/agencies/{public_id}"))
    assert worker.get(f"/api/v1/agencies/{number}").json["status"] == "suspended"


def test_a_new_grievance_shows_in_the_record_at_once(client, make_agency):
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    number = agency.licence.number
    assert client.get(f"/api/v1/agencies/{number}").json["grievances"]["total"] == 0
    file_grievance(agency_text=number, recruiter_name="")
    assert client.get(f"/api/v1/agencies/{number}").json["grievances"]["total"] == 1


def test_the_profile_sends_as_many_queries_whatever_the_record_holds(client, make_agency, queries):
    agency = make_agency("Pearl Horizon Recruitment Ltd")

    def counted(url):
        db.session.close()  # nothing known beforehand, as in a new request
        with queries() as run:
            assert client.get(url).status_code == 200
        return len([statement for statement in run if statement != "BEGIN"])

    urls = [f"/agencies/{agency.public_id}", f"/api/v1/agencies/{agency.licence.number}"]
    first = [counted(u) for u in urls]
    again = [counted(u) for u in urls]  # from the cache: the agency's look-up only
    for _ in range(5):
        file_grievance(agency_text=agency.licence.number, recruiter_name="")
    assert [counted(u) for u in urls] == first and [counted(u) for u in urls] == again
    # cached: one query, the agency's version with the deployment bans in force (both part of the key)
    assert max(first) <= 8 and again == [1, 1]


def test_a_deployment_ban_shows_at_once_on_a_cached_profile(client, make_agency, officer):
    """A ban is no change of the agency's own, yet the profile's key names the bans in force: added or lifted, the
    cached profile changes at once."""
    agency = make_agency("Pearl Horizon Recruitment Ltd", destinations=("LB",))
    url = f"/agencies/{agency.public_id}"
    assert "Unsafe conditions" not in text(client.get(url))
    ban = registry.add_ban(officer, "LB", None, date.today() - timedelta(days=2), None, "Unsafe conditions")
    db.session.commit()
    assert "Unsafe conditions" in text(client.get(url))
    registry.lift_ban(ban, officer, "Conditions improved")  # in force until yesterday
    db.session.commit()
    assert "Unsafe conditions" not in text(client.get(url))
