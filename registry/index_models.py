"""The tables the registry's search indexes keep beside the records: words of names (for typos) and what agencies
share (for phoenix-firm matching). Their trigram indexes are in registry.search_index, registry.foreign_index and
registry.link_index."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from registry import foreign_index, link_index, search_index  # noqa: F401  (made with the tables, dropped before)


class SearchWord(db.Model):
    """A word of an agency's names, filled by the database's own trigger (registry.search_index), so that a
    misspelt word finds its registry spelling through a trigram index without reading the registry."""

    __tablename__ = "search_words"

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(sa.String(200), unique=True)


class AgencyKey(db.Model):
    """One thing an agency may share with another (registry.link_index): its registration number, a phone, an
    e-mail, its address, a person's ID number or a word of a person's name, normalised."""

    __tablename__ = "agency_keys"
    __table_args__ = (sa.Index("ix_agency_keys_kind_key", "kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    key: Mapped[str] = mapped_column(sa.String(254))

    agency: Mapped["Agency"] = relationship(back_populates="keys")  # noqa: F821


class ForeignPartyWord(db.Model):
    """A word of a foreign party's name, filled by the database's own trigger (registry.foreign_index), so that a
    misspelt word finds its spelling through a trigram index without reading the list."""

    __tablename__ = "foreign_party_words"

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(sa.String(200), unique=True)


search_index.INDEX.listen(db.metadata)
