"""A database for the web tests: the bundled sample articles run through the real pipeline,
plus one Arabic article whose report is written by hand (the extractor reads English only, and
the dashboard must still show Arabic sources right-to-left)."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from sitreps.link.merge import merge_incident
from sitreps.model import (
    Analysis,
    Article,
    AttackType,
    DateValue,
    Fact,
    Place,
    PlaceLevel,
    Precision,
    Report,
    Role,
    Span,
    Target,
    content_id,
)
from sitreps.pipeline import run
from sitreps.resources import data_path
from sitreps.settings import load_settings
from sitreps.store.store import open_store
from sitreps.web import WebSettings, create_app

with warnings.catch_warnings():  # starlette warns that its test client will move to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ARABIC_TEXT = (
    "استهدفت عبوة ناسفة رتلاً لنقل معدات التحالف الدولي على الطريق السريع في محافظة الديوانية "
    "صباح اليوم الثلاثاء، بحسب مصدر أمني، من دون تسجيل خسائر بشرية."
)
DIWANIYAH = Place(
    "gn:99762", "Al Diwaniyah", PlaceLevel.LOCALITY, "IQ", "Al-Qadisiyah", "Diwaniya", 31.9929, 44.9255
)


def span_of(article: Article, words: str) -> Span:
    start = article.text.index(words)
    return Span(article.id, start, start + len(words), words)


def arabic_analysis() -> Analysis:
    """An Arabic wire report of a convoy bombing, with the report a reader would extract."""
    article = Article(
        id=content_id(ARABIC_TEXT),
        source="tests/web:arabic",
        raw_text=ARABIC_TEXT,
        text=ARABIC_TEXT,
        outlet="السومرية نيوز",
        title="عبوة ناسفة تستهدف رتلاً للتحالف في الديوانية",
        published=date(2021, 5, 25),
        language="ar",
        external_id="web-arabic-1",
    )
    report = Report(
        id=f"{article.id}:0",
        article_id=article.id,
        role=Role.MAIN,
        attack_type=Fact(AttackType.IED, (span_of(article, "عبوة ناسفة"),), 0.9),
        target=Fact(Target.CONVOY, (span_of(article, "رتلاً"),), 0.9),
        date=Fact(
            DateValue(date(2021, 5, 25), Precision.DAY), (span_of(article, "صباح اليوم الثلاثاء"),), 0.8
        ),
        place=Fact(DIWANIYAH, (span_of(article, "محافظة الديوانية"),), 0.8),
        location_text="محافظة الديوانية",
        killed=Fact(0, (span_of(article, "من دون تسجيل خسائر بشرية"),), 0.7),
        confidence=0.9,
    )
    return Analysis(article, (report,))


def build_sample_db(path: Path) -> Path:
    settings = load_settings(db=str(path), workers=1)
    with open_store(str(path)) as store:
        run([str(data_path("samples", "corpus.jsonl"))], store, settings)
        arabic = arabic_analysis()
        store.add([arabic])
        store.save_incidents([merge_incident(arabic.reports)])
    return path


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Read-only for the tests that share it; a test that writes takes `writable_db`."""
    return build_sample_db(tmp_path_factory.mktemp("web") / "sample.db")


@pytest.fixture
def writable_db(sample_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "writable.db"
    shutil.copyfile(sample_db, copy)
    return copy


def client_for(db: Path, web: WebSettings, raise_server_exceptions: bool = True) -> TestClient:
    return TestClient(create_app(str(db), web=web), raise_server_exceptions=raise_server_exceptions)


@pytest.fixture(scope="session")
def client(sample_db: Path) -> Iterator[TestClient]:
    with client_for(sample_db, WebSettings(tiles_url="")) as opened:
        yield opened
