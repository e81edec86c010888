"""Run sitreps on an annotated corpus and say what it found, in the gold format.

The scorer must see exactly what a user would get: the corpus goes through the real pipeline
(read → clean → extract → store → link) into a fresh temporary database, and each stored
report becomes a `PredictedEvent` carrying its incident id and its evidence.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..model import Incident, Report
from ..settings import Settings
from .gold import PredictedEvent


def report_to_event(report: Report, incident: Incident | None) -> PredictedEvent:
    """The event a report tells, as its incident places it. A report with no date of its own
    takes its incident's merged date: the incident is what the system says about the event,
    and an undated report joins one only on evidence strong enough to date it (`link.undated`).
    A report that has a date keeps it, even where its incident's other reports say otherwise."""
    place = report.place.value
    date = report.date.value or (incident.date.value if incident else None)
    evidence = {
        name: fact.evidence[0].text
        for name, fact in (
            ("date", report.date),
            ("location", report.place),
            ("attack_type", report.attack_type),
            ("target", report.target),
            ("claimed_by", report.claimed_by),
            ("killed", report.killed),
            ("injured", report.injured),
        )
        if fact.evidence
    }
    return PredictedEvent(
        incident=incident.id if incident else None,
        role=report.role,
        date=date.day if date else None,
        date_precision=date.precision if date else None,
        location=report.location_text,
        admin1=place.admin1 if place else None,
        country=place.country if place else "IQ",
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        attack_type=str(report.attack_type.value) if report.attack_type.value else None,
        target=str(report.target.value) if report.target.value else None,
        claimed_by=report.claimed_by.value,
        killed=report.killed.value,
        injured=report.injured.value,
        evidence=evidence,
    )


def predict_corpus(corpus: Path, settings: Settings | None = None) -> Mapping[str, list[PredictedEvent]]:
    """Ingest `corpus` into a throw-away database and return the events per corpus record id."""
    from ..pipeline import run
    from ..settings import load_settings
    from ..store.store import open_store

    with tempfile.TemporaryDirectory(prefix="sitreps-eval-") as tmp:
        settings = load_settings(db=str(Path(tmp) / "eval.db"), workers=1) if settings is None else settings
        store = open_store(settings.db)
        try:
            run([str(corpus)], store, settings)
            by_article: dict[str, list[Report]] = {}
            for report in store.reports():
                by_article.setdefault(report.article_id, []).append(report)
            stored = [(a.external_id, by_article.get(a.id, [])) for a in store.articles()]
            return events_by_record(stored, store.incidents())
        finally:
            store.close()


def events_by_record(
    articles: list[tuple[str | None, list[Report]]], incidents: list[Incident]
) -> dict[str, list[PredictedEvent]]:
    """Events per record id, from (external id, reports) pairs and the incidents linking them."""
    incident_of = {rid: inc for inc in incidents for rid in inc.report_ids}
    out: dict[str, list[PredictedEvent]] = {}
    for external_id, reports in articles:
        if external_id is None:
            continue
        events = out.setdefault(external_id, [])
        events.extend(report_to_event(r, incident_of.get(r.id)) for r in reports)
    return out
