"""The index of foreign employers' and partner agencies' names (the public blacklist search), kept by the database
itself (triggers on SQLite, indexes and a trigger on PostgreSQL), as registry.search_index keeps the agencies'.

- Names: `foreign_parties.search_name` (the name normalised: lower case, no accents or punctuation, set by the
  model) is indexed padded with a space at each end, so that " qasr" finds a word that starts so and " rimal "
  the whole word: SQLite FTS5 with the trigram tokenizer (`foreign_party_names_fts`), PostgreSQL a pg_trgm GIN
  index on the same padded expression, which `LIKE '% qasr%'` uses.
- Words: every word of a name goes into `foreign_party_words`, itself indexed by trigram, so that a misspelt word
  finds its spelling in the list without reading the list.

Like registry.search_index, the index objects are not in the models' metadata: `install()` creates them after
`create_all()`, the migration that introduced them creates the same, and `is_index_object()` tells Alembic to
leave them alone.
"""
import sqlalchemy as sa

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

OBJECTS = ("foreign_party_names_fts", "foreign_party_words_fts", "ix_foreign_parties_search_name_trgm",
           "ix_foreign_party_words_trgm")
_PARTS = {"sqlite": ["foreign_parties_search_insert", "foreign_parties_search_update",
                     "foreign_parties_search_delete", "foreign_party_words_insert", "foreign_party_words_delete",
                     "foreign_party_names_fts", "foreign_party_words_fts"],
          "postgresql": ["foreign_parties_search_words", "ix_foreign_parties_search_name_trgm",
                         "ix_foreign_party_words_trgm"]}


def is_index_object(name: str | None) -> bool:
    """Whether a table or index belongs to this index (FTS5 shadow tables included)."""
    return bool(name) and name.startswith(OBJECTS)


def statements(dialect: str, *, fill: bool = False) -> list[str]:
    """The DDL that installs the index on this database; with fill, also index the parties already there."""
    if dialect == "postgresql":
        return POSTGRESQL + (POSTGRESQL_FILL if fill else [])
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
    """The parts of the index this database lacks (a rebuilt foreign_parties table loses its triggers)."""
    if connection.dialect.name == "postgresql":
        triggers = set(connection.exec_driver_sql("SELECT tgname FROM pg_trigger").scalars())
        names = triggers | set(connection.exec_driver_sql("SELECT indexname FROM pg_indexes").scalars())
    else:
        names = set(connection.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
    return [name for name in _PARTS[connection.dialect.name] if name not in names]


def padded():
    """The padded name in SQL, as the index has it."""
    return sa.literal_column(PADDED_SQL.replace("search_name", "foreign_parties.search_name"))


def fts_phrase(text: str) -> str:
    """An FTS5 query matching this text as a part of a padded name (a quoted phrase of trigrams)."""
    return '"' + text.replace('"', '""') + '"'


# made with the tables and dropped before them, wherever the models are imported (tests' create_all too)
sa.event.listen(db.metadata, "after_create", install)
sa.event.listen(db.metadata, "before_drop", remove)
