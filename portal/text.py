"""Messages translated when shown (`_l`, `_ln`, `_lp`), which are text wherever they are shown.

flask_babel's lazy strings call themselves markup (their `__html__` returns the message unescaped), so a
message carrying what someone typed ("Not every director is vetted: %(names)s") would reach an official's
page as HTML. These are the same lazy strings, except that in a page they are escaped, values and all:

    _l("The agency %(name)s is not licensed.", name=agency.legal_name)

Every module takes its lazy messages from here (tests/portal/test_layout.py refuses flask_babel's own).
"""
from flask_babel import gettext, ngettext, pgettext
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape


class Text(LazyString):
    """A message translated in the reader's language when used; in HTML it is plain, escaped text."""

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
