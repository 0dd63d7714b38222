"""Locale choice (explicit cookie, then the browser, then English), text direction, local formats."""
from flask import current_app, has_request_context, request
from flask_babel import format_currency, format_date, format_datetime, format_decimal, get_locale

LANGUAGE_COOKIE = "lang"
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
LANGUAGE_NAMES = {"en": "English", "sw": "Kiswahili", "am": "አማርኛ", "ar": "العربية", "fr": "Français"}


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


def template_globals() -> dict:
    return {
        "text_direction": text_direction,
        "current_language": lambda: str(get_locale()),
        "language_names": LANGUAGE_NAMES,
        "format_date": format_date,
        "format_datetime": format_datetime,
        "format_decimal": format_decimal,
        "format_currency": format_currency,
    }
