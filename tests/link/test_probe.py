"""Probes: the store is searched only where they point, so they must point wherever a report
that fits could be — for the same cases `fit` is tested on, and for points anywhere on Earth."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.link.compare import distance_km
from sitreps.link.probe import Probe, Whereabouts, areas_of
from sitreps.link.undated import ANY_TIME, CELL_DEGREES, NEAR_KM, CandidateIndex, fit
from sitreps.model import Report

from .cases import BIAP, make_report
from .test_undated import FITS, airport_attack, told, undated_airport


def whereabouts(report: Report) -> Whereabouts:
    """What the store reads of a report for a probe (`store.linking.linked_undated_whereabouts`)."""
    place = report.place.value
    return Whereabouts(
        report.id,
        place.admin1 if place else None,
        report.attack_type.value.value if report.attack_type.value else None,
        place.lat if place else None,
        place.lon if place else None,
        place.id if place else None,
        report.claimed_by.value is not None,
        report.target.value.value if report.target.value else None,
        report.killed.value,
        report.weekday,
    )


def covers(probes: list[Probe], report: Report, *, dated: bool) -> bool:
    return any(probe.points_at(whereabouts(report), dated=dated) for probe in probes)


@pytest.mark.parametrize(("case", "report", "dated", "reason"), FITS, ids=[c[0] for c in FITS])
def test_the_probes_find_every_pair_that_fits(
    case: str, report: Report, dated: list[Report], reason: str | None
) -> None:
    """Both ways: the dated reports around an undated one, the undated ones around incidents."""
    incident = told(*dated)
    if fit(report, incident, frame=ANY_TIME) is None:
        return
    assert any(covers(Probe.around_reports([report]), r, dated=True) for r in dated)
    assert covers(Probe.around_incidents([incident]), report, dated=False)
    assert incident in CandidateIndex([incident]).candidates(report)


@settings(max_examples=300, deadline=None)
@given(st.floats(-70.0, 70.0), st.floats(-179.0, 179.0), st.floats(-0.6, 0.6), st.floats(-0.6, 0.6))
def test_points_within_reach_are_found_anywhere(lat: float, lon: float, dlat: float, dlon: float) -> None:
    here = replace(BIAP, id="site:here", lat=lat, lon=lon)
    there = replace(BIAP, id="site:there", lat=lat + dlat, lon=lon + dlon)
    km = distance_km(here, there)
    assert km is not None
    if km <= NEAR_KM:
        dated, undated = told(airport_attack(place=there)), undated_airport(place=here, weekday=None)
        assert dated in CandidateIndex([dated]).candidates(undated)
        assert covers(Probe.around_incidents([dated]), undated, dated=False)
        assert covers(Probe.around_reports([undated]), dated.reports[0], dated=True)


def test_areas_join_adjacent_cells_of_a_row() -> None:
    c = CELL_DEGREES
    assert areas_of([(0, 1), (0, 0), (0, 3), (2, 0)]) == (
        (0.0, c, 0.0, 2 * c),
        (0.0, c, 3 * c, 4 * c),
        (2 * c, 3 * c, 0.0, c),
    )
    assert areas_of([]) == ()


def test_probes_hold_the_governorates_types_and_claims_of_what_they_surround() -> None:
    no_governorate = replace(BIAP, id="site:nowhere", admin1=None)
    probes = Probe.around_reports(
        [
            undated_airport(),
            make_report("x:0", attack="other", day=None, place=no_governorate, claimed="Kataib"),
        ]
    )
    assert [(p.governorate, p.attack_types, p.place_ids, p.claims) for p in probes] == [
        (None, None, ("site:nowhere",), False),  # a claim counts only inside a governorate
        ("Baghdad", ("other", "rocket"), ("site:biap",), False),
    ]
    assert all(p.areas for p in probes)
    assert Probe.around_incidents([told(airport_attack(day="2022-01-01", precision="year"))]) == []
