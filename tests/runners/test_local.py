from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from tests.strategies import analyses

from sitreps.model import Analysis, Article, Failure, content_id
from sitreps.runners.local import MAX_BATCHES_IN_FLIGHT, _pack, _unpack, map_analyse

PUBLISHED = date(2020, 8, 11)


@pytest.fixture(autouse=True)
def workers_can_import_this_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spawned workers receive the analyser by name (`tests.runners.test_local.…`) and start
    with the parent's `sys.path`; under `--import-mode=importlib` that lacks the repo root."""
    monkeypatch.syspath_prepend(str(Path(__file__).parents[2]))


def stand_in_analyse(item: Article | Failure, published: date | None) -> Analysis | Failure:
    """A deterministic stand-in for `analyse_safely` (the real one needs the extractor): marks
    articles with an even-length text as extracted, and fails those that say "unreadable"."""
    if isinstance(item, Failure):
        return item
    if "unreadable" in item.text:
        return Failure(item.source, "analyse", "ValueError: unreadable")
    return Analysis(
        Article(item.id, item.source, item.raw_text, item.text, published=published),
        (),
        extracted=len(item.text) % 2 == 0,
    )


def dies_on_poison(item: Article | Failure, published: date | None) -> Analysis | Failure:
    if isinstance(item, Article) and "poison" in item.text:
        os._exit(1)  # a worker killed mid-article, as the OOM killer would
    return stand_in_analyse(item, published)


def article(text: str) -> Article:
    return Article(content_id(text), f"test:{text[:12]}", text, text)


def sample_items(n: int) -> list[Article | Failure]:
    items: list[Article | Failure] = [
        article(f"Rocket attack number {i} on a base " + "x" * i) for i in range(n)
    ]
    items[3] = Failure("feed.xml", "read", "not a feed")
    items[5] = article("an unreadable page")
    return items


def flatten(batches: Iterator[list]) -> list:
    return [result for batch in batches for result in batch]


def test_pool_gives_the_same_results_in_the_same_order_as_one_process() -> None:
    items = sample_items(11)
    one = list(map_analyse(items, workers=1, published=PUBLISHED, batch_size=4, analyse=stand_in_analyse))
    two = list(map_analyse(items, workers=2, published=PUBLISHED, batch_size=4, analyse=stand_in_analyse))
    assert one == two
    assert [len(batch) for batch in one] == [4, 4, 3]
    assert flatten(iter(one)) == [stand_in_analyse(item, PUBLISHED) for item in items]


@pytest.mark.parametrize("workers", [1, 2])
def test_input_is_read_one_bounded_step_ahead(workers: int) -> None:
    pulled = 0

    def lazy_input() -> Iterator[Article]:
        nonlocal pulled
        for i in range(100):
            pulled += 1
            yield article(f"article {i}")

    batches = map_analyse(lazy_input(), workers=workers, batch_size=5, analyse=stand_in_analyse)
    first = next(batches)
    assert len(first) == 5
    assert pulled <= 5 * MAX_BATCHES_IN_FLIGHT
    batches.close()


def test_a_dead_worker_fails_its_articles_and_the_run_goes_on() -> None:
    items = [article("calm news"), article("poison pill"), *[article(f"later news {i}") for i in range(6)]]
    results = flatten(map_analyse(items, workers=2, batch_size=2, analyse=dies_on_poison))
    assert len(results) == len(items)
    assert isinstance(results[1], Failure) and "worker process died" in results[1].reason
    assert isinstance(results[-1], Analysis)  # the pool was replaced and went on


@settings(max_examples=60, deadline=None)
@given(analyses)
def test_an_analysis_comes_back_from_a_worker_exactly(analysis: Analysis) -> None:
    packed = _pack(analysis)
    assert isinstance(packed, bytes)
    assert _unpack(analysis.article, packed) == analysis


def test_an_analysis_that_cannot_be_sent_back_becomes_its_own_failure() -> None:
    """A lone surrogate (text no encoder writes) fails that article, not its whole chunk."""
    broken = Analysis(Article("a" * 20, "feed:item-7", "x", "half a pair: \ud800"))
    packed = _pack(broken)
    assert isinstance(packed, Failure)
    assert packed.source == "feed:item-7" and "cannot send the analysis back" in packed.reason
    failure = Failure("feed.xml", "read", "not a feed")
    assert _unpack(failure, _pack(failure)) == failure


def test_an_analysis_that_does_not_read_back_as_the_model_fails_its_article() -> None:
    """msgpack writes any value; reading it back checks the model's types."""
    item = Article("b" * 20, "feed:item-8", "x", "x", meta=(("views", 12),))  # type: ignore[arg-type]
    unread = _unpack(item, _pack(Analysis(item)))
    assert isinstance(unread, Failure)
    assert unread.source == "feed:item-8" and "cannot read the analysis back" in unread.reason


def test_empty_input_yields_no_batch() -> None:
    assert list(map_analyse([], workers=2, analyse=stand_in_analyse)) == []


def pipeline_importable() -> bool:
    """The real pipeline needs ingest.clean, ingest.metadata, extract and geo, written elsewhere."""
    try:
        import sitreps.pipeline  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(
    not pipeline_importable(), reason="the analysis pipeline's modules are not all written yet"
)
def test_real_pipeline_is_deterministic_across_workers(seed_records: list[dict]) -> None:
    items = [Article(content_id(r["text"]), r["id"], r["text"], outlet=r["outlet"]) for r in seed_records]
    one = flatten(map_analyse(items, workers=1, published=PUBLISHED, batch_size=2))
    two = flatten(map_analyse(items, workers=2, published=PUBLISHED, batch_size=2))
    assert one == two
    assert all(isinstance(result, Analysis) for result in one)
