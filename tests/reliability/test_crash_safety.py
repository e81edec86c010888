"""`sitreps ingest` killed with SIGKILL in the middle, then run again, loses nothing and counts
nothing twice.

The run is a real `sitreps ingest` process on a corpus of real articles (two reposted copies of
every annotated article: 428 inputs). It is killed once after its first batch is committed,
and again as soon as linking has written its first incident (linking takes most of a second,
the poll runs every 10 ms); a third run finishes. Then the database
must hold every input exactly once, every article with exactly the reports an uninterrupted
analysis gives and every evidence span of them, and incidents that are exactly what linking all
reports from scratch gives: none duplicated, none missing a report, none half-written.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitreps.geo.gazetteer import load_gazetteer
from sitreps.ingest.readers import read
from sitreps.link.cluster import link_reports
from sitreps.model import Analysis
from sitreps.pipeline import analyse_safely
from sitreps.settings import Settings
from sitreps.store.schema import span_rows
from sitreps.store.store import Store, open_store

from .conftest import write_perturbed_corpus

pytestmark = pytest.mark.slow

BATCH_SIZE = 10
STARTUP_SECONDS = 120  # a loaded CI machine: imports, the gazetteer, the Arabic lexicon


def start_ingest(corpus: Path, db: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SITREPS_BATCH_SIZE": str(BATCH_SIZE)}
    command = [sys.executable, "-m", "sitreps", "ingest", str(corpus), "--db", str(db), "--workers", "1"]
    with log.open("ab") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)


def count(db: Path, table: str) -> int:
    """Rows committed so far, read the way a second program would (WAL: never blocks the writer)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:  # no file or no schema yet
        return 0


def kill_when(process: subprocess.Popen[bytes], ready: Callable[[], bool]) -> bool:
    """SIGKILL the process as soon as `ready()`; False if it finished before that."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while not ready():
        if process.poll() is not None:
            return False
        assert time.monotonic() < deadline, "the ingest made no progress"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return True


@pytest.fixture(scope="module")
def crashed_and_resumed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    folder = tmp_path_factory.mktemp("crash")
    corpus, db, log = folder / "corpus.jsonl", folder / "crash.db", folder / "ingest.log"
    inputs = write_perturbed_corpus(corpus, copies=2)

    first = start_ingest(corpus, db, log)
    assert kill_when(first, lambda: count(db, "articles") > 0), log.read_text()
    stored_before = count(db, "articles")
    assert 0 < stored_before < inputs and count(db, "incidents") == 0  # killed mid-batches

    second = start_ingest(corpus, db, log)
    assert kill_when(second, lambda: count(db, "incidents") > 0), log.read_text()
    assert count(db, "articles") == inputs
    assert 0 < count(db, "incident_reports") < count(db, "reports")  # killed mid-linking

    third = start_ingest(corpus, db, log)
    assert third.wait(timeout=STARTUP_SECONDS * 2) == 0, log.read_text()
    return corpus, db, inputs


@pytest.fixture(scope="module")
def store(crashed_and_resumed: tuple[Path, Path, int]) -> Iterator[Store]:
    _, db, _ = crashed_and_resumed
    with open_store(str(db)) as opened:
        yield opened


def test_every_input_is_stored_exactly_once(
    crashed_and_resumed: tuple[Path, Path, int], store: Store
) -> None:
    corpus, _, inputs = crashed_and_resumed
    ids = Counter(article.external_id for article in store.articles())
    assert sum(ids.values()) == inputs and set(ids.values()) == {1}
    assert ids.keys() == {item.external_id for item in read([str(corpus)], Settings())}
    assert store.failures() == []


def test_every_article_has_exactly_the_reports_and_evidence_of_an_uninterrupted_run(
    crashed_and_resumed: tuple[Path, Path, int], store: Store
) -> None:
    corpus, _, _ = crashed_and_resumed
    expected = {}
    for analysis in map(analyse_safely, read([str(corpus)], Settings())):
        assert isinstance(analysis, Analysis), analysis
        expected[analysis.article.id] = list(analysis.reports)
    stored = {}
    for report in store.reports():
        stored.setdefault(report.article_id, []).append(report)
    assert {k: v for k, v in expected.items() if v} == stored
    with store.engine.connect() as conn:
        span_counts = Counter(row.report_id for row in conn.exec_driver_sql("SELECT report_id FROM spans"))
    assert span_counts == Counter(
        row["report_id"] for reports in stored.values() for r in reports for row in span_rows(r)
    )


def test_incidents_are_exactly_what_linking_from_scratch_gives(store: Store) -> None:
    fresh = {incident.id: incident for incident in link_reports(store.reports(), load_gazetteer())}
    stored = {incident.id: incident for incident in store.incidents()}
    assert stored == fresh


def test_the_link_table_agrees_with_reports_and_incidents(store: Store) -> None:
    with store.engine.connect() as conn:
        links = conn.exec_driver_sql("SELECT incident_id, report_id FROM incident_reports").all()
        report_ids = {row[0] for row in conn.exec_driver_sql("SELECT id FROM reports")}
    per_report = Counter(report_id for _, report_id in links)
    assert set(per_report) == report_ids and set(per_report.values()) == {1}  # each report in one incident
    members: dict[str, set[str]] = {}
    for incident_id, report_id in links:
        members.setdefault(incident_id, set()).add(report_id)
    assert members == {incident.id: set(incident.report_ids) for incident in store.incidents()}
