"""The whole pipeline gives the same answer on PostgreSQL as on SQLite.

The eval gate (tests/test_eval_gate.py) holds SQLite to the floors; here every annotated corpus
runs through `sitreps eval`'s own path (read → analyse → store → link, then the stored reports
and incidents as gold-format events) into a scratch database of each backend, and the events
must equal those of a plain SQLite run: same fields, same evidence, same incident ids. So the
floors hold on PostgreSQL too."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import pytest

from sitreps.evaluate.gold import PredictedEvent
from sitreps.evaluate.predict import predict_corpus
from sitreps.settings import load_settings

CORPORA = Path(__file__).parents[1] / "data" / "corpus"


@cache
def on_sqlite(corpus: str) -> Mapping[str, list[PredictedEvent]]:
    return predict_corpus(CORPORA / corpus / "corpus.jsonl")


@pytest.mark.parametrize("corpus", sorted(p.name for p in CORPORA.iterdir() if (p / "gold.jsonl").exists()))
def test_every_corpus_gives_the_same_events_on_each_backend(corpus: str, database: str) -> None:
    events = predict_corpus(CORPORA / corpus / "corpus.jsonl", load_settings(db=database, workers=1))
    reference = on_sqlite(corpus)
    assert events == reference
    assert corpus == "negatives" or sum(len(found) for found in reference.values()) > 0
