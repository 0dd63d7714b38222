"""Standard messages a case officer may send a worker: chosen from a list, filled into the message box in
the worker's own language, edited, then sent like any message (marked with the language it is written in)."""
from flask_babel import force_locale

from portal.labels import LabelledEnum
from portal.text import _l


class StandardMessage(LabelledEnum):
    """The officer's name for the message, then the message the worker reads."""

    ACKNOWLEDGED = "acknowledged", _l("Acknowledged: we are looking into it"), _l(
        "We have read your grievance and a case officer is looking into it. We will write to you here when there "
        "is news. You do not need to do anything now.")
    MORE_INFORMATION = "more_information", _l("We need more information"), _l(
        "We need more information to help you. Please write here when and where this happened and who was "
        "involved. If you have photos of documents or messages, add them as evidence.")
    REFERRED = "referred", _l("Referred to someone who can help where you are"), _l(
        "We have passed your case to people who can help you where you are: [write who]. They may contact you. "
        "Keep your reference number and code.")
    RESOLVED = "resolved", _l("Resolved: the decision"), _l(
        "We have decided on your case: [write the decision]. The result is on this page. If the problem is not "
        "solved, write to us here.")

    @property
    def text(self):
        """The message as the worker reads it."""
        return self.texts[0]

    def text_in(self, language: str) -> str:
        """The message written out in a language (the worker's), whatever the officer's page language is."""
        with force_locale(language):
            return str(self.text)
