"""Hand-built model values from a real seed article, so the store can be tested while the
cleaner and the extractor are written elsewhere. Spans point at real words of the text.

The `store` fixture is parametrised on the backend: each test that takes it runs on SQLite and
on PostgreSQL (tests marked `postgres`; see `postgres_server_url` for when they run)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

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
from sitreps.store.store import Store, database_url, open_store


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


# -- backends: every store test runs on SQLite and on PostgreSQL ---------------------------------

BACKENDS = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgres))


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Module-scoped so that a module's expensive fixture (a linked corpus) is built once per
    backend; a PostgreSQL server is needed only when a test actually asks for it."""
    return request.param


def postgres_server_url() -> str:
    """The scratch server's URL. Missing, it fails the test on CI (where .ci/services starts one,
    so its absence is a broken CI) and skips it elsewhere, saying how to run it."""
    url = os.environ.get("SITREPS_TEST_PG_URL")
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("SITREPS_TEST_PG_URL is not set on CI: .ci/services should have started PostgreSQL")
    pytest.skip("no PostgreSQL: `source .ci/services` (or set SITREPS_TEST_PG_URL) to run it")


@contextmanager
def scratch_database(backend: str, folder: Path) -> Iterator[str]:
    """A URL of an empty database of that backend, gone afterwards: a SQLite file in `folder`, or
    a schema of its own on the PostgreSQL server (cheaper than a database, and tests that run at
    once never see each other's rows)."""
    if backend == "sqlite":
        yield str(folder / "test.db")
        return
    server = database_url(postgres_server_url())
    schema = f"sitreps_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, poolclass=sa.NullPool)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        scoped = server.update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(backend: str, tmp_path: Path) -> Iterator[Store]:
    with scratch_database(backend, tmp_path) as url, open_store(url) as opened:
        yield opened


@pytest.fixture
def database(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of each backend, for code that opens the store itself."""
    with scratch_database(backend, tmp_path) as url:
        yield url


@pytest.fixture(scope="module")
def module_database(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One empty database per module and backend, for module-scoped fixtures."""
    with scratch_database(backend, tmp_path_factory.mktemp(backend)) as url:
        yield url


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """For what only SQLite has (WAL, PRAGMAs, a file two processes share)."""
    with open_store(str(tmp_path / "test.db")) as opened:
        yield opened
