"""The dashboard and the API keep answering, with consistent answers, while `sitreps ingest`
writes to the same database from another process: on SQLite (WAL: readers never wait for the
writer) and on PostgreSQL.

The writer is a real `sitreps ingest` of 428 real articles in batches of ten, with linking at
the end merging and renaming incidents under the readers' feet. The reader asks what the
dashboard asks, over and over, and checks every answer on its own terms: a 200 (or a 404 for an
incident that a merge just renamed), a page whose count and rows agree, incidents that all have
their sources, evidence that quotes its article, and an article count that never goes down.
And when every connection is taken, the next request waits its turn and then gets a 503.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sitreps.pipeline import run
from sitreps.settings import load_settings
from sitreps.store.store import Store, database_url, open_store
from sitreps.web import WebSettings, create_app

from .conftest import CORPORA, scratch_database, write_perturbed_corpus

with warnings.catch_warnings():  # starlette warns that its test client will move to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SEEDS = 5
#: Longest a reader may wait for one answer while the writer works (WAL readers do not wait).
MAX_SECONDS_PER_ANSWER = 5.0


@pytest.fixture
def database(backend: str, tmp_path: Path) -> Iterator[str]:
    with scratch_database(backend, tmp_path) as url:
        settings = load_settings(db=url, workers=1)
        with open_store(url) as store:  # some incidents before the writer starts
            run([str(CORPORA / "seeds" / "corpus.jsonl")], store, settings)
        yield url


class Reader:
    """Asks the dashboard's questions and checks each answer; remembers what it saw."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.articles_seen: list[int] = []
        self.incident_pages = 0
        self.details_read = 0
        self.slowest = 0.0

    def get(self, url: str, allowed: tuple[int, ...] = (200,)) -> Any:
        started = time.monotonic()
        response = self.client.get(url)
        self.slowest = max(self.slowest, time.monotonic() - started)
        assert response.status_code in allowed, f"{url}: {response.status_code} {response.text[:300]}"
        return (
            response.json() if response.headers["content-type"].startswith("application/json") else response
        )

    def round(self) -> None:
        self.get("/")
        articles = self.get("/api/articles?limit=1")["total"]
        assert not self.articles_seen or articles >= self.articles_seen[-1], "articles went missing"
        self.articles_seen.append(articles)
        page = self.get("/api/incidents?limit=500")
        self.check_page(page)
        for item in page["items"][:: max(1, len(page["items"]) // 3)][:3]:
            detail = self.get(f"/api/incidents/{item['id']}", allowed=(200, 404))
            if "incident" in detail:
                self.check_detail(detail["incident"])
        for path in ("/api/tallies/admin1", "/api/points", "/api/timeline"):
            self.get(path)

    def check_page(self, page: dict[str, Any]) -> None:
        self.incident_pages += 1
        if page["total"] <= page["limit"]:
            assert len(page["items"]) == page["total"], "the count and the rows disagree"
        for item in page["items"]:
            assert item["n_reports"] >= 1 and item["sources"], f"an incident without its sources: {item}"

    def check_detail(self, incident: dict[str, Any]) -> None:
        self.details_read += 1
        assert len(incident["reports"]) == incident["n_reports"] >= 1, "an incident missing a report"
        for report in incident["reports"]:
            text = report["article"]["text"]
            for span in report["evidence"]:
                assert text[span["start"] : span["end"]] == span["text"], span


@pytest.mark.slow
def test_the_api_answers_consistently_while_an_ingest_writes(database: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    inputs = write_perturbed_corpus(corpus, copies=2)
    command = [sys.executable, "-m", "sitreps", "ingest", str(corpus), "--db", database, "--workers", "1"]
    log = tmp_path / "ingest.log"
    with log.open("wb") as out:
        writer = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "SITREPS_BATCH_SIZE": "10"}
        )
    try:
        with TestClient(create_app(database, web=WebSettings(tiles_url=""))) as client:
            reader = Reader(client)
            while writer.poll() is None:
                reader.round()
            assert writer.returncode == 0, log.read_text()
            reader.round()  # and once more, on the finished database
            incidents_listed = reader.get("/api/incidents?limit=1")["total"]
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    with open_store(database) as store:
        counts = store.counts()
    assert reader.articles_seen[-1] == counts["articles"] == SEEDS + inputs
    assert incidents_listed == counts["incidents"] > 0
    assert len(set(reader.articles_seen)) > 3, "the reader never saw the writer at work"
    assert reader.slowest < MAX_SECONDS_PER_ANSWER, f"an answer took {reader.slowest:.1f} s"


def test_a_database_too_busy_to_lend_a_connection_is_a_503_not_a_crash(tmp_path: Path) -> None:
    """Every connection of the pool in use (a burst of slow queries): the next request waits its
    turn, then gets a 503 that says so, and the server goes on."""
    db = str(tmp_path / "busy.db")
    open_store(db).close()
    app = create_app(db, web=WebSettings(tiles_url=""))
    tight = Store(sa.create_engine(database_url(db), pool_size=1, max_overflow=0, pool_timeout=0.2))
    app.state.sitreps = replace(app.state.sitreps, store=tight)
    with TestClient(app, raise_server_exceptions=False) as client:
        with tight.engine.connect() as held:  # the one connection, taken
            held.exec_driver_sql("SELECT 1")
            for path in ("/api/incidents", "/api/points", "/api/articles/abcd", "/api/tallies/status"):
                response = client.get(path)
                assert response.status_code == 503, (path, response.text)
                assert "database" in response.json()["error"]
        assert client.get("/api/incidents").status_code == 200
    tight.close()
