"""The database tables, in SQLAlchemy Core so that SQLite and PostgreSQL share one code path.

Each table keeps a few flat columns for filtering and sorting (dates, places, types, counts)
and, where a row stands for a model value with nested facts, the whole value as JSON (`data`),
so nothing the extractor found is lost to the flattening and the flat columns can be rebuilt.
This module is the *current* schema, and how model values become its rows and back;
`migrations.py` brings older databases up to it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import fields
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

import sqlalchemy as sa

from .. import __version__
from ..model import Analysis, Article, DateValue, Fact, Incident, Precision, Report, Span

metadata = sa.MetaData()
T = TypeVar("T")

#: Ids per `IN (...)` list: under SQLite's bound-parameter limit, whatever it was compiled with.
CHUNK = 500


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[list[T]]:
    """`items` in lists of at most `size`, for `IN (...)` lists that must stay short."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True, comment="content hash (model.content_id)"),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("language", sa.String(16)),
    sa.Column("raw_text", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("external_id", sa.Text),
    sa.Column("segments", sa.JSON, nullable=False),
    sa.Column("meta", sa.JSON, nullable=False),
    sa.Column("extracted", sa.Boolean, nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_articles_published", "published"),
    sa.Index("ix_articles_external_id", "external_id"),
)

failures = sa.Table(
    "failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("stage", sa.String(32), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    # the same bad input read twice is one failure, not two
    sa.UniqueConstraint("source", "stage", "reason", name="uq_failures_source_stage_reason"),
)

reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.String(96), primary_key=True, comment="article_id:index"),
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("attack_type", sa.String(32)),
    sa.Column("target", sa.String(32)),
    sa.Column("date", sa.Date),
    sa.Column("date_precision", sa.String(8)),
    sa.Column("admin1", sa.Text),
    sa.Column("country", sa.String(2)),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("location_text", sa.Text),
    sa.Column("claimed_by", sa.Text),
    sa.Column("killed", sa.Integer),
    sa.Column("injured", sa.Integer),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("pipeline_version", sa.String(32), nullable=False),
    sa.Column("data", sa.JSON, nullable=False, comment="the whole Report, every Fact with its evidence"),
    sa.Index("ix_reports_article_id", "article_id"),
    # the linker's keyset order (`Store.unlinked_reports_page`): date, then article, then id
    sa.Index("ix_reports_date_article", "date", "article_id", "id"),
)

spans = sa.Table(
    "spans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.String(96), sa.ForeignKey("reports.id"), nullable=False),
    sa.Column("field", sa.String(64), nullable=False, comment="report field the span is evidence for"),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Index("ix_spans_report_id", "report_id"),
)

incidents = sa.Table(
    "incidents",
    metadata,
    sa.Column("id", sa.String(96), primary_key=True),
    sa.Column("date", sa.Date),
    sa.Column("date_precision", sa.String(8)),
    sa.Column(
        "week_period",
        sa.String(8),
        comment='the period the timeline counts it in: "2021-W06", or "2021-02" / "2021" when dated no finer',
    ),
    sa.Column("admin1", sa.Text),
    sa.Column("country", sa.String(2)),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("attack_type", sa.String(32)),
    sa.Column("target", sa.String(32)),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("claimed_by", sa.Text, comment="claimants joined with '; '"),
    sa.Column("killed_low", sa.Integer),
    sa.Column("killed_best", sa.Integer),
    sa.Column("killed_high", sa.Integer),
    sa.Column("injured_low", sa.Integer),
    sa.Column("injured_best", sa.Integer),
    sa.Column("injured_high", sa.Integer),
    sa.Column("n_sources", sa.Integer, nullable=False),
    sa.Column("data", sa.JSON, nullable=False, comment="the whole Incident with its merge rules"),
    sa.Index("ix_incidents_date", "date"),
    # Covering indexes for the dashboard's list, map and tallies (bench/web_latency.py: p95 of
    # all calls on 100,000 incidents 297 ms -> 68 ms): filters read the index, not the rows.
    sa.Index(
        "ix_incidents_date_cover", "date", "date_precision", "attack_type", "target", "status", "admin1",
        "country", "n_sources", "killed_best", "claimed_by", "lat", "lon",
    ),
    sa.Index(
        "ix_incidents_place_cover", "lat", "lon", "country", "admin1", "attack_type", "date",
        "date_precision", "target", "status", "n_sources", "killed_best", "claimed_by",
    ),
    # The timeline's (and the weekly tally's): read in the order it groups by, so counting per
    # week and type sorts nothing. SQLite also skip-scans it for a filter on attack type, so it
    # carries every column a filter or a page's sort reads, and the id, and such a page reads
    # no row: a page of rockets by date takes 3 ms (33 ms with the timeline's columns alone).
    # SQLite only: PostgreSQL counts from its heap, and scanned this index (it holds the
    # governorate and claimants) in place of the trigram indexes of a text search.
    sa.Index(
        "ix_incidents_timeline", "week_period", "attack_type", "date", "target", "status", "admin1",
        "claimed_by", "killed_best", "n_sources", "id",
    ).ddl_if(dialect="sqlite"),
    sa.Index("ix_incidents_killed", "killed_best", "id"),
    sa.Index("ix_incidents_sources", "n_sources", "id"),
)

incident_reports = sa.Table(
    "incident_reports",
    metadata,
    sa.Column("incident_id", sa.String(96), sa.ForeignKey("incidents.id"), primary_key=True),
    sa.Column("report_id", sa.String(96), sa.ForeignKey("reports.id"), primary_key=True),
    sa.Index("ix_incident_reports_report_id", "report_id"),
)

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

#: Tables holding what was ingested, in an order that respects foreign keys.
DATA_TABLES = (articles, failures, reports, spans, incidents, incident_reports)


# -- model values to rows ---------------------------------------------------------------------

_NOT_PLAIN_ARTICLE_FIELDS = frozenset({"segments", "meta", "extracted", "ingested_at"})


def article_row(analysis: Analysis, now: datetime) -> dict[str, Any]:
    article = analysis.article
    row = {
        c.name: getattr(article, c.name) for c in articles.columns if c.name not in _NOT_PLAIN_ARTICLE_FIELDS
    }
    row.update(segments=article.segments, meta=article.meta)  # JSON columns: `serialize.json_text`
    row.update(extracted=analysis.extracted, ingested_at=now)
    return row


def article_from_row(row: sa.Row[Any]) -> Article:
    return Article(
        id=row.id,
        source=row.source,
        raw_text=row.raw_text,
        text=row.text,
        url=row.url,
        outlet=row.outlet,
        title=row.title,
        published=row.published,
        language=row.language,
        external_id=row.external_id,
        segments=tuple(tuple(segment) for segment in row.segments),
        meta=tuple(tuple(pair) for pair in row.meta),
    )


#: A report's JSON as the database stores it, as text on every backend (PostgreSQL's driver
#: would parse a JSON column), for `serialize.report_from_text`.
report_text = sa.cast(reports.c.data, sa.Text).label("data")


def report_row(report: Report) -> dict[str, Any]:
    when, place = report.date.value, report.place.value
    return {
        "id": report.id,
        "article_id": report.article_id,
        "role": report.role.value,
        "attack_type": plain_value(report.attack_type.value),
        "target": plain_value(report.target.value),
        "date": when.day if when else None,
        "date_precision": when.precision.value if when else None,
        "admin1": place.admin1 if place else None,
        "country": place.country if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "location_text": report.location_text,
        "claimed_by": report.claimed_by.value,
        "killed": report.killed.value,
        "injured": report.injured.value,
        "confidence": report.confidence,
        "pipeline_version": __version__,
        "data": report,  # written by `serialize.json_text`, as `to_json` shapes it
    }


def span_rows(report: Report) -> Iterator[dict[str, Any]]:
    """Every evidence span of the report, under the name of the field it supports."""
    for f in fields(Report):
        value = getattr(report, f.name)
        facts = value if isinstance(value, tuple) else (value,)
        for fact in facts:
            evidence = fact.evidence if isinstance(fact, Fact) else (fact,) if isinstance(fact, Span) else ()
            for span in evidence:
                yield {
                    "report_id": report.id,
                    "field": f.name,
                    "start": span.start,
                    "end": span.end,
                    "text": span.text,
                }


def incident_row(incident: Incident) -> dict[str, Any]:
    when, place = incident.date.value, incident.place.value
    articles_cited = {report_id.rpartition(":")[0] for report_id in incident.report_ids}
    return {
        "id": incident.id,
        "date": when.day if when else None,
        "date_precision": when.precision.value if when else None,
        "week_period": week_period(when),
        "admin1": place.admin1 if place else None,
        "country": place.country if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "attack_type": plain_value(incident.attack_type.value),
        "target": plain_value(incident.target.value),
        "status": incident.status.value,
        "claimed_by": "; ".join(incident.claimed_by) or None,
        "killed_low": incident.killed.low,
        "killed_best": incident.killed.best,
        "killed_high": incident.killed.high,
        "injured_low": incident.injured.low,
        "injured_best": incident.injured.best,
        "injured_high": incident.injured.high,
        "n_sources": len(articles_cited),
        "data": incident,
    }


def plain_value(value: Enum | None) -> str | None:
    return value.value if value is not None else None


def week_period(when: DateValue | None) -> str | None:
    """The incidents' `week_period` column: stored with the row so that the timeline groups on
    it in SQL (a few hundred periods) instead of folding every distinct day in Python."""
    return period_key(when.day, when.precision, Precision.WEEK) if when else None


def period_key(day: date, precision: Precision, period: Precision) -> str:
    """ "2021-W06" or "2021-02" for a day; a date coarser than the period keeps its own period,
    so a month-precise incident is never spread over weeks it may not belong to."""
    shown = precision if precision.rank > period.rank else period
    if shown is Precision.WEEK:
        iso = day.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    if shown is Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"
