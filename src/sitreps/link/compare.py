"""Do two reports tell the same real-world incident? The judgment a human coder makes.

A coder merges two reports when nothing contradicts it and enough agrees: dates that can be
the same day given how precisely each is known, the same place or one inside the other, the
same kind of attack on the same kind of target, the same claimant. A single contradiction
(governorates that differ, dates clearly apart, a rocket attack against a roadside bomb) is
enough to keep them apart, whatever else agrees; those are *conflicts*, and the clusterer
also uses them to stop chains (A~B, B~C) from joining reports that contradict each other.

Agreement is scored in points (the constants below), and a pair is the same incident when it
has no conflict and at least `SAME_THRESHOLD` points. The points are set so that a same-day
report of the same attack type and target links even without a place, while a month-precise
mention needs the same place as well, and a date known only to the year (or not at all) links
to nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Protocol

from ..errors import DataError
from ..model import AttackType, DateValue, Place, PlaceLevel, Precision, Report, Target

#: Points needed, with no conflict, to call two reports the same incident.
SAME_THRESHOLD = 4.0

# Dates: how much a compatible date says depends on the coarser of the two precisions.
SAME_DAY_POINTS = 3.0
#: Reports a day apart (time zones, "last night", a wire rewrite dated the next day) need a
#: place finer than the governorate, or a shared claimant, to link: a busy governorate sees
#: convoys hit on consecutive days.
ADJACENT_DAY_POINTS = 1.0
OVERLAP_POINTS = {Precision.WEEK: 1.0, Precision.MONTH: 0.75}  # a year-precise date never links
#: Day-precise dates further apart than this are different days, not the same one mis-told.
MAX_DAY_GAP = 1
DAY_SLACK = timedelta(days=MAX_DAY_GAP)

# Places: naming the same base says much more than naming the same governorate.
SAME_PLACE_POINTS = {
    PlaceLevel.SITE: 3.0,
    PlaceLevel.LOCALITY: 3.0,
    PlaceLevel.ADMIN2: 2.0,
    PlaceLevel.ADMIN1: 1.0,
    PlaceLevel.COUNTRY: 0.0,
}
NEAR_KM = 50.0  # two coordinates this close can be one place named from two reference towns
NEAR_MIN_POINTS, NEAR_MAX_POINTS = 1.0, 3.0  # linear in distance: 0 km -> max, NEAR_KM -> min
NESTED_IN_ADMIN2_POINTS = 1.5
NESTED_IN_ADMIN1_POINTS = 1.0
SAME_ADMIN2_POINTS = 1.0  # two finer places in one district (a gas field and the town beside it)
SAME_ADMIN1_POINTS = 0.5  # two finer places in one governorate, nothing more known
#: Place kinds whose coordinates stand for a long line (a highway): distance proves nothing.
LINEAR_PLACE_KINDS = frozenset({"road", "highway", "railway", "river", "pipeline"})

# What happened, to whom, by whom.
SAME_TYPE_POINTS = 1.0
SAME_TARGET_POINTS = 0.5
OTHER_TARGET_PENALTY = -1.5  # a convoy against a base: rarely the same attack, yet outlets differ
SAME_CLAIMANT_POINTS = 1.0
OTHER_CLAIMANT_PENALTY = -0.5  # rival groups do claim one attack; a hint, not a veto
SAME_DEATH_TOLL_POINTS = 1.0  # "13 killed" in both: a number few incidents share


class PlaceContainment(Protocol):
    """What a gazetteer may add: nesting that a `Place`'s admin1/admin2 names do not show."""

    def contains(self, outer: Place, inner: Place) -> bool: ...


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """The verdict on a pair, with the reasons a person can read.

    `conflict` marks a hard contradiction: the two reports may never share an incident, even
    through a third report that each of them resembles."""

    score: float
    same: bool
    reasons: tuple[str, ...]
    conflict: bool = False


def same_incident(a: Report, b: Report, gaz: PlaceContainment | None = None) -> LinkDecision:
    """Judge a pair of reports; symmetric, so that linking never depends on argument order."""
    if b.id < a.id:
        a, b = b, a
    if a.article_id == b.article_id:
        # An article that tells two incidents (two convoys hit on one day, or today's attack and
        # an earlier one it recalls) has already told us they differ.
        return LinkDecision(0.0, False, ("one article: told as separate incidents",), conflict=True)
    return _decide((_compare_dates(a.date.value, b.date.value), *_compare_all_but_dates(a, b, gaz)))


def agreement_apart_from_date(a: Report, b: Report, gaz: PlaceContainment | None = None) -> LinkDecision:
    """`same_incident` with the dates left out: what place, type, target, claimant and toll say
    of two reports when one has no date (`link.undated` asks it). Symmetric, like the rest."""
    if b.id < a.id:
        a, b = b, a
    if a.article_id == b.article_id:
        return LinkDecision(0.0, False, ("one article: told as separate incidents",), conflict=True)
    return _decide(_compare_all_but_dates(a, b, gaz))


def facts_apart_from_date(report: Report) -> tuple[object, ...]:
    """What `_compare_all_but_dates` reads of a report: two reports with the same of these (and
    the same answer to "one article?") get the same verdict, which lets linking judge the many
    wire copies of one story once (`cluster.judge`, `undated.fit`)."""
    return (
        report.place.value,
        report.attack_type.value,
        report.target.value,
        report.claimed_by.value,
        report.killed.value,
    )


def _compare_all_but_dates(a: Report, b: Report, gaz: PlaceContainment | None) -> tuple[Part, ...]:
    return (
        _compare_places(a.place.value, b.place.value, gaz),
        _compare_attack_types(a.attack_type.value, b.attack_type.value),
        _compare_targets(a.target.value, b.target.value),
        _compare_claimants(a.claimed_by.value, b.claimed_by.value),
        _compare_death_tolls(a.killed.value, b.killed.value),
    )


def _decide(parts: tuple[Part, ...]) -> LinkDecision:
    # One pass (linking decides millions of pairs); the sum in the parts' order, as `sum` adds.
    score, conflict, reasons = 0.0, False, []
    for points, reason, is_conflict in parts:
        score += points
        conflict = conflict or is_conflict
        if reason:
            reasons.append(reason)
    score = round(score, 6)  # rounded: no float-order noise in ties
    if conflict:
        return LinkDecision(score, False, tuple(reasons), conflict=True)
    return LinkDecision(score, score >= SAME_THRESHOLD, tuple(reasons))


def linkable_date(report: Report) -> DateValue | None:
    """The report's date if the report can share an incident with another. None when the date
    is unknown or known only to the year (`_compare_dates`): such a report stands alone."""
    value = report.date.value
    return value if value is not None and value.precision is not Precision.YEAR else None


# A comparison part: (points, reason, is_conflict).
Part = tuple[float, str, bool]


@lru_cache(maxsize=1 << 16)  # a few thousand distinct dates, compared millions of times
def date_interval(value: DateValue) -> tuple[date, date]:
    """`DateValue.days`, remembered: linking asks it of the same few thousand dates millions of
    times."""
    return value.days()


def dates_overlap(a: DateValue, b: DateValue) -> bool:
    """Can the two dates be the same day? (One day of slack, as for two day-precise dates.)"""
    a_start, a_end = date_interval(a)
    b_start, b_end = date_interval(b)
    return a_start <= b_end + DAY_SLACK and b_start <= a_end + DAY_SLACK


def _compare_dates(a: DateValue | None, b: DateValue | None) -> Part:
    if a is None or b is None:
        # Nothing bounds an undated mention in time; a coder would not merge it on place alone,
        # and the clusterer could not find its candidates without scanning every report.
        return 0.0, "no date on one side", True
    if Precision.YEAR in (a.precision, b.precision):
        # "In 2020 a base was hit" could be any of a year's attacks; a coder would not pick one,
        # and comparing it with a whole year of reports would cost more than it could tell.
        return 0.0, "a year is too vague to link", True
    if a.precision is Precision.DAY and b.precision is Precision.DAY:
        gap = abs((a.day - b.day).days)
        if gap == 0:
            return SAME_DAY_POINTS, "same day", False
        if gap <= MAX_DAY_GAP:
            return ADJACENT_DAY_POINTS, f"{gap} day apart", False
        return 0.0, f"dates {gap} days apart", True
    coarser = Precision.MONTH if Precision.MONTH in (a.precision, b.precision) else Precision.WEEK
    if a.precision is b.precision is Precision.MONTH and a.period() != b.period():
        # "In January" and "in February" are two months, not one told loosely: the day of slack
        # is for day-precise dates, and across months it chained a place's monthly mentions
        # into one group a year long.
        return 0.0, f"different months ({a} vs {b})", True
    if dates_overlap(a, b):
        return OVERLAP_POINTS[coarser], f"dates overlap at {coarser} precision", False
    return 0.0, f"dates apart ({a} vs {b})", True


def _compare_places(a: Place | None, b: Place | None, gaz: PlaceContainment | None) -> Part:
    if a is None or b is None:
        return 0.0, "no place on one side", False
    if a.id == b.id:
        return SAME_PLACE_POINTS[a.level], f"same place ({a.name})", False
    if a.country and b.country and a.country != b.country:
        return 0.0, f"different countries ({a.country} vs {b.country})", True
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return 0.0, f"different governorates ({a.admin1} vs {b.admin1})", True
    km = distance_km(a, b)
    if km is not None and km <= NEAR_KM:
        points = NEAR_MIN_POINTS + (NEAR_MAX_POINTS - NEAR_MIN_POINTS) * (1.0 - km / NEAR_KM)
        return points, f"places {km:.0f} km apart", False
    nested = _nesting(a, b, gaz) or _nesting(b, a, gaz)
    if nested:
        return nested
    if km is not None and is_point(a) and is_point(b):
        return 0.0, f"places {km:.0f} km apart", True
    if a.admin2 and a.admin2 == b.admin2 and a.admin1 == b.admin1:
        return SAME_ADMIN2_POINTS, f"same district ({a.admin2})", False
    if a.admin1 and a.admin1 == b.admin1:
        return SAME_ADMIN1_POINTS, f"same governorate ({a.admin1})", False
    return 0.0, "places neither same nor nested", False


def _nesting(outer: Place, inner: Place, gaz: PlaceContainment | None) -> Part | None:
    """Points when `outer` is a coarser place that contains `inner`, else None."""
    if outer.level.rank <= inner.level.rank:
        return None
    if outer.level is PlaceLevel.ADMIN2 and inner.admin2 and inner.admin2 in (outer.admin2, outer.name):
        return NESTED_IN_ADMIN2_POINTS, f"{inner.name} lies in {outer.name}", False
    if outer.level is PlaceLevel.ADMIN1 and inner.admin1 and inner.admin1 in (outer.admin1, outer.name):
        return NESTED_IN_ADMIN1_POINTS, f"{inner.name} lies in {outer.name}", False
    if outer.level is PlaceLevel.COUNTRY and inner.country == outer.country:
        return 0.0, f"only the country ({outer.country}) on one side", False
    if gaz is not None and gaz.contains(outer, inner):
        points = NESTED_IN_ADMIN2_POINTS if outer.level is PlaceLevel.ADMIN2 else NESTED_IN_ADMIN1_POINTS
        return points, f"{inner.name} lies in {outer.name}", False
    return None


def is_point(place: Place) -> bool:
    """A place small enough that its coordinates say where the attack was."""
    return (
        place.level in (PlaceLevel.SITE, PlaceLevel.LOCALITY) and (place.kind or "") not in LINEAR_PLACE_KINDS
    )


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two places, None unless both have coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    dphi, dlambda = phi2 - phi1, math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _compare_attack_types(a: AttackType | None, b: AttackType | None) -> Part:
    if a is None or b is None or AttackType.OTHER in (a, b):
        return 0.0, "", False
    if a == b:
        return SAME_TYPE_POINTS, f"both {a}", False
    return 0.0, f"different attack types ({a} vs {b})", True


def _compare_targets(a: Target | None, b: Target | None) -> Part:
    if a is None or b is None or Target.OTHER in (a, b):
        return 0.0, "", False
    if a == b:
        return SAME_TARGET_POINTS, f"both on a {a}", False
    return OTHER_TARGET_PENALTY, f"different targets ({a} vs {b})", False


def _compare_claimants(a: str | None, b: str | None) -> Part:
    if not a or not b:
        return 0.0, "", False
    if group_key(a) == group_key(b):
        return SAME_CLAIMANT_POINTS, f"both claimed by {a}", False
    return OTHER_CLAIMANT_PENALTY, f"different claimants ({a} vs {b})", False


def _compare_death_tolls(a: int | None, b: int | None) -> Part:
    if a and b and a == b:
        return SAME_DEATH_TOLL_POINTS, f"both {a} killed", False
    return 0.0, "", False


@lru_cache(maxsize=1 << 12)  # a few hundred names, compared for every candidate pair
def group_key(name: str) -> str:
    """One key for every spelling of a group ("Qasem al-Jabbarin", "سرية قاصم الجبارين")."""
    canonical, normalise = _actor_resolvers()
    return normalise(canonical(name) or name)


def canonical_group(name: str) -> str:
    """The group's name as the actor table writes it, or as the report wrote it if unknown."""
    canonical, _ = _actor_resolvers()
    return canonical(name) or name


@cache
def _actor_resolvers() -> tuple[Callable[[str], str | None], Callable[[str], str]]:
    """The bundled actor table (aliases), loaded once; names it lacks still normalise."""
    from ..extract.actors import load_actors, normalise_name

    try:
        return load_actors().canonical, normalise_name
    except DataError:
        return (lambda _name: None), normalise_name
