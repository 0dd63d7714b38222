"""The public profile from the response cache: the same page for everyone, changed at once in every process
by a licence decision or a grievance, and as many queries whatever the agency's record holds; with Redis, a
page served from the cache sends no SQL at all."""
import os
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
import redis
import sqlalchemy as sa

from portal.extensions import db
from portal.models import User
from registry import services as registry
from registry.models import Agency, LicenceAction
from tests.factories import SUSPENSION, file_grievance, text

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")  # flushed by these tests


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


class TwoProcesses:
    """Two app processes on one Redis: `worker` serves the public, `deciding` changes the data (as an official's
    request or a job would, in its own app)."""

    def __init__(self, other_app, agency, officer):
        self.agency_id, self.public_id, self.number = agency.id, agency.public_id, agency.licence.number
        self.officer_id = officer.id
        db.session.close()  # the test's own session holds no transaction while the two processes work
        self.serving, self.deciding = other_app(CACHE_REDIS_URL=REDIS), other_app(CACHE_REDIS_URL=REDIS)
        self.worker = self.serving.test_client()

    def page(self, number: str | None = None) -> str:
        return text(self.worker.get(f"/agencies/{self.public_id}"))

    def json(self, number: str | None = None):
        response = self.worker.get(f"/api/v1/agencies/{number or self.number}")
        return response.json if response.status_code == 200 else response.status_code

    def served_twice(self, number: str | None = None) -> tuple[str, object]:
        """The page and the JSON, asked twice (the second from the cache) and the same both times."""
        first = self.page(), self.json(number)
        assert (self.page(), self.json(number)) == first
        return first

    def suspend(self, session) -> None:
        registry.decide(session.get(Agency, self.agency_id).licence, LicenceAction.SUSPEND,
                        session.get(User, self.officer_id), "Fees charged to workers", "MOL/ORD/2026/9",
                        suspension=SUSPENSION)

    @contextmanager
    def change(self):
        """Inside: a transaction of the deciding process, committed at the end."""
        with self.deciding.app_context():
            yield db.session
            db.session.commit()


@pytest.fixture
def processes(other_app, make_agency, officer):
    _redis_or_skip()
    redis.Redis.from_url(REDIS).flushdb()
    return TwoProcesses(other_app, make_agency("Pearl Horizon Recruitment Ltd", destinations=("LB",)), officer)


def test_every_change_shows_at_once_across_processes(processes):
    """A licence decision, a grievance and a deployment ban added and lifted: each shows on the next request."""
    officer_id = processes.officer_id
    page, data = processes.served_twice()
    assert 'class="badge licensed"' in page and data["status"] == "licensed" and data["grievances"]["total"] == 0
    with processes.change():
        file_grievance(agency_text=processes.number, recruiter_name="")
    page, data = processes.served_twice()
    assert "<dt>Grievances filed</dt><dd>1</dd>" in page and data["grievances"]["total"] == 1
    with processes.change() as session:
        ban = registry.add_ban(session.get(User, officer_id), "LB", None, date.today() - timedelta(days=2), None,
                               "Unsafe conditions")
        ban_id = ban.id
    assert "Unsafe conditions" in processes.served_twice()[0]
    with processes.change() as session:
        registry.lift_ban(session.get(type(ban), ban_id), session.get(User, officer_id), "Conditions improved")
    assert "Unsafe conditions" not in processes.served_twice()[0]
    with processes.change() as session:
        processes.suspend(session)
    page, data = processes.served_twice()
    assert 'class="badge suspended"' in page and data["status"] == "suspended"


def test_a_licence_number_no_longer_held_is_not_found_at_once(processes, make_agency):
    """A number typed loosely names the agency holding it exactly as soon as one does, and a number given up names
    no one at once, though the cache had both."""
    other_id = make_agency("Kampala Bright Futures Agency").id
    db.session.close()
    old = processes.number
    prefix, year, serial = old.split("/")
    loosely, exactly = f"{prefix} {year} {int(serial)}", f"{prefix}/{year}/{int(serial)}"  # EA 2026 1, EA/2026/1
    pearl = "Pearl Horizon Recruitment Ltd"
    assert processes.served_twice()[1]["name"] == processes.served_twice(loosely)[1]["name"] == pearl
    with processes.change() as session:  # another agency's number is now the exact match
        session.get(Agency, other_id).licence.number = exactly
    assert processes.json(loosely)["name"] == "Kampala Bright Futures Agency"
    with processes.change() as session:
        session.get(Agency, processes.agency_id).licence.number = "EA/2026/9999"
    assert processes.json(old) == 404
    assert processes.served_twice("EA/2026/9999")[1]["name"] == pearl


def test_a_lost_generation_falls_back_to_the_database(processes):
    """Redis may evict or lose a generation: the next request reads the database and makes a new one, never
    serving a page made before."""
    store = redis.Redis.from_url(REDIS)
    processes.served_twice()
    agency_generation = f"portal:generation:agency:{processes.agency_id}"
    with processes.change() as session:
        processes.suspend(session)
        session.commit()
        store.delete(agency_generation)  # lost right after the commit wrote it
    page, data = processes.served_twice()
    assert 'class="badge suspended"' in page and data["status"] == "suspended"
    assert store.get(agency_generation)  # made anew
    for generation in ("portal:generation:bans", "portal:generation:licence-numbers"):
        store.delete(generation)
        assert processes.served_twice() == (page, data) and store.get(generation)


def _statements(app, request) -> list[str]:
    """The SQL statements one request of this app sends."""
    with app.app_context():
        engine = db.engine
    run = []

    def count(conn, cursor, statement, *args):
        run.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        assert request().status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return run


def test_a_profile_served_from_redis_sends_no_sql(processes):
    urls = [f"/agencies/{processes.public_id}", f"/api/v1/agencies/{processes.number}"]
    for url in urls:
        processes.worker.get(url)
        assert _statements(processes.serving, lambda: processes.worker.get(url)) == []  # noqa: B023


def test_without_redis_a_cached_profile_sends_the_stamp_query_only(other_app, make_agency):
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    urls = [f"/agencies/{agency.public_id}", f"/api/v1/agencies/{agency.licence.number}"]
    db.session.close()
    serving = other_app(CACHE_TYPE="SimpleCache")
    worker = serving.test_client()
    for url in urls:
        worker.get(url)
        run = [s for s in _statements(serving, lambda: worker.get(url)) if s != "BEGIN"]  # noqa: B023
        assert len(run) == 1 and "public_version" in run[0]
