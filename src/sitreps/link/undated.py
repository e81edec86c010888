"""Undated reports into the incident they tell, as an analyst dates a page that gives no date.

Many pages state neither a publication date nor a full date ("rockets hit Baghdad airport on
Friday"). Such a report cannot be linked pair by pair (`compare` gives it no date to compare,
and the clusterer no interval to block on), so it is judged *after* the dated clustering,
against the dated incidents only, and joins at most one of them when the evidence is strong and
unambiguous. It fits an incident (`fit`) when:

* the place is strong: the same site or town as one of the incident's reports, or two point
  places within `NEAR_KM`; the same governorate is not enough unless the same group claims both;
* the attack type is the incident's or either is `other`, and so is the target;
* nothing else contradicts it: no report of the incident comes from the same article, none is
  in another governorate or names another attack type (`compare.agreement_apart_from_date`);
* a day-precise incident falls on the weekday the text names, when it names one;
* the incident is dated finer than a year (a year is too vague to date anything by).

It joins only when **exactly one** incident fits. Two incidents that both fit (the same gas
field shelled on two days, no weekday to choose) leave the report alone: picking one would be a
guess the database then states as fact. And two undated reports of one article never join one
incident (the article told them apart): the one that fits best keeps it, and on a tie neither.

The outcome is a function of the dated incidents and the undated reports, never of the order
they come in: every report is judged against incidents merged from dated reports alone, so one
undated report joining cannot change what the next one is judged against. An incident keeps its
id when undated reports join, since its id comes from its earliest *dated* report
(`merge.incident_id` orders undated reports last).

Candidates are found through an index by governorate and attack type (`CandidateIndex`), never
by scanning all incidents: an undated report sees the incidents of its own governorate whose
type could be its own. (A report with no governorate sees only incidents with none.)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..model import AttackType, Incident, PlaceLevel, Precision, Report, Target
from .compare import PlaceContainment, agreement_apart_from_date, distance_km, group_key, is_point
from .merge import merge_incident

#: Two point places (towns, sites) this close are one place named from two reference points.
#: Half of what pairwise linking allows: without a date, the place must carry more weight.
NEAR_KM = 25.0
#: Place levels precise enough that sharing one says "this attack", not "this region".
STRONG_PLACE_LEVELS = frozenset({PlaceLevel.SITE, PlaceLevel.LOCALITY})
#: What a weekday that agrees with a day-precise incident adds, when two undated reports of one
#: article fit the same incident and only one of them can keep it.
WEEKDAY_POINTS = 1.0


@dataclass(frozen=True, slots=True)
class Told:
    """A dated incident as merged from its dated reports alone, with those reports: what an
    undated report is judged against."""

    incident: Incident
    reports: tuple[Report, ...]

    @property
    def governorate(self) -> str | None:
        """The governorate its reports give (they cannot give two: that is a conflict)."""
        return next(
            (r.place.value.admin1 for r in self.reports if r.place.value and r.place.value.admin1), None
        )

    @property
    def attack_type(self) -> AttackType:
        return self.incident.attack_type.value or AttackType.OTHER


@dataclass(frozen=True, slots=True)
class Fit:
    """An incident an undated report may join, how strongly (for ties inside one article), why."""

    incident_id: str
    score: float
    reasons: tuple[str, ...]


Key = tuple[str | None, AttackType]  # (governorate, attack type)


def report_key(report: Report) -> Key:
    """Where a report is looked up and filed: its governorate and attack type (`other` if none)."""
    place = report.place.value
    return (place.admin1 if place else None), report.attack_type.value or AttackType.OTHER


def compatible_types(attack_type: AttackType) -> frozenset[AttackType]:
    """The incident types a report of this type may join: its own and `other`; all for `other`."""
    if attack_type is AttackType.OTHER:
        return frozenset(AttackType)
    return frozenset({attack_type, AttackType.OTHER})


class CandidateIndex:
    """Dated incidents filed by governorate and attack type, and within those by where a report
    that fits one must be (`strong_place`): at a site or town of theirs, in a grid cell near a
    point place of theirs, or claimed by a group that claimed them. An undated report is
    compared with the incidents filed where it is, never with all the incidents of a key."""

    def __init__(self, told: Iterable[Told]) -> None:
        self._filed: dict[tuple[str | None, AttackType, _Spot], list[Told]] = defaultdict(list)
        for t in told:
            if _datable_by(t.incident):
                governorate, attack_type = t.governorate, t.attack_type
                for spot in sorted({spot for r in t.reports for spot in _spots_of(r)}):
                    self._filed[(governorate, attack_type, spot)].append(t)

    def candidates(self, report: Report) -> list[Told]:
        """The incidents of the report's governorate and compatible types that its place or
        claimant could pin it to, by id; `fit` decides which of them it fits."""
        governorate, attack_type = report_key(report)
        found = {
            t.incident.id: t
            for kind in compatible_types(attack_type)
            for spot in _spots_near(report)
            for t in self._filed.get((governorate, kind, spot), ())
        }
        return [found[i] for i in sorted(found)]


#: Where a report is filed: ("place", id), ("cell", (row, column)) or ("claim", group key).
_Spot = tuple[str, Hashable]
#: Degrees of the grid on which point places are filed.
_CELL_DEGREES = 0.25


def _spots_of(report: Report) -> list[_Spot]:
    """Where a dated report of an incident is filed."""
    place, claimant = report.place.value, report.claimed_by.value
    spots: list[_Spot] = [("claim", group_key(claimant))] if claimant else []
    if place is not None and place.level in STRONG_PLACE_LEVELS:
        spots.append(("place", place.id))
    if place is not None and is_point(place) and place.lat is not None and place.lon is not None:
        spots.append(("cell", (math.floor(place.lat / _CELL_DEGREES), math.floor(place.lon / _CELL_DEGREES))))
    return spots


def _spots_near(report: Report) -> list[_Spot]:
    """Where an undated report looks: its site or town, every cell its `NEAR_KM` box touches,
    and its claimant when it has a governorate (a claim counts only inside one)."""
    place, claimant = report.place.value, report.claimed_by.value
    if place is None:
        return []
    spots: list[_Spot] = [("claim", group_key(claimant))] if claimant and place.admin1 else []
    if place.level in STRONG_PLACE_LEVELS:
        spots.append(("place", place.id))
    if is_point(place) and place.lat is not None and place.lon is not None:
        lat_lo, lat_hi, lon_lo, lon_hi = _box(place.lat, place.lon)
        rows = range(math.floor(lat_lo / _CELL_DEGREES), math.floor(lat_hi / _CELL_DEGREES) + 1)
        columns = range(math.floor(lon_lo / _CELL_DEGREES), math.floor(lon_hi / _CELL_DEGREES) + 1)
        spots.extend(("cell", (row, column)) for row in rows for column in columns)
    return spots


def fit(report: Report, told: Told, gaz: PlaceContainment | None = None) -> Fit | None:
    """Whether an undated report may join this dated incident (module docstring), and how well."""
    incident, when = told.incident, told.incident.date.value
    if when is None or not _datable_by(incident):
        return None
    weekday = report.weekday if when.precision is Precision.DAY else None  # a week holds every day
    if weekday is not None and when.day.weekday() != weekday:
        return None
    if not _compatible(report.attack_type.value, incident.attack_type.value, AttackType.OTHER):
        return None
    if not _compatible(report.target.value, incident.target.value, Target.OTHER):
        return None
    decisions = [agreement_apart_from_date(report, other, gaz) for other in told.reports]
    if any(d.conflict for d in decisions):
        return None
    place = strong_place(report, told)
    if place is None:
        return None
    score = max(d.score for d in decisions) + (WEEKDAY_POINTS if weekday is not None else 0.0)
    on_the_day = (f"on the {_DAY_NAMES[weekday]} the text names",) if weekday is not None else ()
    return Fit(incident.id, round(score, 6), (place, *on_the_day))


def strong_place(report: Report, told: Told) -> str | None:
    """Why the report's place pins it to this incident, or None when it does not."""
    here = report.place.value
    if here is None:
        return None
    for other in told.reports:
        there = other.place.value
        if there is None:
            continue
        if here.id == there.id and here.level in STRONG_PLACE_LEVELS:
            return f"same place ({here.name})"
        km = distance_km(here, there)
        if km is not None and km <= NEAR_KM and is_point(here) and is_point(there):
            return f"places {km:.0f} km apart"
    claimant = report.claimed_by.value
    if claimant and here.admin1 and here.admin1 == told.governorate:
        key = group_key(claimant)
        if any(r.claimed_by.value and group_key(r.claimed_by.value) == key for r in told.reports):
            return f"same governorate ({here.admin1}) and claimant ({claimant})"
    return None


#: (lowest lat, highest lat, lowest lon, highest lon): degrees around a point place.
Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Probe:
    """Where the store must look for reports that may fit some others (`fit` then decides): in
    one governorate, of the attack types that fit (None: any), at one of the sites or towns, in
    one of the boxes (a little wider than `NEAR_KM`) around their point places, or, when
    `claims`, with any claimant (the group is compared once read). A superset, cheap to ask."""

    governorate: str | None
    attack_types: tuple[str, ...] | None
    place_ids: tuple[str, ...]
    boxes: tuple[Box, ...]
    claims: bool

    @classmethod
    def around_reports(cls, reports: Iterable[Report]) -> list[Probe]:
        """Around undated reports: where a dated report of an incident they fit must be."""
        groups: dict[Key, list[Report]] = defaultdict(list)
        for report in reports:
            if report.place.value is not None:
                groups[report_key(report)].append(report)
        return [
            cls._of(governorate, attack_type, found, any(r.claimed_by.value for r in found))
            for (governorate, attack_type), found in sorted(groups.items(), key=_key_order)
        ]

    @classmethod
    def around_incidents(cls, told: Iterable[Told]) -> list[Probe]:
        """Around dated incidents: where an undated report that fits one of them must be."""
        groups: dict[Key, list[Told]] = defaultdict(list)
        for t in told:
            if _datable_by(t.incident):
                groups[(t.governorate, t.attack_type)].append(t)
        return [
            cls._of(
                governorate,
                attack_type,
                [r for t in found for r in t.reports],
                any(r.claimed_by.value for t in found for r in t.reports),
            )
            for (governorate, attack_type), found in sorted(groups.items(), key=_key_order)
        ]

    @classmethod
    def _of(cls, governorate: str | None, attack_type: AttackType, near: list[Report], claims: bool) -> Probe:
        kinds = compatible_types(attack_type)
        types = None if kinds == frozenset(AttackType) else tuple(sorted(k.value for k in kinds))
        places = [r.place.value for r in near if r.place.value is not None]
        ids = {p.id for p in places if p.level in STRONG_PLACE_LEVELS}
        boxes = {
            _box(p.lat, p.lon) for p in places if is_point(p) and p.lat is not None and p.lon is not None
        }
        # A claim counts only inside a governorate (`strong_place`).
        return cls(
            governorate, types, tuple(sorted(ids)), tuple(sorted(boxes)), claims and governorate is not None
        )


def _key_order(item: tuple[Key, object]) -> tuple[str, str]:
    (governorate, attack_type), _ = item
    return governorate or "", attack_type.value


def _box(lat: float, lon: float) -> Box:
    """Degrees around a point that hold every point `NEAR_KM` from it (with a margin)."""
    dlat = NEAR_KM * 1.1 / 111.0
    dlon = dlat / max(math.cos(math.radians(lat)), 0.05)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def attach_undated(
    undated: Sequence[Report], index: CandidateIndex, gaz: PlaceContainment | None = None
) -> dict[str, str]:
    """{report id: incident id} for the undated reports that join a dated incident: exactly one
    incident fits, and no other report of the same article fits it as well or better."""
    chosen: dict[str, Fit] = {}
    for report in undated:
        fits = [f for told in index.candidates(report) if (f := fit(report, told, gaz)) is not None]
        if len(fits) == 1:
            chosen[report.id] = fits[0]
    article_of = {r.id: r.article_id for r in undated}
    rivals: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    for report_id, f in chosen.items():
        rivals[(article_of[report_id], f.incident_id)].append((f.score, report_id))
    joined: dict[str, str] = {}
    for (_, incident_id), contenders in rivals.items():
        contenders.sort(reverse=True)
        if len(contenders) == 1 or contenders[0][0] > contenders[1][0]:
            joined[contenders[0][1]] = incident_id
    return joined


def join_undated(
    incidents: Sequence[Incident],
    reports: Mapping[str, Report],
    undated: Sequence[Report],
    gaz: PlaceContainment | None = None,
) -> list[Incident]:
    """The dated incidents (their reports in `reports`) with the undated reports that join them
    merged in, and an incident of its own for every undated report that joins none."""
    told = [Told(i, tuple(reports[r] for r in i.report_ids)) for i in incidents]
    joined = attach_undated(undated, CandidateIndex(told), gaz)
    return compose(told, undated, joined)


def compose(
    told: Sequence[Told],
    undated: Sequence[Report],
    joined: Mapping[str, str],
    staying: Mapping[str, Sequence[Report]] | None = None,
) -> list[Incident]:
    """Incidents from dated ones and where undated reports went: each dated incident re-merged
    with the undated reports joining it (and `staying`, undated reports already in it that were
    not judged again), each undated report that joins none alone."""
    staying = staying or {}
    joining: dict[str, list[Report]] = defaultdict(list)
    for report in undated:
        if report.id in joined:
            joining[joined[report.id]].append(report)
    incidents = [
        merge_incident([*t.reports, *staying.get(t.incident.id, ()), *joining[t.incident.id]])
        if joining.get(t.incident.id) or staying.get(t.incident.id)
        else t.incident
        for t in told
    ]
    return incidents + [merge_incident([r]) for r in undated if r.id not in joined]


def _datable_by(incident: Incident) -> bool:
    """Only an incident known finer than the year can lend a date (`compare`: a year links nothing)."""
    when = incident.date.value
    return when is not None and when.precision is not Precision.YEAR


def _compatible(
    a: AttackType | Target | None, b: AttackType | Target | None, vague: AttackType | Target
) -> bool:
    return a is None or b is None or vague in (a, b) or a == b


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
