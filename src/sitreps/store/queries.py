"""Incident filters and tallies: the one place the CLI, the API and the exports ask questions.

"How many attacks on convoys in the seven weeks before 10 February 2021, and which?" is a
filter (`IncidentFilter`) plus a window (`count_window`); "per governorate" or "per month" is a
`tally`. Everything is SQLAlchemy Core over the store's flat incident columns with bound
parameters, so text a user typed is never spliced into SQL, and SQLite and PostgreSQL run the
same code. Date periods (ISO weeks, months) are folded in Python from per-day counts, because
the two databases spell week arithmetic differently and a per-day tally is small.

What a page shows comes from here too, as values and as JSON: `list_incidents` (rows with their
sources), `incident_detail` (an incident with every report, its article and evidence spans),
`tally_summary`; the CLI's `--json` and the web API return the same `*_to_json` shapes. Each
reads a fixed handful of statements, never one per incident or report.

The linker's store questions (stored reports in a date window, the incidents of some reports,
and for undated reports the incidents and undated reports near some places) live here too, so that every query the store answers beyond plain reads is in one file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa

from ..errors import SitrepsError, StoreError
from ..link.compare import canonical_group, date_interval
from ..link.probe import Probe, Whereabouts
from ..model import AttackType, DateValue, Incident, Precision, Range, Report, Status, Target
from .schema import articles, incident_reports, incidents, reports, span_rows
from .serialize import JSON, incident_from_json, report_from_json, to_json
from .store import MIN_PREFIX, NotFoundError, Store

TALLY_KEYS: tuple[str, ...] = ("week", "month", "admin1", "attack_type", "target", "group", "status")
#: Sort orders a caller may ask for; every order ends with the incident id so pages are stable.
SORTS: tuple[str, ...] = ("date", "-date", "killed", "-killed", "sources", "-sources")
_CHUNK = 500  # ids per IN (...) list: under SQLite's bound-parameter limit


class QueryError(SitrepsError):
    """A filter, sort or tally that cannot be asked (an unknown attack type, sort or key)."""


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """Which incidents: every field that is set must hold (AND); None means any.

    `group` matches a claimant by any alias the actor table knows; `text` matches, without
    case, the governorate, the claimants, or the place text, title or body of any article that
    reports the incident."""

    date_from: date | None = None
    date_to: date | None = None
    admin1: str | None = None
    attack_type: AttackType | str | None = None
    target: Target | str | None = None
    group: str | None = None
    status: Status | str | None = None
    text: str | None = None


def find_incidents(
    store: Store,
    filt: IncidentFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
    sort: str = "date",
) -> list[Incident]:
    """The incidents the filter selects, in the order asked (`SORTS`), one page at a time."""
    query = (
        sa.select(incidents.c.data)
        .where(_condition(filt))
        .order_by(*_order(sort))
        .limit(limit)
        .offset(offset)
    )
    with _reading(store) as conn:
        return [incident_from_json(data) for data in conn.scalars(query)]


def count_incidents(store: Store, filt: IncidentFilter | None = None) -> int:
    """How many incidents the filter selects (for a page's "of N")."""
    query = sa.select(sa.func.count()).select_from(incidents).where(_condition(filt))
    with _reading(store) as conn:
        return conn.scalar(query) or 0


def count_window(
    store: Store, end: date, weeks: int, filt: IncidentFilter | None = None
) -> tuple[int, list[Incident]]:
    """Incidents in the `weeks` × 7 days up to and including `end` ("in the seven weeks before
    10 February"), within the filter's own dates if it has any; their number and the incidents."""
    found = find_incidents(store, in_window(filt, end, weeks))
    return len(found), found


def window_dates(end: date, weeks: int) -> tuple[date, date]:
    """The first and last day of the `weeks` × 7 days that end on `end`."""
    if weeks < 1:
        raise QueryError(f"a window needs at least one week, not {weeks}")
    return end - timedelta(days=7 * weeks - 1), end


def in_window(filt: IncidentFilter | None, end: date, weeks: int) -> IncidentFilter:
    """The filter narrowed to the window (a tally over "the seven weeks before" uses it too)."""
    base = filt or IncidentFilter()
    start, end = window_dates(end, weeks)
    return replace(
        base,
        date_from=max(start, base.date_from) if base.date_from else start,
        date_to=min(end, base.date_to) if base.date_to else end,
    )


def tally(store: Store, by: str, filt: IncidentFilter | None = None) -> list[tuple[str | None, int]]:
    """Incidents counted per week ("2021-W06"), month ("2021-02"), governorate, attack type,
    target, claiming group or status. Periods come in time order; other keys by count, most
    first. None is the key of incidents that lack the value (undated, unplaced, unclaimed).
    An incident dated more coarsely than the period (a month in a weekly tally) is counted
    under its own coarser period ("2021-02"), never spread over weeks it may not belong to."""
    if by not in TALLY_KEYS:
        raise QueryError(f"cannot tally by {by!r}; choose one of {', '.join(TALLY_KEYS)}")
    if by in ("week", "month"):
        return _tally_periods(store, Precision(by), filt)
    if by == "group":
        return _tally_groups(store, filt)
    column = incidents.c[by]
    query = sa.select(column, sa.func.count()).where(_condition(filt)).group_by(column)
    with _reading(store) as conn:
        counts = [(key, n) for key, n in conn.execute(query)]
    return sorted(counts, key=lambda kn: (-kn[1], kn[0] is None, kn[0] or ""))


def _tally_periods(
    store: Store, period: Precision, filt: IncidentFilter | None
) -> list[tuple[str | None, int]]:
    query = (
        sa.select(incidents.c.date, incidents.c.date_precision, sa.func.count())
        .where(_condition(filt))
        .group_by(incidents.c.date, incidents.c.date_precision)
    )
    counts: Counter[str | None] = Counter()
    with _reading(store) as conn:
        for day, precision, n in conn.execute(query):
            counts[period_key(day, Precision(precision or "day"), period) if day else None] += n
    return sorted(counts.items(), key=lambda kn: (kn[0] is None, kn[0] or ""))


def period_key(day: date, precision: Precision, period: Precision) -> str:
    """ "2021-W06" or "2021-02" for a day; a date coarser than the period keeps its own period."""
    shown = precision if precision.rank > period.rank else period
    if shown is Precision.WEEK:
        iso = day.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    if shown is Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def _tally_groups(store: Store, filt: IncidentFilter | None) -> list[tuple[str | None, int]]:
    """An incident claimed by two groups counts once for each (the stored column joins them)."""
    query = (
        sa.select(incidents.c.claimed_by, sa.func.count())
        .where(_condition(filt))
        .group_by(incidents.c.claimed_by)
    )
    counts: Counter[str | None] = Counter()
    with _reading(store) as conn:
        for joined, n in conn.execute(query):
            for group in joined.split("; ") if joined else [None]:
                counts[group] += n
    return sorted(counts.items(), key=lambda kn: (-kn[1], kn[0] is None, kn[0] or ""))


def _condition(filt: IncidentFilter | None) -> sa.ColumnElement[bool]:
    if filt is None:
        return sa.true()
    c = incidents.c
    parts: list[sa.ColumnElement[bool]] = []
    if filt.date_from:
        parts.append(c.date >= filt.date_from)
    if filt.date_to:
        parts.append(c.date <= filt.date_to)
    if filt.admin1:
        parts.append(sa.func.lower(c.admin1) == filt.admin1.casefold())
    if filt.attack_type:
        parts.append(c.attack_type == _enum_value(AttackType, filt.attack_type, "attack type"))
    if filt.target:
        parts.append(c.target == _enum_value(Target, filt.target, "target"))
    if filt.status:
        parts.append(c.status == _enum_value(Status, filt.status, "status"))
    if filt.group:
        parts.append(_one_of_joined(c.claimed_by, canonical_group(filt.group)))
    if filt.text:
        parts.append(_text_condition(filt.text.casefold()))
    return sa.and_(sa.true(), *parts)


def _text_condition(needle: str) -> sa.ColumnElement[bool]:
    def has(column: sa.ColumnElement[str | None]) -> sa.ColumnElement[bool]:
        return sa.func.lower(column).contains(needle, autoescape=True)

    in_reports = (
        sa.select(incident_reports.c.incident_id)
        .join(reports, reports.c.id == incident_reports.c.report_id)
        .join(articles, articles.c.id == reports.c.article_id)
        .where(sa.or_(has(reports.c.location_text), has(articles.c.title), has(articles.c.text)))
    )
    return sa.or_(has(incidents.c.admin1), has(incidents.c.claimed_by), incidents.c.id.in_(in_reports))


def _enum_value(kind: type[AttackType | Target | Status], value: object, what: str) -> str:
    try:
        return kind(str(value).strip().lower()).value
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise QueryError(f"unknown {what} {value!r}; choose one of {choices}") from None


def _one_of_joined(column: sa.ColumnElement[str | None], name: str) -> sa.ColumnElement[bool]:
    """`name` is one of the "; "-joined names in the column (not merely inside a longer one)."""
    joined = "; " + sa.func.lower(column) + "; "
    return joined.contains(f"; {name.casefold()}; ", autoescape=True)


def _order(sort: str) -> list[sa.ColumnElement[object]]:
    if sort not in SORTS:
        raise QueryError(f"cannot sort by {sort!r}; choose one of {', '.join(SORTS)}")
    column = {"date": incidents.c.date, "killed": incidents.c.killed_best, "sources": incidents.c.n_sources}[
        sort.lstrip("-")
    ]
    direction = column.desc() if sort.startswith("-") else column.asc()
    return [sa.nulls_last(direction), incidents.c.id]


# -- one incident, and rows for lists ---------------------------------------------------------
#
# The CLI's tables, its `--json` and the web API's pages all come from the functions below, so
# a listing and its JSON can never say different things (datasette's habit).


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """An incident as a list shows it: the merged fields and the outlets that tell it."""

    incident: Incident
    sources: tuple[str, ...]  # outlet (or host, or source) of each article, first report first


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """Where a report was read: enough to cite it, and the clean text its spans point into."""

    id: str
    source: str
    outlet: str | None
    url: str | None
    title: str | None
    published: date | None
    language: str | None
    external_id: str | None
    text: str

    @property
    def name(self) -> str:
        return _source_name(self.outlet, self.url, self.source)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One highlighted stretch of the article's clean text and the report field it supports."""

    field: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ReportDetail:
    report: Report
    article: SourceArticle
    evidence: tuple[Evidence, ...]  # by position in the article


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    """An incident with every report that tells it, each with its article and evidence."""

    incident: Incident
    reports: tuple[ReportDetail, ...]  # in the incident's report order

    @property
    def row(self) -> IncidentRow:
        return IncidentRow(self.incident, tuple(dict.fromkeys(r.article.name for r in self.reports)))


def list_incidents(
    store: Store,
    filt: IncidentFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
    sort: str = "date",
) -> list[IncidentRow]:
    """`find_incidents` with each incident's sources, first report first: two queries per page,
    whatever its size (never one per incident)."""
    return _with_sources(store, find_incidents(store, filt, limit, offset, sort))


def incidents_of_articles(store: Store, article_ids: Sequence[str]) -> list[IncidentRow]:
    """The incidents any of these articles tells, by date then id (what a batch just added)."""
    i_r = incident_reports.c
    found: dict[str, Incident] = {}
    with _reading(store) as conn:
        for start in range(0, len(article_ids), _CHUNK):
            told = (
                sa.select(i_r.incident_id)
                .join(reports, reports.c.id == i_r.report_id)
                .where(reports.c.article_id.in_(list(article_ids[start : start + _CHUNK])))
            )
            for data in conn.scalars(sa.select(incidents.c.data).where(incidents.c.id.in_(told))):
                incident = incident_from_json(data)
                found[incident.id] = incident
    ordered = sorted(found.values(), key=lambda i: (i.date.value.day if i.date.value else date.max, i.id))
    return _with_sources(store, ordered)


def _with_sources(store: Store, found: Sequence[Incident]) -> list[IncidentRow]:
    """Each incident with its sources, first report first, in one query per chunk of incidents."""
    position = {rid: n for i in found for n, rid in enumerate(i.report_ids)}
    told: dict[str, list[tuple[int, str]]] = {i.id: [] for i in found}
    i_r, r, a = incident_reports.c, reports.c, articles.c
    with _reading(store) as conn:
        for start in range(0, len(found), _CHUNK):
            query = (
                sa.select(i_r.incident_id, r.id, a.outlet, a.url, a.source)
                .join(reports, r.id == i_r.report_id)
                .join(articles, a.id == r.article_id)
                .where(i_r.incident_id.in_([i.id for i in found[start : start + _CHUNK]]))
            )
            for row in conn.execute(query):
                told[row.incident_id].append(
                    (position[row.id], _source_name(row.outlet, row.url, row.source))
                )
    return [IncidentRow(i, tuple(dict.fromkeys(name for _, name in sorted(told[i.id])))) for i in found]


def resolve_incident_id(store: Store, key: str) -> str:
    """The incident id that `key` names: the id itself, or a unique start of it, with or
    without the "inc-" every id begins with (so `3fa2c1` finds `inc-3fa2c1...`)."""
    key = key.strip()
    full = key if key.startswith("inc-") else f"inc-{key}"
    with _reading(store) as conn:
        exact = conn.scalar(sa.select(incidents.c.id).where(incidents.c.id.in_([key, full])))
        if exact is not None:
            return str(exact)
        if len(full) - len("inc-") >= MIN_PREFIX:
            query = sa.select(incidents.c.id).where(incidents.c.id.startswith(full, autoescape=True))
            matches = list(conn.scalars(query.limit(2)))
            if len(matches) == 1:
                return str(matches[0])
            if matches:
                raise NotFoundError(f"{key!r} is the start of several incident ids; give more of it")
    raise NotFoundError(f"no incident {key!r}")


def incident_detail(store: Store, incident_id: str) -> IncidentDetail:
    """The incident (id or unique prefix) with its reports, articles and evidence spans, in
    three queries: the id, the incident, its reports joined to their articles. The evidence
    comes from each report's own facts, the same rows the store's span index holds."""
    found = resolve_incident_id(store, incident_id)
    a, r = articles.c, reports.c
    query = (
        sa.select(
            r.data, a.id, a.source, a.outlet, a.url, a.title, a.published, a.language, a.external_id, a.text
        )
        .join(incident_reports, incident_reports.c.report_id == r.id)
        .join(articles, a.id == r.article_id)
        .where(incident_reports.c.incident_id == found)
    )
    with _reading(store) as conn:
        data = conn.scalar(sa.select(incidents.c.data).where(incidents.c.id == found))
        if data is None:  # merged into another by a linking run since it was found
            raise NotFoundError(f"no incident {incident_id!r}")
        incident = incident_from_json(data)
        rows = list(conn.execute(query))
    by_report: dict[str, ReportDetail] = {}
    for data, *article in rows:
        report = report_from_json(data)
        spans = sorted(
            (Evidence(s["field"], s["start"], s["end"], s["text"]) for s in span_rows(report)),
            key=lambda e: (e.start, e.end, e.field),
        )
        by_report[report.id] = ReportDetail(report, SourceArticle(*article), tuple(spans))
    ordered = [by_report[rid] for rid in incident.report_ids if rid in by_report]
    return IncidentDetail(incident, tuple(ordered))


def incident_row_to_json(row: IncidentRow) -> JSON:
    """A list row as JSON: flat, the values a table shows (the shape of `sitreps incidents --json`)."""
    i = row.incident
    place = i.place.value
    return {
        "id": i.id,
        "date": _date_text(i.date.value),
        "date_precision": i.date.value.precision.value if i.date.value else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "place": place.name if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "attack_type": _plain(i.attack_type.value),
        "target": _plain(i.target.value),
        "status": i.status.value,
        "claimed_by": list(i.claimed_by),
        "denied_by": list(i.denied_by),
        "killed": _range_json(i.killed),
        "injured": _range_json(i.injured),
        "n_reports": len(i.report_ids),
        "sources": list(row.sources),
        "disagreements": [d.field for d in i.disagreements],
    }


def incident_detail_to_json(detail: IncidentDetail) -> JSON:
    """The list row, plus how each field was merged, what sources disagree on, and every report
    with its article and evidence (the shape of `sitreps incident ID --json`)."""
    i = detail.incident
    merged = {name: to_json(getattr(i, name)) for name in ("attack_type", "target", "date", "place")}
    return {
        **incident_row_to_json(detail.row),
        "merged": merged,
        "disagreements": [
            {"field": d.field, "values": [{"report_id": rid, "value": v} for rid, v in d.values]}
            for d in i.disagreements
        ],
        "reports": [
            {
                **to_json(rd.report),
                "article": {**to_json(rd.article), "name": rd.article.name},
                "evidence": [to_json(e) for e in rd.evidence],
            }
            for rd in detail.reports
        ],
    }


@dataclass(frozen=True, slots=True)
class TallySummary:
    """A tally as a page shows it: the counts, and for a window ("the seven weeks before
    10 February") its days and which incidents fall in it."""

    by: str | None
    counts: tuple[tuple[str | None, int], ...]
    total: int  # incidents selected; in a tally by group a joint claim counts once here
    window: tuple[date, date] | None = None
    incidents: tuple[IncidentRow, ...] = ()


def tally_summary(
    store: Store,
    by: str | None,
    filt: IncidentFilter | None = None,
    window_end: date | None = None,
    weeks: int | None = None,
) -> TallySummary:
    """`tally` by `by` (None: no counts), over the `weeks` up to `window_end` when both are given
    (and then with the incidents listed, oldest first)."""
    if weeks is None or window_end is None:
        counts = tally(store, by, filt) if by else []
        return TallySummary(by, tuple(counts), count_incidents(store, filt))
    narrowed = in_window(filt, window_end, weeks)
    listed = list_incidents(store, narrowed)
    counts = tally(store, by, narrowed) if by else []
    return TallySummary(by, tuple(counts), len(listed), window_dates(window_end, weeks), tuple(listed))


def tally_to_json(summary: TallySummary) -> JSON:
    """The shape of `sitreps tally --json` (incidents as `incident_row_to_json` rows)."""
    window = summary.window
    return {
        "by": summary.by,
        "counts": [{"key": key, "count": n} for key, n in summary.counts],
        "total": summary.total,
        "window": {"from": window[0].isoformat(), "to": window[1].isoformat()} if window else None,
        "incidents": [incident_row_to_json(row) for row in summary.incidents],
    }


def _date_text(value: DateValue | None) -> str | None:
    """The gold format's date: "2021-02-10", or "2021-02" when only the month is known."""
    return str(value) if value else None


def _plain(value: AttackType | Target | None) -> str | None:
    return value.value if value is not None else None


def _range_json(toll: Range) -> dict[str, int | None]:
    return {"low": toll.low, "best": toll.best, "high": toll.high}


def _source_name(outlet: str | None, url: str | None, source: str) -> str:
    return outlet or (urlsplit(url).hostname if url else None) or source


# -- the linker's questions -------------------------------------------------------------------


def reports_in_window(store: Store, date_from: date, date_to: date) -> list[Report]:
    """Stored reports whose date, at its precision, may fall on a day in [date_from, date_to]
    (a month-precise report dated 2021-02 is in a window of 10–12 February). The SQL bounds are
    wide enough for every precision and use the date index; the exact test follows in Python."""
    r = reports.c
    near = sa.and_(r.date >= date_from - timedelta(days=31), r.date <= date_to + timedelta(days=6))
    same_year = sa.and_(
        r.date_precision == Precision.YEAR.value,
        r.date >= date(date_from.year, 1, 1),
        r.date <= date(date_to.year, 12, 31),
    )
    query = sa.select(r.data).where(sa.or_(near, same_year)).order_by(r.date, r.id)
    with _reading(store) as conn:
        found = [report_from_json(data) for data in conn.scalars(query)]
    return [
        rep
        for rep in found
        if rep.date.value and _overlaps(date_interval(rep.date.value), date_from, date_to)
    ]


def _overlaps(interval: tuple[date, date], date_from: date, date_to: date) -> bool:
    return interval[0] <= date_to and date_from <= interval[1]


def incident_members(store: Store, report_ids: Sequence[str]) -> dict[str, frozenset[str]]:
    """The incidents that hold any of these reports, each with all its report ids: what a
    re-link must replace, and what lets it skip incidents whose members did not change."""
    holding: set[str] = set()
    with _reading(store) as conn:
        for start in range(0, len(report_ids), _CHUNK):
            chunk = list(report_ids[start : start + _CHUNK])
            query = sa.select(incident_reports.c.incident_id).where(incident_reports.c.report_id.in_(chunk))
            holding.update(conn.scalars(query))
        members: dict[str, set[str]] = {i: set() for i in holding}
        ordered = sorted(holding)
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            pairs = sa.select(incident_reports.c.incident_id, incident_reports.c.report_id)
            for incident_id, report_id in conn.execute(
                pairs.where(incident_reports.c.incident_id.in_(chunk))
            ):
                members[incident_id].add(report_id)
    return {i: frozenset(m) for i, m in members.items()}


_TERMS_PER_QUERY = 200  # places OR-ed in one statement: well under SQLite's expression depth


def linked_undated_whereabouts(store: Store, governorates: Sequence[str | None]) -> list[Whereabouts]:
    """Where each undated report already in an incident lies, in these governorates (None: a
    place with no governorate): cheap to read for every one (the date index finds the undated),
    so that only those a probe points at are read whole (`reports_by_id`)."""
    r = reports.c
    place_id = r.data[("place", "value", "id")].as_string()
    named = [g for g in governorates if g is not None]
    somewhere = sa.or_(r.admin1.in_(named), *([r.admin1.is_(None)] if None in governorates else []))
    query = (
        sa.select(r.id, r.admin1, r.attack_type, r.lat, r.lon, place_id, r.claimed_by.is_not(None))
        .where(r.date.is_(None), r.country.is_not(None), somewhere)
        .where(r.id.in_(sa.select(incident_reports.c.report_id)))
        .order_by(r.id)
    )
    with _reading(store) as conn:
        return [Whereabouts(*row) for row in conn.execute(query)]


def reports_by_id(store: Store, report_ids: Sequence[str]) -> list[Report]:
    """The stored reports with these ids, by id."""
    found: list[Report] = []
    ordered = sorted(set(report_ids))
    with _reading(store) as conn:
        for start in range(0, len(ordered), _CHUNK):
            query = sa.select(reports.c.data).where(reports.c.id.in_(ordered[start : start + _CHUNK]))
            found.extend(report_from_json(data) for data in conn.scalars(query.order_by(reports.c.id)))
    return found


def incidents_dated_near(store: Store, probes: Sequence[Probe]) -> dict[str, list[Report]]:
    """Incidents holding a report dated finer than the year where a probe points
    (`link.probe`), each with all its reports: the incidents an undated report the probes were
    made around may join."""
    r, i_r = reports.c, incident_reports.c
    dated = sa.and_(r.date.is_not(None), r.date_precision != Precision.YEAR.value)
    holding = sa.select(i_r.incident_id).join(reports, r.id == i_r.report_id).where(dated)
    found: dict[str, list[Report]] = {}
    with _reading(store) as conn:
        ids = sorted({i for near in _near(probes) for i in conn.scalars(holding.where(near))})
        for start in range(0, len(ids), _CHUNK):
            query = (
                sa.select(i_r.incident_id, r.data)
                .join(reports, r.id == i_r.report_id)
                .where(i_r.incident_id.in_(ids[start : start + _CHUNK]))
                .order_by(i_r.incident_id, r.id)
            )
            for incident_id, data in conn.execute(query):
                found.setdefault(incident_id, []).append(report_from_json(data))
    return found


def undated_reports_of_articles(store: Store, article_ids: Sequence[str]) -> list[Report]:
    """Every undated report of these articles: an article's undated reports are judged together."""
    found: list[Report] = []
    with _reading(store) as conn:
        for start in range(0, len(article_ids), _CHUNK):
            chunk = list(article_ids[start : start + _CHUNK])
            query = sa.select(reports.c.data).where(reports.c.date.is_(None), reports.c.article_id.in_(chunk))
            found.extend(report_from_json(data) for data in conn.scalars(query.order_by(reports.c.id)))
    return found


def _near(probes: Sequence[Probe]) -> list[sa.ColumnElement[bool]]:
    """The probes as conditions on dated reports (`Probe.points_at` with `dated`), one per
    statement: each statement is a scan, so as few as the expression limit allows (a batch's
    probes usually make one). Each place is checked after the cheap flat columns (governorate,
    type) of its probe; the place id is read from the report's JSON, which no flat column holds."""
    r = reports.c
    place_id = r.data[("place", "value", "id")].as_string()
    terms: list[sa.ColumnElement[bool]] = []
    for probe in probes:
        here = sa.or_(r.admin1 == probe.governorate, r.admin1.is_(None))
        ids = list(probe.place_ids)
        places = [place_id.in_(ids[start : start + _CHUNK]) for start in range(0, len(ids), _CHUNK)]
        places += [
            sa.and_(r.lat.between(lat_lo, lat_hi), r.lon.between(lon_lo, lon_hi))
            for lat_lo, lat_hi, lon_lo, lon_hi in probe.areas
        ]
        places += [r.claimed_by.is_not(None)] if probe.claims else []
        terms += [sa.and_(here, _of_types(probe.attack_types), place) for place in places]
    return [
        sa.or_(*terms[start : start + _TERMS_PER_QUERY]) for start in range(0, len(terms), _TERMS_PER_QUERY)
    ]


def _of_types(attack_types: Sequence[str] | None) -> sa.ColumnElement[bool]:
    """Of these attack types (None: any); a report that gives none counts as `other`."""
    if attack_types is None:
        return sa.true()
    of_type = reports.c.attack_type.in_(list(attack_types))
    if AttackType.OTHER.value in attack_types:
        return sa.or_(of_type, reports.c.attack_type.is_(None))
    return of_type


def reports_of_incidents(store: Store, incident_ids: Sequence[str]) -> dict[str, list[Report]]:
    """Each incident's reports (for exports that show sources and evidence)."""
    found: dict[str, list[Report]] = {i: [] for i in incident_ids}
    with _reading(store) as conn:
        for start in range(0, len(incident_ids), _CHUNK):
            chunk = list(incident_ids[start : start + _CHUNK])
            query = (
                sa.select(incident_reports.c.incident_id, reports.c.data)
                .join(reports, reports.c.id == incident_reports.c.report_id)
                .where(incident_reports.c.incident_id.in_(chunk))
                .order_by(incident_reports.c.incident_id, reports.c.id)
            )
            for incident_id, data in conn.execute(query):
                found[incident_id].append(report_from_json(data))
    return found


def article_sources(store: Store, article_ids: Sequence[str]) -> dict[str, str]:
    """How to name where each article came from: its outlet, else its URL's host, else its source."""
    found: dict[str, str] = {}
    a = articles.c
    with _reading(store) as conn:
        for start in range(0, len(article_ids), _CHUNK):
            chunk = list(article_ids[start : start + _CHUNK])
            for row in conn.execute(sa.select(a.id, a.outlet, a.url, a.source).where(a.id.in_(chunk))):
                found[row.id] = _source_name(row.outlet, row.url, row.source)
    return found


@contextmanager
def _reading(store: Store) -> Iterator[sa.Connection]:
    """A read connection (the one of the store's `snapshot` when the caller is in one); a
    database that cannot answer is a `StoreError`, as in the store."""
    pinned = store.pinned_connection()
    if pinned is not None:
        yield pinned
        return
    try:
        with store.engine.connect() as conn:
            yield conn
    except sa.exc.OperationalError as exc:
        raise StoreError(f"database query failed: {str(exc.orig or exc).splitlines()[0]}") from exc
    except sa.exc.TimeoutError as exc:  # every connection of the pool in use for too long
        raise StoreError(f"database busy: {str(exc).splitlines()[0]}") from exc
