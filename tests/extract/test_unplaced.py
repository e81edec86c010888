"""Days a page without a publication date gives but cannot place: what still tells them apart."""

from __future__ import annotations

import pytest

from sitreps.extract.dates import find_dates
from sitreps.extract.unplaced import earlier, told_apart, unplaced


def day(phrase: str):
    [mention] = find_dates(phrase, None)
    assert mention.value is None  # no publication date: nothing can be placed
    return mention


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ("on Friday", "on Saturday", True),
        ("on Friday", "late on Friday", False),
        ("today", "yesterday", True),
        ("اليوم السبت", "أمس الجمعة", True),
        ("On Jan. 5", "on Friday", True),  # a day of the month against news named by weekday
        ("On Jan. 5", "On January 5th", False),
        ("in late May", "on Friday", True),
        ("yesterday", "on Friday", False),  # the weekday may be the report's own day
    ],
)
def test_days_told_apart(a: str, b: str, apart: bool) -> None:
    assert told_apart(day(a), day(b)) is apart
    assert told_apart(day(b), day(a)) is apart


def test_which_comes_first() -> None:
    assert earlier(day("yesterday"), day("today"))
    assert not earlier(day("today"), day("yesterday"))
    assert earlier(day("On Jan. 5"), day("On Jan. 28"))
    assert earlier(day("in late May"), day("on Friday"))


def test_a_placed_day_or_no_day_says_nothing_here() -> None:
    assert unplaced(None) is None
    [placed] = find_dates("on 27 December 2020", None)
    assert placed.value is not None and unplaced(placed) is None


def test_yesterday_beside_today_saturday_is_a_friday() -> None:
    today, yesterday = unplaced(day("اليوم السبت")), unplaced(day("أمس"))
    assert today is not None and yesterday is not None
    assert yesterday.weekday_beside(today) == 4
