from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.evaluate import FIELDS, field_agreement, haversine_km, normalise_group_name
from sitreps.evaluate.fields import same_admin1, same_claimant, same_date, same_location
from sitreps.model import Precision

from .events import exact, gold_event, predicted_event

D, W, M, Y = Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.YEAR
BAGHDAD_AIRPORT = (33.2625, 44.2346)


@pytest.mark.parametrize(
    ("gold_date", "gold_precision", "predicted_date", "predicted_precision", "agrees"),
    [
        # day: the same day, and the prediction must claim the day
        ("2020-12-10", D, "2020-12-10", D, True),
        ("2020-12-10", D, "2020-12-11", D, False),
        ("2020-12-10", D, "2020-12-10", W, False),
        ("2020-12-10", D, "2020-12-01", M, False),
        # week: any day of the same ISO week (Monday 7 to Sunday 13 December 2020)
        ("2020-12-10", W, "2020-12-07", D, True),
        ("2020-12-10", W, "2020-12-13", D, True),
        ("2020-12-10", W, "2020-12-14", D, False),
        ("2020-12-10", W, "2020-12-06", D, False),
        ("2020-12-10", W, "2020-12-09", W, True),
        ("2021-01-01", W, "2020-12-28", D, True),  # ISO week 53 of 2020 spans the new year
        ("2020-12-03", W, "2020-12-01", M, False),  # a month is vaguer than a week
        # month and year: the same month or year, from an equally or more precise prediction
        ("2021-03-01", M, "2021-03-25", D, True),
        ("2021-03-01", M, "2021-03-01", M, True),
        ("2021-03-01", M, "2021-04-01", M, False),
        ("2021-03-01", M, "2021-01-01", Y, False),
        ("2021-01-01", Y, "2021-11-05", D, True),
        ("2021-01-01", Y, "2021-06-01", M, True),
        ("2021-01-01", Y, "2020-12-31", D, False),
        # null agrees only with null
        (None, None, None, None, True),
        (None, None, "2020-12-10", D, False),
        ("2020-12-10", D, None, None, False),
    ],
)
def test_date_agrees_at_the_gold_precision(
    gold_date: str | None,
    gold_precision: Precision | None,
    predicted_date: str | None,
    predicted_precision: Precision | None,
    agrees: bool,
) -> None:
    gold = gold_event(date=_day(gold_date), date_precision=gold_precision)
    predicted = predicted_event(date=_day(predicted_date), date_precision=predicted_precision)
    assert same_date(predicted, gold) is agrees


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def test_a_date_without_precision_is_taken_as_a_day() -> None:
    gold = gold_event(date=dt.date(2020, 12, 10), date_precision=Precision.DAY)
    assert same_date(predicted_event(date_precision=None), gold)


@pytest.mark.parametrize(
    ("gold_admin1", "gold_alt", "predicted_admin1", "agrees"),
    [
        ("Al-Qadisiyah", ("Muthanna",), "Al-Qadisiyah", True),
        ("Al-Qadisiyah", ("Muthanna",), "Muthanna", True),
        ("Al-Qadisiyah", ("Muthanna",), "Qadisiyah", True),  # spelling without the article
        ("Al-Qadisiyah", ("Muthanna",), "Babil", False),
        ("Al-Qadisiyah", ("Muthanna",), None, False),
        ("Dhi Qar", (), "dhi qar", True),
        (None, (), None, True),  # a road between governorates: null is the answer
        (None, (), "Baghdad", False),
    ],
)
def test_admin1_agrees_with_the_gold_or_an_alternative(
    gold_admin1: str | None, gold_alt: tuple[str, ...], predicted_admin1: str | None, agrees: bool
) -> None:
    gold = gold_event(admin1=gold_admin1, admin1_alt=gold_alt)
    assert same_admin1(predicted_event(admin1=predicted_admin1), gold) is agrees


@pytest.mark.parametrize(
    ("gold_name", "predicted_name", "agrees"),
    [
        (None, None, True),
        ("Qasem al-Jabbarin", None, False),
        (None, "Qasem al-Jabbarin", False),
        ("Qasem al-Jabbarin", "Qasem Al-Jabbarin", True),
        ("Qasim Al-Jabarin", "Qasem al-Jabbarin", False),  # needs the actor table, not spelling rules
        ("Islamic State", "Ahrar Sinjar", False),
    ],
)
def test_claimant_agrees_after_alias_resolution(
    gold_name: str | None, predicted_name: str | None, agrees: bool
) -> None:
    gold, predicted = gold_event(claimed_by=gold_name), predicted_event(claimed_by=predicted_name)
    assert same_claimant(predicted, gold, normalise_group_name) is agrees


def test_claimant_uses_the_alias_table_it_is_given() -> None:
    table = {"Qasim Al-Jabarin": "Saraya Qasim al-Jabbarin", "Qasem al-Jabbarin": "Saraya Qasim al-Jabbarin"}
    gold, predicted = (
        gold_event(claimed_by="Qasim Al-Jabarin"),
        predicted_event(claimed_by="Qasem al-Jabbarin"),
    )
    assert same_claimant(predicted, gold, lambda name: table.get(name, name))
    assert not same_claimant(predicted, gold, exact)


@pytest.mark.parametrize(
    ("gold_count", "predicted_count", "agrees"),
    [(None, None, True), (0, 0, True), (None, 0, False), (0, None, False), (3, 3, True), (3, 4, False)],
)
def test_casualties_are_exact_and_null_is_not_zero(
    gold_count: int | None, predicted_count: int | None, agrees: bool
) -> None:
    agreement = field_agreement(
        predicted_event(killed=predicted_count, injured=predicted_count),
        gold_event(killed=gold_count, injured=gold_count),
        exact,
    )
    assert (agreement["killed"], agreement["injured"]) == (agrees, agrees)


@pytest.mark.parametrize(
    ("north_km", "agrees"),
    [(0.0, True), (20.0, True), (24.9, True), (25.2, False), (30.0, False)],
)
def test_location_agrees_within_25_km(north_km: float, agrees: bool) -> None:
    lat, lon = BAGHDAD_AIRPORT
    gold = gold_event(lat=lat, lon=lon)
    predicted = predicted_event(lat=lat + north_km / 111.195, lon=lon)
    assert same_location(predicted, gold) is agrees


def test_location_is_scored_only_where_gold_has_coordinates() -> None:
    lat, lon = BAGHDAD_AIRPORT
    assert same_location(predicted_event(lat=lat, lon=lon), gold_event()) is None
    assert same_location(predicted_event(), gold_event(lat=lat, lon=lon)) is False


def test_field_agreement_scores_every_field_in_report_order() -> None:
    agreement = field_agreement(predicted_event(target="base"), gold_event(), exact)
    assert tuple(agreement) == FIELDS
    assert agreement == {
        "date": True, "admin1": True, "attack_type": True, "target": False,
        "claimed_by": True, "killed": True, "injured": True, "location": None,
    }  # fmt: skip


def test_haversine_on_known_distances() -> None:
    assert haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.195, abs=0.01)
    # Baghdad to Basra city centres, about 450 km
    assert haversine_km(33.3152, 44.3661, 30.5085, 47.7804) == pytest.approx(449, abs=5)


coordinates = st.tuples(st.floats(-90, 90), st.floats(-180, 180))


@given(a=coordinates, b=coordinates)
def test_haversine_is_a_symmetric_bounded_distance(a: tuple[float, float], b: tuple[float, float]) -> None:
    there, back = haversine_km(*a, *b), haversine_km(*b, *a)
    assert there == pytest.approx(back, abs=1e-6)
    assert 0.0 <= there <= 20_016  # half the earth's circumference
    assert haversine_km(*a, *a) == 0.0
