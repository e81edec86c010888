"""Incidents counted per week, month, governorate, attack type, target, group or status.

Date periods (ISO weeks, months) are folded in Python from per-day counts, because the two
databases spell week arithmetic differently and a per-day tally is small. `tally_summary` is a
tally as a page shows it, with the window's incidents when one is asked for.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from ..model import Precision
from .filters import IncidentFilter, QueryError, count_incidents, in_window, incident_condition, window_dates
from .listing import IncidentRow, incident_row_to_json, list_incidents
from .reading import reading
from .schema import incidents
from .serialize import JSON
from .store import Store

TALLY_KEYS: tuple[str, ...] = ("week", "month", "admin1", "attack_type", "target", "group", "status")


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
    query = sa.select(column, sa.func.count()).where(incident_condition(store, filt)).group_by(column)
    with reading(store) as conn:
        counts = [(key, n) for key, n in conn.execute(query)]
    return sorted(counts, key=lambda kn: (-kn[1], kn[0] is None, kn[0] or ""))


def _tally_periods(
    store: Store, period: Precision, filt: IncidentFilter | None
) -> list[tuple[str | None, int]]:
    query = (
        sa.select(incidents.c.date, incidents.c.date_precision, sa.func.count())
        .where(incident_condition(store, filt))
        .group_by(incidents.c.date, incidents.c.date_precision)
    )
    counts: Counter[str | None] = Counter()
    with reading(store) as conn:
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
        .where(incident_condition(store, filt))
        .group_by(incidents.c.claimed_by)
    )
    counts: Counter[str | None] = Counter()
    with reading(store) as conn:
        for joined, n in conn.execute(query):
            for group in joined.split("; ") if joined else [None]:
                counts[group] += n
    return sorted(counts.items(), key=lambda kn: (-kn[1], kn[0] is None, kn[0] or ""))


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
