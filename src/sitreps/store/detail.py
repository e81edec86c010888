"""One incident with everything that backs it: every report, the article it was read in, and
the evidence spans in that article's text (`sitreps incident ID`, `GET /api/incidents/{id}`).

Three queries whatever the incident's size: its id, the incident, its reports joined to their
articles. The evidence comes from each report's own facts, the same rows the store's span
index holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from ..model import Incident, Report
from .listing import IncidentRow, incident_row_to_json, source_name
from .reading import reading
from .schema import articles, incident_reports, incidents, reports, span_rows
from .serialize import JSON, incident_from_json, report_from_json, to_json
from .store import MIN_PREFIX, NotFoundError, Store


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """Where a report was read: enough to cite it, and the clean text its spans point into."""

    id: str
    source: str
    outlet: str | None
    url: str | None
    title: str | None
    published: date | None
    language: str | None
    external_id: str | None
    text: str

    @property
    def name(self) -> str:
        return source_name(self.outlet, self.url, self.source)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One highlighted stretch of the article's clean text and the report field it supports."""

    field: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ReportDetail:
    report: Report
    article: SourceArticle
    evidence: tuple[Evidence, ...]  # by position in the article


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    """An incident with every report that tells it, each with its article and evidence."""

    incident: Incident
    reports: tuple[ReportDetail, ...]  # in the incident's report order

    @property
    def row(self) -> IncidentRow:
        return IncidentRow(self.incident, tuple(dict.fromkeys(r.article.name for r in self.reports)))


def resolve_incident_id(store: Store, key: str) -> str:
    """The incident id that `key` names: the id itself, or a unique start of it, with or
    without the "inc-" every id begins with (so `3fa2c1` finds `inc-3fa2c1...`)."""
    key = key.strip()
    full = key if key.startswith("inc-") else f"inc-{key}"
    with reading(store) as conn:
        exact = conn.scalar(sa.select(incidents.c.id).where(incidents.c.id.in_([key, full])))
        if exact is not None:
            return str(exact)
        if len(full) - len("inc-") >= MIN_PREFIX:
            query = sa.select(incidents.c.id).where(incidents.c.id.startswith(full, autoescape=True))
            matches = list(conn.scalars(query.limit(2)))
            if len(matches) == 1:
                return str(matches[0])
            if matches:
                raise NotFoundError(f"{key!r} is the start of several incident ids; give more of it")
    raise NotFoundError(f"no incident {key!r}")


def incident_detail(store: Store, incident_id: str) -> IncidentDetail:
    """The incident (id or unique prefix) with its reports, articles and evidence spans."""
    found = resolve_incident_id(store, incident_id)
    a, r = articles.c, reports.c
    query = (
        sa.select(
            r.data, a.id, a.source, a.outlet, a.url, a.title, a.published, a.language, a.external_id, a.text
        )
        .join(incident_reports, incident_reports.c.report_id == r.id)
        .join(articles, a.id == r.article_id)
        .where(incident_reports.c.incident_id == found)
    )
    with reading(store) as conn:
        data = conn.scalar(sa.select(incidents.c.data).where(incidents.c.id == found))
        if data is None:  # merged into another by a linking run since it was found
            raise NotFoundError(f"no incident {incident_id!r}")
        incident = incident_from_json(data)
        rows = list(conn.execute(query))
    by_report: dict[str, ReportDetail] = {}
    for data, *article in rows:
        report = report_from_json(data)
        spans = sorted(
            (Evidence(s["field"], s["start"], s["end"], s["text"]) for s in span_rows(report)),
            key=lambda e: (e.start, e.end, e.field),
        )
        by_report[report.id] = ReportDetail(report, SourceArticle(*article), tuple(spans))
    ordered = [by_report[rid] for rid in incident.report_ids if rid in by_report]
    return IncidentDetail(incident, tuple(ordered))


def incident_detail_to_json(detail: IncidentDetail) -> JSON:
    """The list row, plus how each field was merged, what sources disagree on, and every report
    with its article and evidence (the shape of `sitreps incident ID --json`)."""
    i = detail.incident
    merged = {name: to_json(getattr(i, name)) for name in ("attack_type", "target", "date", "place")}
    return {
        **incident_row_to_json(detail.row),
        "merged": merged,
        "disagreements": [
            {"field": d.field, "values": [{"report_id": rid, "value": v} for rid, v in d.values]}
            for d in i.disagreements
        ],
        "reports": [
            {
                **to_json(rd.report),
                "article": {**to_json(rd.article), "name": rd.article.name},
                "evidence": [to_json(e) for e in rd.evidence],
            }
            for rd in detail.reports
        ],
    }
