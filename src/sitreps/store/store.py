"""The database of articles, reports, failures and incidents, behind one small API.

`open_store` takes a path (a SQLite file) or a `sqlite:///` / `postgresql://` URL; the schema is
created or migrated on open. Writes are one transaction per call: `add` stores a whole batch or
nothing, and inside it each article has its own savepoint, so one article the database rejects
becomes a recorded `Failure` instead of losing the batch. An article is identified by a hash of
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
from ..model import Analysis, Article, Failure, Incident, Report
from . import migrations
from .schema import (
    article_from_row,
    article_row,
    articles,
    failures,
    incident_reports,
    incident_row,
    incidents,
    report_row,
    reports,
    span_rows,
    spans,
)
from .serialize import incident_from_json, report_from_json

SQLITE_BUSY_TIMEOUT_MS = 30_000
MIN_PREFIX = 4  # shorter id prefixes match too much to be useful


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
            f"cannot open {url.render_as_string(hide_password=True)}: {_first_line(exc)}"
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
        """Store a batch of analysed articles and failures in one transaction."""
        counts = {"ingested": 0, "duplicate": 0, "skipped": 0, "failed": 0, "reports": 0}
        failed: list[Failure] = []
        article_ids: list[str] = []
        with self._writing() as conn:
            now = datetime.now(UTC)
            for item in items:
                result = item if isinstance(item, Failure) else _add_analysis(conn, item, now)
                if isinstance(result, Failure):
                    _add_failure(conn, result, now)
                    failed.append(result)
                    counts["failed"] += 1
                else:
                    outcome, n_reports = result
                    counts[outcome] += 1
                    counts["reports"] += n_reports
                    article_ids.append(item.article.id)
        return BatchSummary(**counts, failures=tuple(failed), article_ids=tuple(article_ids))

    def save_incidents(self, new: Iterable[Incident], replaced_ids: Iterable[str] = ()) -> None:
        """Replace incidents in one transaction: drop `replaced_ids`, then write `new` (an
        incident whose id already exists is overwritten)."""
        new = list(new)
        doomed = set(replaced_ids) | {incident.id for incident in new}
        with self._writing() as conn:
            _delete_incidents(conn, doomed)
            if new:
                conn.execute(incidents.insert(), [incident_row(incident) for incident in new])
                links = [
                    {"incident_id": i.id, "report_id": r} for i in new for r in dict.fromkeys(i.report_ids)
                ]
                if links:
                    conn.execute(incident_reports.insert(), links)

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
        """Reports the linker has not yet put in an incident."""
        linked = sa.select(incident_reports.c.report_id)
        query = sa.select(reports.c.data).where(reports.c.id.not_in(linked)).order_by(*_REPORT_ORDER)
        with self._reading() as conn:
            return [report_from_json(data) for data in conn.scalars(query)]

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


def _add_analysis(conn: sa.Connection, analysis: Analysis, now: datetime) -> tuple[str, int] | Failure:
    """Insert one article and its reports in a savepoint; what happened, or why it failed."""
    article = analysis.article
    if conn.scalar(sa.select(articles.c.id).where(articles.c.id == article.id)) is not None:
        return "duplicate", 0
    try:
        with conn.begin_nested():
            conn.execute(articles.insert().values(article_row(analysis, now)))
            if analysis.reports:
                conn.execute(reports.insert(), [report_row(report) for report in analysis.reports])
                evidence = [row for report in analysis.reports for row in span_rows(report)]
                if evidence:
                    conn.execute(spans.insert(), evidence)
    except (sa.exc.StatementError, ValueError) as exc:
        if not _rejects_this_article(exc):
            raise
        cause = exc.orig if isinstance(exc, sa.exc.StatementError) and exc.orig is not None else exc
        return Failure(article.source, stage="store", reason=f"{type(cause).__name__}: {_first_line(cause)}")
    return ("ingested" if analysis.extracted else "skipped"), len(analysis.reports)


def _rejects_this_article(exc: Exception) -> bool:
    """Bad values (a constraint, a character the database cannot encode) belong to the article;
    anything else (locked, disconnected, our own SQL) is the database's and stops the batch."""
    if isinstance(exc, sa.exc.IntegrityError | sa.exc.DataError | ValueError):
        return True
    return not isinstance(exc, sa.exc.DBAPIError)  # a value SQLAlchemy could not convert


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0]


def _add_failure(conn: sa.Connection, failure: Failure, now: datetime) -> None:
    """Record a failure unless the same source failed the same way before."""
    same = sa.and_(
        failures.c.source == failure.source,
        failures.c.stage == failure.stage,
        failures.c.reason == failure.reason,
    )
    if conn.scalar(sa.select(failures.c.id).where(same)) is None:
        conn.execute(
            failures.insert().values(
                source=failure.source, stage=failure.stage, reason=failure.reason, at=now
            )
        )


def _delete_incidents(conn: sa.Connection, ids: set[str]) -> None:
    for chunk in _chunks(sorted(ids), 500):  # stay under SQLite's bound-parameter limit
        conn.execute(incident_reports.delete().where(incident_reports.c.incident_id.in_(chunk)))
        conn.execute(incidents.delete().where(incidents.c.id.in_(chunk)))


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# -- engine -----------------------------------------------------------------------------------


#: Connections one store may hold at once (SQLAlchemy's default is 15): more than the web
#: server's 40 worker threads, so that under load a request waits for a thread, and is answered,
#: instead of failing after 30 s waiting for a connection.
POOL_SIZE, POOL_OVERFLOW = 8, 40


def _create_engine(url: sa.URL) -> sa.Engine:
    pool = {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True, **pool)
    in_memory = url.database in (None, "", ":memory:")
    engine = sa.create_engine(url, poolclass=sa.StaticPool) if in_memory else sa.create_engine(url, **pool)
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
        raise StoreError(f"database {where}: {_first_line(cause)}") from exc
