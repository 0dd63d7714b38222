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

The trigram objects are made with the tables, by the migration that introduced them, and left alone by Alembic
(portal.database_index).
"""
from portal.database_index import DatabaseIndex
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

INDEX = DatabaseIndex(
    sqlite=SQLITE, sqlite_fill=SQLITE_FILL, sqlite_drop=SQLITE_DROP,
    postgresql=POSTGRESQL, postgresql_drop=POSTGRESQL_DROP,  # an index is built over the rows already there
    parts={"sqlite": ["agency_keys_person_word_insert", "agency_keys_person_word_delete", "agency_person_words_fts"],
           "postgresql": ["ix_agency_keys_person_word_trgm"]},
    objects=("agency_person_words_fts", "ix_agency_keys_person_word_trgm"),
)
INDEX.listen(db.metadata)
