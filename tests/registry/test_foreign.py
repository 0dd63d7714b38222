"""Abroad: the watchlist of foreign employers and partner agencies, and deployment bans."""
from datetime import date, timedelta

import pytest

from portal.errors import DomainError, Refused
from registry import services


def test_watchlist_and_bans(officer):
    from registry.models import PartyKind, WatchlistStatus

    party = services.add_foreign_party(officer, kind=PartyKind.EMPLOYER, name="Desert Palm Household", country="SA")
    services.set_watchlist(party, WatchlistStatus.BLACKLISTED, "Withheld passports", officer)
    assert party.on_watchlist and party.watchlisted_by_id == officer.id
    with pytest.raises(Refused):
        services.set_watchlist(party, WatchlistStatus.BLACKLISTED, "again", officer)
    ban = services.add_ban(officer, "lb", "domestic_work", date.today(), None, "Crisis")
    assert services.ban_in_force("LB", "domestic_work") == ban
    assert services.ban_in_force("LB", "construction") is None
    services.lift_ban(ban, officer, "Crisis over", day=date.today() + timedelta(days=1))
    assert services.ban_in_force("LB", "domestic_work", date.today() + timedelta(days=1)) is None
    with pytest.raises(DomainError):
        services.add_ban(officer, "QA", None, date(2026, 5, 1), date(2026, 4, 1), "backwards")
