"""The boilerplate data file and the line verdicts built on it."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.errors import DataError
from sitreps.ingest.boilerplate import Rule, Verdict, _matches, _rules, fold_like_ignorecase, load_boilerplate

CORPORA = Path(__file__).parents[1] / "data" / "corpus"


def test_every_rule_compiles_and_explains_itself() -> None:
    rules = load_boilerplate()
    assert rules.drop_line and rules.cut_after and rules.strip_prefix
    for rule in (*rules.drop_line, *rules.cut_after, *rules.strip_prefix):
        assert rule.note.strip() and rule.max_chars > 0


@pytest.mark.parametrize(
    ("entry", "message"),
    [({"pattern": "([unclosed", "note": "x"}, "bad pattern"), ({"pattern": "^ok$"}, "needs a note")],
)
def test_a_broken_rule_is_a_data_error(entry: dict[str, str], message: str) -> None:
    with pytest.raises(DataError, match=message):
        _rules({"drop_line": [entry]}, "drop_line")


@pytest.mark.parametrize(
    ("line", "verdict"),
    [
        ("Comments", Verdict.CUT),
        ("Post a comment", Verdict.CUT),
        ("Related Posts", Verdict.CUT),
        ("التعليقات", Verdict.CUT),
        ("Share:", Verdict.DROP),
        ("+ -", Verdict.DROP),
        ("Left Menu", Verdict.DROP),
        ("Iraq News - Local News - Baghdadpost", Verdict.DROP),
        ("Home News Opinion Sport Business Culture", Verdict.DROP),
        ("Security", Verdict.KEEP),
        ("World News: Rocket Attack On US Embassy In Baghdad", Verdict.KEEP),
        ("Comments by the minister drew criticism from the militias.", Verdict.KEEP),
        ("Sources shared photos of the attack with Rudaw.", Verdict.KEEP),
    ],
)
def test_line_verdicts(line: str, verdict: Verdict) -> None:
    assert load_boilerplate().verdict(line) is verdict


def test_the_date_prefix_is_stripped_to_the_news() -> None:
    line = "date 2021-09-15 Shafaq News/ A security source in Diyala reported"
    assert (
        line[load_boilerplate().strip_prefixes(line) :] == "Shafaq News/ A security source in Diyala reported"
    )


# --- The clue gate: a speed-up that must never change which lines a rule matches. ---


def _searched(rules: tuple[Rule, ...], line: str) -> bool:
    """The definition the gated `_matches` must agree with: every rule's regex, searched."""
    return any(len(line) <= rule.max_chars and rule.pattern.search(line) for rule in rules)


def _all_rules() -> tuple[Rule, ...]:
    rules = load_boilerplate()
    return (*rules.cut_after, *rules.drop_line)


def test_the_slow_rules_are_gated_by_clues_from_their_patterns() -> None:
    clues = {rule.note: rule.clues for rule in load_boilerplate().drop_line}
    assert "twitter.com/" in clues["embedded tweet text carries the tweet's image link"]
    assert {"©", "all rights reserved", "copyright"} <= set(clues["copyright footers"])
    assert "getty images" in clues["stock-photo credits ('Mike Mareen / Shutterstock.com')"]
    assert clues["bare 'Click here ...' links"] == ()  # anchored: fails at the first letter anyway


def test_every_line_of_every_corpus_page_gets_the_verdict_of_a_plain_search() -> None:
    lines = {
        line.strip()
        for corpus in sorted(CORPORA.glob("*/corpus.jsonl"))
        for record in map(json.loads, filter(None, corpus.read_text(encoding="utf-8").splitlines()))
        for line in record["text"].splitlines()
    }
    rules = _all_rules()
    disagreements = [
        line for line in lines if _matches(rules, line, fold_like_ignorecase(line)) != _searched(rules, line)
    ]
    assert not disagreements
    assert sum(_searched(rules, line) for line in lines) > 100  # the corpora do exercise the rules


@pytest.mark.parametrize(
    "line",
    [
        "Copyrıght 2021 Shafaq News",  # dotless ı matches "i" under IGNORECASE, not under casefold
        "COPYRİGHT 2021 Rudaw",  # dotted İ casefolds to two characters
        "ALL RİGHTS RESERVED.",
        "Smoke over the base. Photo by Mike Mareen / Getty İmages",
        "Reuters/ ſhutterstock.com",  # long s matches "s" under IGNORECASE
        "The drone strike (PİCTURE: social media) killed two",
        "— Ali (@ali) March 12, 2022 pic.twıtter.com/abc",
        "Image: REUTERS",
        "Reuters and AP contributed to this report.",
        "Baghdad | Updated: 12 Jan | Created: 11 Jan",
    ],
)
def test_letters_that_fold_oddly_do_not_hide_a_match(line: str) -> None:
    rules = _all_rules()
    assert _searched(rules, line)
    assert _matches(rules, line, fold_like_ignorecase(line))


_FRAGMENTS = [
    *(clue for rule in _all_rules() for clue in rule.clues),
    *(clue.upper() for rule in _all_rules() for clue in rule.clues),
    "ı", "İ", "ſ", "K", " ", "  ", ":", "(", ")", "|", "/", ".", "2021", "@ali", "Rudaw", "the attack",
]  # fmt: skip


@given(st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=8), max_size=12).map("".join))
def test_the_gate_agrees_with_a_plain_search_on_any_line(line: str) -> None:
    rules = _all_rules()
    assert _matches(rules, line, fold_like_ignorecase(line)) == _searched(rules, line)


def test_every_character_a_clue_is_made_of_folds_like_ignorecase() -> None:
    """Exhaustive: every code point that `re.IGNORECASE` takes for a clue's character folds to
    the same text, so a clue of a matching rule is always found in the folded line."""
    every_character = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)
    characters = {char for rule in _all_rules() for clue in rule.clues for char in clue}
    for char in characters:
        for alike in re.findall(re.escape(char), every_character, re.IGNORECASE):
            assert fold_like_ignorecase(alike) == fold_like_ignorecase(char), (char, alike)
