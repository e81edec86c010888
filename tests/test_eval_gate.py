"""The eval gate (trafilatura's habit): `sitreps eval` on the bundled corpora must not fall below
the floors in eval_floors.json. It runs the same code as the command: the whole pipeline into a
fresh temporary database, then the scorer."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from sitreps.evaluate import evaluate, to_json
from sitreps.evaluate.predict import predict_corpus

HERE = Path(__file__).parent
CORPORA = HERE / "data" / "corpus"
FLOORS = json.loads((HERE / "eval_floors.json").read_text(encoding="utf-8"))
EPSILON = 1e-9


@cache
def scores(corpus: str) -> dict:
    folder = CORPORA / corpus
    return to_json(evaluate(folder / "corpus.jsonl", folder / "gold.jsonl", predict_corpus))


def figure(result: dict, dotted: str) -> float:
    value = result
    for key in dotted.split("."):
        value = value[key]
    assert value is not None, f"{dotted} has nothing to score"
    return value


@pytest.mark.parametrize(
    "corpus, name", [(c, n) for c in ("seeds", "dev") for n in FLOORS[c]]
)
def test_eval_figure_stays_above_its_floor(corpus, name):
    assert figure(scores(corpus), name) >= FLOORS[corpus][name] - EPSILON


def test_eval_negatives_report_almost_nothing_in_iraq():
    result = scores("negatives")
    false_positives = result["detection"]["all"]["fp"]
    assert false_positives <= FLOORS["negatives"]["max_false_positives_in_iraq"]


def test_eval_seeds_find_every_gold_event_and_nothing_else():
    detection = scores("seeds")["detection"]
    assert (detection["all"]["fn"], detection["all"]["fp"]) == (0, 0)
