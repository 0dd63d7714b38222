"""The search index of the public registry, kept by the database itself (triggers and indexes), so that a bulk
import, a migration or a hand-typed UPDATE keeps it right.

- Names: `agencies.search_names` (normalised legal and trading names, one per line) is indexed by trigram:
  SQLite FTS5 with the trigram tokenizer (`agency_names_fts`), PostgreSQL pg_trgm (a GIN index).
- Words: every word ever seen in a name goes into `search_words`, itself indexed by trigram, so that a
  misspelt word finds its registry spelling without reading the registry.
- Numbers: licence and registration numbers are looked up through an index on their compact form (upper
  case, separators removed), the same expression as `number_key()` in queries.

Made with the tables, by the migration that introduced it, and left alone by Alembic (portal.database_index).
"""
import sqlalchemy as sa

from portal.database_index import DatabaseIndex

SEPARATORS = ("/", "-", " ", ".", "_", ",", ":", "#")


def number_key(column):
    """The compact form of a licence or registration number in SQL: upper case, without separators; written
    with literals exactly as the index is, so that the database uses the index."""
    return sa.literal_column(_number_key_sql(f"{column.table.name}.{column.name}"))


def _number_key_sql(column: str) -> str:
    expression = column
    for separator in SEPARATORS:
        expression = f"replace({expression}, '{separator}', '')"
    return f"upper({expression})"


NUMBER_INDEXES = [
    f"CREATE INDEX ix_licences_number_key ON licences ({_number_key_sql('number')})",
    f"CREATE INDEX ix_agencies_registration_key ON agencies ({_number_key_sql('registration_number')})",
]

# search_names holds only letters, digits, spaces and newlines (registry.services.normalise): its words
# make a JSON array by replacing the separators.
_SQLITE_WORDS = ("""json_each('["' || replace(replace(new.search_names, char(10), ' '), ' ', '","') || '"]')""")

SQLITE = [
    "CREATE VIRTUAL TABLE agency_names_fts USING fts5(search_names, content='agencies', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE VIRTUAL TABLE search_words_fts USING fts5(word, content='', tokenize='trigram')",
    f"""CREATE TRIGGER agencies_search_insert AFTER INSERT ON agencies BEGIN
        INSERT INTO agency_names_fts(rowid, search_names) VALUES (new.id, new.search_names);
        INSERT OR IGNORE INTO search_words(word) SELECT value FROM {_SQLITE_WORDS} WHERE value <> '';
    END""",
    f"""CREATE TRIGGER agencies_search_update AFTER UPDATE OF search_names ON agencies BEGIN
        INSERT INTO agency_names_fts(agency_names_fts, rowid, search_names)
            VALUES ('delete', old.id, old.search_names);
        INSERT INTO agency_names_fts(rowid, search_names) VALUES (new.id, new.search_names);
        INSERT OR IGNORE INTO search_words(word) SELECT value FROM {_SQLITE_WORDS} WHERE value <> '';
    END""",
    """CREATE TRIGGER agencies_search_delete AFTER DELETE ON agencies BEGIN
        INSERT INTO agency_names_fts(agency_names_fts, rowid, search_names)
            VALUES ('delete', old.id, old.search_names);
    END""",
    # words are padded as pg_trgm pads them, so that "perl" and "pearl" share their first and last trigrams
    """CREATE TRIGGER search_words_insert AFTER INSERT ON search_words BEGIN
        INSERT INTO search_words_fts(rowid, word) VALUES (new.id, '  ' || new.word || ' ');
    END""",
    """CREATE TRIGGER search_words_delete AFTER DELETE ON search_words BEGIN
        INSERT INTO search_words_fts(search_words_fts, rowid, word) VALUES ('delete', old.id, '  ' || old.word || ' ');
    END""",
    *NUMBER_INDEXES,
]
SQLITE_FILL = [
    "INSERT INTO agency_names_fts(agency_names_fts) VALUES ('rebuild')",
    "INSERT OR IGNORE INTO search_words(word) SELECT DISTINCT value FROM agencies, "
    + _SQLITE_WORDS.replace("new.", "agencies.") + " WHERE value <> ''",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS agencies_search_insert", "DROP TRIGGER IF EXISTS agencies_search_update",
    "DROP TRIGGER IF EXISTS agencies_search_delete", "DROP TRIGGER IF EXISTS search_words_insert",
    "DROP TRIGGER IF EXISTS search_words_delete", "DROP TABLE IF EXISTS agency_names_fts",
    "DROP TABLE IF EXISTS search_words_fts",
]

# GIN: `word % …` reads the posting lists of the word's trigrams only (0.1-0.5 ms over the 31,600 words of 100,000
# names as bench/fill.py makes them); a GiST's inner signatures over so many words have nearly every bit set, so it
# visited most of its leaves for every word (16-20 ms). Migration 0021 put GIN back in place of 0018's GiST.
SEARCH_WORDS_INDEX = "CREATE INDEX ix_search_words_trgm ON search_words USING gin (word gin_trgm_ops)"

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_agencies_search_names_trgm ON agencies USING gin (search_names gin_trgm_ops)",
    SEARCH_WORDS_INDEX,
    r"""CREATE FUNCTION agencies_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_words(word)
            SELECT DISTINCT w FROM regexp_split_to_table(NEW.search_names, '\s+') AS w WHERE w <> ''
            ON CONFLICT (word) DO NOTHING;
        RETURN NEW;
    END $$""",
    "CREATE TRIGGER agencies_search_words AFTER INSERT OR UPDATE OF search_names ON agencies "
    "FOR EACH ROW EXECUTE FUNCTION agencies_search_words()",
    *NUMBER_INDEXES,
]
POSTGRESQL_FILL = [
    r"INSERT INTO search_words(word) SELECT DISTINCT w FROM agencies, regexp_split_to_table(search_names, '\s+') AS w "
    "WHERE w <> '' ON CONFLICT (word) DO NOTHING",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS agencies_search_words ON agencies", "DROP FUNCTION IF EXISTS agencies_search_words()",
    "DROP INDEX IF EXISTS ix_agencies_search_names_trgm", "DROP INDEX IF EXISTS ix_search_words_trgm",
]
_NUMBER_DROP = ["DROP INDEX IF EXISTS ix_licences_number_key", "DROP INDEX IF EXISTS ix_agencies_registration_key"]

INDEX = DatabaseIndex(
    sqlite=SQLITE, sqlite_fill=SQLITE_FILL, sqlite_drop=SQLITE_DROP + _NUMBER_DROP,
    postgresql=POSTGRESQL, postgresql_fill=POSTGRESQL_FILL, postgresql_drop=POSTGRESQL_DROP + _NUMBER_DROP,
    parts={"sqlite": ["agencies_search_insert", "agencies_search_update", "agencies_search_delete",
                      "search_words_insert", "search_words_delete", "agency_names_fts", "search_words_fts",
                      "ix_licences_number_key", "ix_agencies_registration_key"],
           "postgresql": ["agencies_search_words", "ix_licences_number_key", "ix_agencies_registration_key",
                          "ix_agencies_search_names_trgm", "ix_search_words_trgm"]},
    objects=("agency_names_fts", "search_words_fts", "ix_licences_number_key", "ix_agencies_registration_key",
             "ix_agencies_search_names_trgm", "ix_search_words_trgm"),
)
