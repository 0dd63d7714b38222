"""LabelledEnum: a string enum whose members carry their translatable wording.

    class WatchlistStatus(LabelledEnum):
        CLEAR = "clear", _l("Clear")
        BLACKLISTED = "blacklisted", _l("Blacklisted")

    WatchlistStatus.CLEAR == "clear"; WatchlistStatus.CLEAR.label -> "Clear" in the reader's language.

A member may carry more wording after its label (a short form, an advice sentence); the enum names it
with a property reading self.texts[i]. The database stores the value; the wording lives with the enum,
never in a dict beside it.
"""
from enum import StrEnum


class LabelledEnum(StrEnum):
    def __new__(cls, value: str, label=None, *texts):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label if label is not None else value
        member.texts = texts
        return member

    @classmethod
    def label_of(cls, value) -> object:
        """The label of a stored value, or the value itself when it is not a member (old data)."""
        try:
            return cls(value).label
        except ValueError:
            return value

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        """(value, label) pairs in declaration order, for select fields."""
        return [(member.value, member.label) for member in cls]
