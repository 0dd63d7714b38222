"""The index of what agencies share (phoenix-firm detection, registry.services.links), so that finding an agency's
links is a few index look-ups instead of a comparison with every agency.

- `agency_keys` (a model, registry.models.AgencyKey): each agency's normalised registration number, phone
  numbers, e-mail addresses, address, its people's ID numbers and the words of its people's names, one row a key,
  on an index of (kind, key). The models keep it current at every flush (registry.services.links), so every
  service that changes an agency or its people keeps it.
- Words of people's names are also indexed by trigram, so that a misspelt name ("Josef" for "Joseph") finds its
  spelling without reading every person: SQLite FTS5 (`agency_person_words_fts`, kept by triggers), PostgreSQL a
  partial pg_trgm GIN index on the keys of that kind.
- Agencies' own names are found through the registry's search index (registry.search_index).

Like registry.search_index, the trigram objects are not in the models' metadata: `install()` creates them after
`create_all()`, the migration that introduced them creates the same, and `is_index_object()` tells Alembic to
leave them alone.
"""
import sqlalchemy as sa

from portal.extensions import db

PERSON_WORD = "person_word"

SQLITE = [
    "CREATE VIRTUAL TABLE agency_person_words_fts USING fts5(key, content='', tokenize='trigram')",
    # padded as pg_trgm pads a word, so that "josef" and "joseph" share their first trigrams
    f"""CREATE TRIGGER agency_keys_person_word_insert AFTER INSERT ON agency_keys
        WHEN new.kind = '{PERSON_WORD}' BEGIN
        INSERT INTO agency_person_words_fts(rowid, key) VALUES (new.id, '  ' || new.key || ' ');
    END""",
    f"""CREATE TRIGGER agency_keys_person_word_delete AFTER DELETE ON agency_keys
        WHEN old.kind = '{PERSON_WORD}' BEGIN
        INSERT INTO agency_person_words_fts(agency_person_words_fts, rowid, key)
            VALUES ('delete', old.id, '  ' || old.key || ' ');
    END""",
]
SQLITE_FILL = [
    "INSERT INTO agency_person_words_fts(rowid, key) SELECT id, '  ' || key || ' ' FROM agency_keys "
    f"WHERE kind = '{PERSON_WORD}'",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS agency_keys_person_word_insert", "DROP TRIGGER IF EXISTS agency_keys_person_word_delete",
    "DROP TABLE IF EXISTS agency_person_words_fts",
]
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_agency_keys_person_word_trgm ON agency_keys USING gin (key gin_trgm_ops) "
    f"WHERE kind = '{PERSON_WORD}'",
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS ix_agency_keys_person_word_trgm"]

OBJECTS = ("agency_person_words_fts", "ix_agency_keys_person_word_trgm")
_PARTS = {"sqlite": ["agency_keys_person_word_insert", "agency_keys_person_word_delete", "agency_person_words_fts"],
          "postgresql": ["ix_agency_keys_person_word_trgm"]}


def is_index_object(name: str | None) -> bool:
    """Whether a table or index belongs to this index (FTS5 shadow tables included)."""
    return bool(name) and name.startswith(OBJECTS)


def statements(dialect: str, *, fill: bool = False) -> list[str]:
    """The DDL that installs the index on this database; with fill, also index the keys already there."""
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
    """The parts of the index this database lacks (a rebuilt agency_keys table loses its triggers)."""
    if connection.dialect.name == "postgresql":
        names = set(connection.exec_driver_sql("SELECT indexname FROM pg_indexes").scalars())
    else:
        names = set(connection.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
    return [name for name in _PARTS[connection.dialect.name] if name not in names]


# made with the tables and dropped before them, wherever the models are imported (tests' create_all too)
sa.event.listen(db.metadata, "after_create", install)
sa.event.listen(db.metadata, "before_drop", remove)
