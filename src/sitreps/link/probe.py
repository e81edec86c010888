"""Where the store must look for the reports an undated report could fit, or be fitted by.

Judging undated reports again after a batch (`reattach`) needs, from a database of years of
reports, the few that could matter: those at the same site or town, near the same point, or
claimed in the same governorate (`undated.strong_place`), of a governorate and attack type
that fit. A `Probe` says that in flat terms a query can use (`store.linking._near`), or Python on a
report's `Whereabouts`: it selects a superset, cheap to find, and `undated.fit` decides on what
comes back. The
places are the same ones the in-memory `undated.CandidateIndex` files incidents under, so
neither can miss a report the other would find.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from ..model import AttackType, Precision, Report
from .undated import (
    CELL_DEGREES,
    STRONG_PLACE_LEVELS,
    Cell,
    Key,
    Told,
    can_date,
    cells_near,
    compatible_types,
    known_type_and_target,
    report_key,
    telling_toll,
)

#: (lowest lat, highest lat, lowest lon, highest lon), in degrees.
Area = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Whereabouts:
    """A stored report as far as a probe looks at it: the flat columns and the place id, not the
    whole report (which costs far more to read)."""

    report_id: str
    admin1: str | None
    attack_type: str | None
    lat: float | None
    lon: float | None
    place_id: str | None
    claimed: bool
    target: str | None = None
    killed: int | None = None
    weekday: int | None = None  # the weekday an undated report's text names


@dataclass(frozen=True, slots=True)
class Probe:
    """Reports in `governorate` (None: a place with no governorate), of one of `attack_types`
    (None: any; a report with no type counts as `other`), and at one of `place_ids`, inside one
    of `areas`, or, when `claims`, claimed by any group (compared once the report is read), or
    with one of the `day_targets` on a day (dated: day-precise; undated: naming a weekday), or
    with one of the death `tolls` (`undated.governorate_evidence`). Dated reports of incidents
    are looked for in no governorate as well: an incident's governorate may come from another
    of its reports."""

    governorate: str | None
    attack_types: tuple[str, ...] | None
    place_ids: tuple[str, ...]
    areas: tuple[Area, ...]
    claims: bool
    day_targets: tuple[str, ...] = ()
    tolls: tuple[int, ...] = ()

    @classmethod
    def around_reports(cls, reports: Iterable[Report]) -> list[Probe]:
        """Around undated reports: where a dated report of an incident they fit must be."""
        groups: dict[Key, list[Report]] = defaultdict(list)
        for report in reports:
            if report.place.value is not None:
                groups[report_key(report)].append(report)
        return [
            cls._of(key, found, any(r.claimed_by.value for r in found), _day_targets(found))
            for key, found in _ordered(groups)
        ]

    @classmethod
    def around_incidents(cls, told: Iterable[Told]) -> list[Probe]:
        """Around dated incidents: where an undated report that fits one of them must be."""
        groups: dict[Key, list[Report]] = defaultdict(list)
        claimed: set[Key] = set()
        day_targets: dict[Key, set[str]] = defaultdict(set)
        for t in told:
            if can_date(t.incident):
                key = (t.governorate, t.attack_type)
                groups[key].extend(t.reports)
                if any(r.claimed_by.value for r in t.reports):
                    claimed.add(key)
                when, target = t.incident.date.value, t.incident.target.value
                if when and when.precision is Precision.DAY and known_type_and_target(t.incident.attack_type.value, target):
                    day_targets[key].add(target.value)  # type: ignore[union-attr]
        return [
            cls._of(key, found, key in claimed, tuple(sorted(day_targets[key]))) for key, found in _ordered(groups)
        ]

    def points_at(self, seen: Whereabouts, *, dated: bool) -> bool:
        """Does the probe select this report? What `store.linking._near` asks in SQL."""
        governorates = (self.governorate, None) if dated else (self.governorate,)
        kind = seen.attack_type or AttackType.OTHER.value
        if seen.admin1 not in governorates or (self.attack_types and kind not in self.attack_types):
            return False
        in_area = (
            seen.lat is not None
            and seen.lon is not None
            and any(
                lat_lo <= seen.lat <= lat_hi and lon_lo <= seen.lon <= lon_hi
                for lat_lo, lat_hi, lon_lo, lon_hi in self.areas
            )
        )
        on_a_day = seen.target in self.day_targets and (dated or seen.weekday is not None)
        told_by_toll = seen.killed is not None and seen.killed in self.tolls
        return seen.place_id in self.place_ids or in_area or (self.claims and seen.claimed) or on_a_day or told_by_toll

    @classmethod
    def _of(cls, key: Key, near: list[Report], claims: bool, day_targets: tuple[str, ...] = ()) -> Probe:
        governorate, attack_type = key
        kinds = compatible_types(attack_type)
        types = None if kinds == frozenset(AttackType) else tuple(sorted(k.value for k in kinds))
        places = [r.place.value for r in near if r.place.value is not None]
        ids = tuple(sorted({p.id for p in places if p.level in STRONG_PLACE_LEVELS}))
        areas = areas_of(cell for p in places for cell in cells_near(p))
        # A claim, a weekday or a toll counts only inside a governorate (`undated.governorate_evidence`).
        inside = governorate is not None
        tolls = tuple(sorted({toll for r in near if (toll := telling_toll(r)) is not None})) if inside else ()
        return cls(governorate, types, ids, areas, claims and inside, day_targets if inside else (), tolls)


def _day_targets(reports: list[Report]) -> tuple[str, ...]:
    """The targets of undated reports that name a weekday, with a known type and target."""
    return tuple(sorted({
        r.target.value.value for r in reports
        if r.target.value is not None and r.weekday is not None and known_type_and_target(r.attack_type.value, r.target.value)
    }))


def _ordered(groups: dict[Key, list[Report]]) -> list[tuple[Key, list[Report]]]:
    return sorted(groups.items(), key=lambda item: (item[0][0] or "", item[0][1].value))


def areas_of(cells: Iterable[Cell]) -> tuple[Area, ...]:
    """Grid cells as few rectangles as a row at a time allows: each run of adjacent cells in a
    row is one area, so a query holds a handful of ranges, not one per point place."""
    areas: list[Area] = []
    for row, in_row in groupby(sorted(set(cells)), key=lambda cell: cell[0]):
        columns = [column for _, column in in_row]
        run_start = previous = columns[0]
        for column in [*columns[1:], None]:
            if column is not None and column == previous + 1:
                previous = column
                continue
            areas.append(
                (
                    row * CELL_DEGREES,
                    (row + 1) * CELL_DEGREES,
                    run_start * CELL_DEGREES,
                    (previous + 1) * CELL_DEGREES,
                )
            )
            if column is not None:
                run_start = previous = column
    return tuple(areas)
