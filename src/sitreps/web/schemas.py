"""The shapes the API reads and writes, as pydantic models, so the OpenAPI document describes
every field and FastAPI checks every parameter before a query runs.

The incidents' JSON is built by `sitreps.store.queries` (`incident_row_to_json`,
`incident_detail_to_json`), the same functions behind `sitreps incidents --json`, so the CLI and
the API cannot drift apart; the map, timeline and article lists by `sitreps.web.queries`. These
models only describe and check that JSON. They allow extra fields, so a field added to the
model later passes through before it is documented here.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from ..model import AttackType, Precision, Role, Status, Target
from ..store.queries import IncidentFilter, QueryError

MAX_PAGE = 500
DEFAULT_PAGE = 50


class Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


# -- parameters -------------------------------------------------------------------------------


def incident_filter(
    date_from: Annotated[date | None, Query(description="On or after this day (YYYY-MM-DD)")] = None,
    date_to: Annotated[date | None, Query(description="On or before this day (YYYY-MM-DD)")] = None,
    admin1: Annotated[str | None, Query(max_length=100, description="Governorate, e.g. Basra")] = None,
    attack_type: Annotated[AttackType | None, Query()] = None,
    target: Annotated[Target | None, Query()] = None,
    group: Annotated[
        str | None, Query(max_length=200, description="Claiming group, by any name the actor table knows")
    ] = None,
    status: Annotated[Status | None, Query()] = None,
    text: Annotated[
        str | None,
        Query(max_length=200, description="Words in the governorate, claimants, place or article text"),
    ] = None,
) -> IncidentFilter:
    """The filters of `sitreps incidents`, as query parameters; blank values mean "any"."""
    if date_from and date_to and date_from > date_to:
        raise QueryError(f"date_from {date_from} is after date_to {date_to}")
    return IncidentFilter(
        date_from=date_from,
        date_to=date_to,
        admin1=_blank_is_none(admin1),
        attack_type=attack_type,
        target=target,
        group=_blank_is_none(group),
        status=status,
        text=_blank_is_none(text),
    )


def _blank_is_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Items per page, at most {MAX_PAGE}")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip")]
Sort = Literal["date", "-date", "killed", "-killed", "sources", "-sources"]
TallyKey = Literal["week", "month", "admin1", "attack_type", "target", "group", "status"]


# -- incidents --------------------------------------------------------------------------------


class Toll(Shape):
    """Casualties when sources disagree: lowest, best estimate, highest (UCDP's convention)."""

    low: int | None
    best: int | None
    high: int | None


class IncidentRow(Shape):
    id: str
    date: str | None = Field(description='"2021-02-10", or "2021-02" when only the month is known')
    date_precision: Precision | None
    country: str | None
    admin1: str | None
    place: str | None
    lat: float | None
    lon: float | None
    attack_type: AttackType | None
    target: Target | None
    status: Status
    claimed_by: list[str]
    denied_by: list[str]
    killed: Toll
    injured: Toll
    n_reports: int
    sources: list[str] = Field(description="Outlet of each article that reports it")
    disagreements: list[str] = Field(description="Fields the sources disagree on")


class IncidentPage(Shape):
    ok: Literal[True] = True
    total: int = Field(
        description="Incidents the filters select; a lower bound when `total_exact` is false "
        '(a text search stops counting at 10,000: show it as "10,000+")'
    )
    total_exact: bool = Field(description="Whether `total` is the exact number or only a lower bound")
    limit: int
    offset: int
    sort: str
    items: list[IncidentRow]


class SpanOut(Shape):
    article_id: str
    start: int
    end: int
    text: str


class FactOut(Shape):
    value: Any = None
    evidence: list[SpanOut] = []
    confidence: float = 0.0
    note: str | None = None


class MergedOut(Shape):
    value: Any = None
    report_ids: list[str]
    rule: str


class DisagreementValue(Shape):
    report_id: str
    value: str


class DisagreementOut(Shape):
    field: str
    values: list[DisagreementValue]


class SourceArticle(Shape):
    id: str
    name: str = Field(description="Outlet, else the URL's host, else where it was read")
    outlet: str | None
    url: str | None
    title: str | None
    published: date | None
    language: str | None
    external_id: str | None
    text: str = Field(description="The clean text every evidence span points into")


class EvidenceOut(Shape):
    field: str = Field(description="The report field these words support")
    start: int
    end: int
    text: str


class ReportOut(Shape):
    id: str
    article_id: str
    role: Role
    attack_type: FactOut
    target: FactOut
    date: FactOut
    place: FactOut
    location_text: str | None
    claimed_by: FactOut
    denied_by: FactOut
    killed: FactOut
    injured: FactOut
    confidence: float
    article: SourceArticle
    evidence: list[EvidenceOut]


class IncidentDetail(IncidentRow):
    disagreements: list[DisagreementOut]  # type: ignore[assignment]  # the detail says what differs
    merged: dict[str, MergedOut]
    reports: list[ReportOut]


class IncidentOut(Shape):
    ok: Literal[True] = True
    incident: IncidentDetail


# -- counts -----------------------------------------------------------------------------------


class TallyCount(Shape):
    key: str | None = Field(description="null for incidents without the value")
    count: int


class TallyOut(Shape):
    ok: Literal[True] = True
    by: str
    counts: list[TallyCount]


class MapPoint(Shape):
    id: str
    lat: float
    lon: float
    approximate: bool = Field(description="Drawn at the governorate's seat: the text gives no finer place")
    attack_type: AttackType | None
    n_sources: int
    date: str | None


class MapGroup(Shape):
    lat: float
    lon: float
    approximate: bool
    attack_type: AttackType | None
    count: int


class PointsOut(Shape):
    ok: Literal[True] = True
    total: int = Field(description="Incidents the filters select")
    mapped: int = Field(description="Of those, incidents with a place that can be drawn")
    points: list[MapPoint] = Field(description="One per mapped incident, newest first, if at most `limit`")
    groups: list[MapGroup] = Field(description="Otherwise: mapped incidents counted per spot and attack type")


class WeekCount(Shape):
    week: str = Field(description='ISO week, "2021-W06"')
    start: date
    counts: dict[str, int] = Field(description="Incidents per attack type")


class PeriodCount(Shape):
    period: str = Field(description='"2021-02" or "2021": incidents dated no finer than that')
    start: date
    end: date
    counts: dict[str, int]


class TimelineOut(Shape):
    ok: Literal[True] = True
    weeks: list[WeekCount]
    coarser: list[PeriodCount]
    undated: int


# -- articles ---------------------------------------------------------------------------------


class ArticleSummary(Shape):
    id: str
    external_id: str | None
    source: str
    url: str | None
    outlet: str | None
    published: date | None
    language: str | None
    title: str | None
    length: int


class ArticlePage(Shape):
    ok: Literal[True] = True
    total: int
    limit: int
    offset: int
    items: list[ArticleSummary]


class ArticleOut(Shape):
    ok: Literal[True] = True
    article: ArticleSummary
    text: str
    report_ids: list[str]


class ArticleIn(BaseModel):
    """One article to ingest, in the corpus record format (`id` is the record's own id)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    id: str | None = Field(default=None, max_length=500)
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=500)
    title: str | None = Field(default=None, max_length=2000)
    published: date | None = None
    language: str | None = Field(default=None, max_length=16)


class FailureOut(Shape):
    source: str
    stage: str
    reason: str


class IngestOut(Shape):
    ok: Literal[True] = True
    ingested: int
    duplicate: int
    skipped: int
    failed: int
    reports: int
    incidents: int = Field(description="Incidents in the store after linking")
    article_ids: list[str]
    failures: list[FailureOut]
