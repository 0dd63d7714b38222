"""Countries: the ISO 3166 list (no regions or pseudo-locales), names in the reader's language, the
choices of every country field, and reading codes typed by an official."""
import functools

from babel import Locale
from flask_babel import get_locale
from wtforms.fields.choices import SelectChoice

from portal.text import _l

# Where most workers of the region go: offered first wherever a destination is chosen.
COMMON_DESTINATIONS = ("SA", "AE", "QA", "KW", "OM", "BH", "JO", "LB", "IQ", "TR")
# The region's countries of origin (East Africa and the Horn): offered first for nationalities.
COMMON_ORIGINS = ("UG", "KE", "ET", "TZ", "RW", "BI", "SS", "SD", "SO", "ER", "DJ", "CD")
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"}


@functools.cache
def country_codes() -> tuple[str, ...]:
    """Every ISO 3166 alpha-2 country code (no regions such as 001, EU or the pseudo-locales XA/XB)."""
    return tuple(sorted(code for code in Locale("en").territories
                  if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES))


def country_name(code: str) -> str:
    """A country's name in the reader's language, from its ISO 3166 code."""
    return get_locale().territories.get((code or "").upper(), code)


def country_choices(blank=_l("Choose a country"), common: tuple[str, ...] = (),
                    codes: list[str] | None = None) -> tuple[SelectChoice, ...]:
    """Select options by name in the reader's language; the common ones (COMMON_DESTINATIONS or COMMON_ORIGINS)
    first in their own group. Made once per language and shared (about 250 names sorted; labels as plain text:
    portal.forms.QuickSelect writes their options once and marks the chosen one)."""
    return _choices(str(get_locale()), None if blank is None else str(blank), tuple(common),
                    country_codes() if codes is None else tuple(codes))


@functools.lru_cache(maxsize=256)
def _choices(locale: str, blank: str | None, common: tuple[str, ...],
             codes: tuple[str, ...]) -> tuple[SelectChoice, ...]:
    names = Locale.parse(locale).territories
    group = str(_l("Countries of the region") if common == COMMON_ORIGINS else _l("Common destinations"))
    others = str(_l("All countries")) if common else None
    first = [SelectChoice(c, names.get(c, c), optgroup=group) for c in common]
    rest = sorted((SelectChoice(c, names.get(c, c), optgroup=others) for c in codes if c not in common),
                  key=lambda choice: choice.label)
    return tuple(([SelectChoice("", blank)] if blank is not None else []) + first + rest)


def parse_country_codes(text: str) -> list[str]:
    """'sa, AE qa' -> ['SA', 'AE', 'QA']; raises ValueError naming the codes that are not countries."""
    known = set(country_codes())
    codes = []
    for part in (text or "").replace(",", " ").replace(";", " ").split():
        code = part.strip().upper()
        if code not in codes:
            codes.append(code)
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValueError(", ".join(unknown))
    return codes
