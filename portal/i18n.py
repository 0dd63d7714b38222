"""Locale choice (explicit cookie, then the browser, then English), text direction, local formats."""
import functools
from datetime import date, datetime

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.lists import format_list as babel_format_list
from flask import current_app, has_request_context, request
from flask_babel import format_currency, format_decimal, get_locale, gettext, to_user_timezone
from markupsafe import Markup, escape

LANGUAGE_COOKIE = "lang"
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
LANGUAGE_NAMES = {"en": "English", "sw": "Kiswahili", "am": "አማርኛ", "ar": "العربية", "fr": "Français"}
# Day month year in every language (never the American month-first order); short months where space is tight.
DATE_PATTERNS = {"long": "d MMMM y", "medium": "d MMM y", "short": "d MMM y", "full": "EEEE d MMMM y"}
# Ethiopia's own calendar runs seven to eight years behind: an Amharic date says it is the Gregorian one, and
# gives the Ethiopian date beside it (day month year, "ዓ.ም.").
GREGORIAN_MARK = {"am": "{date} (እ.ኤ.አ.)"}
ETHIOPIAN_MONTHS = ("መስከረም", "ጥቅምት", "ኅዳር", "ታኅሣሥ", "ጥር", "የካቲት", "መጋቢት", "ሚያዝያ", "ግንቦት", "ሰኔ", "ሐምሌ", "ነሐሴ",
                    "ጳጉሜ")
_ETHIOPIAN_EPOCH = 1723856  # Julian day number of the day before 1 Meskerem of year 1 (Amete Mihret), less 365


def select_locale() -> str:
    """The worker's chosen language, else the best the browser accepts, else English."""
    if not has_request_context():  # CLI and jobs speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def text_direction() -> str:
    return "rtl" if str(get_locale().language) in RTL_LANGUAGES else "ltr"


def ethiopian_date(day: date) -> tuple[int, int, int]:
    """(year, month, day) of a Gregorian date in the Ethiopian calendar: twelve months of 30 days and Pagume of
    5 days (6 in the year before a Gregorian leap year), the year starting on 11 or 12 September."""
    offset = day.toordinal() + 1721425 - _ETHIOPIAN_EPOCH  # proleptic Gregorian ordinal to Julian day number
    cycle = offset % 1461  # days into the four-year cycle
    in_year = cycle % 365 + 365 * (cycle // 1460)
    year = 4 * (offset // 1461) + cycle // 365 - cycle // 1460
    return year, in_year // 30 + 1, in_year % 30 + 1


def _marked(text: str, locale: Locale, day: date | None = None) -> str:
    text = GREGORIAN_MARK.get(locale.language, "{date}").format(date=text)
    if locale.language == "am" and day is not None:
        year, month, day_of_month = ethiopian_date(day)
        text += f" · {day_of_month} {ETHIOPIAN_MONTHS[month - 1]} {year} ዓ.ም."
    return text


@functools.lru_cache(maxsize=8192)
def _day(day: date, pattern: str, locale: Locale) -> str:
    """A day in a language's words: the same for every page, so kept (a list of cases repeats its dates)."""
    return babel_format_date(day, pattern, locale=locale)


def format_date(day: date | datetime | None = None, format: str = "medium") -> str:  # noqa: A002 (Babel's name)
    """A date as day month year in the page's language (Amharic marks it as Gregorian); a moment's date is the
    one in the user's time zone."""
    day = day or date.today()
    if isinstance(day, datetime):
        day = to_user_timezone(day).date()
    locale = get_locale()
    return _marked(_day(day, DATE_PATTERNS.get(format, format), locale), locale, day)


def format_datetime(moment: datetime | None = None, format: str = "medium") -> str:  # noqa: A002
    """A moment as day month year and the hour, in the user's time zone and language."""
    moment = to_user_timezone(moment or datetime.now())
    locale = get_locale()
    day = _day(moment.date(), DATE_PATTERNS.get(format, DATE_PATTERNS["medium"]), locale)
    return _marked(f"{day}, {moment:%H:%M}", locale)


def format_list(items, label=None) -> str:
    """Items (or label(item) of each) joined as the page's language joins them (Arabic «أ، ب و ج», not a Latin
    comma). Plain text, unless an item is markup (an isolated name): then markup, every other item escaped."""
    items = [label(item) if label else item for item in items]
    if not items:
        return ""
    if any(isinstance(item, Markup) for item in items):
        return Markup(_joined(tuple(str(escape(item)) for item in items), get_locale()))
    return _joined(tuple(str(item) for item in items), get_locale())


@functools.lru_cache(maxsize=4096)
def _joined(items: tuple[str, ...], locale: Locale) -> str:
    return babel_format_list(list(items), locale=locale)


def ministry() -> dict:
    """The deployment's ministry as the page's language names it: name, hotline and address (configured per
    language; the hotline and address fall back to English, the name to the generic translated one)."""
    configured = current_app.config.get("MINISTRY") or {}
    own, english = configured.get(str(get_locale().language)) or {}, configured.get("en") or {}
    return {"name": own.get("name") or gettext("Ministry of Labour"),
            "hotline": own.get("hotline") or english.get("hotline", ""),
            "address": own.get("address") or english.get("address", "")}


def isolate(value) -> Markup:
    """A code, reference, number, address or Latin name kept left-to-right inside any sentence."""
    return Markup('<bdi dir="ltr">%s</bdi>') % escape(value)


def records_language() -> str:
    """The language officials and agencies write their records in (configured per deployment)."""
    return current_app.config.get("RECORDS_LANGUAGE") or "en"


def written(text, language: str | None = None) -> Markup:
    """Text a person typed (a reason, a note, a referral's addressee, a job title) kept as typed and marked
    with the language it is written in (the records' language unless known), isolated from the sentence around
    it: screen readers and browsers read it in its own language, and a worker's page shows it is not hers."""
    if not text:
        return Markup("")
    return Markup('<bdi lang="%s">%s</bdi>') % (language or records_language(), text)


def language_name(code: str) -> str:
    """A language's name in the page's language ("Kiingereza" for English on a Kiswahili page)."""
    try:
        return Locale.parse(code).get_display_name(get_locale()) or code
    except (ValueError, LookupError):
        return code


def template_globals() -> dict:
    return {
        "text_direction": text_direction,
        "current_language": lambda: str(get_locale()),
        "language_names": LANGUAGE_NAMES,
        "format_date": format_date,
        "format_datetime": format_datetime,
        "format_decimal": format_decimal,
        "format_currency": format_currency,
        "format_list": format_list,
        "ltr": isolate,
        "written": written,
        "language_name": language_name,
        "records_language": records_language,
        "ministry": ministry,
    }
