"""Date mentions in news text, resolved against the publication date.

The extractor needs every date phrase with exact offsets (the evidence of a `Fact`) and a
precision, for thousands of articles a second. General date parsers fit this badly: scanning
sentences they read "may" as May and return spans that swallow the words around a date. So the
phrases news reports use are listed in `data/lexicons/dates.toml` and compiled, once per process
and on first use, into a dozen regular expressions (`date_grammar`); this module reads what they
match and resolves it.

Resolution follows the corpus conventions (`tests/data/corpus/README.md`): a weekday is the
latest such day on or before publication (a Sunday article's "on Sunday" is that day), a day and
month without a year the occurrence closest before publication, a month alone keeps day 01 with
month precision. Without a publication date no year is invented: the mention keeps `value=None`,
a low confidence and a note saying why, so the caller can resolve it from other evidence.
Phrases that date one event from another ("a day after", "within 24 hours") are `anchored`: they
carry an offset in days for `resolve_anchored`, and only a weak guess from publication.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from ..model import DateValue, Precision
from .date_grammar import Hit, Lexicon, Shift, fold, hits, load_grammar

__all__ = ["DateKind", "DateMention", "find_dates", "infer_year", "resolve_anchored", "resolve_date"]

EXPLICIT = 0.95  # the text gives day, month and year
INFERRED_YEAR = 0.9  # day and month given, year from publication
RELATIVE = 0.9  # "yesterday", "last month": only publication is needed
WEEKDAY = 0.85  # a weekday is a day of the last week only by convention
COARSE = 0.8  # month or year alone
AMBIGUOUS = 0.6  # 03/04/2021; a weekday that disagrees with the date beside it
ANCHORED_GUESS = 0.3  # an anchored phrase dated from publication for lack of its anchor
UNRESOLVED = 0.1  # value None: the text cannot place it without outside help
FUTURE_DAYS = 31  # a day-month up to a month after publication is coming, not last year's

T = TypeVar("T")


class DateKind(StrEnum):
    ABSOLUTE = "absolute"  # day and month, with or without a year: "on 27 December", "2020-12-10"
    WEEKDAY = "weekday"  # "late on Monday", "Thursday's attacks"
    RELATIVE = "relative"  # counted from publication: "yesterday", "last week", "two days ago"
    MONTH = "month"  # "late July", "in June 2019"
    YEAR = "year"  # "in 2019", "early 2020"
    ANCHORED = "anchored"  # counted from another event: "a day after", "within 24 hours"


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression, `text == source[start:end]`.

    `value` is None when the text alone cannot place it (no publication date, impossible day);
    `note` then says why. An enumeration ("June 22, 24 and 25") gives one mention per day, all
    with `group`, the span of the whole enumeration.
    """

    start: int
    end: int
    text: str
    value: DateValue | None
    kind: DateKind
    confidence: float
    note: str | None = None
    part: str | None = None  # where in the day/month/year: early, mid, late, morning, night, ...
    weekday: int | None = None  # weekday the words name (0 = Monday), to check or infer a year
    offset_days: int | None = None  # anchored: this phrase's day minus its anchor event's day
    window_days: int | None = None  # anchored windows ("in the past 72 hours"): days back
    group: tuple[int, int] | None = None  # the enumeration or range this day belongs to


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date expression in `text`, in order, resolved against `published`.

    Never raises on any text; only a broken `dates.toml` is an error (`DataError`)."""
    grammar = load_grammar()
    units: list[tuple[int, list[DateMention]]] = []
    for rank, rule, hit in hits(text, grammar):
        if found := _READERS[rule.form](hit, published, grammar.lexicon):
            units.append((rank, found))
    return _merge_neighbours(text, _select(units))


def resolve_date(phrase: str, published: date | None) -> DateValue | None:
    """The date of one short phrase ("late on Monday"): the value of its longest mention."""
    mentions = find_dates(phrase, published)
    return max(mentions, key=lambda m: (m.end - m.start, -m.start)).value if mentions else None


def infer_year(mention: DateMention, latest: date, years: int = 12) -> DateMention:
    """"Monday night (August 24)" with no year and no publication date: the latest year, up to
    `latest`, in which that day falls on that weekday (the gold convention's inference). Weekdays
    repeat every few years, so the confidence stays low and the note says how it was found."""
    if mention.value is not None or mention.weekday is None or mention.kind is not DateKind.ABSOLUTE:
        return mention
    for year in range(latest.year, latest.year - years, -1):
        for found in find_dates(mention.text, date(year, 12, 31)):
            # Read against 31 December, a January day may resolve to the next year: the day and
            # month are what the text gives, the year is the one being tried.
            day = _date(year, found.value.day.month, found.value.day.day) if found.value else None
            if day and day <= latest and day.weekday() == mention.weekday:
                value = DateValue(day, found.value.precision)  # type: ignore[union-attr]
                return replace(mention, value=value, confidence=AMBIGUOUS, note="year inferred from the weekday")
    return mention


def resolve_anchored(mention: DateMention, anchor: date) -> DateValue | None:
    """The day an anchored phrase names, given the day of the event it counts from."""
    if mention.offset_days is None:
        return None
    precision = Precision.WEEK if (mention.window_days or 0) > 1 else Precision.DAY
    return _safe(lambda: DateValue(anchor + timedelta(days=mention.offset_days or 0), precision))


# --- readers: from one match to the mentions it makes -----------------------------------------

_DAY_NUMBER = re.compile(r"[0-9٠-٩]{1,2}")
_RANGE_WORD = re.compile(r"[-–—]|\b(?:to|through|until|till)\b|إلى|الى|حتى")
Resolved = tuple[DateValue | None, float, str | None]


def _read_day_month(hit: Hit, pub: date | None, lex: Lexicon) -> list[DateMention]:
    """An enumeration is one mention per day ("June 22, 24 and 25"): the first span holds the
    month, the last the year, and the year applies to every day."""
    month, year = lex.months[fold(hit.group("mon"))], _int(hit.group("y"))
    days = list(_DAY_NUMBER.finditer(hit.group("days")))
    is_range = len(days) == 2 and _RANGE_WORD.search(hit.group("days")) is not None
    group = (hit.start, hit.end) if len(days) > 1 else None
    mentions = []
    for i, day in enumerate(days):
        start = hit.start if i == 0 else hit.core.start("days") + day.start()
        stop = hit.end if i == len(days) - 1 else hit.core.start("days") + day.end()
        value, confidence, note = _day_month(int(day.group()), month, year, pub)
        if is_range:
            note = "; ".join(filter(None, [note, "range start" if i == 0 else "range end"]))
        mentions.append(_mention(hit, start, stop, (value, confidence, note), DateKind.ABSOLUTE, group=group))
    return mentions


def _read_iso(hit: Hit, pub: date | None, lex: Lexicon) -> list[DateMention]:
    resolved = _day_month(int(hit.group("b")), int(hit.group("a")), int(hit.group("y")), pub)
    return [_mention(hit, hit.start, hit.end, resolved, DateKind.ABSOLUTE)]


def _read_day_first(hit: Hit, pub: date | None, lex: Lexicon) -> list[DateMention]:
    """27-09-2020 and 09.10.2022 are day first (Iraqi and European use); 12/27/2021 cannot be."""
    first, second = int(hit.group("a")), int(hit.group("b"))
    confidence, note = EXPLICIT, None
    if second > 12 >= first:
        first, second, confidence, note = second, first, AMBIGUOUS, "read as month/day"
    elif hit.group("sep") == "/" and first <= 12 and first != second:
        confidence, note = AMBIGUOUS, "read as day/month"
    value, confidence, why = _day_month(first, second, int(hit.group("y")), pub, confidence)
    return [_mention(hit, hit.start, hit.end, (value, confidence, why or note), DateKind.ABSOLUTE)]


def _read_month(hit: Hit, pub: date | None, lex: Lexicon) -> list[DateMention]:
    """A month alone needs a cue ("in", "late", "last", a year): bare "May" is too often a verb."""
    word = hit.group("mon")
    cued = any(hit.group(g) for g in ("intro", "dir", "pp", "monthof", "adir", "ydir", "y"))
    if not cued or (fold(word) in lex.month_abbr and not hit.group("y")):
        return []
    month, direction = lex.months[fold(word)], _direction(hit, lex)
    resolved: Resolved
    if hit.group("y"):
        resolved = _month_value(_int(hit.group("y")) or 0, month), COARSE, None
    elif pub is None:
        resolved = None, UNRESOLVED, "month without a year and no publication date"
    elif hit.group("ydir"):
        resolved = _month_value(pub.year + lex.dir_before[fold(hit.group("ydir"))], month), COARSE, None
    else:
        resolved = (
            _month_value(_month_year(month, direction, pub), month),
            COARSE,
            "year from publication date",
        )
    part = lex.period_parts.get(fold(hit.group("pp")))
    return [_mention(hit, hit.start, hit.end, resolved, DateKind.MONTH, part=part)]


def _read_year(hit: Hit, pub: date | None, lex: Lexicon) -> list[DateMention]:
    if not any(hit.group(g) for g in ("intro", "pp", "season", "yearword")):
        return []  # "the 2021 elections", "© 2007-2020"
    value = _safe(lambda: DateValue(date(_int(hit.group("y")) or 0, 1, 1), Precision.YEAR))
    part = lex.period_parts.get(fold(hit.group("pp"))) or hit.group("season").lower() or None
    return [_mention(hit, hit.start, hit.end, (value, COARSE, None), DateKind.YEAR, part=part)]


def _read_weekday(hit: Hit, pub: date | None, lex: Lexicon) -> list[DateMention]:
    """The latest such day on or before publication; "last Monday" strictly before it."""
    weekday, direction = lex.weekdays[fold(hit.group("wd"))], _direction(hit, lex)
    resolved: Resolved = None, UNRESOLVED, "weekday and no publication date"
    if pub is not None:
        back = (pub.weekday() - weekday) % 7
        if direction == 0 and back > 3:
            back -= 7  # "this Friday": the nearest one, ahead when that is closer
        elif direction is not None and direction < 0 and back == 0:
            back = 7
        elif direction is not None and direction > 0:
            back = -((weekday - pub.weekday()) % 7 or 7)
        value = _safe(lambda: DateValue(pub - timedelta(days=back), Precision.DAY))
        resolved = value, WEEKDAY, "weekday before publication" if back >= 0 else "weekday after publication"
    part = _part_of_day(hit, lex)
    return [_mention(hit, hit.start, hit.end, resolved, DateKind.WEEKDAY, part=part, weekday=weekday)]


def _read_relative(hit: Hit, pub: date | None, lex: Lexicon) -> list[DateMention]:
    shift = lex.relative[fold(hit.group("rel"))]
    part = _part_of_day(hit, lex) or shift.part
    return [_mention(hit, hit.start, hit.end, _shifted(shift, pub), DateKind.RELATIVE, part=part)]


def _read_ago(hit: Hit, pub: date | None, lex: Lexicon) -> list[DateMention]:
    """A count back from publication; a vague count coarsens precision ("a few days ago" is a
    week, "two days ago" a day)."""
    count, vague = _count(hit.group("n"), lex)
    unit = hit.group("unit").lower().rstrip("s")
    precision = Precision(unit) if unit in ("day", "week", "month") else Precision.YEAR
    if vague and precision is not Precision.YEAR:
        precision = list(Precision)[precision.rank + 1]
    shift = Shift(
        days=-count * {"day": 1, "week": 7}.get(unit, 0),
        months=-count if unit == "month" else 0,
        years=-count if unit == "year" else 0,
        precision=precision,
    )
    value, confidence, note = _shifted(shift, pub)
    resolved = value, confidence * (0.7 if vague else 1.0), note
    return [_mention(hit, hit.start, hit.end, resolved, DateKind.RELATIVE)]


def _read_anchored(hit: Hit, pub: date | None, lex: Lexicon) -> list[DateMention]:
    return [_anchored(hit, lex.anchored[fold(hit.group("anc"))], None, pub)]


def _read_counted(hit: Hit, pub: date | None, lex: Lexicon) -> list[DateMention]:
    """A counted offset from another event: "two days later" (+2), "a day earlier" (-1)."""
    unit = hit.group("unit").lower().rstrip("s")
    if not hit.group("n") and unit != "hour":
        return []
    count = _count(hit.group("n"), lex)[0] if hit.group("n") else 0
    days = count // 24 if unit == "hour" else count * (7 if unit == "week" else 1)
    sign = -1 if fold(hit.group("dir")) in lex.anchored_words["earlier"] else 1
    return [_anchored(hit, sign * days, None, pub)]


def _read_window(hit: Hit, pub: date | None, lex: Lexicon) -> list[DateMention]:
    """A window back from another event: "in the past 72 hours", "within 24 hours", "خلال 24 ساعة"."""
    words, unit = lex.anchored_words, fold(hit.group("unit"))
    is_hours, looks_back = unit in words["hour"], bool(hit.group("past") or hit.group("past2"))
    if not (looks_back or is_hours or fold(hit.group("w")) == "within"):
        return []  # "in two days" looks ahead
    if not hit.group("n") and not looks_back:
        return []
    count = _count(hit.group("n"), lex)[0] if hit.group("n") else (3 if unit.endswith("s") else 1)
    days = -(-count // 24) if is_hours else count * (7 if unit in words["week"] else 1)
    return [_anchored(hit, 0, max(days, 1), pub)]


Reader = Callable[[Hit, date | None, Lexicon], list[DateMention]]
_READERS: dict[str, Reader] = {
    "day_month": _read_day_month,
    "iso": _read_iso,
    "day_first": _read_day_first,
    "month": _read_month,
    "year": _read_year,
    "weekday": _read_weekday,
    "relative": _read_relative,
    "ago": _read_ago,
    "anchored": _read_anchored,
    "counted": _read_counted,
    "window": _read_window,
}


# --- resolution ------------------------------------------------------------------------------


def _day_month(
    day: int, month: int, year: int | None, pub: date | None, confidence: float = EXPLICIT
) -> Resolved:
    """A day and month, in the year the text gives or else the one that fits publication."""
    if not _date(2000, month, day):  # 2000 is a leap year: February 29 exists
        return None, UNRESOLVED, f"no such day: month {month}, day {day}"
    if year is not None:
        known = _date(year, month, day)
        return (
            (DateValue(known, Precision.DAY), confidence, None)
            if known
            else (None, UNRESOLVED, "no such day")
        )
    if pub is None:
        return None, UNRESOLVED, "day and month without a year and no publication date"
    candidates = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _date(y, month, day))]
    if not candidates:
        return None, UNRESOLVED, f"no such day: month {month}, day {day}"
    past = [d for d in candidates if d <= pub]
    coming = [d for d in candidates if 0 < (d - pub).days <= FUTURE_DAYS]
    if coming and (not past or (pub - past[-1]).days > 366 - FUTURE_DAYS):
        return (
            DateValue(coming[0], Precision.DAY),
            INFERRED_YEAR * 0.8,
            "year from publication date (after it)",
        )
    return DateValue((past or candidates)[-1], Precision.DAY), INFERRED_YEAR, "year from publication date"


def _month_year(month: int, direction: int | None, pub: date) -> int:
    """The year of a month named alone: the latest on or before the publication month ("in
    June"), strictly before it ("last May", "أيار الماضي"), strictly after ("next May"), or the
    publication year ("this May")."""
    if direction == 0:
        return pub.year
    if direction is not None and direction > 0:
        return pub.year if month > pub.month else pub.year + 1
    if direction is not None and direction < 0:
        return pub.year if month < pub.month else pub.year - 1
    return pub.year if month <= pub.month else pub.year - 1


def _shifted(shift: Shift, pub: date | None) -> Resolved:
    if pub is None:
        return None, UNRESOLVED, "relative date and no publication date"
    if shift.precision is Precision.YEAR:
        value = _safe(lambda: DateValue(date(pub.year + shift.years, 1, 1), Precision.YEAR))
    elif shift.precision is Precision.MONTH:
        total = pub.year * 12 + pub.month - 1 + shift.months + 12 * shift.years
        value = _month_value(total // 12, total % 12 + 1)
    else:
        value = _safe(lambda: DateValue(pub + timedelta(days=shift.days), shift.precision))
    return (value, RELATIVE, None) if value else (None, UNRESOLVED, "outside the calendar")


def _anchored(hit: Hit, offset: int, window: int | None, pub: date | None) -> DateMention:
    """Without its anchor the best guess is publication (minus the offset when it looks back):
    "the previous day" is most often the day before the news, "a day after" the news itself."""
    resolved: Resolved = None, UNRESOLVED, "counts from another event"
    if pub is not None:
        precision = Precision.WEEK if (window or 0) > 1 else Precision.DAY
        value = _safe(lambda: DateValue(pub + timedelta(days=min(offset, 0)), precision))
        resolved = value, ANCHORED_GUESS, "counts from another event; guessed from publication"
    return _mention(
        hit, hit.start, hit.end, resolved, DateKind.ANCHORED, offset_days=offset, window_days=window
    )


def _month_value(year: int, month: int) -> DateValue | None:
    return _safe(lambda: DateValue(date(year, month, 1), Precision.MONTH))


def _direction(hit: Hit, lex: Lexicon) -> int | None:
    """-1 for "last May", "الأربعاء الماضي"; 0 for "this Friday"; 1 for "next May"; None if unsaid."""
    if hit.group("dir"):
        return lex.dir_before[fold(hit.group("dir"))]
    return lex.dir_after[fold(hit.group("adir"))] if hit.group("adir") else None


def _part_of_day(hit: Hit, lex: Lexicon) -> str | None:
    after = lex.parts_after.get(fold(hit.group("pa")))
    return after or lex.parts_before.get(fold(hit.group("pb"))) or None


def _count(word: str, lex: Lexicon) -> tuple[int, bool]:
    """A count in digits or words, and whether it is vague ("a few")."""
    key = fold(word)
    if key in lex.vague_numbers:
        return lex.vague_numbers[key], True
    return lex.numbers.get(key) or _int(word) or 0, False


# --- choosing among overlapping matches, joining neighbours ----------------------------------


def _select(units: list[tuple[int, list[DateMention]]]) -> list[DateMention]:
    """Of overlapping matches keep the longest ("June 4, 2021" over "in June"), then the earliest."""

    def bounds(unit: tuple[int, list[DateMention]]) -> tuple[int, int]:
        return unit[1][0].start, unit[1][-1].end

    # One byte per character of text, set where a kept match lies: checking a match costs its
    # length, not the number kept so far (a page of ten thousand dates stays linear).
    taken = bytearray(max((bounds(u)[1] for u in units), default=0))
    kept: list[DateMention] = []
    for unit in sorted(units, key=lambda u: (bounds(u)[0] - bounds(u)[1], bounds(u)[0], u[0])):
        start, stop = bounds(unit)
        if taken.find(1, start, stop) == -1:
            taken[start:stop] = b"\x01" * (stop - start)
            kept.extend(unit[1])
    return sorted(kept, key=lambda m: m.start)


_GAP = re.compile(r"[\s,،(]*")


def _merge_neighbours(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """One date, not two: "Monday night (August 24)", "Thursday, 18 March 2021", "Today, Sunday",
    "اليوم السبت". The weekday then checks the date it stands beside."""
    out: list[DateMention] = []
    for mention in mentions:
        joined = None
        if out and _GAP.fullmatch(text, out[-1].end, mention.start):
            joined = _join(text, out[-1], mention)
        if joined is not None:
            out[-1] = joined
        else:
            out.append(mention)
    return out


def _join(text: str, first: DateMention, second: DateMention) -> DateMention | None:
    if first.kind is DateKind.WEEKDAY and second.kind is DateKind.ABSOLUTE:
        weekday, dated = first, second
    elif second.kind is DateKind.WEEKDAY and first.kind in (DateKind.ABSOLUTE, DateKind.RELATIVE):
        weekday, dated = second, first
    else:
        return None
    if dated.value is not None and dated.value.precision is not Precision.DAY:
        return None
    closes = "(" in text[first.end : second.start] and text[second.end : second.end + 1] == ")"
    stop = second.end + int(closes)
    confidence, note = (EXPLICIT if dated.value else UNRESOLVED), dated.note
    if dated.value is not None and dated.value.day.weekday() != weekday.weekday:
        confidence, note = AMBIGUOUS, f"the weekday named disagrees with {dated.value.day.isoformat()}"
    return replace(
        dated,
        start=first.start,
        end=stop,
        text=text[first.start : stop],
        confidence=confidence,
        note=note,
        part=weekday.part or dated.part,
        weekday=weekday.weekday,
    )


# --- small helpers ---------------------------------------------------------------------------


def _mention(
    hit: Hit, start: int, stop: int, resolved: Resolved, kind: DateKind, **extra: Any
) -> DateMention:
    value, confidence, note = resolved
    if value is None and confidence > UNRESOLVED:
        confidence, note = UNRESOLVED, note or "no such date"
    return DateMention(start, stop, hit.text[start:stop], value, kind, round(confidence, 3), note, **extra)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _int(digits: str | None) -> int | None:
    return int(digits) if digits and digits.isdigit() else None


def _safe(make: Callable[[], T]) -> T | None:
    """A date that may not exist (February 30, year 0): None rather than an exception."""
    try:
        return make()
    except (ValueError, OverflowError):
        return None
