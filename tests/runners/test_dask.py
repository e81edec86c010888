"""The Dask engine gives the database the local engine gives, however the input is partitioned."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sitreps.cli import app
from sitreps.errors import ConfigError
from sitreps.ingest.readers import read
from sitreps.model import Article, Failure
from sitreps.pipeline import run
from sitreps.runners import dask as dask_runner
from sitreps.runners.partitions import LineNumbers, Piece, plan_partitions, read_piece, split_points
from sitreps.settings import Settings, load_settings
from sitreps.store.store import Store, open_store

distributed = pytest.importorskip("distributed")

CORPORA = Path(__file__).parents[1] / "data" / "corpus"
DEV = CORPORA / "dev"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def everything(store: Store) -> dict[str, list]:
    """What a run leaves in the store, every field of every row, in the store's order."""
    return {
        "articles": store.articles(),
        "reports": store.reports(),
        "incidents": store.incidents(),
        "failures": store.failures(),
    }


def ingested(sources: list[str], settings: Settings) -> dict[str, list]:
    with open_store(settings.db) as store:
        run(sources, store, settings)
        return everything(store)


def test_dask_gives_the_incidents_of_the_local_engine(
    scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dev folder: its corpus cut into byte ranges spread over two worker processes, its
    gold file (not a corpus) and README (not read) as the local engine takes them."""
    monkeypatch.setattr(dask_runner, "PARTITION_BYTES", 16_384)
    local = ingested([str(DEV)], load_settings(db=str(tmp_path / "local.db"), workers=1))
    on_dask = ingested(
        [str(DEV)],
        load_settings(db=str(tmp_path / "dask.db"), engine="dask", scheduler=scheduler, batch_size=7),
    )
    assert on_dask == local
    assert len(local["incidents"]) > 10 and local["failures"][0].source.endswith("gold.jsonl")


def test_a_big_corpus_is_split_at_line_ends_over_several_tasks(tmp_path: Path) -> None:
    settings = load_settings(db=str(tmp_path / "unused.db"))
    partitions = list(plan_partitions([str(DEV)], settings, 16_384))
    corpus = [piece for p in partitions for piece in p.pieces if piece.path.endswith("corpus.jsonl")]
    assert len(corpus) > 3
    data = (DEV / "corpus.jsonl").read_bytes()
    assert corpus[0].start == 0 and corpus[-1].end == len(data)
    assert all(a.end == b.start and data[b.start - 1 : b.start] == b"\n" for a, b in pairwise(corpus))


def read_in_pieces(path: Path, partition_bytes: int) -> list[Article | Failure]:
    settings = Settings(max_text_chars=2_000)
    numbers = LineNumbers()
    items: list[Article | Failure] = []
    for start, end in split_points(path, path.stat().st_size, partition_bytes):
        piece = Piece(str(path), start, end)
        piece_items, lines = read_piece(piece, settings)
        items.extend(numbers.from_file_start(piece, piece_items, lines))
    return items


RECORD_LINES = st.one_of(
    st.builds(lambda t: json.dumps({"id": "r", "text": t}), st.text(min_size=1, max_size=30)),
    st.just('{"id": "no-text", "title": "a record without its text"}'),
    st.just('{"id": "broken", "text": '),
    st.just(""),
    st.just(json.dumps({"text": "x" * 2_500})),  # over max_text_chars
)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(RECORD_LINES, min_size=1, max_size=25), partition_bytes=st.integers(1, 400))
def test_byte_ranges_read_exactly_as_the_whole_file(lines: list[str], partition_bytes: int) -> None:
    """Sources keep their line numbers, and a record without text at the start of a range is
    that line's Failure, not the end of the file."""
    first = json.dumps({"id": "first", "text": "Rockets hit the base."})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.jsonl"
        path.write_text("\n".join([first, *lines]) + "\n", encoding="utf-8")
        whole = list(read([str(path)], Settings(max_text_chars=2_000)))
        assert read_in_pieces(path, partition_bytes) == whole


def test_stdin_and_missing_paths_are_read_in_the_parent_in_order(tmp_path: Path) -> None:
    settings = load_settings(db=str(tmp_path / "unused.db"), batch_size=2)
    missing = str(tmp_path / "missing.jsonl")
    partitions = list(plan_partitions([str(CORPORA / "seeds" / "corpus.jsonl"), missing], settings, 1 << 20))
    assert [len(p.pieces) for p in partitions] == [1, 0]
    assert partitions[1].items == (Failure(missing, "read", "no such file or folder"),)


def test_ingest_on_a_scheduler_from_the_command_line(scheduler: str, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    corpus = str(CORPORA / "seeds" / "corpus.jsonl")
    result = CliRunner().invoke(
        app, ["ingest", corpus, "--db", db, "--engine", "dask", "--scheduler", scheduler]
    )
    assert result.exit_code == 0, result.output
    assert "ingested 5" in result.output
    with open_store(db) as store:
        assert len(store.incidents()) >= 5


def test_without_a_scheduler_dask_starts_a_local_cluster(tmp_path: Path) -> None:
    settings = load_settings(db=str(tmp_path / "own.db"), engine="dask", workers=1)
    local = ingested([str(CORPORA / "seeds")], load_settings(db=str(tmp_path / "local.db"), workers=1))
    assert ingested([str(CORPORA / "seeds")], settings) == local


def test_an_unreachable_scheduler_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_runner, "SCHEDULER_TIMEOUT_S", 0.5)
    settings = load_settings(db=str(tmp_path / "x.db"), engine="dask", scheduler="tcp://127.0.0.1:9")
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        list(dask_runner.map_analyse_on_dask([str(DEV)], settings))


def test_an_unknown_engine_is_refused(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "x.db")) as store, pytest.raises(ConfigError, match="local or dask"):
        run([str(DEV)], store, load_settings(engine="spark"))
