"""`merge_incident`: one written rule per field, on incidents several outlets told differently."""

from __future__ import annotations

import datetime as dt
from itertools import permutations

import pytest

from sitreps.link.merge import casualty_range, merge_incident
from sitreps.model import AttackType, DateValue, Precision, Range, Status, Target

from .cases import BAGHDAD, CONSULATE, ERBIL, LATIFIYA, MUTHANNA, SAMAWAH, ZILKAN, make_report


def k003() -> list:
    """ISIS attack on an army post in al-Azim, Diyala (January 2022): Shafaq gives the week and
    a claim, Rudaw the week, Kurdistan24 the day and the claim; all say 11 soldiers killed."""
    common = {"attack": "armed_assault", "target": "base", "day": "2022-01-21", "killed": 11}
    return [
        make_report("d005:1", role="background", precision="week", claimed="ISIS", **common),
        make_report("d006:0", precision="week", **common),
        make_report("d007:0", claimed="Islamic State", **common),
    ]


def test_the_finest_date_wins_and_a_day_inside_the_week_is_no_disagreement() -> None:
    incident = merge_incident(k003())
    assert incident.date.value == DateValue(dt.date(2022, 1, 21), Precision.DAY)
    assert incident.date.report_ids == ("d007:0",)
    assert incident.killed == Range(11, 11, 11)
    assert incident.claimed_by == ("Islamic State",)  # "ISIS" and "Islamic State": one group
    assert incident.disagreements == ()


def test_claims_from_every_source_once_by_their_canonical_name() -> None:
    reports = [
        make_report("h021:0", place=MUTHANNA, claimed="Qasem al-Jabbarin"),
        make_report("h023:0", place=SAMAWAH, claimed="سرية قاصم الجبارين"),
        make_report("h026:2", role="background", place=SAMAWAH, claimed="Qasim Al-Jabarin"),
    ]
    incident = merge_incident(reports)
    assert incident.claimed_by == ("Saraya Qasim al-Jabbarin",)
    assert incident.status is Status.CLAIMED
    assert "claimed_by" not in {d.field for d in incident.disagreements}


def test_the_finest_place_wins_and_the_most_told_breaks_ties() -> None:
    reports = [
        make_report("h021:0", place=MUTHANNA),
        make_report("h023:0", place=SAMAWAH),
        make_report("h026:2", role="background", place=SAMAWAH),
    ]
    incident = merge_incident(reports)
    assert incident.place.value == SAMAWAH
    assert incident.place.report_ids == ("h023:0", "h026:2")


def test_a_tie_goes_to_the_earliest_report() -> None:
    first = make_report("b:0", attack="rocket", target="base", day="2022-06-09", place=ZILKAN)
    second = make_report("a:0", attack="drone", target="base", day="2022-06-10", place=ZILKAN)
    incident = merge_incident([second, first])
    assert incident.date.value == DateValue(dt.date(2022, 6, 9), Precision.DAY)
    assert incident.attack_type.value is AttackType.ROCKET and incident.attack_type.report_ids == ("b:0",)
    assert {d.field for d in incident.disagreements} == {"date", "attack_type"}


def test_other_gives_way_to_a_stated_type_and_target() -> None:
    incident = merge_incident(
        [
            make_report("d023:1", attack="other", target="other", place=ZILKAN),
            make_report("d022:1", attack="drone", target="base", place=ZILKAN),
        ]
    )
    assert (incident.attack_type.value, incident.target.value) == (AttackType.DRONE, Target.BASE)
    assert incident.disagreements == ()


def test_differing_tolls_become_a_range_and_a_disagreement() -> None:
    """K025, Kirkuk, December 2022: one outlet counts 9 dead, another 12 after two died later."""
    incident = merge_incident(
        [
            make_report("d028:0", target="other", day="2022-12-18", killed=9),
            make_report("d029:0", target="other", day="2022-12-18", killed=12),
        ]
    )
    assert incident.killed == Range(9, 9, 12)
    disagreement = next(d for d in incident.disagreements if d.field == "killed")
    assert dict(disagreement.values) == {"d028:0": "9", "d029:0": "12"}


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ([None, None], Range()),
        ([0, None, 0, 3], Range(0, 0, 3)),  # a stated 0 counts, silence does not
        ([4, 4, 5, 7], Range(4, 4, 7)),  # the figure most sources give
        ([1, 2, 3], Range(1, 2, 3)),  # all tied: the (lower) median
        ([9, 12], Range(9, 9, 12)),
        ([13], Range(13, 13, 13)),
    ],
)
def test_casualty_range(figures: list[int | None], expected: Range) -> None:
    assert casualty_range(figures) == expected


def test_the_merge_does_not_depend_on_report_order() -> None:
    reports = [
        *k003(),
        make_report(
            "d099:0", attack="armed_assault", target="base", day="2022-01-21", killed=12, cited=("army",)
        ),
    ]
    merged = {merge_incident(list(order)) for order in permutations(reports)}
    assert len(merged) == 1
    (incident,) = merged
    assert incident.report_ids == ("d005:1", "d006:0", "d007:0", "d099:0")
    assert incident.killed == Range(11, 11, 12)


def test_an_undated_report_gives_everything_but_the_date() -> None:
    """d018 (no date) joined the Erbil consulate attack that d016 dates: it adds its claimant,
    toll and place but no date, and is never the incident's earliest report."""
    dated = make_report("d016:0", attack="rocket", target="embassy", day="2022-03-13", place=ERBIL, killed=0)
    undated = make_report(
        "d018:0",
        attack="rocket",
        target="embassy",
        day=None,
        place=CONSULATE,
        weekday=6,
        claimed="Iran",
        killed=1,
    )
    incident = merge_incident([undated, dated])
    assert incident.id == merge_incident([dated]).id and incident.report_ids == ("d016:0", "d018:0")
    assert incident.date.value == DateValue(dt.date(2022, 3, 13), Precision.DAY)
    assert incident.date.report_ids == ("d016:0",)
    assert (incident.place.value, incident.claimed_by, incident.killed) == (
        CONSULATE,
        ("Iran",),
        Range(0, 0, 1),
    )
    assert incident.status is Status.CLAIMED
    assert {d.field for d in incident.disagreements} == {"killed"}


def test_governorates_that_differ_are_listed() -> None:
    reports = [
        make_report("a:0", place=BAGHDAD),
        make_report("b:0", place=LATIFIYA),
        make_report("c:0", place=MUTHANNA),
    ]
    incident = merge_incident(reports)
    (disagreement,) = [d for d in incident.disagreements if d.field == "admin1"]
    assert dict(disagreement.values) == {"a:0": "Baghdad", "b:0": "Baghdad", "c:0": "Muthanna"}


def test_an_incident_needs_a_report() -> None:
    with pytest.raises(ValueError):
        merge_incident([])
