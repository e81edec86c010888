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
from datetime import UTC, date, datetime

import sqlalchemy as sa

from ..errors import StoreError
from ..model import DateValue, Precision
from . import copied, schema, search


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


def _store_week_periods(conn: sa.Connection) -> None:
    """Add and fill `incidents.week_period`, then index it for the timeline. The period is
    computed in Python (`schema.week_period`, the one definition) once per distinct day and
    precision, a few thousand on any database, each written by one UPDATE through the date
    index: 100,000 incidents take a few seconds."""
    table, c = schema.incidents, schema.incidents.c
    if c.week_period.name not in {column["name"] for column in sa.inspect(conn).get_columns(table.name)}:
        kind = c.week_period.type.compile(dialect=conn.dialect)
        conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {c.week_period.name} {kind}")
    days = sa.select(c.date, c.date_precision).where(c.date.is_not(None)).distinct()
    periods = [
        {"day": day, "precision": precision or "", "period": _week_period(day, precision)}
        for day, precision in conn.execute(days)
    ]
    if periods:
        same_day = sa.and_(
            c.date == sa.bindparam("day", type_=sa.Date),
            sa.func.coalesce(c.date_precision, "") == sa.bindparam("precision", type_=sa.String),
        )
        conn.execute(table.update().where(same_day).values(week_period=sa.bindparam("period")), periods)
    timeline = next(index for index in table.indexes if index.name == "ix_incidents_timeline")
    timeline.create(conn, checkfirst=True)
    if conn.dialect.name == "sqlite" and sa.inspect(conn).has_table("sqlite_stat1"):
        conn.exec_driver_sql(f"ANALYZE {timeline.name}")  # the planner weighs it as it does the others


def _store_periods_and_copy(conn: sa.Connection) -> None:
    """The timeline's period, then the copy of the flat columns, which holds the period too."""
    _store_week_periods(conn)
    copied.rebuild(conn)


def _week_period(day: date, precision: str | None) -> str | None:
    """As `schema.incident_row` writes it; a stored date without a precision is read as a day."""
    return schema.week_period(DateValue(day, Precision(precision or Precision.DAY.value)))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, failures, reports, spans, incidents", _create_tables),
    Migration(2, "covering indexes for incident lists, maps and tallies", _add_incident_indexes),
    # Builds the whole index at once: about a minute per 100,000 articles on SQLite.
    Migration(3, "full-text index for incident text search", search.rebuild_text_index),
    Migration(4, "reports indexed in the linker's page order", _index_reports_in_linking_order),
    Migration(5, "incidents' timeline period; their columns copied for counting", _store_periods_and_copy),
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
