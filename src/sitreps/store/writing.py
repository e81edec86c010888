"""How a batch goes into the database: which articles are new, then all of them in one
statement per table, and one article at a time only when the database rejects that, so that a
bad article becomes a recorded `Failure` and loses no other (`Store.add`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from ..model import Analysis, Failure, Incident
from .schema import (
    article_row,
    articles,
    chunks,
    failures,
    incident_reports,
    incident_row,
    incidents,
    report_row,
    reports,
    span_rows,
    spans,
)


def new_analyses(conn: sa.Connection, analyses: Sequence[Analysis]) -> dict[str, Analysis]:
    """The analyses whose article is not stored yet, by article id: one `IN` query per chunk,
    and an article given twice in the batch counts once (the second is a duplicate)."""
    ids = list(dict.fromkeys(analysis.article.id for analysis in analyses))
    stored: set[str] = set()
    for chunk in chunks(ids):
        stored.update(conn.scalars(sa.select(articles.c.id).where(articles.c.id.in_(chunk))))
    new: dict[str, Analysis] = {}
    for analysis in analyses:
        if analysis.article.id not in stored:
            new.setdefault(analysis.article.id, analysis)
    return new


def insert_new(conn: sa.Connection, analyses: Sequence[Analysis], now: datetime) -> dict[str, Failure]:
    """Insert the articles and their reports and evidence, all at once in a savepoint; if the
    database rejects any of it, one savepoint per article instead. The articles it rejected,
    by id, as failures (only an article's own bad values; any other error stops the batch)."""
    if not analyses:
        return {}
    try:
        with conn.begin_nested():
            _insert_rows(conn, analyses, now)
        return {}
    except (sa.exc.StatementError, ValueError) as exc:
        if not _rejects_this_article(exc):
            raise
    rejected: dict[str, Failure] = {}
    for analysis in analyses:
        try:
            with conn.begin_nested():
                _insert_rows(conn, [analysis], now)
        except (sa.exc.StatementError, ValueError) as exc:
            if not _rejects_this_article(exc):
                raise
            cause = exc.orig if isinstance(exc, sa.exc.StatementError) and exc.orig is not None else exc
            reason = f"{type(cause).__name__}: {first_line(cause)}"
            rejected[analysis.article.id] = Failure(analysis.article.source, stage="store", reason=reason)
    return rejected


def _insert_rows(conn: sa.Connection, analyses: Sequence[Analysis], now: datetime) -> None:
    """One `executemany` per table: articles, then reports, then evidence (foreign keys)."""
    conn.execute(articles.insert(), [article_row(analysis, now) for analysis in analyses])
    found = [report for analysis in analyses for report in analysis.reports]
    if found:
        conn.execute(reports.insert(), [report_row(report) for report in found])
        evidence = [row for report in found for row in span_rows(report)]
        if evidence:
            conn.execute(spans.insert(), evidence)


def outcome(analysis: Analysis) -> str:
    return "ingested" if analysis.extracted else "skipped"


def _rejects_this_article(exc: Exception) -> bool:
    """Bad values (a constraint, a character the database cannot encode) belong to the article;
    anything else (locked, disconnected, our own SQL) is the database's and stops the batch."""
    if isinstance(exc, sa.exc.IntegrityError | sa.exc.DataError | ValueError):
        return True
    return not isinstance(exc, sa.exc.DBAPIError)  # a value SQLAlchemy could not convert


def first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0]


def add_failure(conn: sa.Connection, failure: Failure, now: datetime) -> None:
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


def write_incidents(conn: sa.Connection, new: Sequence[Incident], replaced_ids: set[str]) -> None:
    """Drop the incidents of `replaced_ids` that `new` does not hold, and write `new`.

    An incident already stored under its id is updated in place, and only the links (incident,
    report) that changed are written: linking re-merges an incident each time a report joins
    it, and rewriting all its links, each through the search index's triggers, cost more than
    the merge when it held hundreds of wire copies. Its row keeps its rowid, under which the
    search index knows it (`search.py`)."""
    new_ids = {incident.id for incident in new}
    stored = _links_of(conn, sorted(new_ids))  # stored incident id -> its report ids
    wanted = {(i.id, r) for i in new for r in i.report_ids}
    unwanted = [{"i": i, "r": r} for i, ids in stored.items() for r in sorted(ids) if (i, r) not in wanted]
    ir = incident_reports.c
    if unwanted:  # links first: the foreign key wants them gone before their incident
        conn.execute(
            incident_reports.delete().where(
                ir.incident_id == sa.bindparam("i"), ir.report_id == sa.bindparam("r")
            ),
            unwanted,
        )
    delete_incidents(conn, replaced_ids - new_ids)
    rows = [incident_row(incident) for incident in new]
    updated = [
        {**{k: v for k, v in row.items() if k != "id"}, "stored_id": row["id"]}
        for row in rows
        if row["id"] in stored
    ]
    if updated:
        conn.execute(incidents.update().where(incidents.c.id == sa.bindparam("stored_id")), updated)
    inserted = [row for row in rows if row["id"] not in stored]
    if inserted:
        conn.execute(incidents.insert(), inserted)
    links = [
        {"incident_id": i.id, "report_id": r}
        for i in new
        for r in dict.fromkeys(i.report_ids)
        if r not in stored.get(i.id, ())
    ]
    if links:
        conn.execute(incident_reports.insert(), links)


def _links_of(conn: sa.Connection, incident_ids: Sequence[str]) -> dict[str, set[str]]:
    """The stored incidents among these ids, each with the ids of its reports."""
    found: dict[str, set[str]] = {}
    for chunk in chunks(incident_ids):
        found.update(
            (i, set()) for i in conn.scalars(sa.select(incidents.c.id).where(incidents.c.id.in_(chunk)))
        )
    for incident_id, report_ids in report_ids_of(conn, incident_ids).items():
        found[incident_id] |= report_ids
    return found


def report_ids_of(conn: sa.Connection, incident_ids: Sequence[str]) -> dict[str, set[str]]:
    """The ids of the reports of each of these incidents that has any."""
    found: dict[str, set[str]] = {}
    ir = incident_reports.c
    for chunk in chunks(incident_ids):
        query = sa.select(ir.incident_id, ir.report_id).where(ir.incident_id.in_(chunk))
        for incident_id, report_id in conn.execute(query):
            found.setdefault(incident_id, set()).add(report_id)
    return found


def delete_incidents(conn: sa.Connection, ids: set[str]) -> None:
    for chunk in chunks(sorted(ids)):
        conn.execute(incident_reports.delete().where(incident_reports.c.incident_id.in_(chunk)))
        conn.execute(incidents.delete().where(incidents.c.id.in_(chunk)))
