"""Dates, lists and codes as each language writes them: day month year everywhere (Amharic says the
date is Gregorian), Arabic lists joined the Arabic way, codes isolated from the sentence around them."""
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from portal.i18n import ethiopian_date, format_date, format_datetime, format_list, isolate

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 3, 7)


@pytest.fixture
def in_language(app):
    def enter(language: str):
        context = app.test_request_context(headers={"Cookie": f"lang={language}"})
        context.push()
        return context
    contexts = []
    yield lambda language: contexts.append(enter(language))
    for context in reversed(contexts):
        context.pop()


@pytest.mark.parametrize("language", ["en", "sw", "am", "ar", "fr"])
def test_dates_read_day_month_year(in_language, language):
    in_language(language)
    for shown in (format_date(DAY), format_date(DAY, "long"),
                  format_datetime(datetime(2026, 3, 7, 9, 30, tzinfo=timezone.utc), "short")):
        day, year = shown.find("7"), shown.find("2026")
        assert 0 <= day < year, shown
        assert not re.search(r"\b3/7\b|\b03/07\b", shown), shown


def test_an_amharic_date_says_it_is_gregorian_and_gives_the_ethiopian_date(in_language):
    in_language("am")
    assert format_date(DAY).endswith("(እ.ኤ.አ.) · 28 የካቲት 2018 ዓ.ም.")
    assert format_datetime(datetime(2026, 3, 7, 9, 30, tzinfo=timezone.utc)).endswith("(እ.ኤ.አ.)")


@pytest.mark.parametrize(("day", "ethiopian"), [
    (date(2026, 3, 7), (2018, 6, 28)),  # 28 Yekatit 2018
    (date(2024, 9, 11), (2017, 1, 1)),  # New Year (Enkutatash)
    (date(2023, 9, 11), (2015, 13, 6)),  # Pagume has six days before a Gregorian leap year…
    (date(2023, 9, 12), (2016, 1, 1)),  # …so that New Year falls on 12 September
    (date(2000, 1, 7), (1992, 4, 28)),  # Christmas (Genna) on 28 Tahsas after an Ethiopian leap year
    (date(2025, 1, 7), (2017, 4, 29)),  # and on 29 Tahsas otherwise
    (date(1900, 3, 1), (1892, 6, 22)),  # before the Gregorian centuries skip a leap day, and after
])
def test_the_ethiopian_calendar(day, ethiopian):
    assert ethiopian_date(day) == ethiopian


def test_english_dates_are_not_month_first(in_language):
    in_language("en")
    assert format_date(DAY) == "7 Mar 2026" and format_date(DAY, "long") == "7 March 2026"


def test_lists_are_joined_as_the_language_joins_them(in_language):
    in_language("ar")
    joined = format_list(["أجور", "جواز السفر", "رسوم"])
    assert joined == "أجور وجواز السفر ورسوم"  # Arabic joins with «و», never a Latin comma


def test_isolate_escapes_and_keeps_left_to_right():
    assert str(isolate("GRV-7K4M-9QTD")) == '<bdi dir="ltr">GRV-7K4M-9QTD</bdi>'
    assert "<script>" not in str(isolate("<script>"))


def test_dates_are_formatted_only_through_portal_i18n():
    """One way to show a date: a module importing Babel's date formatting directly would show month first."""
    offenders = [str(path.relative_to(ROOT)) for package in ("portal", "registry", "contracts", "grievances")
                 for path in (ROOT / package).rglob("*.py") if path.name != "i18n.py"
                 and re.search(r"from flask_babel import[^\n]*\bformat_date(time)?\b", path.read_text())]
    assert not offenders, offenders


def test_the_ministry_comes_from_configuration_per_language(other_app, make_agency):
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    app = other_app(MINISTRY={"en": {"name": "Ministry of Gender, Labour and Social Development",
                                     "hotline": "0800 100 220", "address": "Plot 2, Simbamanyo House, Kampala"},
                              "sw": {"name": "Wizara ya Jinsia, Kazi na Maendeleo ya Jamii"}})
    client = app.test_client()
    english = client.get(f"/agencies/{agency.public_id}/certificate").get_data(as_text=True)
    assert "Ministry of Gender, Labour and Social Development" in english and "0800 100 220" in english
    client.set_cookie("lang", "sw")
    swahili = client.get(f"/agencies/{agency.public_id}/certificate").get_data(as_text=True)
    assert "Wizara ya Jinsia, Kazi na Maendeleo ya Jamii" in swahili
    assert "0800 100 220" in swahili and "Simbamanyo House" in swahili  # the same hotline and address


def test_without_configuration_the_ministry_is_named_generically(client, make_agency):
    agency = make_agency("Pearl Horizon Recruitment Ltd")
    client.set_cookie("lang", "am")
    page = client.get(f"/agencies/{agency.public_id}/certificate").get_data(as_text=True)
    assert "የሥራና ክህሎት" not in page  # Ethiopia's own ministry is not every deployment's


def test_the_ethiopian_calendar_agrees_with_its_own_day_count_for_four_centuries():
    """Each Ethiopian date counted back to a day number (365 a year, a leap day every fourth, 30-day months from
    1 Meskerem of year 1, Julian day 1724221) gives the Gregorian day it came from."""
    def day_number(year, month, day):
        return 1724221 + 365 * (year - 1) + year // 4 + 30 * (month - 1) + day - 1
    start, end = date(1850, 1, 1).toordinal(), date(2250, 1, 1).toordinal()
    assert all(day_number(*ethiopian_date(date.fromordinal(n))) == n + 1721425 for n in range(start, end))
