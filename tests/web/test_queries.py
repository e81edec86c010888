"""Where the map draws an incident, and which timeline period counts it."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.model import Precision
from sitreps.store.queries import period_key
from sitreps.web.queries import _period_bounds, _point


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2021-W06", date(2021, 2, 8), date(2021, 2, 14)),
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3)),  # an ISO week across New Year
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),  # a leap February
        ("2021-12", date(2021, 12, 1), date(2021, 12, 31)),
        ("2022", date(2022, 1, 1), date(2022, 12, 31)),
    ],
)
def test_period_bounds(key: str, start: date, end: date) -> None:
    assert _period_bounds(key) == (start, end)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)), st.sampled_from(list(Precision)))
def test_the_period_an_incident_is_counted_in_holds_its_day(day: date, precision: Precision) -> None:
    start, end = _period_bounds(period_key(day, precision, Precision.WEEK))
    assert start <= day <= end
    length = (end - start).days + 1
    assert length == 7 if precision in (Precision.DAY, Precision.WEEK) else length >= 28


def test_a_point_with_coordinates_is_exact() -> None:
    assert _point(33.06, 44.25, "IQ", "Baghdad") == (33.06, 44.25, False)


def test_a_governorate_only_incident_is_drawn_at_its_seat() -> None:
    lat, lon, approximate = _point(None, None, "IQ", "Basra")
    assert approximate
    assert abs(lat - 30.5) < 0.2 and abs(lon - 47.8) < 0.2  # Basra city


@pytest.mark.parametrize(
    ("country", "admin1"), [("IQ", "Atlantis"), ("SY", "Deir ez-Zor"), (None, None), ("IQ", None)]
)
def test_an_incident_without_a_drawable_place_has_no_point(country: str | None, admin1: str | None) -> None:
    assert _point(None, None, country, admin1) is None
