"""The database of articles, reports, failures and incidents, behind one small API.

`open_store` takes a path (a SQLite file) or a `sqlite:///` / `postgresql://` URL; the schema is
created or migrated on open. Writes are one transaction per call: `add` stores a whole batch or
nothing, and an article the database rejects becomes a recorded `Failure` instead of losing the
batch (`writing.insert_new`). An article is identified by a hash of
its content, so ingesting the same input twice changes nothing: the second time every article
is a duplicate and no row is inserted or updated.

On SQLite every connection gets WAL (readers never block the writer), foreign keys and a busy
timeout, and write transactions start with `BEGIN IMMEDIATE`, so two writers queue instead of
failing halfway.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Self

import sqlalchemy as sa

from ..errors import StoreError
from ..model import Analysis, Article, Failure, Incident, Precision, Report
from . import migrations, writing
from .schema import (
    article_from_row,
    articles,
    failures,
    incident_reports,
    incidents,
    report_text,
    reports,
    spans,
)
from .serialize import incident_from_json, json_text, report_from_json, report_from_text

SQLITE_BUSY_TIMEOUT_MS = 30_000
MIN_PREFIX = 4  # shorter id prefixes match too much to be useful

#: Where a page of unlinked reports ends, in the linker's order: (date or None, article id, id).
ReportKey = tuple[date | None, str, str]


class NotFoundError(StoreError):
    """No stored row matches what was asked for (or a prefix matches several)."""


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What one `Store.add` did. Every input is counted once: ingested (new and extracted),
    skipped (new, stored, not extracted: another language), duplicate (already stored) or failed.
    """

    ingested: int = 0
    duplicate: int = 0
    skipped: int = 0
    failed: int = 0
    reports: int = 0
    failures: tuple[Failure, ...] = ()
    article_ids: tuple[str, ...] = ()  # every article of the batch, new or duplicate, in order

    @property
    def total(self) -> int:
        return self.ingested + self.duplicate + self.skipped + self.failed


def open_store(url_or_path: str) -> Store:
    """Open (creating or migrating) the database at a path or URL."""
    url = database_url(url_or_path)
    try:
        engine = _create_engine(url)
        store = Store(engine)
        with store._writing() as conn:
            migrations.migrate(conn)
    except StoreError:
        raise
    except ModuleNotFoundError as exc:
        raise StoreError(
            f"no database driver for {url.drivername} ({exc.name}); for PostgreSQL: "
            "pip install 'sitreps[postgres]'"
        ) from exc
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(
            f"cannot open {url.render_as_string(hide_password=True)}: {writing.first_line(exc)}"
        ) from exc
    return store


def database_url(url_or_path: str) -> sa.URL:
    """A bare path is a SQLite file; `postgresql://` uses psycopg 3 (the driver we depend on)."""
    if "://" not in url_or_path:
        if url_or_path == ":memory:":
            return sa.make_url("sqlite://")
        return sa.make_url(f"sqlite:///{Path(url_or_path).expanduser().resolve()}")
    try:
        url = sa.make_url(url_or_path)
    except sa.exc.ArgumentError as exc:
        raise StoreError(f"not a database URL: {url_or_path!r}") from exc
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


class Store:
    """The one object that reads and writes the database. Thread-safe; close it when done."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine
        self._snapshots = threading.local()  # the connection `snapshot` pins, per thread

    @property
    def engine(self) -> sa.Engine:
        return self._engine

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read in the block, in this thread, sees one state of the database: one
        connection, one transaction (SQLite's WAL snapshot; repeatable read on PostgreSQL). A
        page and its count, an incident and its reports, then agree while an ingest writes."""
        if self.pinned_connection() is not None:  # nested: the outer block's snapshot holds
            yield
            return
        with _database_errors(self._engine), self._engine.connect() as conn:
            if self._engine.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            self._snapshots.connection = conn
            try:
                yield
            finally:
                self._snapshots.connection = None

    def pinned_connection(self) -> sa.Connection | None:
        """The connection of the `snapshot` this thread is in, if any (for the query layer)."""
        return getattr(self._snapshots, "connection", None)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------

    def add(self, items: Iterable[Analysis | Failure]) -> BatchSummary:
        """Store a batch of analysed articles and failures in one transaction.

        Which articles are new is asked in one query, and they go in with one statement per
        table (`writing.insert_new`), not a query, a savepoint and three inserts per article: less
        than half the time. Only when the database rejects that do they go in one by one, so
        that a bad article still loses no other."""
        items = list(items)
        counts = {"ingested": 0, "duplicate": 0, "skipped": 0, "failed": 0, "reports": 0}
        failed: list[Failure] = []
        article_ids: list[str] = []
        with self._writing() as conn:
            now = datetime.now(UTC)
            new = writing.new_analyses(conn, [item for item in items if isinstance(item, Analysis)])
            rejected = writing.insert_new(conn, list(new.values()), now)
            for item in items:
                if isinstance(item, Analysis) and item.article.id not in rejected:
                    first = new.pop(item.article.id, None) is not None  # the rest are duplicates
                    counts[writing.outcome(item) if first else "duplicate"] += 1
                    counts["reports"] += len(item.reports) if first else 0
                    article_ids.append(item.article.id)
                    continue
                failure = item if isinstance(item, Failure) else rejected[item.article.id]
                writing.add_failure(conn, failure, now)
                failed.append(failure)
                counts["failed"] += 1
        return BatchSummary(**counts, failures=tuple(failed), article_ids=tuple(article_ids))

    def save_incidents(self, new: Iterable[Incident], replaced_ids: Iterable[str] = ()) -> None:
        """Replace incidents in one transaction: drop `replaced_ids`, then write `new` (an
        incident whose id already exists is overwritten, `writing.write_incidents`)."""
        with self._writing() as conn:
            writing.write_incidents(conn, list(new), set(replaced_ids))

    def clear_incidents(self) -> None:
        """Forget every incident (reports stay), e.g. before linking everything again."""
        with self._writing() as conn:
            conn.execute(incident_reports.delete())
            conn.execute(incidents.delete())

    # -- reading ----------------------------------------------------------------------------

    def articles(
        self, *, ids: Sequence[str] | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Article]:
        """Articles by publication date (undated last), then id."""
        query = sa.select(articles).order_by(sa.nulls_last(articles.c.published.asc()), articles.c.id)
        if ids is not None:
            query = query.where(articles.c.id.in_(list(ids)))
        with self._reading() as conn:
            return [article_from_row(row) for row in conn.execute(query.limit(limit).offset(offset))]

    def article(self, key: str) -> Article:
        """The article with this id, external id (the record's own id), or unique id prefix."""
        with self._reading() as conn:
            for condition in (articles.c.id == key, articles.c.external_id == key):
                rows = conn.execute(sa.select(articles).where(condition).limit(2)).all()
                if len(rows) == 1:
                    return article_from_row(rows[0])
                if len(rows) > 1:
                    raise NotFoundError(f"{key!r} names several articles; use the article id")
            if len(key) >= MIN_PREFIX:
                prefix = articles.c.id.startswith(key, autoescape=True)
                rows = conn.execute(sa.select(articles).where(prefix).limit(2)).all()
                if len(rows) == 1:
                    return article_from_row(rows[0])
                if len(rows) > 1:
                    raise NotFoundError(f"{key!r} is the start of several article ids; give more of it")
        raise NotFoundError(f"no article {key!r}")

    def reports(self, *, article_id: str | None = None, limit: int | None = None) -> list[Report]:
        """Reports in article order, then in the order the article gave them."""
        query = sa.select(reports.c.data).order_by(*_REPORT_ORDER)
        if article_id is not None:
            query = query.where(reports.c.article_id == article_id)
        with self._reading() as conn:
            return [report_from_json(data) for data in conn.scalars(query.limit(limit))]

    def reports_without_incident(self) -> list[Report]:
        """Reports the linker has not yet put in an incident (all at once: for a small store)."""
        query = sa.select(reports.c.data).where(_UNLINKED).order_by(*_REPORT_ORDER)
        with self._reading() as conn:
            return [report_from_json(data) for data in conn.scalars(query)]

    def unlinked_reports_page(self, *, linkable: bool, after: ReportKey | None, limit: int) -> list[Report]:
        """The next `limit` reports not yet in an incident, in the linker's order: by date
        (undated last), article, id, after the report whose key is `after`. The linker reads
        a backlog of any size page by page, so memory stays flat; each page starts where the
        last ended (keyset paging, no OFFSET), and reports linked meanwhile are not returned.

        `linkable`: the reports dated finer than the year, which link pairwise; else the others
        (known only to the year, then undated), which the linker takes after all of those."""
        if linkable:
            return self._unlinked(_FINER_THAN_YEAR, after, limit)
        among_undated = after is not None and after[0] is None
        page = [] if among_undated else self._unlinked(_YEAR_ONLY, after, limit)
        if len(page) < limit:
            undated_after = after if among_undated else None
            page += self._unlinked(reports.c.date.is_(None), undated_after, limit - len(page))
        return page

    def count_unlinked_reports(self) -> int:
        """How many reports no incident holds (what a linking run has left to do)."""
        with self._reading() as conn:
            return conn.scalar(sa.select(sa.func.count()).select_from(reports).where(_UNLINKED)) or 0

    def incidents(self, *, limit: int | None = None) -> list[Incident]:
        """Incidents by date (undated last), then id."""
        return self._incidents(sa.true(), limit)

    def incidents_between(self, date_from: date, date_to: date) -> list[Incident]:
        """Dated incidents with `date_from <= date <= date_to` (the linker's candidates)."""
        return self._incidents(incidents.c.date.between(date_from, date_to), None)

    def incident(self, incident_id: str) -> Incident:
        found = self._incidents(incidents.c.id == incident_id, None)
        if not found:
            raise NotFoundError(f"no incident {incident_id!r}")
        return found[0]

    def failures(self) -> list[Failure]:
        """Inputs that could not be read or analysed, oldest first."""
        query = sa.select(failures.c.source, failures.c.stage, failures.c.reason).order_by(failures.c.id)
        with self._reading() as conn:
            return [Failure(row.source, row.stage, row.reason) for row in conn.execute(query)]

    def counts(self) -> dict[str, int]:
        """Rows per table: articles, failures, reports, spans, incidents, incident_reports."""
        tables = (articles, failures, reports, spans, incidents, incident_reports)
        with self._reading() as conn:
            return {t.name: conn.scalar(sa.select(sa.func.count()).select_from(t)) or 0 for t in tables}

    # -- transactions -----------------------------------------------------------------------

    def _incidents(self, condition: sa.ColumnElement[bool], limit: int | None) -> list[Incident]:
        query = (
            sa.select(incidents.c.data)
            .where(condition)
            .order_by(sa.nulls_last(incidents.c.date.asc()), incidents.c.id)
            .limit(limit)
        )
        with self._reading() as conn:
            return [incident_from_json(data) for data in conn.scalars(query)]

    def _unlinked(self, dates: sa.ColumnElement[bool], after: ReportKey | None, limit: int) -> list[Report]:
        """A page of unlinked reports with these dates, by date, article, id. The date index
        gives dated rows in date order, so a page reads little more than it returns; the
        undated are sorted whole for each page (an index on date, article, id would spare it)."""
        r = reports.c
        query = (
            sa.select(report_text).where(_UNLINKED, dates).order_by(r.date, r.article_id, r.id).limit(limit)
        )
        if after is not None:
            query = query.where(_after_report(after))
        with self._reading() as conn:
            return [report_from_text(data) for data in conn.scalars(query)]

    @contextmanager
    def _reading(self) -> Iterator[sa.Connection]:
        pinned = self.pinned_connection()
        if pinned is not None:
            yield pinned
            return
        with _database_errors(self._engine), self._engine.connect() as conn:
            yield conn

    @contextmanager
    def _writing(self) -> Iterator[sa.Connection]:
        with _database_errors(self._engine), self._engine.connect() as conn:
            conn.execution_options(sitreps_write=True)
            with conn.begin():
                yield conn


# -- rows -------------------------------------------------------------------------------------

_REPORT_ORDER = (reports.c.article_id, sa.func.length(reports.c.id), reports.c.id)  # "a:2" before "a:10"
_UNLINKED = reports.c.id.not_in(sa.select(incident_reports.c.report_id))
_FINER_THAN_YEAR = sa.and_(reports.c.date.is_not(None), reports.c.date_precision != Precision.YEAR.value)
_YEAR_ONLY = sa.and_(reports.c.date.is_not(None), reports.c.date_precision == Precision.YEAR.value)


def _after_report(key: ReportKey) -> sa.ColumnElement[bool]:
    """Reports after `key` in the order (date, article id, id), among reports of one kind of
    date (all undated when the key's date is None). `date >= day` lets the index find the start."""
    day, article_id, report_id = key
    r = reports.c
    later = sa.tuple_(r.article_id, r.id) > sa.tuple_(sa.literal(article_id), sa.literal(report_id))
    if day is None:
        return later
    return sa.and_(r.date >= day, sa.or_(r.date > day, later))


# -- engine -----------------------------------------------------------------------------------


#: Connections one store may hold at once (SQLAlchemy's default is 15): more than the web
#: server's 40 worker threads, so that under load a request waits for a thread, and is answered,
#: instead of failing after 30 s waiting for a connection.
POOL_SIZE, POOL_OVERFLOW = 8, 40


def _create_engine(url: sa.URL) -> sa.Engine:
    pool: dict[str, Any] = {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True, json_serializer=json_text, **pool)
    in_memory = url.database in (None, "", ":memory:")
    options = {"poolclass": sa.StaticPool} if in_memory else pool
    engine = sa.create_engine(url, json_serializer=json_text, **options)
    # Many rows go in as a few multi-row INSERTs, not one statement per row: FTS5 writes its
    # pending terms out as a new segment at the start of each statement that fires the search
    # triggers (`search.py`), so an `executemany` of a batch's reports made a segment per
    # article (Store.add: 0.32 -> 0.24 ms per article). SQLAlchemy sizes the statements to
    # SQLite's limit on bound values.
    engine.dialect.use_insertmanyvalues_wo_returning = True
    sa.event.listen(engine, "connect", _configure_sqlite_connection)
    sa.event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (see
    # `_begin_sqlite_transaction`): sqlite3's own rule leaves DDL outside the transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _begin_sqlite_transaction(conn: sa.Connection) -> None:
    writing = conn.get_execution_options().get("sitreps_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


@contextmanager
def _database_errors(engine: sa.Engine) -> Iterator[None]:
    """The database being unreachable, locked, full or too busy to lend a connection is a
    `StoreError` with one line to say so."""
    try:
        yield
    except (sa.exc.OperationalError, sa.exc.TimeoutError) as exc:
        where = engine.url.render_as_string(hide_password=True)
        cause = exc.orig if isinstance(exc, sa.exc.OperationalError) and exc.orig else exc
        raise StoreError(f"database {where}: {writing.first_line(cause)}") from exc
