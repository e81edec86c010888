"""Incident filters and tallies: the one place the CLI, the API and the exports ask questions.

"How many attacks on convoys in the seven weeks before 10 February 2021, and which?" is a
filter (`IncidentFilter`) plus a window (`count_window`); "per governorate" or "per month" is a
`tally`. Everything is SQLAlchemy Core over the store's flat incident columns with bound
parameters, so text a user typed is never spliced into SQL, and SQLite and PostgreSQL run the
same code. Date periods (ISO weeks, months) are folded in Python from per-day counts, because
the two databases spell week arithmetic differently and a per-day tally is small.

The linker's two store questions (stored reports in a date window, the incidents of some
reports) live here too, so that every query the store answers beyond plain reads is in one file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa

from ..errors import SitrepsError, StoreError
from ..link.compare import canonical_group, date_interval
from ..model import AttackType, Incident, Precision, Report, Status, Target
from .schema import articles, incident_reports, incidents, reports
from .serialize import incident_from_json, report_from_json
from .store import Store

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
    if weeks < 1:
        raise QueryError(f"a window needs at least one week, not {weeks}")
    base = filt or IncidentFilter()
    start = end - timedelta(days=7 * weeks - 1)
    windowed = IncidentFilter(
        date_from=max(start, base.date_from) if base.date_from else start,
        date_to=min(end, base.date_to) if base.date_to else end,
        admin1=base.admin1,
        attack_type=base.attack_type,
        target=base.target,
        group=base.group,
        status=base.status,
        text=base.text,
    )
    found = find_incidents(store, windowed)
    return len(found), found


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
                found[row.id] = row.outlet or (urlsplit(row.url).hostname if row.url else None) or row.source
    return found


@contextmanager
def _reading(store: Store) -> Iterator[sa.Connection]:
    """A read connection; a database that cannot answer is a `StoreError`, as in the store."""
    try:
        with store.engine.connect() as conn:
            yield conn
    except sa.exc.OperationalError as exc:
        raise StoreError(f"database query failed: {str(exc.orig or exc).splitlines()[0]}") from exc
