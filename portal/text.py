"""Messages translated when shown (`_l`, `_ln`, `_lp`), which are text wherever they are shown.

flask_babel's lazy strings call themselves markup (their `__html__` returns the message unescaped), so a
message carrying what someone typed ("Not every director is vetted: %(names)s") would reach an official's
page as HTML. These are the same lazy strings, except that in a page they are escaped, values and all:

    _l("The agency %(name)s is not licensed.", name=agency.legal_name)

Every module takes its lazy messages from here (tests/portal/test_layout.py refuses flask_babel's own).
"""
from flask_babel import get_locale, gettext, ngettext, pgettext
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape

_TRANSLATED: dict[tuple, str] = {}  # (language, gettext or pgettext, message) → its translation
_KEPT = 20_000


class Text(LazyString):
    """A message translated in the reader's language when used; in HTML it is plain, escaped text. A message
    without values is translated once per language and kept: a list of fifty cases shows the same few labels
    again and again, and each of flask_babel's look-ups walks the request context three times."""

    def __str__(self) -> str:
        if self._kwargs or self._func is ngettext:  # values (and counts) go in after the translation
            return super().__str__()
        key = (get_locale(), self._func, self._args)
        text = _TRANSLATED.get(key)
        if text is None:
            if len(_TRANSLATED) >= _KEPT:
                _TRANSLATED.clear()
            text = _TRANSLATED[key] = super().__str__()
        return text

    def __html__(self) -> Markup:
        return escape(str(self))


def _l(string: str, **variables) -> Text:
    """gettext, later: `_l("Hello %(name)s", name=typed)` is safe to show in any page."""
    return Text(gettext, string, **variables)


def _ln(singular: str, plural: str, num: int, **variables) -> Text:
    """ngettext, later (num is also %(num)d)."""
    return Text(ngettext, singular, plural, num, **variables)


def _lp(context: str, string: str, **variables) -> Text:
    """pgettext, later: one English word in two roles gets two messages."""
    return Text(pgettext, context, string, **variables)
