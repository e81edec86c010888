"""The command line: exit codes, counts, renderings, and the one-line error boundary.

Listing and showing commands are tested on a store filled by hand. `ingest` and `demo` run the
whole pipeline (readers, cleaner, extractor, gazetteer, linker, written in other modules), so
those tests are skipped until `sitreps.pipeline` imports.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitreps.cli import app
from sitreps.model import Analysis, Article, Failure, content_id
from sitreps.store.store import Store, open_store

runner = CliRunner()

TEXT = (
    "BAGHDAD — Three Katyusha rockets struck near the US embassy in Baghdad's Green Zone late on Sunday, "
    "the Iraqi security media cell said. No casualties were reported."
)


def pipeline_importable() -> bool:
    try:
        import sitreps.pipeline  # noqa: F401
    except ImportError:
        return False
    return True


needs_pipeline = pytest.mark.skipif(
    not pipeline_importable(), reason="the analysis pipeline is not all written yet"
)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


@pytest.fixture
def filled(db: str) -> Article:
    """A store holding one article and one failure, put there without the pipeline."""
    article = Article(
        id=content_id(TEXT),
        source="rockets.txt",
        raw_text=TEXT,
        text=TEXT,
        outlet="Reuters",
        title="Rockets hit near US embassy in Baghdad",
        published=date(2020, 12, 21),
        language="en",
        external_id="rockets-1",
    )
    with open_store(db) as store:
        store.add([Analysis(article), Failure("feed.xml", "read", "not a feed: no <rss> or <feed> element")])
    return article


def test_articles_json_lists_the_stored_articles(db: str, filled: Article) -> None:
    result = runner.invoke(app, ["articles", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [(a["id"], a["outlet"], a["published"], a["length"]) for a in listed] == [
        (filled.id, "Reuters", "2020-12-21", len(TEXT))
    ]


def test_articles_table_shows_id_prefix_outlet_date_and_length(db: str, filled: Article) -> None:
    result = runner.invoke(app, ["articles", "--db", db])
    assert result.exit_code == 0, result.output
    assert filled.id[:10] in result.stdout
    assert "Reuters" in result.stdout and "2020-12-21" in result.stdout and str(len(TEXT)) in result.stdout


@pytest.mark.parametrize("key", ["id", "prefix", "rockets-1"])
def test_article_shows_metadata_and_clean_text(db: str, filled: Article, key: str) -> None:
    given = {"id": filled.id, "prefix": filled.id[:6]}.get(key, key)
    result = runner.invoke(app, ["article", given, "--db", db])
    assert result.exit_code == 0, result.output
    assert "Rockets hit near US embassy in Baghdad" in result.stdout
    assert "Three Katyusha rockets struck near the US embassy" in result.stdout


def test_article_json_round_trips(db: str, filled: Article) -> None:
    result = runner.invoke(app, ["article", filled.id, "--db", db, "--json"])
    assert json.loads(result.stdout)["text"] == TEXT


def test_failures_are_listed_with_their_reason(db: str, filled: Article) -> None:
    result = runner.invoke(app, ["failures", "--db", db, "--json"])
    assert json.loads(result.stdout) == [
        {"source": "feed.xml", "stage": "read", "reason": "not a feed: no <rss> or <feed> element"}
    ]


def test_an_error_is_one_red_line_and_exit_1(db: str, filled: Article) -> None:
    result = runner.invoke(app, ["article", "no-such-article", "--db", db])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: no article 'no-such-article'"
    assert "Traceback" not in result.output


def test_verbose_adds_the_traceback(db: str, filled: Article) -> None:
    result = runner.invoke(app, ["article", "no-such-article", "--db", db, "--verbose"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no article 'no-such-article'")
    assert "Traceback" in result.stderr and "NotFoundError" in result.stderr


def test_an_unexpected_exception_is_reported_as_a_bug(
    db: str, filled: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Store, **kwargs: object) -> list[Article]:
        raise KeyError("published")

    monkeypatch.setattr(Store, "articles", broken)
    result = runner.invoke(app, ["articles", "--db", db])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bug: KeyError") and "--verbose" in lines[0]


def test_an_unusable_database_is_an_error_not_a_crash(tmp_path: Path) -> None:
    result = runner.invoke(app, ["articles", "--db", str(tmp_path / "missing-folder" / "x.db")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")


def test_db_defaults_to_the_environment(db: str, filled: Article) -> None:
    result = runner.invoke(app, ["articles", "--json"], env={"SITREPS_DB": db})
    assert [a["id"] for a in json.loads(result.stdout)] == [filled.id]


def test_usage_errors_exit_2() -> None:
    assert runner.invoke(app, ["articles", "--no-such-flag"]).exit_code == 2
    assert runner.invoke(app, ["ingest", "x.jsonl", "--published", "21/12/2020"]).exit_code == 2


# -- the whole pipeline -----------------------------------------------------------------------


@pytest.fixture
def corpus_file(tmp_path: Path, seed_records: list[dict]) -> Path:
    """Two real articles and, between them, a line that is not JSON."""
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps(seed_records[0]),
        '{"id": "broken", "text": "unterminated',
        json.dumps(seed_records[1]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@needs_pipeline
def test_ingest_counts_and_exit_3_when_an_input_fails(db: str, corpus_file: Path) -> None:
    result = runner.invoke(app, ["ingest", str(corpus_file), "--db", db, "--workers", "1"])
    assert result.exit_code == 3, result.output
    assert "ingested 2 · duplicate 0 · skipped 0 · failed 1" in result.stdout
    assert f"{corpus_file}:2" in result.stdout  # the failure, on a line of its own


@needs_pipeline
def test_ingesting_again_finds_only_duplicates(db: str, corpus_file: Path) -> None:
    runner.invoke(app, ["ingest", str(corpus_file), "--db", db, "--workers", "1"])
    again = runner.invoke(app, ["ingest", str(corpus_file), "--db", db, "--workers", "1"])
    assert "ingested 0 · duplicate 2 · skipped 0 · failed 1" in again.stdout
    assert (
        json.loads(runner.invoke(app, ["failures", "--db", db, "--json"]).stdout)[0]["source"]
        == f"{corpus_file}:2"
    )


@needs_pipeline
def test_ingest_exits_0_when_every_input_lands(db: str, tmp_path: Path, seed_records: list[dict]) -> None:
    path = tmp_path / "good.jsonl"
    path.write_text(json.dumps(seed_records[2]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(path), "--db", db, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "ingested 1 · duplicate 0 · skipped 0 · failed 0" in result.stdout


@needs_pipeline
def test_demo_ingests_the_bundled_sample(db: str) -> None:
    result = runner.invoke(app, ["demo", "--db", db])
    assert result.exit_code == 0, result.output
    assert "ingested 5 · duplicate 0 · skipped 0 · failed 0" in result.stdout
    assert "Rudaw" in result.stdout and "2020-09-27" in result.stdout
    again = runner.invoke(app, ["demo", "--db", db])
    assert "duplicate 5" in again.stdout and "Rudaw" in again.stdout
