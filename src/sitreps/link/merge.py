"""One incident from the reports that tell it: a written rule per field (`docs/merge-rules.md`).

Outlets differ on the date, the place, the toll and who did it. Each field below is chosen by a
fixed rule that a reader can check, every merged value names the reports it came from, and
every field on which sources differ is listed as a `Disagreement` rather than hidden. The rules
depend only on the set of reports, never on the order they arrive in: ties are broken by the
canonical report order (`report_order_key`), so the same reports always merge the same way.
"""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import TypeVar

from ..model import (
    AttackType,
    DateValue,
    Disagreement,
    Incident,
    Merged,
    Place,
    Precision,
    Range,
    Report,
    Target,
)
from .compare import canonical_group, group_key
from .status import incident_status

V = TypeVar("V")

DATE_RULE = "finest precision the sources give; then the value most sources give; then the earliest report"
PLACE_RULE = (
    "finest gazetteer level the sources give; then the place most sources give; then the earliest report"
)
TYPE_RULE = "the value most sources give, `other` only when no source says more; then the earliest report"


def report_order_key(report: Report) -> tuple[date, str, str]:
    """The canonical order of reports: by date (undated last, so that an undated report that
    joins an incident never becomes its earliest report and never renames it), article, id."""
    day = report.date.value.day if report.date.value else date.max
    return day, report.article_id, report.id


def incident_id(reports: Sequence[Report]) -> str:
    """Named after its earliest report, so that later reports joining keep the id stable, and
    the same reports always give the same id whatever order they were linked in."""
    founder = min(reports, key=report_order_key)
    return "inc-" + hashlib.sha256(founder.id.encode("utf-8")).hexdigest()[:16]


def merge_incident(reports: Sequence[Report]) -> Incident:
    """Merge the reports of one incident (at least one) by the rules of `docs/merge-rules.md`."""
    if not reports:
        raise ValueError("an incident needs at least one report")
    ordered = sorted(reports, key=report_order_key)
    return Incident(
        id=incident_id(ordered),
        report_ids=tuple(r.id for r in ordered),
        attack_type=_most_told([(r, r.attack_type.value) for r in ordered], AttackType.OTHER),
        target=_most_told([(r, r.target.value) for r in ordered], Target.OTHER),
        date=merge_date(ordered),
        place=merge_place(ordered),
        claimed_by=_distinct_groups([r.claimed_by.value for r in ordered if r.claimed_by.value]),
        denied_by=_distinct_names([r.denied_by.value for r in ordered if r.denied_by.value]),
        killed=casualty_range([r.killed.value for r in ordered]),
        injured=casualty_range([r.injured.value for r in ordered]),
        status=incident_status(ordered),
        disagreements=disagreements(ordered),
    )


def merge_date(reports: Sequence[Report]) -> Merged[DateValue]:
    """The most precise date any source supports: a day beats "this week" beats a month.
    A report with no date (one that joined by place and weekday, `undated`) gives none: it was
    dated by the incident, so counting it would only echo the other reports' date."""
    dated = [(r, r.date.value) for r in reports if r.date.value is not None]
    if not dated:
        return Merged(None, (), DATE_RULE)
    finest = min(value.precision.rank for _, value in dated)
    return _vote([(r, v) for r, v in dated if v.precision.rank == finest], lambda v: v, DATE_RULE)


def merge_place(reports: Sequence[Report]) -> Merged[Place]:
    """The most precise place any source supports: a named base beats its governorate."""
    placed = [(r, r.place.value) for r in reports if r.place.value is not None]
    if not placed:
        return Merged(None, (), PLACE_RULE)
    finest = min(value.level.rank for _, value in placed)
    return _vote([(r, p) for r, p in placed if p.level.rank == finest], lambda p: p.id, PLACE_RULE)


def _most_told(told: Sequence[tuple[Report, V | None]], vague: V) -> Merged[V]:
    """Attack type and target: `other` means the text did not say, so any specific value wins."""
    stated = [(r, v) for r, v in told if v is not None]
    specific = [(r, v) for r, v in stated if v != vague]
    if specific or stated:
        return _vote(specific or stated, lambda v: v, TYPE_RULE)
    return Merged(vague, (), TYPE_RULE)


def _vote(told: Sequence[tuple[Report, V]], key: Callable[[V], Hashable], rule: str) -> Merged[V]:
    """The value most reports give; on a tie the one the earliest report (in order) gives."""
    counts = Counter(key(value) for _, value in told)
    top = max(counts.values())
    winner = next(value for _, value in told if counts[key(value)] == top)
    ids = tuple(r.id for r, value in told if key(value) == key(winner))
    return Merged(winner, ids, rule)


def casualty_range(values: Sequence[int | None]) -> Range:
    """UCDP-style low/best/high over the figures sources give. Silence (None) is ignored, a
    stated 0 counts. Best is the figure most sources give; when several tie, the lower median
    of all figures, so that best is always a figure some source actually gave."""
    told = sorted(v for v in values if v is not None)
    if not told:
        return Range()
    counts = Counter(told)
    top = max(counts.values())
    modes = [v for v, n in counts.items() if n == top]
    best = modes[0] if len(modes) == 1 else statistics.median_low(told)
    return Range(low=told[0], best=best, high=told[-1])


def _distinct_groups(names: Sequence[str]) -> tuple[str, ...]:
    """Every group any source says claimed it, once each, by canonical name where known."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(group_key(name), canonical_group(name))
    return tuple(seen.values())


def _distinct_names(names: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(" ".join(name.casefold().split()), name)
    return tuple(seen.values())


def disagreements(reports: Sequence[Report]) -> tuple[Disagreement, ...]:
    """Every field on which sources differ, with what each source says. Silence and `other`
    are not disagreement; dates are compared at the coarsest precision any source gives, so a
    day inside the week another source gives is not a disagreement."""
    dates = [(r.id, r.date.value) for r in reports if r.date.value is not None]
    coarsest = max((v.precision for _, v in dates), key=lambda p: p.rank, default=Precision.DAY)
    told: dict[str, list[tuple[str, str, Hashable]]] = {
        "date": [(rid, str(v), v.period(coarsest)) for rid, v in dates],
        "admin1": [(r.id, a, a) for r in reports if (a := r.place.value and r.place.value.admin1)],
        "attack_type": _specific(reports, lambda r: r.attack_type.value, AttackType.OTHER),
        "target": _specific(reports, lambda r: r.target.value, Target.OTHER),
        "claimed_by": [(r.id, c, group_key(c)) for r in reports if (c := r.claimed_by.value)],
        "killed": [(r.id, str(k), k) for r in reports if (k := r.killed.value) is not None],
        "injured": [(r.id, str(n), n) for r in reports if (n := r.injured.value) is not None],
    }
    return tuple(
        Disagreement(field, tuple((rid, shown) for rid, shown, _ in values))
        for field, values in told.items()
        if len({compared for _, _, compared in values}) > 1
    )


def _specific(
    reports: Sequence[Report], get: Callable[[Report], AttackType | Target | None], vague: AttackType | Target
) -> list[tuple[str, str, Hashable]]:
    return [(r.id, str(v), v) for r in reports if (v := get(r)) is not None and v != vague]
