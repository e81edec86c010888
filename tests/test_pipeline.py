"""`pipeline.run` streams: memory stays flat however large the input.

A corpus of 200,000 records goes through the real reader, the local runner and `run`'s batching;
only the two ends are stand-ins (the analysis marks each article as not extracted, the store
counts), so that what is measured is what `run` itself holds. It runs in a child process: peak
RSS is a high-water mark, and the test process's own (other tests, imports) would hide it.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from sitreps.model import Analysis, Article, Failure, Report
from sitreps.store.store import BatchSummary

RECORDS = 200_000
BATCH_SIZE = 500
#: Holding every article would take hundreds of MB (each record is ~300 bytes of text, read
#: twice over into an Article); a streaming run varies by a few MB between batches.
MAX_GROWTH_KB = 30_000


def write_corpus(path: Path, records: int) -> None:
    """Distinct records, written one at a time (the generator never holds the corpus either)."""
    with path.open("w", encoding="utf-8") as stream:
        for number in range(records):
            text = f"Report {number}: the provincial council met on Sunday to discuss the budget. " * 4
            stream.write(json.dumps({"id": f"r{number}", "published": "2021-02-10", "text": text}) + "\n")


def not_extracted(item: Article | Failure, published: date | None = None) -> Analysis | Failure:
    return item if isinstance(item, Failure) else Analysis(item, extracted=False)


class CountingStore:
    """Takes batches and keeps only counts (a real database's cache is not ours to measure)."""

    def __init__(self) -> None:
        self.articles = 0

    def add(self, items: Iterable[Analysis | Failure]) -> BatchSummary:
        batch = list(items)
        self.articles += len(batch)
        return BatchSummary(skipped=len(batch))

    def count_unlinked_reports(self) -> int:
        return 0

    def unlinked_reports_page(self, **_page: object) -> list[Report]:
        return []

    def counts(self) -> dict[str, int]:
        return {"incidents": 0}


def measure(corpus: Path) -> dict[str, int]:
    """Run the pipeline over the corpus in this process; peak RSS after a tenth and at the end."""
    from sitreps import pipeline
    from sitreps.settings import load_settings

    pipeline.analyse_safely = not_extracted  # the runner looks it up at each run
    peaks: list[int] = []
    store = CountingStore()
    settings = load_settings(db=":memory:", workers=1, batch_size=BATCH_SIZE)
    pipeline.run(
        [str(corpus)],
        store,  # type: ignore[arg-type]
        settings,
        progress=lambda batch: peaks.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
    )
    return {"articles": store.articles, "early_kb": peaks[len(peaks) // 10], "end_kb": peaks[-1]}


def test_memory_stays_flat_over_a_large_jsonl(tmp_path: Path) -> None:
    corpus = tmp_path / "large.jsonl"
    write_corpus(corpus, RECORDS)
    child = subprocess.run(
        [sys.executable, __file__, str(corpus)], capture_output=True, text=True, check=True, timeout=300
    )
    figures = json.loads(child.stdout)
    assert figures["articles"] == RECORDS
    assert figures["end_kb"] - figures["early_kb"] < MAX_GROWTH_KB, figures


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
