"""The index of the recruiters' names that workers type on grievances against someone outside the registry,
kept by the database itself (triggers on SQLite, an expression index on PostgreSQL), so that the officials'
queue finds "cases against …" without reading every case, and a bulk import or a migration keeps it right.

- SQLite: an FTS5 table with the trigram tokenizer over `grievances.recruiter_name` (`grievance_recruiters_fts`),
  kept by triggers; a quoted phrase matches a part of a name, as `LIKE '%…%'` does, case ignored.
- PostgreSQL: a pg_trgm GIN index on `lower(recruiter_name)` for the cases against no registered agency, which
  `lower(recruiter_name) LIKE '%…%'` uses.

Made with the tables, by the migration that introduced it, and left alone by Alembic (portal.database_index).
"""
from portal.database_index import DatabaseIndex
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

INDEX = DatabaseIndex(
    sqlite=SQLITE, sqlite_fill=SQLITE_FILL, sqlite_drop=SQLITE_DROP,
    postgresql=POSTGRESQL, postgresql_drop=POSTGRESQL_DROP,  # an index is built over the rows already there
    parts={"sqlite": ["grievances_recruiter_insert", "grievances_recruiter_update", "grievances_recruiter_delete",
                      "grievance_recruiters_fts"],
           "postgresql": ["ix_grievances_recruiter_name_trgm"]},
    objects=("grievance_recruiters_fts", "ix_grievances_recruiter_name_trgm"),
)
INDEX.listen(db.metadata)
