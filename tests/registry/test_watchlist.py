"""Foreign employers and partner agencies on the watchlist; deployment bans."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from registry import services
from registry.models import DeploymentBan, ForeignParty, PartyKind, WatchlistStatus
from tests.factories import audit_actions, audit_count


@pytest.fixture
def as_officer(login, officer):
    login(officer)
    return officer


def test_record_a_foreign_employer(client, as_officer):
    data = {"kind": "employer", "name": "Al Noor Household Services", "country": "SA", "registration_number": "CR-1",
            "address": "", "phone": "", "email": ""}
    response = client.post("/desk/foreign-parties", data=data)
    assert response.status_code == 302
    party = db.session.scalar(sa.select(ForeignParty))
    assert (party.name, party.country, party.watchlist_status) == ("Al Noor Household Services", "SA", "clear")
    assert audit_actions()[-1] == "foreign_party.create"
    listing = client.get("/desk/foreign-parties").get_data(as_text=True)
    assert "Al Noor Household Services" in listing and "Saudi Arabia" in listing and "Clear" in listing


def test_foreign_party_form_errors(client, as_officer):
    response = client.post("/desk/foreign-parties", data={"kind": "employer", "name": "", "country": ""})
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ForeignParty)) == 0


def test_watchlist_changes_and_history(client, as_officer):
    party = services.add_foreign_party(as_officer, kind=PartyKind.PARTNER_AGENCY, name="Gulf Bridge Manpower",
                                       country="AE")
    db.session.commit()
    url = f"/desk/foreign-parties/{party.public_id}/watchlist"
    no_reason = client.post(url, data={"status": "watched", "reason": ""})
    assert no_reason.status_code == 422 and "Give the reason." in no_reason.get_data(as_text=True)
    same = client.post(url, data={"status": "clear", "reason": "nothing"})
    assert same.status_code == 409 and "The watchlist status is already that." in same.get_data(as_text=True)
    before = audit_count()
    assert client.post(url, data={"status": "watched", "reason": "Two wage complaints"}).status_code == 302
    assert client.post(url, data={"status": "blacklisted", "reason": "Passports withheld"}).status_code == 302
    assert audit_actions()[before:] == ["watchlist.watched", "watchlist.blacklisted"]
    db.session.expire_all()
    assert party.watchlist_status == WatchlistStatus.BLACKLISTED and party.watchlisted_by_id == as_officer.id
    page = client.get(f"/desk/foreign-parties/{party.public_id}").get_data(as_text=True)
    assert "Two wage complaints" in page and "Passports withheld" in page and "officer@ministry.test" in page
    blacklisted = client.get("/desk/foreign-parties?watchlist=blacklisted").get_data(as_text=True)
    assert "Gulf Bridge Manpower" in blacklisted
    assert "Gulf Bridge Manpower" not in client.get("/desk/foreign-parties?watchlist=clear").get_data(as_text=True)


def test_add_and_lift_a_ban(client, as_officer):
    start = date.today() - timedelta(days=10)
    data = {"country": "LB", "sector": "domestic_work", "starts_on": start.isoformat(), "ends_on": "",
            "reason": "Workers abandoned without pay"}
    assert client.post("/desk/bans", data=data).status_code == 302
    ban = db.session.scalar(sa.select(DeploymentBan))
    assert (ban.country, ban.sector, ban.ends_on) == ("LB", "domestic_work", None)
    assert audit_actions()[-1] == "ban.create"
    assert services.ban_in_force("LB", "domestic_work") is not None
    page = client.get("/desk/bans").get_data(as_text=True)
    assert "Lebanon" in page and "In force" in page and "Workers abandoned without pay" in page

    empty = client.post(f"/desk/bans/{ban.public_id}/lift", data={f"lift-{ban.public_id}-reason": ""})
    assert empty.status_code == 422
    response = client.post(f"/desk/bans/{ban.public_id}/lift",
                           data={f"lift-{ban.public_id}-reason": "Bilateral agreement signed"})
    assert response.status_code == 302
    assert audit_actions()[-1] == "ban.lift"
    assert services.ban_in_force("LB", "domestic_work") is None
    again = client.post(f"/desk/bans/{ban.public_id}/lift", data={f"lift-{ban.public_id}-reason": "again"})
    assert again.status_code == 409 and "This ban is not in force." in again.get_data(as_text=True)
    page = client.get("/desk/bans").get_data(as_text=True)
    assert page.index("Past bans") < page.index("Workers abandoned without pay")


def test_ban_for_all_sectors_and_refusals(client, as_officer):
    today = date.today()
    bad = {"country": "QA", "sector": "", "starts_on": today.isoformat(),
           "ends_on": (today - timedelta(days=1)).isoformat(), "reason": "x"}
    response = client.post("/desk/bans", data=bad)
    assert response.status_code == 422
    assert "The end date is before the start date." in response.get_data(as_text=True)
    no_reason = client.post("/desk/bans", data=dict(bad, ends_on="", reason=""))
    assert no_reason.status_code == 422 and "Give the reason." in no_reason.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeploymentBan)) == 0
    assert client.post("/desk/bans", data=dict(bad, ends_on="", reason="Conflict")).status_code == 302
    assert services.ban_in_force("QA", "construction") is not None
