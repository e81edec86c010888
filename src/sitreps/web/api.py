"""The REST API: incidents (filtered, paged, sorted), one incident with its evidence, tallies,
map points, the timeline, and articles. Everything is a GET, except `POST /api/articles`, which
is refused unless the server has an API token, and then demands it as a Bearer token.

Endpoints are plain `def`s: the store is synchronous, so FastAPI runs them in its thread pool.
"""

from __future__ import annotations

import hmac
import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from ..store.filters import Total, total_incidents
from ..store.queries import (
    IncidentFilter,
    incident_detail,
    incident_detail_to_json,
    incident_row_to_json,
    list_incidents,
    tally,
)
from ..store.serialize import field_names
from .app import AppState, app_state
from .ingest import MAX_ARTICLES_PER_POST, ingest_records
from .queries import article_page, map_points, summary_of, weekly_timeline
from .schemas import (
    DEFAULT_PAGE,
    ArticleIn,
    ArticleOut,
    ArticlePage,
    IncidentOut,
    IncidentPage,
    IngestOut,
    Limit,
    Offset,
    PointsOut,
    Sort,
    TallyKey,
    TallyOut,
    TimelineOut,
    incident_filter,
)

router = APIRouter(prefix="/api")
State = Annotated[AppState, Depends(app_state)]
Filter = Annotated[IncidentFilter, Depends(incident_filter)]
MAX_POINTS = 20_000
DEFAULT_POINTS = 2_000
#: A text search's total is counted this far and no further ("10,000+", `total_exact` false).
TOTAL_CAP = 10_000
_bearer = HTTPBearer(auto_error=False, description="The server's API token (SITREPS_API_TOKEN)")


@router.get("/incidents", response_model=IncidentPage, tags=["incidents"])
def incidents(
    state: State, filt: Filter, limit: Limit = DEFAULT_PAGE, offset: Offset = 0, sort: Sort = "date"
) -> dict[str, Any]:
    """Incidents the filters select, one page at a time, with the outlets that report each.
    A text search counts its matches up to 10,000: past that, `total` is a lower bound and
    `total_exact` is false."""
    with state.store.snapshot():  # the page and its total from one state of the database
        rows = list_incidents(state.store, filt, limit=limit, offset=offset, sort=sort)
        total = page_total(total_incidents(state.store, filt, cap=TOTAL_CAP), offset, len(rows), limit)
    return {
        "ok": True,
        "total": total.count,
        "total_exact": total.exact,
        "limit": limit,
        "offset": offset,
        "sort": sort,
        "items": [incident_row_to_json(row) for row in rows],
    }


def page_total(counted: Total, offset: int, shown: int, limit: int) -> Total:
    """A capped total, made as good as the page allows: a short page that is not empty is the
    last one, so it tells the exact total; a full page past the cap raises the lower bound (an
    empty one, past the end, tells nothing)."""
    if counted.exact:
        return counted
    if 0 < shown < limit:
        return Total(offset + shown, exact=True)
    return Total(max(counted.count, offset + shown) if shown else counted.count, exact=False)


@router.get("/incidents/{incident_id}", response_model=IncidentOut, tags=["incidents"])
def incident(
    state: State,
    incident_id: Annotated[str, Path(max_length=200, description="Incident id, or a unique start of it")],
) -> dict[str, Any]:
    """One incident: merged fields and the rules that chose them, what the sources disagree on,
    and every report with its article text and the evidence spans in it."""
    with state.store.snapshot():  # not renamed by a linking run between finding it and reading it
        detail = incident_detail(state.store, incident_id)
    return {"ok": True, "incident": incident_detail_to_json(detail)}


@router.get("/tallies/{by}", response_model=TallyOut, tags=["counts"])
def tallies(state: State, by: TallyKey, filt: Filter) -> dict[str, Any]:
    """Incidents counted per week, month, governorate, attack type, target, group or status."""
    counts = tally(state.store, by, filt)
    return {"ok": True, "by": by, "counts": [{"key": key, "count": n} for key, n in counts]}


@router.get("/points", response_model=PointsOut, tags=["counts"])
def points(
    state: State,
    filt: Filter,
    limit: Annotated[
        int,
        Query(ge=1, le=MAX_POINTS, description="Most incidents drawn one by one; beyond, they are grouped"),
    ] = DEFAULT_POINTS,
) -> Response:
    """Where the selected incidents are, for the map: one point per incident, or, when there
    are more than `limit`, one group per spot and attack type with its count."""
    found = map_points(state.store, filt, limit)
    body = {
        "ok": True,
        "total": found.total,
        "mapped": found.mapped,
        "points": [_flat(p) for p in found.points],
        "groups": [_flat(g) for g in found.groups],
    }
    # Thousands of points: serialised here, skipping the response model's validation of each
    # one (the model still documents the shape; the test suite checks the two agree).
    return Response(json.dumps(body, separators=(",", ":")), media_type="application/json")


@router.get("/timeline", response_model=TimelineOut, tags=["counts"])
def timeline(state: State, filt: Filter) -> dict[str, Any]:
    """Incidents per ISO week and attack type; those dated only to a month or year apart."""
    found = weekly_timeline(state.store, filt)
    return {
        "ok": True,
        "weeks": [{"week": p.key, "start": p.start, "counts": p.counts} for p in found.weeks],
        "coarser": [
            {"period": p.key, "start": p.start, "end": p.end, "counts": p.counts} for p in found.coarser
        ],
        "undated": found.undated,
    }


@router.get("/articles", response_model=ArticlePage, tags=["articles"])
def articles(state: State, limit: Limit = DEFAULT_PAGE, offset: Offset = 0) -> dict[str, Any]:
    """Stored articles by publication date (undated last)."""
    with state.store.snapshot():
        total, found = article_page(state.store, limit, offset)
    return {"ok": True, "total": total, "limit": limit, "offset": offset, "items": [_flat(a) for a in found]}


@router.get("/articles/{key}", response_model=ArticleOut, tags=["articles"])
def article(
    state: State,
    key: Annotated[
        str, Path(max_length=200, description="Article id, a unique start of it, or the record's id")
    ],
) -> dict[str, Any]:
    """One article with its clean text and the ids of the reports extracted from it."""
    with state.store.snapshot():
        found = state.store.article(key)
        report_ids = [report.id for report in state.store.reports(article_id=found.id)]
    return {"ok": True, "article": _flat(summary_of(found)), "text": found.text, "report_ids": report_ids}


def ingest_allowed(
    state: State, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Refuse before reading the body: ingest is off without a server token, and needs it."""
    expected = state.web.api_token
    if not expected:
        raise HTTPException(403, "the API is read-only: set SITREPS_API_TOKEN on the server to allow ingest")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            401,
            "missing or wrong API token: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


@router.post("/articles", response_model=IngestOut, tags=["articles"], dependencies=[Depends(ingest_allowed)])
def post_articles(
    state: State,
    records: Annotated[list[ArticleIn], Body(min_length=1, max_length=MAX_ARTICLES_PER_POST)],
) -> dict[str, Any]:
    """Ingest articles (a JSON list of corpus records): analyse, store and link them. Off
    unless the server has an API token; then the request must carry it as a Bearer token."""
    return ingest_records(state.store, records, state.settings, state.write_lock)


def _flat(value: Any) -> dict[str, Any]:
    """A dataclass whose fields are plain values, as a dict. `dataclasses.asdict` deep-copies
    every value: 6.5 ms for the 1,337 groups of a map of 24,661 incidents, against 0.6 here."""
    return {name: getattr(value, name) for name in field_names(type(value))}
