"""The index of foreign employers' and partner agencies' names (the public blacklist search), kept by the database
itself (triggers on SQLite, indexes and a trigger on PostgreSQL), as registry.search_index keeps the agencies'.

- Names: `foreign_parties.search_name` (the name normalised: lower case, no accents or punctuation, set by the
  model) is indexed padded with a space at each end, so that " qasr" finds a word that starts so and " rimal "
  the whole word: SQLite FTS5 with the trigram tokenizer (`foreign_party_names_fts`), PostgreSQL a pg_trgm GIN
  index on the same padded expression, which `LIKE '% qasr%'` uses.
- Words: every word of a name goes into `foreign_party_words`, itself indexed by trigram, so that a misspelt word
  finds its spelling in the list without reading the list.

Made with the tables, by the migration that introduced it, and left alone by Alembic (portal.database_index).
"""
import sqlalchemy as sa

from portal.database_index import DatabaseIndex
from portal.extensions import db

PADDED_SQL = "(' ' || search_name || ' ')"  # written exactly as PostgreSQL's index is, so that queries use it

# search_name holds only letters, digits and single spaces (registry.services.names.normalise): its words make a
# JSON array by replacing the spaces.
_SQLITE_WORDS = """json_each('["' || replace(new.search_name, ' ', '","') || '"]')"""

SQLITE = [
    "CREATE VIRTUAL TABLE foreign_party_names_fts USING fts5(search_name, content='', tokenize='trigram')",
    "CREATE VIRTUAL TABLE foreign_party_words_fts USING fts5(word, content='', tokenize='trigram')",
    f"""CREATE TRIGGER foreign_parties_search_insert AFTER INSERT ON foreign_parties BEGIN
        INSERT INTO foreign_party_names_fts(rowid, search_name) VALUES (new.id, ' ' || new.search_name || ' ');
        INSERT OR IGNORE INTO foreign_party_words(word) SELECT value FROM {_SQLITE_WORDS} WHERE value <> '';
    END""",
    f"""CREATE TRIGGER foreign_parties_search_update AFTER UPDATE OF search_name ON foreign_parties BEGIN
        INSERT INTO foreign_party_names_fts(foreign_party_names_fts, rowid, search_name)
            VALUES ('delete', old.id, ' ' || old.search_name || ' ');
        INSERT INTO foreign_party_names_fts(rowid, search_name) VALUES (new.id, ' ' || new.search_name || ' ');
        INSERT OR IGNORE INTO foreign_party_words(word) SELECT value FROM {_SQLITE_WORDS} WHERE value <> '';
    END""",
    """CREATE TRIGGER foreign_parties_search_delete AFTER DELETE ON foreign_parties BEGIN
        INSERT INTO foreign_party_names_fts(foreign_party_names_fts, rowid, search_name)
            VALUES ('delete', old.id, ' ' || old.search_name || ' ');
    END""",
    # words are padded as pg_trgm pads them, so that "rimel" and "rimal" share their first trigrams
    """CREATE TRIGGER foreign_party_words_insert AFTER INSERT ON foreign_party_words BEGIN
        INSERT INTO foreign_party_words_fts(rowid, word) VALUES (new.id, '  ' || new.word || ' ');
    END""",
    """CREATE TRIGGER foreign_party_words_delete AFTER DELETE ON foreign_party_words BEGIN
        INSERT INTO foreign_party_words_fts(foreign_party_words_fts, rowid, word)
            VALUES ('delete', old.id, '  ' || old.word || ' ');
    END""",
]
SQLITE_FILL = [
    "INSERT INTO foreign_party_names_fts(rowid, search_name) SELECT id, ' ' || search_name || ' ' FROM foreign_parties",
    "INSERT OR IGNORE INTO foreign_party_words(word) SELECT DISTINCT value FROM foreign_parties, "
    + _SQLITE_WORDS.replace("new.", "foreign_parties.") + " WHERE value <> ''",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS foreign_parties_search_insert", "DROP TRIGGER IF EXISTS foreign_parties_search_update",
    "DROP TRIGGER IF EXISTS foreign_parties_search_delete", "DROP TRIGGER IF EXISTS foreign_party_words_insert",
    "DROP TRIGGER IF EXISTS foreign_party_words_delete", "DROP TABLE IF EXISTS foreign_party_names_fts",
    "DROP TABLE IF EXISTS foreign_party_words_fts",
]
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX ix_foreign_parties_search_name_trgm ON foreign_parties USING gin ({PADDED_SQL} gin_trgm_ops)",
    "CREATE INDEX ix_foreign_party_words_trgm ON foreign_party_words USING gin (word gin_trgm_ops)",
    r"""CREATE FUNCTION foreign_parties_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO foreign_party_words(word)
            SELECT DISTINCT w FROM regexp_split_to_table(NEW.search_name, '\s+') AS w WHERE w <> ''
            ON CONFLICT (word) DO NOTHING;
        RETURN NEW;
    END $$""",
    "CREATE TRIGGER foreign_parties_search_words AFTER INSERT OR UPDATE OF search_name ON foreign_parties "
    "FOR EACH ROW EXECUTE FUNCTION foreign_parties_search_words()",
]
POSTGRESQL_FILL = [
    r"INSERT INTO foreign_party_words(word) SELECT DISTINCT w FROM foreign_parties, "
    r"regexp_split_to_table(search_name, '\s+') AS w WHERE w <> '' ON CONFLICT (word) DO NOTHING",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS foreign_parties_search_words ON foreign_parties",
    "DROP FUNCTION IF EXISTS foreign_parties_search_words()",
    "DROP INDEX IF EXISTS ix_foreign_parties_search_name_trgm", "DROP INDEX IF EXISTS ix_foreign_party_words_trgm",
]

INDEX = DatabaseIndex(
    sqlite=SQLITE, sqlite_fill=SQLITE_FILL, sqlite_drop=SQLITE_DROP,
    postgresql=POSTGRESQL, postgresql_fill=POSTGRESQL_FILL, postgresql_drop=POSTGRESQL_DROP,
    parts={"sqlite": ["foreign_parties_search_insert", "foreign_parties_search_update",
                      "foreign_parties_search_delete", "foreign_party_words_insert", "foreign_party_words_delete",
                      "foreign_party_names_fts", "foreign_party_words_fts"],
           "postgresql": ["foreign_parties_search_words", "ix_foreign_parties_search_name_trgm",
                          "ix_foreign_party_words_trgm"]},
    objects=("foreign_party_names_fts", "foreign_party_words_fts", "ix_foreign_parties_search_name_trgm",
             "ix_foreign_party_words_trgm"),
)
INDEX.listen(db.metadata)


def padded():
    """The padded name in SQL, as the index has it."""
    return sa.literal_column(PADDED_SQL.replace("search_name", "foreign_parties.search_name"))
