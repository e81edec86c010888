"""Incidents counted per week, month, governorate, attack type, target, group or status.

Weeks are counted in SQL on the period each incident row stores (`week_period`, written with
the row by `schema.period_key`), since the two databases spell ISO-week arithmetic differently;
months are folded in Python from per-day counts, which stay small. Every count reads the rows
`filters.counted_incidents` names (a text search's matches are counted on a narrow copy).
`tally_summary` is a tally as a page shows it, with the window's incidents when one is asked for.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from ..model import Precision
from .filters import IncidentFilter, QueryError, count_incidents, grouped_count, in_window, window_dates
from .listing import IncidentRow, incident_row_to_json, list_incidents
from .reading import reading
from .schema import period_key
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
    counts = [(key, n) for key, n in _grouped_counts(store, filt, by)]
    return sorted(counts, key=lambda kn: (-kn[1], kn[0] is None, kn[0] or ""))


def _tally_periods(
    store: Store, period: Precision, filt: IncidentFilter | None
) -> list[tuple[str | None, int]]:
    """Weeks are grouped on the stored `week_period`, which is `period_key(day, precision, WEEK)`
    of each row: the database hands back one row per week instead of one per day."""
    if period is Precision.WEEK:
        weeks = [(key, n) for key, n in _grouped_counts(store, filt, "week_period")]
        return sorted(weeks, key=lambda kn: (kn[0] is None, kn[0] or ""))
    counts: Counter[str | None] = Counter()
    for day, precision, n in _grouped_counts(store, filt, "date", "date_precision"):
        counts[period_key(day, Precision(precision or "day"), period) if day else None] += n
    return sorted(counts.items(), key=lambda kn: (kn[0] is None, kn[0] or ""))


def _tally_groups(store: Store, filt: IncidentFilter | None) -> list[tuple[str | None, int]]:
    """An incident claimed by two groups counts once for each (the stored column joins them)."""
    counts: Counter[str | None] = Counter()
    for joined, n in _grouped_counts(store, filt, "claimed_by"):
        for group in joined.split("; ") if joined else [None]:
            counts[group] += n
    return sorted(counts.items(), key=lambda kn: (-kn[1], kn[0] is None, kn[0] or ""))


def _grouped_counts(store: Store, filt: IncidentFilter | None, *names: str) -> list[sa.Row[Any]]:
    """The filter's incidents counted per value of these flat columns: rows of (*values, n)."""
    with reading(store) as conn:
        return list(conn.execute(grouped_count(store, filt, *names)))


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
