"""The questions only the web layer asks (the rest are `sitreps.store.queries`): the map's
points and the weekly timeline for any incident filter, and pages of article summaries.

All of them read narrow columns only (never an incident's JSON or an article's text while
choosing rows), so they stay fast on a large database: a map of 100,000 incidents needs their
coordinates, not their evidence.

An incident placed only to a governorate is drawn at the governorate's seat and marked
approximate (ACLED's geo-precision 3), so "an attack in Basra" is on the map rather than lost;
an incident with no place at all is counted, not drawn.

The timeline counts incidents per ISO week and attack type. An incident dated only to a month
or a year is not spread over weeks it may not belong to: it is counted under its own period
(`coarser`), which the timeline draws as a band across that month or year.

`incident_condition`, `grouped_count` and `reading` are the store query layer's own filter
and connection helpers, so that a filter means exactly the same here as in `sitreps incidents`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from ..geo.gazetteer import load_gazetteer
from ..model import Article, DateValue, Precision
from ..store.filters import IncidentFilter, grouped_count, incident_condition
from ..store.reading import reading
from ..store.schema import articles, incidents
from ..store.store import Store

UNKNOWN_TYPE = "unknown"


@dataclass(frozen=True, slots=True)
class MapPoint:
    id: str
    lat: float
    lon: float
    approximate: bool
    attack_type: str | None
    n_sources: int
    date: str | None


@dataclass(frozen=True, slots=True)
class MapGroup:
    """Incidents of one attack type drawn at one spot, counted rather than drawn one by one."""

    lat: float
    lon: float
    approximate: bool
    attack_type: str | None
    count: int


@dataclass(frozen=True, slots=True)
class MapPoints:
    total: int  # incidents the filter selects
    mapped: int  # of which this many have a place that can be drawn
    points: list[MapPoint]  # one per mapped incident, when there are at most `limit` of them
    groups: list[MapGroup]  # otherwise, the mapped incidents counted per spot and attack type


@dataclass(frozen=True, slots=True)
class PeriodCounts:
    key: str  # "2021-W06", "2021-02" or "2021"
    start: date
    end: date
    counts: dict[str, int] = field(default_factory=dict)  # per attack type


@dataclass(frozen=True, slots=True)
class Timeline:
    weeks: list[PeriodCounts]
    coarser: list[PeriodCounts]  # incidents dated only to a month or a year
    undated: int


def map_points(store: Store, filt: IncidentFilter | None, limit: int) -> MapPoints:
    """Every incident the filter selects that can be drawn: one point each when there are at
    most `limit`, else counted per spot and attack type. Incidents are placed at a few thousand
    gazetteer points, so the counts stay small whatever the number of incidents, and the map
    shows all of them at any scale instead of an arbitrary share. One scan counts and groups;
    a second fetches the points only when there are few."""
    with reading(store) as conn:
        total, groups = _grouped(conn, grouped_count(store, filt, *_SPOT))
        mapped = sum(group.count for group in groups)
        if mapped > limit:
            return MapPoints(total, mapped, [], groups)
        c = incidents.c
        drawable = sa.or_(c.lat.is_not(None), c.admin1.is_not(None))
        points = _one_by_one(conn, sa.and_(incident_condition(store, filt), drawable))
    return MapPoints(total, len(points), points, [])


#: Where and what an incident is on the map: the columns it is grouped by there.
_SPOT = ("lat", "lon", "country", "admin1", "attack_type")


def _grouped(conn: sa.Connection, query: sa.Select[Any]) -> tuple[int, list[MapGroup]]:
    """How many incidents the query counts, and the drawable ones per spot and type."""
    total = 0
    counts: Counter[tuple[float, float, bool, str | None]] = Counter()
    for lat, lon, country, admin1, attack_type, n in conn.execute(query):
        total += n
        where_drawn = _point(lat, lon, country, admin1)
        if where_drawn is not None:  # several governorate-only rows meet at the seat
            counts[(*where_drawn, attack_type)] += n
    groups = [MapGroup(*key, count=n) for key, n in sorted(counts.items(), key=lambda kn: -kn[1])]
    return total, groups


def _one_by_one(conn: sa.Connection, where: sa.ColumnElement[bool]) -> list[MapPoint]:
    c = incidents.c
    query = sa.select(
        c.id, c.lat, c.lon, c.country, c.admin1, c.attack_type, c.n_sources, c.date, c.date_precision
    ).where(where)
    points: list[MapPoint] = []
    for row in conn.execute(query):
        spot = _point(row.lat, row.lon, row.country, row.admin1)
        if spot is None:  # a governorate the gazetteer cannot place (outside Iraq)
            continue
        when = str(DateValue(row.date, Precision(row.date_precision or "day"))) if row.date else None
        points.append(MapPoint(row.id, *spot, row.attack_type, row.n_sources, when))
    return sorted(points, key=lambda p: (p.date or "", p.id), reverse=True)


def _point(
    lat: float | None, lon: float | None, country: str | None, admin1: str | None
) -> tuple[float, float, bool] | None:
    if lat is not None and lon is not None:
        return lat, lon, False
    if admin1 and country:
        seat = load_gazetteer().governorate_point(country, admin1)
        if seat is not None:
            return seat[0], seat[1], True
    return None


def weekly_timeline(store: Store, filt: IncidentFilter | None) -> Timeline:
    """Incidents per ISO week and attack type, with coarser-dated ones per month or year.

    Counted in SQL on the period stored with each incident (`week_period`, in the order of its
    index), so the database hands back a few hundred (period, type) rows whatever the number of
    incidents, and Python only names their bounds. Grouped per day, 100,000 incidents were
    ~17,000 rows whose dates Python parsed and folded: 84 ms for the timeline, 15 ms now. A text
    search is counted where `filters.counted_incidents` says (its matches' rows only)."""
    query = grouped_count(store, filt, "week_period", "attack_type")
    periods: dict[str, PeriodCounts] = {}
    undated = 0
    with reading(store) as conn:
        for key, attack_type, n in conn.execute(query):
            if key is None:
                undated += n
                continue
            period = periods.get(key)
            if period is None:
                period = periods[key] = PeriodCounts(key, *_period_bounds(key), counts={})
            kind = attack_type or UNKNOWN_TYPE
            period.counts[kind] = period.counts.get(kind, 0) + n
    ordered = sorted(periods.values(), key=lambda p: (p.start, p.key))
    weeks = [p for p in ordered if "W" in p.key]
    coarser = [p for p in ordered if "W" not in p.key]
    return Timeline(weeks, coarser, undated)


def _period_bounds(key: str) -> tuple[date, date]:
    """First and last day of "2021-W06", "2021-02" or "2021"."""
    if "-W" in key:
        iso_year, week = map(int, key.split("-W"))
        start = date.fromisocalendar(iso_year, week, 1)
        return start, start + timedelta(days=6)
    if "-" in key:
        year, month = map(int, key.split("-"))
        following = date(year + month // 12, month % 12 + 1, 1)
        return date(year, month, 1), following - timedelta(days=1)
    return date(int(key), 1, 1), date(int(key), 12, 31)


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """An article as a list shows it: where it came from, no text (its length only)."""

    id: str
    external_id: str | None
    source: str
    url: str | None
    outlet: str | None
    published: date | None
    language: str | None
    title: str | None
    length: int


def summary_of(article: Article) -> ArticleSummary:
    return ArticleSummary(
        article.id,
        article.external_id,
        article.source,
        article.url,
        article.outlet,
        article.published,
        article.language,
        article.title,
        len(article.text),
    )


def article_page(store: Store, limit: int, offset: int) -> tuple[int, list[ArticleSummary]]:
    """How many articles there are, and one page of them in `Store.articles`' order. The page
    is chosen on the narrow columns first, so sorting never carries the articles' texts."""
    a = articles.c
    order = (sa.nulls_last(a.published.asc()), a.id)
    page = sa.select(a.id).order_by(*order).limit(limit).offset(offset).subquery()
    query = (
        sa.select(
            a.id,
            a.external_id,
            a.source,
            a.url,
            a.outlet,
            a.published,
            a.language,
            a.title,
            sa.func.length(a.text),
        )
        .join(page, page.c.id == a.id)
        .order_by(*order)
    )
    with reading(store) as conn:
        total = conn.scalar(sa.select(sa.func.count()).select_from(articles)) or 0
        return total, [ArticleSummary(*row) for row in conn.execute(query)]
