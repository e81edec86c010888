"""Incidents as lists show them: each with the outlets that tell it, as values and as JSON.

The CLI's tables, its `--json` and the web API's pages all come from here, so a listing and its
JSON can never say different things (datasette's habit). Each function reads a fixed handful
of statements per page, never one per incident or report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import sqlalchemy as sa

from ..model import DateValue, Incident, Range, Report
from .filters import IncidentFilter, find_incidents
from .reading import reading
from .schema import articles, chunks, incident_reports, incidents, plain_value, reports
from .serialize import JSON, incident_from_json, report_from_json
from .store import Store


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """An incident as a list shows it: the merged fields and the outlets that tell it."""

    incident: Incident
    sources: tuple[str, ...]  # outlet (or host, or source) of each article, first report first


def list_incidents(
    store: Store,
    filt: IncidentFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
    sort: str = "date",
) -> list[IncidentRow]:
    """`find_incidents` with each incident's sources, first report first: two queries per page,
    whatever its size (never one per incident)."""
    return with_sources(store, find_incidents(store, filt, limit, offset, sort))


def incidents_of_articles(store: Store, article_ids: Sequence[str]) -> list[IncidentRow]:
    """The incidents any of these articles tells, by date then id (what a batch just added)."""
    i_r = incident_reports.c
    found: dict[str, Incident] = {}
    with reading(store) as conn:
        for chunk in chunks(article_ids):
            told = (
                sa.select(i_r.incident_id)
                .join(reports, reports.c.id == i_r.report_id)
                .where(reports.c.article_id.in_(chunk))
            )
            for data in conn.scalars(sa.select(incidents.c.data).where(incidents.c.id.in_(told))):
                incident = incident_from_json(data)
                found[incident.id] = incident
    ordered = sorted(found.values(), key=lambda i: (i.date.value.day if i.date.value else date.max, i.id))
    return with_sources(store, ordered)


def with_sources(store: Store, found: Sequence[Incident]) -> list[IncidentRow]:
    """Each incident with its sources, first report first, in one query per chunk of incidents."""
    position = {rid: n for i in found for n, rid in enumerate(i.report_ids)}
    told: dict[str, list[tuple[int, str]]] = {i.id: [] for i in found}
    i_r, r, a = incident_reports.c, reports.c, articles.c
    with reading(store) as conn:
        for chunk in chunks(found):
            query = (
                sa.select(i_r.incident_id, r.id, a.outlet, a.url, a.source)
                .join(reports, r.id == i_r.report_id)
                .join(articles, a.id == r.article_id)
                .where(i_r.incident_id.in_([i.id for i in chunk]))
            )
            for row in conn.execute(query):
                told[row.incident_id].append((position[row.id], source_name(row.outlet, row.url, row.source)))
    return [IncidentRow(i, tuple(dict.fromkeys(name for _, name in sorted(told[i.id])))) for i in found]


def reports_of_incidents(store: Store, incident_ids: Sequence[str]) -> dict[str, list[Report]]:
    """Each incident's reports (for exports that show sources and evidence)."""
    found: dict[str, list[Report]] = {i: [] for i in incident_ids}
    with reading(store) as conn:
        for chunk in chunks(incident_ids):
            query = (
                sa.select(incident_reports.c.incident_id, reports.c.data)
                .join(reports, reports.c.id == incident_reports.c.report_id)
                .where(incident_reports.c.incident_id.in_(chunk))
                .order_by(incident_reports.c.incident_id, reports.c.id)
            )
            for incident_id, data in conn.execute(query):
                found[incident_id].append(report_from_json(data))
    return found


def article_sources(store: Store, article_ids: Sequence[str]) -> dict[str, str]:
    """How to name where each article came from: its outlet, else its URL's host, else its source."""
    found: dict[str, str] = {}
    a = articles.c
    with reading(store) as conn:
        for chunk in chunks(article_ids):
            for row in conn.execute(sa.select(a.id, a.outlet, a.url, a.source).where(a.id.in_(chunk))):
                found[row.id] = source_name(row.outlet, row.url, row.source)
    return found


def source_name(outlet: str | None, url: str | None, source: str) -> str:
    """What a reader calls where an article came from: the outlet, else the URL's host."""
    return outlet or (urlsplit(url).hostname if url else None) or source


def incident_row_to_json(row: IncidentRow) -> JSON:
    """A list row as JSON: flat, the values a table shows (the shape of `sitreps incidents --json`)."""
    i = row.incident
    place = i.place.value
    return {
        "id": i.id,
        "date": _date_text(i.date.value),
        "date_precision": i.date.value.precision.value if i.date.value else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "place": place.name if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "attack_type": plain_value(i.attack_type.value),
        "target": plain_value(i.target.value),
        "status": i.status.value,
        "claimed_by": list(i.claimed_by),
        "denied_by": list(i.denied_by),
        "killed": _range_json(i.killed),
        "injured": _range_json(i.injured),
        "n_reports": len(i.report_ids),
        "sources": list(row.sources),
        "disagreements": [d.field for d in i.disagreements],
    }


def _date_text(value: DateValue | None) -> str | None:
    """The gold format's date: "2021-02-10", or "2021-02" when only the month is known."""
    return str(value) if value else None


def _range_json(toll: Range) -> dict[str, int | None]:
    return {"low": toll.low, "best": toll.best, "high": toll.high}
