"""Publication stamps near the top of a page: "JULY 12, 2020 05:09", "29 Dec 2020 | 03:49 PM UTC".

Pages that come without metadata still print when they were published, as a line of its own
near the headline or inside the byline. The formats live in `data/lexicons/datelines.toml`.
Only the top of the page is searched, and stamp-like lines first, so that a date inside the
story ("on 5 January 2020 parliament voted ...") is not taken for the publication date.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import islice

from ..errors import DataError
from ..resources import data_path

_EARLIEST_YEAR, _LATEST_YEAR = 1990, 2100
_WORD = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?")
_CLOCK_OR_YEAR = re.compile(r"\b\d{1,2}:\d{2}\b|(?<!\d)(19|20)\d{2}(?!\d)")
_LABEL_FIRST = re.compile(r"^\W*(date|published|posted|updated)\b", re.IGNORECASE)
_MAX_STAMP_CHARS = 100
_DIGIT = re.compile(r"\d")  # the digits `int` reads: Unicode decimal digits, like `\d`
_URL = re.compile(r"\S*://\S*")  # file names in URLs carry dates that are not datelines
_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DatelineRules:
    months: dict[str, int]  # "dec" -> 12
    stamp_words: frozenset[str]  # words (besides months) a stamp-only line may hold
    patterns: tuple[re.Pattern[str], ...]
    top_lines: int
    max_words: int


@cache
def load_datelines() -> DatelineRules:
    """The dateline formats, read once per process."""
    path = data_path("lexicons", "datelines.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        months = {
            name: number for number, key in enumerate(_MONTH_KEYS, start=1) for name in data["months"][key]
        }
        alternation = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
        patterns = tuple(
            re.compile(entry["pattern"].replace("{month}", alternation), re.IGNORECASE)
            for entry in data["patterns"]
        )
        words = data["stamp_words"]
        stamp_words = frozenset(
            w.replace(".", "") for key in ("weekdays", "labels", "clock") for w in words[key]
        )
        limits = data["limits"]
        return DatelineRules(
            months, stamp_words, patterns, int(limits["top_lines"]), int(limits["max_words"])
        )
    except (OSError, KeyError, TypeError, ValueError, re.error) as exc:
        raise DataError(f"{path}: {type(exc).__name__}: {exc}") from exc


def date_in_line(line: str) -> date | None:
    """The first valid calendar date written in a line, in any of the known formats."""
    if not _DIGIT.search(line):
        return None  # a date has its year in digits (`_to_date`); most lines have no digit at all
    return every_pattern_date(line)


def every_pattern_date(line: str) -> date | None:
    """`date_in_line` without its shortcut: every known format is tried on the line."""
    rules = load_datelines()
    for pattern in rules.patterns:
        for match in pattern.finditer(line):
            found = _to_date(match, rules.months)
            if found:
                return found
    return None


def is_stamp_line(line: str) -> bool:
    """A line that is nothing but a date/time stamp, with labels ("Updated: JULY 25, 2022 23:47").

    (The cleaner asks this of every line. The words are read first, one at a time: the first
    word of almost any line is no month or stamp word, which settles it before the clock or
    year is looked for at every position.)"""
    line = line.strip()
    if not line or len(line) > _MAX_STAMP_CHARS:
        return False
    rules = load_datelines()
    for word in _WORD.finditer(line):
        key = word.group().casefold().replace(".", "")
        if key not in rules.months and key not in rules.stamp_words:
            return False
    return _CLOCK_OR_YEAR.search(line) is not None


def find_dateline(text: str) -> date | None:
    """The publication date a page prints near its top, if it prints one.

    Dates inside URLs and in the attribution lines of embedded posts ("— Name (@handle) March 12,
    2022") are someone else's dates and are skipped.
    """
    rules = load_datelines()
    lines = (_without_urls(line).strip() for line in text[:20000].splitlines() if "(@" not in line)
    top = list(islice(filter(None, lines), rules.top_lines))  # the rest of the page is not read
    stamps = [line for line in top if is_stamp_line(line) or _LABEL_FIRST.match(line)]
    short = [line for line in top if len(line.split()) <= rules.max_words]
    for line in (*stamps, *short):
        found = date_in_line(line)
        if found:
            return found
    return None


def _without_urls(line: str) -> str:
    """(`_URL` is tried at every position of every word, a cost paid in vain on the many lines
    without a URL; `in` finds those at once.)"""
    return _URL.sub(" ", line) if "://" in line else line


def _to_date(match: re.Match[str], months: dict[str, int]) -> date | None:
    groups = match.groupdict()
    try:
        year, day = int(groups["y"]), int(groups["d"])
        month = int(groups["m"]) if groups.get("m") else months[groups["month"].casefold()]
        if not _EARLIEST_YEAR <= year <= _LATEST_YEAR:
            return None
        return date(year, month, day)
    except (KeyError, TypeError, ValueError):
        return None
