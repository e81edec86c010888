"""`same_incident` on pairs modelled on the dev corpus: what a coder would merge, and what not."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.geo.gazetteer import load_gazetteer
from sitreps.link.compare import SAME_THRESHOLD, date_interval, same_incident
from sitreps.model import DateValue, Precision, Report

from .cases import (
    AZIM,
    BAGHDAD,
    BASHIQA,
    BATHA,
    BATHA_ROAD,
    ERBIL,
    IRAQ,
    KHIDR,
    KUWAIT,
    LATIFIYA,
    MUTHANNA,
    SALMAN,
    SAMAWAH,
    ZILKAN,
    make_report,
)

# (case, first report, second report, same?, a reason that must be given)
PAIRS = [
    # I007: Reuters and Shafaq tell the Muthanna convoy IED of 10 Dec 2020, one names the town.
    ("same day, town inside its governorate",
     make_report("h021:0", place=MUTHANNA), make_report("h023:0", place=SAMAWAH), True, "Samawah lies in Muthanna"),
    # K009: US officials "late on March 12" (Washington time), Iraqi outlets 13 March.
    ("a day apart",
     make_report("d016:0", attack="rocket", target="embassy", day="2022-03-12", place=ERBIL),
     make_report("d017:0", attack="rocket", target="embassy", day="2022-03-13", place=ERBIL), True, "1 day apart"),
    ("a day apart with only the governorate in common",
     make_report("a:0", day="2021-03-18", place=MUTHANNA), make_report("b:0", day="2021-03-19", place=SAMAWAH),
     False, "1 day apart"),
    ("two days apart is another attack",
     make_report("d008:0", attack="rocket", target="other", day="2022-06-22", place=ZILKAN),
     make_report("d010:1", attack="rocket", target="other", day="2022-06-24", place=ZILKAN), False, "2 days apart"),
    # K003: one outlet gives only the publication week, another the day.
    ("week-precise date holds the day",
     make_report("d006:0", attack="armed_assault", target="base", day="2022-01-21", precision="week", place=AZIM),
     make_report("d007:0", attack="armed_assault", target="base", day="2022-01-21", place=AZIM), True, "week precision"),
    # K015: "last month" drone attack on Zilkan against the dated one.
    ("month-precise mention at the same base",
     make_report("d023:1", role="background", attack="other", target="base", day="2022-05-01", precision="month",
                 place=ZILKAN),
     make_report("d022:1", role="background", attack="drone", target="base", day="2022-05-21", place=ZILKAN),
     True, "same place"),
    ("month-precise mention of another month",
     make_report("d023:1", attack="other", target="base", day="2022-04-01", precision="month", place=ZILKAN),
     make_report("d022:1", attack="drone", target="base", day="2022-05-21", place=ZILKAN), False, "dates apart"),
    # "Rockets hit the airport in January" and "... in February": the day of slack that two
    # day-precise dates get must not make two months one.
    ("two months, each a month-precise mention",
     make_report("a:1", role="background", attack="rocket", target="base", day="2021-01-01", precision="month",
                 place=ZILKAN),
     make_report("b:1", role="background", attack="rocket", target="base", day="2021-02-01", precision="month",
                 place=ZILKAN), False, "different months"),
    # d018: "a separate U.S. base in Iraq" was hit by Iran in 2020: which attack of that year?
    ("a year is too vague to merge",
     make_report("d018:1", role="background", attack="rocket", target="base", day="2020-01-01", precision="year",
                 place=ZILKAN),
     make_report("x001:0", attack="rocket", target="base", day="2020-03-11", place=ZILKAN), False, "too vague"),
    # I007/I008: the same day, the same group, two governorates.
    ("different governorates",
     make_report("h021:0", place=MUTHANNA, claimed="Qasem al-Jabbarin"),
     make_report("h022:1", place=LATIFIYA, claimed="Qasim Al-Jabarin"), False, "different governorates"),
    ("different countries",
     make_report("a:0", place=IRAQ), make_report("b:0", place=KUWAIT), False, "different countries"),
    ("neighbouring towns",
     make_report("a:0", place=SAMAWAH), make_report("b:0", place=KHIDR), True, "km apart"),
    ("towns 114 km apart",
     make_report("a:0", place=SAMAWAH), make_report("b:0", place=SALMAN), False, "km apart"),
    ("a base and the town beside it",
     make_report("a:0", attack="rocket", target="base", place=ZILKAN),
     make_report("b:0", attack="rocket", target="base", place=BASHIQA), True, "1 km apart"),
    ("a road inside its district",
     make_report("h016:0", day="2020-09-27", place=BATHA), make_report("h017:0", day="2020-09-27", place=BATHA_ROAD),
     True, "lies in Al-Batha"),
    ("a rocket attack is not a roadside bomb",
     make_report("a:0", attack="rocket", place=MUTHANNA), make_report("b:0", attack="ied", place=MUTHANNA),
     False, "different attack types"),
    ("an unstated method fits any",
     make_report("a:0", attack="other", place=MUTHANNA, killed=2),
     make_report("b:0", attack="ied", place=MUTHANNA, killed=2), True, "both 2 killed"),
    # h021: two convoys hit on one day, told in one article, are two incidents.
    ("one article's two incidents",
     make_report("h021:0", place=MUTHANNA), make_report("h021:1", place=MUTHANNA), False, "one article"),
    ("an undated background mention",
     make_report("a:0", role="background", day=None, place=MUTHANNA), make_report("b:0", place=MUTHANNA),
     False, "no date"),
    # The same group in English and in Arabic (h021 / h023).
    ("the claimant by another spelling",
     make_report("h021:0", place=MUTHANNA, claimed="Qasem al-Jabbarin"),
     make_report("h023:0", place=MUTHANNA, claimed="سرية قاصم الجبارين"), True, "both claimed by"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "a", "b", "same", "reason"), PAIRS, ids=[p[0] for p in PAIRS])
def test_coders_judgement(case: str, a: Report, b: Report, same: bool, reason: str) -> None:
    decision = same_incident(a, b)
    assert decision.same is same, decision
    assert any(reason in r for r in decision.reasons), decision.reasons


def test_a_contradiction_is_a_conflict_not_just_a_low_score() -> None:
    apart = same_incident(make_report("a:0", place=MUTHANNA), make_report("b:0", place=BAGHDAD))
    weak = same_incident(
        make_report("a:0", attack="other", target="other"), make_report("b:0", target="other")
    )
    assert apart.conflict and not apart.same
    assert not weak.conflict and not weak.same and weak.score < SAME_THRESHOLD


@pytest.mark.parametrize(
    ("day", "precision", "first", "last"),
    [
        ("2020-12-10", "day", "2020-12-10", "2020-12-10"),
        ("2022-01-21", "week", "2022-01-15", "2022-01-27"),
        ("2020-02-01", "month", "2020-02-01", "2020-02-29"),
        ("2020-12-01", "month", "2020-12-01", "2020-12-31"),
        ("2020-01-01", "year", "2020-01-01", "2020-12-31"),
    ],
)
def test_date_interval_by_precision(day: str, precision: str, first: str, last: str) -> None:
    value = DateValue(dt.date.fromisoformat(day), Precision(precision))
    assert date_interval(value) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


PLACES = [None, MUTHANNA, SAMAWAH, KHIDR, SALMAN, BAGHDAD, LATIFIYA, ZILKAN, BASHIQA, IRAQ]
reports = st.builds(
    make_report,
    st.sampled_from(["a:0", "a:1", "b:0", "c:3"]),
    attack=st.sampled_from(["ied", "rocket", "other"]),
    target=st.sampled_from(["convoy", "base", "other"]),
    day=st.dates(dt.date(2020, 12, 1), dt.date(2021, 1, 31)).map(dt.date.isoformat) | st.none(),
    precision=st.sampled_from(["day", "week", "month", "year"]),
    place=st.sampled_from(PLACES),
    claimed=st.sampled_from([None, "Qasem al-Jabbarin", "Ashab al-Kahf"]),
    killed=st.sampled_from([None, 0, 2]),
)


@given(reports, reports)
def test_the_verdict_does_not_depend_on_argument_order(a: Report, b: Report) -> None:
    assert same_incident(a, b) == same_incident(b, a)


@given(reports, reports)
def test_same_means_enough_points_and_no_conflict(a: Report, b: Report) -> None:
    decision = same_incident(a, b)
    assert decision.same == (not decision.conflict and decision.score >= SAME_THRESHOLD)


def test_the_gazetteer_knows_nesting_a_place_does_not_show() -> None:
    """ "Iranian missiles hit Kurdistan" and "... hit Erbil": the region holds the city."""
    gaz = load_gazetteer()
    region, city = gaz.lookup("Kurdistan"), gaz.lookup("Erbil")
    assert region and city
    a = make_report("d016:0", attack="rocket", target="other", day="2022-03-13", place=region)
    b = make_report("d018:0", attack="rocket", target="other", day="2022-03-13", place=city)
    assert "Erbil lies in Kurdistan Region" in same_incident(a, b, gaz).reasons
    assert same_incident(a, b, gaz).score > same_incident(a, b).score


def test_a_field_and_the_town_beside_it_share_a_district() -> None:
    """K004: "the Khor Mor gas field" in one outlet, "Chamchamal" in another."""
    gaz = load_gazetteer()
    field, town = gaz.lookup("Khor Mor"), gaz.lookup("Chamchamal")
    a = make_report("d008:0", attack="rocket", target="other", day="2022-06-22", place=field)
    b = make_report("d009:0", attack="rocket", target="other", day="2022-06-22", place=town)
    decision = same_incident(a, b, gaz)
    assert decision.same and "same district (Chamchamal)" in decision.reasons
