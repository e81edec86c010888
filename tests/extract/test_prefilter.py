"""The prefilter may only discard articles that report no attack: recall 100% on every corpus,
and exactly the answer of the trigger lexicon's regex, which it only makes faster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.extract.prefilter import load_prefilter, may_describe_attack
from sitreps.ingest.clean import clean
from sitreps.model import Article, content_id

CORPORA = Path(__file__).parents[1] / "data" / "corpus"
ANNOTATED = sorted(folder.name for folder in CORPORA.iterdir() if (folder / "gold.jsonl").exists())


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def texts_with_events(corpus: str) -> list[tuple[str, str]]:
    events = {g["id"]: g["events"] for g in read_jsonl(CORPORA / corpus / "gold.jsonl")}
    return [(r["id"], r["text"]) for r in read_jsonl(CORPORA / corpus / "corpus.jsonl") if events[r["id"]]]


def as_analysed(record_id: str, text: str) -> str:
    """The text the pipeline gives the prefilter: the article's clean text."""
    return clean(Article(content_id(text), record_id, text)).text


def test_every_annotated_corpus_is_checked() -> None:
    assert {"seeds", "dev", "negatives"} <= set(ANNOTATED)


@pytest.mark.parametrize("corpus", ANNOTATED)
def test_prefilter_keeps_every_article_with_an_event(corpus: str) -> None:
    records = texts_with_events(corpus)
    missed = [rid for rid, text in records if not may_describe_attack(text)]
    missed_clean = [rid for rid, text in records if not may_describe_attack(as_analysed(rid, text))]
    assert (missed, missed_clean) == ([], [])


@pytest.mark.parametrize("corpus", ANNOTATED)
def test_prefilter_answers_as_the_trigger_regex_on_every_article(corpus: str) -> None:
    prefilter = load_prefilter()
    texts = [r["text"] for r in read_jsonl(CORPORA / corpus / "corpus.jsonl")]
    assert [prefilter.admits(t) for t in texts] == [prefilter.triggers.search(t) is not None for t in texts]


def test_the_fast_path_is_in_use() -> None:
    """Anchors could be derived from every trigger pattern (else the whole-text regex runs)."""
    assert load_prefilter().anchors is not None


@pytest.mark.parametrize(
    "text",
    [
        "A roadside bomb struck a convoy carrying logistical equipment for the US-led coalition.",
        "Three Katyusha rockets landed near the airport.",
        "The convoy was hit near the Jraishan crossing.",
        "An IED exploded on the highway.",
        "Gunmen torched two trucks\nin Dhi Qar.",
        "استهداف رتل للتحالف الدولي بعبوة ناسفة في الديوانية",
        "Drone ATTACK on Ain al-Asad",
    ],
)
def test_attack_phrases_pass(text: str) -> None:
    assert may_describe_attack(text)


@pytest.mark.parametrize(
    "text",
    [
        "The central bank sold 200 million dollars at its daily currency auction on Sunday.",
        "The ministry said the new hospital in Nasiriyah will open in March.",
        "Verstappen hit the front after a bold pass on the outside.\nHe went on to win.",  # "hit the"
        "He bombarded the committee with questions about the attacker's motive.",  # inside words
    ],
)
def test_plain_news_is_dropped(text: str) -> None:
    assert not may_describe_attack(text)


FRAGMENTS = st.sampled_from(
    [
        "rocket", "Rockets", "attack", "attacker", "was hit", "hit", "bomb", "bombard", "İED", "ıed",
        "IED", "roadside", "side bomb", "self-detonating", "burned the trucks", "set fire to", "struck",
        "تفجير", "وال", "هجوم", "ـ", "strikes", "drone", "UAVs", "the", "convoy", "Basra", "ß",
    ]
)  # fmt: skip
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\n\n", ", ", "-", "_", "", ".", "'s "])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(FRAGMENTS, SEPARATORS), max_size=12))
def test_prefilter_answers_as_the_trigger_regex_on_any_mix_of_words(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + separator for word, separator in parts)
    prefilter = load_prefilter()
    assert prefilter.admits(text) == (prefilter.triggers.search(text) is not None)
