"""The vocabulary every stage of sitreps speaks.

Stages exchange only these types: readers yield `Article` (or `Failure`), the extractor turns an
article into `Report`s, the linker groups reports into `Incident`s, the store saves them all.
They are frozen, slotted dataclasses: immutable (a stage returns a new value with
`dataclasses.replace`), cheap to pickle to worker processes, and comparable, so that determinism
is easy to test. Enum values are the strings of the gold format (`../corpus/README.md`), so that
serialising for the store, the API and the evaluation is just `str(x)`.

Offsets: every `Span` points into `Article.text`, the *clean* text that the store keeps. The
cleaner records how clean text maps back to the raw page in `Article.segments`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Role(StrEnum):
    MAIN = "main"  # what the article reports as its own news
    BACKGROUND = "background"  # an earlier incident it recalls with a date or a place


class AttackType(StrEnum):
    IED = "ied"
    ROCKET = "rocket"  # rockets, mortars, missiles, indirect fire
    DRONE = "drone"
    ARMED_ASSAULT = "armed_assault"  # gunfire, raids, ambushes
    ARSON = "arson"
    SUICIDE = "suicide"
    OTHER = "other"  # an attack whose method the text does not give, or gives outside these (a hand grenade)


class Target(StrEnum):
    CONVOY = "convoy"
    BASE = "base"
    EMBASSY = "embassy"  # consulates too
    AIRPORT = "airport"
    OTHER = "other"


class Precision(StrEnum):
    """How much of a date the text supports; ordered from finest to coarsest."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"

    @property
    def rank(self) -> int:
        return ("day", "week", "month", "year").index(self.value)


class PlaceLevel(StrEnum):
    """Gazetteer levels, finest first: a named site (base, crossing, road), a populated place,
    a district, a governorate, a country."""

    SITE = "site"
    LOCALITY = "locality"
    ADMIN2 = "admin2"
    ADMIN1 = "admin1"
    COUNTRY = "country"

    @property
    def rank(self) -> int:
        return ("site", "locality", "admin2", "admin1", "country").index(self.value)


class Status(StrEnum):
    REPORTED = "reported"
    CLAIMED = "claimed"  # a group said it did it
    DISPUTED = "disputed"  # someone denied it took place
    CONFIRMED = "confirmed"  # by the targeted party or an official source


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article's clean text: offsets, plus the text itself for checking."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class DateValue:
    """A day and how much of it is known: month precision means "some day in `day`'s month",
    stored as the first of the month (the gold format's convention)."""

    day: date
    precision: Precision

    def period(self, precision: Precision | None = None) -> tuple[int, ...]:
        """The calendar period holding the day at a precision (its own by default): a day, an
        ISO week, a month, a year. Two dates agree at a precision when their periods are equal."""
        precision = precision or self.precision
        day = self.day
        if precision is Precision.DAY:
            return (day.year, day.month, day.day)
        if precision is Precision.WEEK:
            iso = day.isocalendar()
            return (iso.year, iso.week)
        if precision is Precision.MONTH:
            return (day.year, day.month)
        return (day.year,)

    def days(self) -> tuple[date, date]:
        """The first and last day the date may stand for. A week-precise date is a day of the
        week the text points at (the gold puts the publication day, an extractor may put
        another), so the event lies within six days of it either way."""
        day = self.day
        if self.precision is Precision.DAY:
            return day, day
        if self.precision is Precision.WEEK:
            return day - timedelta(days=6), day + timedelta(days=6)
        if self.precision is Precision.MONTH:
            first = day.replace(day=1)
            return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return date(day.year, 1, 1), date(day.year, 12, 31)

    def __str__(self) -> str:
        if self.precision is Precision.YEAR:
            return f"{self.day.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.day.year:04d}-{self.day.month:02d}"
        return self.day.isoformat()


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry. `admin1` is the governorate's canonical name (the gold's spelling, e.g.
    "Al-Qadisiyah"); `country` is ISO 3166-1 alpha-2."""

    id: str
    name: str
    level: PlaceLevel
    country: str
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None  # base, airport, crossing, road, oilfield, city, ... (free, from data)
    source: str | None = None  # where the row came from (GeoNames id, curated file, ...)


@dataclass(frozen=True, slots=True)
class Fact(Generic[T]):
    """One extracted value with the words it came from and how sure we are (0..1).

    `value is None` means the text does not say; `confidence` then says how sure we are of that
    silence (a "no casualties" is a value 0, not a None)."""

    value: T | None = None
    evidence: tuple[Span, ...] = ()
    confidence: float = 0.0
    note: str | None = None  # why, when it is not obvious (e.g. "year inferred from weekday")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article. `id` is a hash of the content: the same text ingested twice is the same
    article. `text` is the clean text every span points into; `raw_text` the page as read."""

    id: str
    source: str  # path, URL or record id it was read from
    raw_text: str
    text: str = ""
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: date | None = None
    language: str | None = None
    external_id: str | None = None  # the record's own id (corpus id, feed guid)
    segments: tuple[tuple[int, int, int], ...] = ()  # (clean_start, raw_start, length)
    meta: tuple[tuple[str, str], ...] = ()  # anything else a reader found (feed, byline, ...)

    @property
    def content_hash(self) -> str:
        return self.id


def content_id(text: str) -> str:
    """The article id: a hash of the whitespace-normalised raw text, so that re-reading the same
    page (or the same text with other line endings) gives the same article."""
    norm = " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Report:
    """One incident as one article tells it. Every field is a `Fact` with its evidence."""

    id: str  # f"{article_id}:{index}"
    article_id: str
    role: Role
    attack_type: Fact[AttackType]
    target: Fact[Target]
    target_owner: Fact[str] = Fact()  # whose target: "US", "coalition", "Iraqi forces", ...
    date: Fact[DateValue] = Fact()
    weekday: int | None = None  # 0 = Monday: the day the text names when it cannot date it
    place: Fact[Place] = Fact()
    location_text: str | None = None  # most specific place as written
    claimed_by: Fact[str] = Fact()
    blamed_on: Fact[str] = Fact()
    blamed_by: Fact[str] = Fact()
    denied_by: Fact[str] = Fact()
    killed: Fact[int] = Fact()
    injured: Fact[int] = Fact()
    damage: Fact[str] = Fact()
    cited_sources: tuple[Fact[str], ...] = ()
    trigger: Span | None = None  # the words that named the attack
    confidence: float = 0.0  # that this is a real attack incident at all

    @property
    def country(self) -> str | None:
        return self.place.value.country if self.place.value else None


@dataclass(frozen=True, slots=True)
class Range:
    """Casualties when sources disagree, as UCDP does: lowest, best estimate, highest."""

    low: int | None = None
    best: int | None = None
    high: int | None = None


@dataclass(frozen=True, slots=True)
class Merged(Generic[T]):
    """A merged incident field, the rule that chose it and the reports it came from."""

    value: T | None
    report_ids: tuple[str, ...] = ()
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Sources that say different things about one field of one incident."""

    field: str
    values: tuple[tuple[str, str], ...]  # (report_id, value as text)


@dataclass(frozen=True, slots=True)
class Incident:
    """A real-world incident: the reports that tell it and the fields merged from them."""

    id: str
    report_ids: tuple[str, ...]
    attack_type: Merged[AttackType]
    target: Merged[Target]
    date: Merged[DateValue]
    place: Merged[Place]
    claimed_by: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()
    killed: Range = field(default_factory=Range)
    injured: Range = field(default_factory=Range)
    status: Status = Status.REPORTED
    disagreements: tuple[Disagreement, ...] = ()


@dataclass(frozen=True, slots=True)
class Failure:
    """A bad input, stored with its reason; never raised past the batch."""

    source: str
    stage: str  # read, decode, clean, analyse, store
    reason: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything that can be learnt from one article alone."""

    article: Article
    reports: tuple[Report, ...] = ()
    extracted: bool = True  # False when the language is not one we extract, or prefilter said no


def span_is_valid(span: Span, article: Article) -> bool:
    """Does the span point at its own text inside the article's clean text?"""
    return 0 <= span.start <= span.end <= len(article.text) and article.text[span.start : span.end] == span.text
