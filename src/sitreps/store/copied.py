"""The incidents' flat columns copied under their rowid (SQLite), so that a count over a text
search's matches reads a narrow row per match.

The timeline, the map and the tallies of a search count every incident it matches (24,661 of
100,000 for `airport`), not a page. The index lists the matches' rowids (`search.py`); the
columns a count needs sit in `incidents` beside the JSON (1.7 kB a row, two rows to a page),
so reading them at those rowids touches a page per match, and scanning a covering index instead
checks all 100,000 incidents against the list. Here the same columns take 87 bytes a row, under
the same rowids: the timeline's SQL for `airport` ~57 ms -> ~41 ms (the list itself is ~24 ms
of it), the map's and the tallies' by as much or more.

Triggers on `incidents` keep the copy equal to its rows through every write, as they keep the
search index; it is rebuilt with it (`search.rebuild_text_search`) and relies on the same
stable rowids. PostgreSQL has no copy: there a count reads `incidents`, with the `LIKE` its
trigram indexes serve (`filters.counted_incidents`).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

from .schema import incidents

#: Every flat column a filter or a count reads; not the id, the tolls or the JSON.
COPIED_COLUMNS = (
    "date", "date_precision", "week_period", "admin1", "country", "lat", "lon", "attack_type", "target",
    "status", "claimed_by",
)  # fmt: skip
incident_columns = sa.table(
    "search_incident_columns",
    sa.column("incident_rowid", sa.Integer),
    *(sa.column(name, incidents.c[name].type) for name in COPIED_COLUMNS),
)

_NAMES = ", ".join(COPIED_COLUMNS)
_TABLE = incident_columns.name
_NEW_VALUES = ", ".join(f"new.{name}" for name in COPIED_COLUMNS)
_COPY_NEW = f"INSERT INTO {_TABLE}(incident_rowid, {_NAMES}) VALUES (new.rowid, {_NEW_VALUES})"
_DROP_OLD = f"DELETE FROM {_TABLE} WHERE incident_rowid = old.rowid"
_TRIGGERS = {
    "search_incident_columns_insert": f"AFTER INSERT ON incidents BEGIN {_COPY_NEW}; END",
    "search_incident_columns_delete": f"AFTER DELETE ON incidents BEGIN {_DROP_OLD}; END",
    # any update (none of our code makes one): the row as it now reads, under its rowid now
    "search_incident_columns_update": f"AFTER UPDATE ON incidents BEGIN {_DROP_OLD}; {_COPY_NEW}; END",
}


def install(conn: sa.Connection) -> None:
    """Create the copy and its triggers in a database whose tables are new (and so empty)."""
    if conn.dialect.name != "sqlite":
        return
    dialect = sqlite.dialect()
    columns = ", ".join(
        f"{name} {incidents.c[name].type.compile(dialect=dialect)}" for name in COPIED_COLUMNS
    )
    # INTEGER PRIMARY KEY: the rowid itself, so a match is one probe of the table's own b-tree
    conn.exec_driver_sql(f"CREATE TABLE {_TABLE} (incident_rowid INTEGER PRIMARY KEY, {columns})")
    for name, body in _TRIGGERS.items():
        conn.exec_driver_sql(f"CREATE TRIGGER {name} {body}")


def rebuild(conn: sa.Connection) -> None:
    """The copy of every stored incident, from scratch (the migration that added it, and the
    cure for a copy that no longer matches its rows): 100,000 incidents in a fraction of a second."""
    drop(conn)
    install(conn)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            f"INSERT INTO {_TABLE}(incident_rowid, {_NAMES}) SELECT rowid, {_NAMES} FROM incidents"
        )


def drop(conn: sa.Connection) -> None:
    """Remove the copy and its triggers (the database as schema version 4 had it)."""
    if conn.dialect.name != "sqlite":
        return
    for name in _TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {_TABLE}")
