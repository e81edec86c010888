"""Bring a database to the schema of this code, or refuse one that is newer.

Migrations are small functions in a numbered list (sqlite-utils style), each applied inside the
same transaction as the row that records it in `schema_migrations`, so a failed migration leaves
the database as it was. A brand-new database is created from `schema.py` directly and stamped
with every version, since `schema.py` *is* the result of all migrations; an older database runs
only the steps it lacks. To change the schema: edit `schema.py` and append a migration that does
the same to an existing database (e.g. `ALTER TABLE ... ADD COLUMN`). What `schema.py` cannot
say in SQLAlchemy's terms (the full-text index and its triggers, `search.py`) is installed
beside it in both paths.

A database whose schema is newer than the code (written by a later sitreps) is refused rather
than written to, since this code cannot know what the newer columns mean.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from ..errors import StoreError
from . import schema, search


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sa.Connection], None]


def _create_tables(conn: sa.Connection) -> None:
    schema.metadata.create_all(conn)


_INCIDENT_INDEXES = (
    "ix_incidents_date_cover",
    "ix_incidents_place_cover",
    "ix_incidents_killed",
    "ix_incidents_sources",
)


def _add_incident_indexes(conn: sa.Connection) -> None:
    for index in schema.incidents.indexes:
        if index.name in _INCIDENT_INDEXES:
            index.create(conn, checkfirst=True)


def _index_reports_in_linking_order(conn: sa.Connection) -> None:
    """The date index becomes the linker's page order (date, article, id): a page of a large
    backlog is read from the index instead of sorting every unlinked report."""
    conn.execute(sa.text("DROP INDEX IF EXISTS ix_reports_date"))
    next(i for i in schema.reports.indexes if i.name == "ix_reports_date_article").create(conn, checkfirst=True)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, failures, reports, spans, incidents", _create_tables),
    Migration(2, "covering indexes for incident lists, maps and tallies", _add_incident_indexes),
    # Builds the whole index at once: about a minute per 100,000 articles on SQLite.
    Migration(3, "full-text index for incident text search", search.rebuild_text_search),
    Migration(4, "reports indexed in the linker's page order", _index_reports_in_linking_order),
)


def current_version(conn: sa.Connection) -> int:
    """The newest migration recorded in the database; 0 for a database sitreps never touched."""
    if not sa.inspect(conn).has_table(schema.schema_migrations.name):
        return 0
    version = conn.scalar(sa.select(sa.func.max(schema.schema_migrations.c.version)))
    return int(version or 0)


def migrate(conn: sa.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Apply the migrations the database lacks, inside the caller's transaction.

    Returns the versions recorded by this call (empty when the schema was already current).
    """
    _check_order(migrations)
    head = migrations[-1].version
    found = current_version(conn)
    if found > head:
        raise StoreError(
            f"the database schema is version {found}, newer than this sitreps understands ({head}); "
            "upgrade sitreps to use it"
        )
    if found == 0:  # a new database: the current schema at once, stamped with every step
        schema.metadata.create_all(conn)
        search.install_text_search(conn)
        pending = list(migrations)
    else:
        pending = [m for m in migrations if m.version > found]
        for migration in pending:
            migration.apply(conn)
    now = datetime.now(UTC)
    for migration in pending:
        conn.execute(
            schema.schema_migrations.insert().values(
                version=migration.version, name=migration.name, applied_at=now
            )
        )
    return [m.version for m in pending]


def _check_order(migrations: Sequence[Migration]) -> None:
    versions = [m.version for m in migrations]
    if not versions or versions != list(range(1, len(versions) + 1)):
        raise StoreError(f"migrations must be numbered 1, 2, 3, ... in order; got {versions}")
