"""Copy the grievances of a filled SQLite benchmark database into a PostgreSQL one that holds the same agencies.

Run: .venv/bin/python bench/copy_grievances.py SQLITE_FILE "host=127.0.0.1 user=postgres dbname=NAME"
     (both filled by bench/fill.py with the same --agencies and --seed, so that agency ids agree; the PostgreSQL
     one with --grievances 0; migrated to the same head)

COPY through psycopg: 1,000,000 grievances with their categories and timelines in about 6 minutes on a loaded
2-core machine, where bench/fill.py's batched INSERTs would take most of an hour. The database's own indexes
(and the recruiters' trigram index) are kept by PostgreSQL as the rows arrive; run VACUUM ANALYZE afterwards.
"""
import sqlite3
import sys
import time

import psycopg

TABLES = ("grievances", "grievance_categories", "grievance_events")


def columns(pg: psycopg.Connection, lite: sqlite3.Connection, table: str) -> tuple[list[str], set[str]]:
    """The columns both databases hold (PostgreSQL's order), and which of them are booleans (0/1 in SQLite)."""
    rows = pg.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
                      "ORDER BY ordinal_position", (table,)).fetchall()
    in_sqlite = {row[1] for row in lite.execute(f"PRAGMA table_info({table})")}
    return [name for name, _ in rows if name in in_sqlite], {name for name, kind in rows if kind == "boolean"}


def copy(lite: sqlite3.Connection, pg: psycopg.Connection, table: str) -> None:
    names, booleans = columns(pg, lite, table)
    flags = [name in booleans for name in names]
    with pg.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as out:
        for row in lite.execute(f"SELECT {', '.join(names)} FROM {table}"):
            out.write_row([bool(v) if flag and v is not None else v for flag, v in zip(flags, row, strict=True)])


def main() -> None:
    lite, pg = sqlite3.connect(sys.argv[1]), psycopg.connect(sys.argv[2])
    pg.execute("SET timezone = 'UTC'")  # SQLite keeps UTC moments without their zone
    started = time.perf_counter()
    for table in TABLES:
        copy(lite, pg, table)
        print(f"{table}: copied, {time.perf_counter() - started:.0f} s", flush=True)
    for table in ("grievances", "grievance_events"):
        pg.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    pg.commit()


if __name__ == "__main__":
    main()
