"""Days an undated page gives but cannot place.

A page with no publication date still says "on Friday", "yesterday", "On Jan. 5", "in late May":
no day can be put on the calendar, but two such days can often be told apart ("today, Saturday"
and "yesterday"), one can be known to come before another, and a weekday can be counted from
another's ("yesterday" beside "today, Saturday" is a Friday). Incidents are told apart by them
(`extract.incidents`), and the weekday they leave is what a dated report of the same attack
can later date the report by (`link.undated`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise

from ..model import Precision
from .dates import DateKind, DateMention, resolve_date
from .mentions import AttackMention

_SOME_YEAR_END = date(2001, 12, 31)  # any year's end: reads a day whose year or month is unknown


@dataclass(frozen=True, slots=True)
class Unplaced:
    """What a day the text gives but cannot place (no publication date) still says."""

    weekday: int | None  # "on Friday", "اليوم السبت"
    day_of_month: tuple[int, int] | None  # "On Jan. 5": (month, day)
    shift: int | None  # "yesterday": -1, "today": 0, counted from the report's own day
    month: int | None = None  # "in late May"

    @property
    def bare_weekday(self) -> bool:
        return self.weekday is not None and self.day_of_month is None and self.shift is None

    @property
    def on_the_calendar(self) -> bool:
        return self.day_of_month is not None or self.month is not None

    def weekday_beside(self, other: Unplaced) -> int | None:
        """The weekday of this day, from another's weekday and both shifts ("أمس" beside "اليوم
        السبت" is a Friday)."""
        if self.weekday is not None or self.shift is None or other.weekday is None or other.shift is None:
            return self.weekday
        return (other.weekday + self.shift - other.shift) % 7


@lru_cache(maxsize=4096)  # asked again for every pair of days and every draft a day is held against
def unplaced(mention: DateMention | None) -> Unplaced | None:
    if mention is None or mention.value is not None:
        return None
    day_of_month = shift = month = None
    if mention.kind in (DateKind.ABSOLUTE, DateKind.RELATIVE, DateKind.MONTH):
        value = resolve_date(mention.text, _SOME_YEAR_END)
        if value is not None and value.precision is Precision.DAY:
            if mention.kind is DateKind.ABSOLUTE:
                day_of_month = (value.day.month, value.day.day)
            elif mention.kind is DateKind.RELATIVE:
                shift = (value.day - _SOME_YEAR_END).days
        elif value is not None and value.precision is Precision.MONTH and mention.kind is DateKind.MONTH:
            month = value.day.month
    if mention.weekday is None and day_of_month is None and shift is None and month is None:
        return None
    return Unplaced(mention.weekday, day_of_month, shift, month)


def counts_back(mention: DateMention) -> bool:
    """Does a relative phrase ("yesterday", "last night", "last week") name a time before the
    report's own day?"""
    value = resolve_date(mention.text, _SOME_YEAR_END)
    return value is not None and value.day < _SOME_YEAR_END


def told_apart(a: DateMention | None, b: DateMention | None) -> bool:
    """Two days an undated page cannot place but can tell apart: other weekdays, other days of
    the month or months, other shifts from the report's day ("today" and "yesterday"), or a day
    of the month or a month against a bare weekday (news names the days of its own week by
    weekday: "On Jan. 5" or "in late May" in a report of an attack "on Friday" is earlier)."""
    ours, theirs = unplaced(a), unplaced(b)
    if ours is None or theirs is None:
        return False
    for field_name in ("weekday", "day_of_month", "shift", "month"):
        x, y = getattr(ours, field_name), getattr(theirs, field_name)
        if x is not None and y is not None:
            return x != y
    return (ours.on_the_calendar and theirs.bare_weekday) or (theirs.on_the_calendar and ours.bare_weekday)


def earlier(day: DateMention | None, news: DateMention | None) -> bool:
    """Is an unplaced day before the news's own? A day of the month or a shift before the
    news's, or any other day the page tells apart from a news day named by its weekday."""
    ours, theirs = unplaced(day), unplaced(news)
    if ours is not None and theirs is not None:
        for field_name in ("day_of_month", "shift"):
            x, y = getattr(ours, field_name), getattr(theirs, field_name)
            if x is not None and y is not None:
                return bool(x < y)
    return told_apart(day, news)


def listed_days(mention: AttackMention) -> list[DateMention]:
    """Days an undated page lists in one sentence, each another day ("on the field today,
    Saturday, yesterday, Friday, and last Wednesday"): one incident each, as dated ones are."""
    days = [d for d in mention.dates if unplaced(d) is not None]
    apart = all(told_apart(a, b) for i, a in enumerate(days) for b in days[i + 1 :])
    text, start = mention.sentence.text, mention.sentence.start
    listed = all(_LIST_GAP.fullmatch(text[a.end - start : b.start - start]) for a, b in pairwise(days))
    return days if len(days) > 1 and apart and listed else []


#: What stands between two days of one list: "today, Saturday, and yesterday", "، وكذلك".
_LIST_GAP = re.compile(r"\s*[,،]?\s*(?:(?:and|or|as well as)\b|و(?:كذلك)?|ثم)?\s*", re.IGNORECASE)


