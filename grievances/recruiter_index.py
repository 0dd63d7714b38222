"""The index of the recruiters' names that workers type on grievances against someone outside the registry,
kept by the database itself (triggers on SQLite, an expression index on PostgreSQL), so that the officials'
queue finds "cases against …" without reading every case, and a bulk import or a migration keeps it right.

- SQLite: an FTS5 table with the trigram tokenizer over `grievances.recruiter_name` (`grievance_recruiters_fts`),
  kept by triggers; a quoted phrase matches a part of a name, as `LIKE '%…%'` does, case ignored.
- PostgreSQL: a pg_trgm GIN index on `lower(recruiter_name)` for the cases against no registered agency, which
  `lower(recruiter_name) LIKE '%…%'` uses.

Like registry.search_index, these objects are not in the models' metadata: `install()` creates them after
`create_all()`, the migration that introduced them creates the same, and `is_index_object()` tells Alembic to
leave them alone.
"""
import sqlalchemy as sa

from portal.extensions import db

SHORTEST = 3  # a trigram index answers a part of a name of three letters or more

SQLITE = [
    "CREATE VIRTUAL TABLE grievance_recruiters_fts USING fts5(recruiter_name, content='grievances', "
    "content_rowid='id', tokenize='trigram')",
    """CREATE TRIGGER grievances_recruiter_insert AFTER INSERT ON grievances BEGIN
        INSERT INTO grievance_recruiters_fts(rowid, recruiter_name) VALUES (new.id, new.recruiter_name);
    END""",
    """CREATE TRIGGER grievances_recruiter_update AFTER UPDATE OF recruiter_name ON grievances BEGIN
        INSERT INTO grievance_recruiters_fts(grievance_recruiters_fts, rowid, recruiter_name)
            VALUES ('delete', old.id, old.recruiter_name);
        INSERT INTO grievance_recruiters_fts(rowid, recruiter_name) VALUES (new.id, new.recruiter_name);
    END""",
    """CREATE TRIGGER grievances_recruiter_delete AFTER DELETE ON grievances BEGIN
        INSERT INTO grievance_recruiters_fts(grievance_recruiters_fts, rowid, recruiter_name)
            VALUES ('delete', old.id, old.recruiter_name);
    END""",
]
SQLITE_FILL = ["INSERT INTO grievance_recruiters_fts(grievance_recruiters_fts) VALUES ('rebuild')"]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS grievances_recruiter_insert", "DROP TRIGGER IF EXISTS grievances_recruiter_update",
    "DROP TRIGGER IF EXISTS grievances_recruiter_delete", "DROP TABLE IF EXISTS grievance_recruiters_fts",
]
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_grievances_recruiter_name_trgm ON grievances USING gin (lower(recruiter_name) gin_trgm_ops) "
    "WHERE agency_id IS NULL",
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS ix_grievances_recruiter_name_trgm"]

OBJECTS = ("grievance_recruiters_fts", "ix_grievances_recruiter_name_trgm")
_PARTS = {"sqlite": ["grievances_recruiter_insert", "grievances_recruiter_update", "grievances_recruiter_delete",
                     "grievance_recruiters_fts"],
          "postgresql": ["ix_grievances_recruiter_name_trgm"]}


def is_index_object(name: str | None) -> bool:
    """Whether a table or index belongs to this index (FTS5 shadow tables included)."""
    return bool(name) and name.startswith(OBJECTS)


def statements(dialect: str, *, fill: bool = False) -> list[str]:
    """The DDL that installs the index on this database; with fill, also index the cases already there."""
    if dialect == "postgresql":
        return POSTGRESQL  # an index is built over the rows already there
    return SQLITE + (SQLITE_FILL if fill else [])


def drop_statements(dialect: str) -> list[str]:
    return POSTGRESQL_DROP if dialect == "postgresql" else SQLITE_DROP


def install(target, connection, **kw) -> None:
    """After create_all(): the index on an empty database."""
    for statement in statements(connection.dialect.name):
        connection.exec_driver_sql(statement)


def remove(target, connection, **kw) -> None:
    """Before drop_all(): the index goes first."""
    for statement in drop_statements(connection.dialect.name):
        connection.exec_driver_sql(statement)


def missing(connection) -> list[str]:
    """The parts of the index this database lacks (a rebuilt grievances table loses its triggers)."""
    if connection.dialect.name == "postgresql":
        names = set(connection.exec_driver_sql("SELECT indexname FROM pg_indexes").scalars())
    else:
        names = set(connection.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
    return [name for name in _PARTS[connection.dialect.name] if name not in names]


def fts_phrase(text: str) -> str:
    """An FTS5 query matching this text as a part of a name (a quoted phrase of trigrams)."""
    return '"' + text.replace('"', '""') + '"'


# made with the tables and dropped before them, wherever the models are imported (tests' create_all too)
sa.event.listen(db.metadata, "after_create", install)
sa.event.listen(db.metadata, "before_drop", remove)
