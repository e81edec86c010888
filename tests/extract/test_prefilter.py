"""The prefilter may only discard articles that report no attack: recall 100% on every corpus."""

import json


import pytest

from sitreps.extract.prefilter import may_describe_attack

from pathlib import Path

CORPORA = Path(__file__).parents[1] / "data" / "corpus"


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("corpus", ["seeds", "dev"])
def test_prefilter_keeps_every_article_with_an_event(corpus):
    gold = {g["id"]: g["events"] for g in read_jsonl(CORPORA / corpus / "gold.jsonl")}
    missed = [r["id"] for r in read_jsonl(CORPORA / corpus / "corpus.jsonl") if gold[r["id"]] and not may_describe_attack(r["text"])]
    assert missed == []


def test_prefilter_drops_plain_news():
    assert not may_describe_attack("The central bank sold 200 million dollars at its daily currency auction on Sunday.")
