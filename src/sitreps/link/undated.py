"""Undated reports into the incident they tell, as an analyst dates a page that gives no date.

Many pages state neither a publication date nor a full date ("rockets hit Baghdad airport on
Friday"). Such a report cannot be linked pair by pair (`compare` gives it no date to compare,
and the clusterer no interval to block on), so it is judged *after* the dated clustering,
against the dated incidents only, and joins at most one of them when the evidence is strong and
unambiguous. It fits an incident (`fit`) when:

* the place is strong: the same site or town as one of the incident's reports, or two point
  places within `NEAR_KM`; the same governorate is not enough unless something rarer is shared
  as well (`governorate_evidence`): the claimant; the weekday of a day-precise incident of the
  same attack type on the same kind of target ("a convoy was hit in Diwaniyah province, the
  military said on Friday"); or the same death toll, two or more, in an attack of the same type;
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

Candidates are found through an index (`CandidateIndex`), never by scanning all incidents: by
governorate and attack type (an undated report sees the incidents of its own governorate whose
type could be its own; one with no governorate sees only incidents with none), and within
those by where a fitting report must be: the same site or town, a grid cell within reach of a
point place, the same claimant. The store is searched the same way (`probe`, `reattach`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from ..model import AttackType, DateValue, Incident, Place, PlaceLevel, Precision, Report, Target
from .compare import (
    LinkDecision,
    PlaceContainment,
    agreement_apart_from_date,
    distance_km,
    facts_apart_from_date,
    group_key,
    is_point,
)
from .merge import merge_incident

#: Two point places (towns, sites) this close are one place named from two reference points.
#: Half of what pairwise linking allows: without a date, the place must carry more weight.
NEAR_KM = 25.0
#: Place levels precise enough that sharing one says "this attack", not "this region".
STRONG_PLACE_LEVELS = frozenset({PlaceLevel.SITE, PlaceLevel.LOCALITY})
#: Days around an article's other joined reports inside which its weekday may date a report:
#: articles recall the attacks of the weeks before, so some six weeks either side.
FRAME_DAYS = 45
Frame = tuple[date, date]
#: Any day at all: for callers that look for every report a weekday might tie (a superset).
ANY_TIME: Frame = (date.min, date.max)
#: What a weekday that agrees with a day-precise incident adds, when two undated reports of one
#: article fit the same incident and only one of them can keep it.
WEEKDAY_POINTS = 1.0


class Alike(NamedTuple):
    """Reports with the same facts apart from the date, by id, and their articles."""

    reports: tuple[Report, ...]
    articles: frozenset[str]


@dataclass(frozen=True, slots=True)
class Told:
    """A dated incident as merged from its dated reports alone, with those reports: what an
    undated report is judged against."""

    incident: Incident
    reports: tuple[Report, ...]
    #: The reports grouped by their facts apart from the date: an incident holds hundreds of
    #: wire copies of a few kinds, and `_agreements` needs one of each kind, not each copy.
    alike: tuple[Alike, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        groups: dict[tuple[object, ...], list[Report]] = defaultdict(list)
        for r in self.reports:
            groups[facts_apart_from_date(r)].append(r)
        alike = tuple(
            Alike(tuple(sorted(g, key=lambda r: r.id)), frozenset(r.article_id for r in g))
            for g in groups.values()
        )
        object.__setattr__(self, "alike", alike)

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
        self._dates: dict[str, DateValue] = {}
        for t in told:
            if can_date(t.incident):
                self._dates[t.incident.id] = t.incident.date.value  # type: ignore[assignment]
                governorate, attack_type = t.governorate, t.attack_type
                spots = {spot for r in t.reports for spot in _spots_of(r)} | set(_day_spots(t.incident))
                for spot in sorted(spots, key=repr):
                    self._filed[(governorate, attack_type, spot)].append(t)

    def date_of(self, incident_id: str) -> date | None:
        """The day of a filed incident (its first day, for a week or a month)."""
        when = self._dates.get(incident_id)
        return when.day if when is not None else None

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


#: Where a report is filed: ("place", id), ("cell", (row, column)), ("claim", group key) or
#: ("day", (weekday, target)).
_Spot = tuple[str, Hashable]
#: Degrees of the grid on which point places are filed.
CELL_DEGREES = 0.25
Cell = tuple[int, int]  # (row, column) on that grid


def cell_of(lat: float, lon: float) -> Cell:
    return math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES)


def cells_near(place: Place) -> list[Cell]:
    """The grid cells holding every point within `NEAR_KM` of a point place (none for others)."""
    if not is_point(place) or place.lat is None or place.lon is None:
        return []
    reach = NEAR_KM * 1.1 / 111.0  # degrees of latitude, with a margin
    lon_reach = reach / max(math.cos(math.radians(place.lat)), 0.05)
    low_row, low_column = cell_of(place.lat - reach, place.lon - lon_reach)
    high_row, high_column = cell_of(place.lat + reach, place.lon + lon_reach)
    return [(r, c) for r in range(low_row, high_row + 1) for c in range(low_column, high_column + 1)]


def _spots_of(report: Report) -> list[_Spot]:
    """Where a dated report of an incident is filed."""
    place, claimant = report.place.value, report.claimed_by.value
    spots: list[_Spot] = [("claim", group_key(claimant))] if claimant else []
    spots += [("toll", toll)] if (toll := telling_toll(report)) is not None else []
    if place is not None and place.level in STRONG_PLACE_LEVELS:
        spots.append(("place", place.id))
    if place is not None and is_point(place) and place.lat is not None and place.lon is not None:
        spots.append(("cell", cell_of(place.lat, place.lon)))
    return spots


def _day_spots(incident: Incident) -> list[_Spot]:
    """Where a day-precise incident of a known type and target is filed for the weekday path."""
    when, target = incident.date.value, incident.target.value
    if when is None or when.precision is not Precision.DAY or not known_type_and_target(incident.attack_type.value, target):
        return []
    return [("day", (when.day.weekday(), target))]


def known_type_and_target(attack_type: AttackType | None, target: Target | None) -> bool:
    """Both said, and neither `other`: enough, with a weekday, to tell one attack from another."""
    return attack_type not in (None, AttackType.OTHER) and target not in (None, Target.OTHER)


#: The fewest dead for a toll to tell one attack from another ("one killed" is common).
MIN_TELLING_TOLL = 2


def telling_toll(report: Report) -> int | None:
    """The report's death toll when it is rare enough to identify an attack of a known type."""
    killed, attack_type = report.killed.value, report.attack_type.value
    if killed is None or killed < MIN_TELLING_TOLL or attack_type in (None, AttackType.OTHER):
        return None
    return killed


def _spots_near(report: Report) -> list[_Spot]:
    """Where an undated report looks: its site or town, the cells within `NEAR_KM` of it, and
    its claimant, weekday or death toll when it has a governorate (those count only inside one)."""
    place, claimant = report.place.value, report.claimed_by.value
    if place is None:
        return []
    spots: list[_Spot] = [("claim", group_key(claimant))] if claimant and place.admin1 else []
    if report.weekday is not None and place.admin1 and known_type_and_target(report.attack_type.value, report.target.value):
        spots.append(("day", (report.weekday, report.target.value)))
    if place.admin1 and (toll := telling_toll(report)) is not None:
        spots.append(("toll", toll))
    if place.level in STRONG_PLACE_LEVELS:
        spots.append(("place", place.id))
    spots.extend(("cell", cell) for cell in cells_near(place))
    return spots


def fit(report: Report, told: Told, gaz: PlaceContainment | None = None, frame: Frame | None = None) -> Fit | None:
    """Whether an undated report may join this dated incident (module docstring), and how well.
    `frame` lets the weekday tie it within those days (`ANY_TIME`: wherever it falls)."""
    incident, when = told.incident, told.incident.date.value
    if when is None or not can_date(incident):
        return None
    weekday = report.weekday if when.precision is Precision.DAY else None  # a week holds every day
    if weekday is not None and when.day.weekday() != weekday:
        return None
    if not _compatible(report.attack_type.value, incident.attack_type.value, AttackType.OTHER):
        return None
    if not _compatible(report.target.value, incident.target.value, Target.OTHER):
        return None
    place = strong_place(report, told, frame)
    if place is None:
        return None
    decisions = _agreements(report, told, gaz)
    if any(d.conflict for d in decisions):
        return None
    score = max(d.score for d in decisions) + (WEEKDAY_POINTS if weekday is not None else 0.0)
    on_the_day = (f"on the {_DAY_NAMES[weekday]} the text names",) if weekday is not None else ()
    return Fit(incident.id, round(score, 6), (place, *on_the_day))


def _agreements(report: Report, told: Told, gaz: PlaceContainment | None) -> list[LinkDecision]:
    """`agreement_apart_from_date` with each of the incident's reports, judged once per kind of
    report: what the verdict reads of the other report is its facts, whether it shares the
    article, and which of the two comes first (the comparison is ordered by id), so one report of
    each kind gives every verdict the whole list would."""
    verdicts: list[LinkDecision] = []
    for alike in told.alike:
        mine = report.article_id
        if mine in alike.articles:  # one article: a conflict, whichever comes first
            verdicts.append(
                agreement_apart_from_date(report, next(r for r in alike.reports if r.article_id == mine), gaz)
            )
        first = next((r for r in alike.reports if r.article_id != mine), None)
        last = next((r for r in reversed(alike.reports) if r.article_id != mine), None)
        if first is not None and first.id < report.id:
            verdicts.append(agreement_apart_from_date(report, first, gaz))
        if last is not None and last.id > report.id:
            verdicts.append(agreement_apart_from_date(report, last, gaz))
    return verdicts


def strong_place(report: Report, told: Told, frame: Frame | None = None) -> str | None:
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
    return governorate_evidence(report, told, frame)


def governorate_evidence(report: Report, told: Told, frame: Frame | None = None) -> str | None:
    """What, besides the governorate, ties an undated report to this incident: the claimant, the
    same death toll, or, inside the article's `frame`, the weekday of a day-precise incident of
    the same type and target (a weekday alone repeats every week: a Monday convoy bombing in
    Babil in March is not the one of December)."""
    here, incident, when = report.place.value, told.incident, told.incident.date.value
    if here is None or not here.admin1 or here.admin1 != told.governorate:
        return None
    claimant = report.claimed_by.value
    if claimant and any(
        r.claimed_by.value and group_key(r.claimed_by.value) == group_key(claimant) for r in told.reports
    ):
        return f"same governorate ({here.admin1}) and claimant ({claimant})"
    kind = (report.attack_type.value, report.target.value)
    if (
        report.weekday is not None
        and when is not None
        and when.precision is Precision.DAY
        and when.day.weekday() == report.weekday
        and frame is not None
        and frame[0] <= when.day <= frame[1]
        and known_type_and_target(*kind)
        and kind == (incident.attack_type.value, incident.target.value)
    ):
        return f"same governorate ({here.admin1}), attack and target on the {_DAY_NAMES[report.weekday]} named"
    toll = telling_toll(report)
    if toll is not None and report.attack_type.value == incident.attack_type.value and any(
        r.killed.value == toll for r in told.reports
    ):
        return f"same governorate ({here.admin1}), attack type and death toll ({toll})"
    return None


def attach_undated(
    undated: Sequence[Report], index: CandidateIndex, gaz: PlaceContainment | None = None
) -> dict[str, str]:
    """{report id: incident id} for the undated reports that join a dated incident: exactly one
    incident fits, and no other report of the same article fits it as well or better."""
    chosen = _unique_fits(undated, index, gaz, {})
    # A weekday ties a report to an incident only inside the time its article's other reports
    # were dated to by where they happened: a second round, given those frames.
    frames = _frames(undated, chosen, index)
    chosen |= _unique_fits([r for r in undated if r.id not in chosen], index, gaz, frames)
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


def _unique_fits(
    undated: Sequence[Report], index: CandidateIndex, gaz: PlaceContainment | None, frames: Mapping[str, Frame]
) -> dict[str, Fit]:
    chosen: dict[str, Fit] = {}
    for report in undated:
        frame = frames.get(report.article_id)
        fits = [f for told in index.candidates(report) if (f := fit(report, told, gaz, frame)) is not None]
        if len(fits) == 1:
            chosen[report.id] = fits[0]
    return chosen


def _frames(undated: Sequence[Report], chosen: Mapping[str, Fit], index: CandidateIndex) -> dict[str, Frame]:
    """For each article, the days around the incidents its reports joined by place or claim."""
    days: dict[str, list[date]] = defaultdict(list)
    article_of = {r.id: r.article_id for r in undated}
    for report_id, f in chosen.items():
        when = index.date_of(f.incident_id)
        if when is not None:
            days[article_of[report_id]].append(when)
    reach = timedelta(days=FRAME_DAYS)
    return {article: (min(found) - reach, max(found) + reach) for article, found in days.items()}


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


def can_date(incident: Incident) -> bool:
    """Only an incident known finer than the year can date a report (a year links nothing)."""
    when = incident.date.value
    return when is not None and when.precision is not Precision.YEAR


def _compatible(
    a: AttackType | Target | None, b: AttackType | Target | None, vague: AttackType | Target
) -> bool:
    return a is None or b is None or vague in (a, b) or a == b


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
