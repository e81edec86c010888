"""Hand-built model values from a real seed article, so the store can be tested while the
cleaner and the extractor are written elsewhere. Spans point at real words of the text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitreps.model import (
    Analysis,
    Article,
    AttackType,
    DateValue,
    Disagreement,
    Fact,
    Incident,
    Merged,
    Place,
    PlaceLevel,
    Precision,
    Range,
    Report,
    Role,
    Span,
    Status,
    Target,
    content_id,
)
from sitreps.store.store import Store, open_store


def span_of(article: Article, words: str) -> Span:
    start = article.text.index(words)
    return Span(article.id, start, start + len(words), words)


def make_article(record: dict) -> Article:
    return Article(
        id=content_id(record["text"]),
        source=f"corpus.jsonl#{record['id']}",
        raw_text=record["text"],
        text=record["text"].strip(),
        url=record.get("url"),
        outlet=record.get("outlet"),
        title=record.get("title"),
        published=date.fromisoformat(record["published"]) if record.get("published") else None,
        language="en",
        external_id=record["id"],
        segments=((0, 0, len(record["text"].strip())),),
        meta=(("reader", "jsonl"),),
    )


JRAISCHAN = Place(
    id="site:jraischan",
    name="Jraischan crossing",
    level=PlaceLevel.SITE,
    country="IQ",
    admin1="Basra",
    lat=30.06,
    lon=47.94,
    kind="crossing",
    source="curated",
)


def make_analysis(record: dict) -> Analysis:
    """seed-000 as the extractor should read it: one main report, one background report."""
    article = make_article(record)
    main = Report(
        id=f"{article.id}:0",
        article_id=article.id,
        role=Role.MAIN,
        attack_type=Fact(AttackType.IED, (span_of(article, "explosive device"),), 0.9),
        target=Fact(Target.CONVOY, (span_of(article, "convoy carrying US military gear"),), 0.95),
        target_owner=Fact("US", (span_of(article, "US military gear"),), 0.8),
        date=Fact(DateValue(date(2020, 8, 10), Precision.DAY), (span_of(article, "late on Monday"),), 0.85),
        place=Fact(JRAISCHAN, (span_of(article, "Jraischan crossing"),), 0.9),
        location_text="Jraischan crossing",
        claimed_by=Fact("Ashab al-Kahf", (span_of(article, "Ashab al-Kahaf militia group"),), 0.9),
        denied_by=Fact("Iraqi military", (span_of(article, "The Iraqi military later denied"),), 0.7),
        killed=Fact(0, (span_of(article, "No casualties"),), 0.8, note="'no casualties' is zero"),
        injured=Fact(0, (span_of(article, "No casualties"),), 0.8),
        cited_sources=(Fact("Reuters", (span_of(article, "Reuters reported"),), 0.9),),
        trigger=span_of(article, "An explosion"),
        confidence=0.92,
    )
    background = Report(
        id=f"{article.id}:1",
        article_id=article.id,
        role=Role.BACKGROUND,
        attack_type=Fact(AttackType.IED, (span_of(article, "convoy bombing"),), 0.7),
        target=Fact(Target.CONVOY, (span_of(article, "another convoy"),), 0.8),
        date=Fact(DateValue(date(2020, 7, 1), Precision.MONTH), (span_of(article, "late July"),), 0.6),
        confidence=0.7,
    )
    return Analysis(article, (main, background))


def make_incident(report: Report, incident_id: str = "inc-1") -> Incident:
    return Incident(
        id=incident_id,
        report_ids=(report.id,),
        attack_type=Merged(report.attack_type.value, (report.id,), "only source"),
        target=Merged(report.target.value, (report.id,), "only source"),
        date=Merged(report.date.value, (report.id,), "finest precision"),
        place=Merged(report.place.value, (report.id,), "finest level"),
        claimed_by=(report.claimed_by.value,) if report.claimed_by.value else (),
        killed=Range(0, 0, 0),
        injured=Range(0, 0, 1),
        status=Status.DISPUTED,
        disagreements=(Disagreement("injured", ((report.id, "0"), ("other:0", "1"))),),
    )


@pytest.fixture
def seed_analysis(seed_records: list[dict]) -> Analysis:
    return make_analysis(seed_records[0])


@pytest.fixture
def seed_incident(seed_analysis: Analysis) -> Incident:
    return make_incident(seed_analysis.reports[0])


@pytest.fixture
def seed_analyses(seed_records: list[dict], seed_analysis: Analysis) -> list[Analysis]:
    """Every seed article; the first carries the hand-made reports, the others none."""
    return [seed_analysis] + [Analysis(make_article(record)) for record in seed_records[1:]]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(str(tmp_path / "test.db")) as opened:
        yield opened
