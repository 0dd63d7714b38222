"""An index the database keeps itself (FTS5 tables and triggers on SQLite; pg_trgm indexes, functions and
triggers on PostgreSQL), so that a bulk import, a migration or a hand-typed UPDATE keeps it right.

Such objects are not in the models' metadata: `listen()` creates them after `create_all()` and drops them
before `drop_all()`, the migration that introduced them runs `statements(dialect, fill=True)`, and
`is_index_object()` tells Alembic to leave them alone. Each index (registry.search_index,
registry.foreign_index, grievances.recruiter_index) is one DatabaseIndex holding its own SQL.
"""
from dataclasses import dataclass, field

import sqlalchemy as sa


@dataclass(frozen=True)
class DatabaseIndex:
    sqlite: list[str]
    postgresql: list[str]
    sqlite_drop: list[str]
    postgresql_drop: list[str]
    parts: dict[str, list[str]]  # per dialect: the triggers, tables and indexes that must exist
    objects: tuple[str, ...]  # name prefixes of its tables and indexes (FTS5 shadow tables included)
    sqlite_fill: list[str] = field(default_factory=list)  # index the rows already there
    postgresql_fill: list[str] = field(default_factory=list)

    def is_index_object(self, name: str | None) -> bool:
        """Whether a table or index belongs to this index."""
        return bool(name) and name.startswith(self.objects)

    def statements(self, dialect: str, *, fill: bool = False) -> list[str]:
        """The DDL that installs the index on this database; with fill, also index the rows already there."""
        if dialect == "postgresql":
            return self.postgresql + (self.postgresql_fill if fill else [])
        return self.sqlite + (self.sqlite_fill if fill else [])

    def drop_statements(self, dialect: str) -> list[str]:
        """The DDL that removes the index (the tables it indexes stay)."""
        return self.postgresql_drop if dialect == "postgresql" else self.sqlite_drop

    def install(self, target, connection, **kw) -> None:
        """After create_all(): the index on an empty database."""
        for statement in self.statements(connection.dialect.name):
            connection.exec_driver_sql(statement)

    def remove(self, target, connection, **kw) -> None:
        """Before drop_all(): the index goes first."""
        for statement in self.drop_statements(connection.dialect.name):
            connection.exec_driver_sql(statement)

    def listen(self, metadata: sa.MetaData) -> None:
        """Made with the tables and dropped before them, wherever the models are imported."""
        sa.event.listen(metadata, "after_create", self.install)
        sa.event.listen(metadata, "before_drop", self.remove)

    def missing(self, connection) -> list[str]:
        """The parts of the index this database lacks (a table rebuilt by a migration loses its triggers)."""
        if connection.dialect.name == "postgresql":
            names = set(connection.exec_driver_sql("SELECT tgname FROM pg_trigger").scalars())
            names |= set(connection.exec_driver_sql("SELECT indexname FROM pg_indexes").scalars())
        else:
            names = set(connection.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
        return [name for name in self.parts[connection.dialect.name] if name not in names]


def fts_phrase(text: str) -> str:
    """An FTS5 query matching this text as a part of an indexed name (a quoted phrase of trigrams)."""
    return '"' + text.replace('"', '""') + '"'
