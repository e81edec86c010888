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
from sitreps.ingest.boilerplate import (
    Boilerplate,
    Rule,
    Verdict,
    _rules,
    fold_like_ignorecase,
    load_boilerplate,
)
from sitreps.ingest.datelines import load_datelines

CORPORA = Path(__file__).parents[1] / "data" / "corpus"


def test_every_rule_compiles_and_explains_itself() -> None:
    rules = load_boilerplate()
    assert rules.drop_line and rules.cut_after and rules.strip_prefix
    for rule in (*rules.drop_line.rules, *rules.cut_after.rules, *rules.strip_prefix.rules):
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


# --- The rule sets (one alternation, one clue gate): speed-ups that must never change which
# lines match. Each is compared with the definition: every rule's regex, searched in turn. ---


def _searched(rules: tuple[Rule, ...], line: str) -> bool:
    """The definition `RuleSet.matches` must agree with: every rule's regex, searched."""
    return any(len(line) <= rule.max_chars and rule.pattern.search(line) for rule in rules)


def _all_rules() -> tuple[Rule, ...]:
    rules = load_boilerplate()
    return (*rules.cut_after.rules, *rules.drop_line.rules)


def _matched(line: str) -> bool:
    rules, folded = load_boilerplate(), fold_like_ignorecase(line)
    return rules.cut_after.matches(line, folded) or rules.drop_line.matches(line, folded)


def test_the_slow_rules_are_gated_by_clues_from_their_patterns() -> None:
    clues = {rule.note: rule.clues for rule in load_boilerplate().drop_line.rules}
    assert "twitter.com/" in clues["embedded tweet text carries the tweet's image link"]
    assert {"©", "all rights reserved", "copyright"} <= set(clues["copyright footers"])
    assert "getty images" in clues["stock-photo credits ('Mike Mareen / Shutterstock.com')"]
    assert clues["bare 'Click here ...' links"] == ()  # anchored: fails at the first letter anyway
    assert clues["view counters ('797 View')"] == ()  # a run of digits fails at once too
    assert clues[
        "pipe-separated meta lines ('Reuters | Baghdad | Updated: ... | Created: ...') and menus"
    ] == ("|",)


def test_every_line_of_every_corpus_page_gets_the_verdict_of_a_plain_search() -> None:
    lines = {
        line.strip()
        for corpus in sorted(CORPORA.glob("*/corpus.jsonl"))
        for record in map(json.loads, filter(None, corpus.read_text(encoding="utf-8").splitlines()))
        for line in record["text"].splitlines()
    }
    rules = _all_rules()
    disagreements = [line for line in lines if _matched(line) != _searched(rules, line)]
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
    assert _searched(_all_rules(), line)
    assert _matched(line)


_FRAGMENTS = [
    *(clue for rule in _all_rules() for clue in rule.clues),
    *(clue.upper() for rule in _all_rules() for clue in rule.clues),
    "ı", "İ", "ſ", "K", " ", "  ", ":", "(", ")", "|", "/", ".", "2021", "@ali", "Rudaw", "the attack",
]  # fmt: skip


@given(st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=8), max_size=12).map("".join))
def test_the_gate_agrees_with_a_plain_search_on_any_line(line: str) -> None:
    assert _matched(line) == _searched(_all_rules(), line)


def test_every_character_a_clue_is_made_of_folds_like_ignorecase() -> None:
    """Exhaustive: every code point that `re.IGNORECASE` takes for a clue's character folds to
    the same text, so a clue of a matching rule is always found in the folded line."""
    every_character = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)
    characters = {char for rule in _all_rules() for clue in rule.clues for char in clue}
    for char in characters:
        for alike in re.findall(re.escape(char), every_character, re.IGNORECASE):
            assert fold_like_ignorecase(alike) == fold_like_ignorecase(char), (char, alike)


# --- The whole verdict against a plain reference: every rule in a loop, the structural tests
# written the straightforward way (the code under test reads the same rules more cheaply). ---

_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*$""")
_NAV_WORDS = re.compile(r"[^\W_][\w.'’-]*")
_STAMP_WORD = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?")
_CLOCK_OR_YEAR = re.compile(r"\b\d{1,2}:\d{2}\b|(?<!\d)(19|20)\d{2}(?!\d)")


def _reference_is_stamp_line(line: str) -> bool:
    line = line.strip()
    if not line or len(line) > 100 or not _CLOCK_OR_YEAR.search(line):
        return False
    dates = load_datelines()
    keys = (word.casefold().replace(".", "") for word in _STAMP_WORD.findall(line))
    return all(key in dates.months or key in dates.stamp_words for key in keys)


def _reference_is_navigation(rules: Boilerplate, line: str) -> bool:
    if _SENTENCE_END.search(line):
        return False
    words, nav = _NAV_WORDS.findall(line), rules.navigation
    hits = sum(word.casefold() in nav.words for word in words)
    lowercase = sum(word[0].islower() for word in words)
    return (
        hits >= nav.min_hits
        and hits >= nav.min_share * len(words)
        and lowercase <= nav.max_lowercase_share * len(words)
    )


def _reference_verdict(rules: Boilerplate, line: str) -> Verdict:
    if not any(char.isalpha() for char in line):
        return Verdict.DROP
    if _searched(rules.cut_after.rules, line):
        return Verdict.CUT
    if (
        _searched(rules.drop_line.rules, line)
        or _reference_is_stamp_line(line)
        or _reference_is_navigation(rules, line)
    ):
        return Verdict.DROP
    return Verdict.KEEP


def _reference_prefix(rules: Boilerplate, line: str) -> int:
    for rule in rules.strip_prefix.rules:
        found = rule.pattern.match(line)
        if found:
            return found.end()
    return 0


def _reference_is_prose(rules: Boilerplate, line: str) -> bool:
    return len(line.split()) >= rules.prose_min_words and _SENTENCE_END.search(line) is not None


#: Lines near the rules: strings that match a rule (drawn from its own pattern) and pieces of the
#: rules' text (the literal runs of every pattern, every clue, every menu word and month), with
#: white space, digits and punctuation, in any order and case.
_PIECES = sorted(
    {
        *(run for rule in _all_rules() + load_boilerplate().strip_prefix.rules
          for run in re.findall(r"[^\\^$.|?*+()\[\]{}]+", rule.pattern.pattern)),
        *(clue for rule in _all_rules() for clue in rule.clues),
        *load_boilerplate().navigation.words,
        *load_datelines().months,
        " ", "  ", "\t", "\n", "\u00a0", ":", ".", "!", "?", "…", '"', "”", ")", "]", "|", "-", "–", "(",
        "@ali", "2021", "12", "05:09", "2021-09-15", "ı", "İ", "ſ", "K", "Rudaw", "the attack", "By", "MNA",
    }
)  # fmt: skip
_RULE_MATCHES = st.sampled_from([*_all_rules(), *load_boilerplate().strip_prefix.rules]).flatmap(
    lambda rule: st.from_regex(rule.pattern)
)
_LINES = st.lists(
    st.sampled_from(_PIECES).map(lambda piece: piece.upper() if len(piece) % 3 == 0 else piece)
    | _RULE_MATCHES
    | st.text(max_size=4),
    max_size=10,
).map("".join)


@given(_LINES)
def test_the_verdict_is_the_reference_loop_over_the_rules(line: str) -> None:
    rules = load_boilerplate()
    assert rules.verdict(line) is _reference_verdict(rules, line)
    assert rules.is_navigation(line) == _reference_is_navigation(rules, line)
    assert rules.is_prose(line) == _reference_is_prose(rules, line)


@given(_LINES)
def test_the_prefix_is_the_first_matching_rules(line: str) -> None:
    rules = load_boilerplate()
    assert rules.strip_prefixes(line) == _reference_prefix(rules, line)


def test_the_first_prefix_rule_wins_even_when_a_later_one_is_longer() -> None:
    entries = [{"pattern": r"^date\s+", "note": "short"}, {"pattern": r"^date\s+\d{4}[\s:]*", "note": "long"}]
    prefixes = _rules({"strip_prefix": entries}, "strip_prefix")
    line = "date 2021: Shafaq News/ A security source"
    assert prefixes.first_of.match(line).end() == len("date ")  # type: ignore[union-attr]


def test_rules_of_both_cases_and_of_different_lengths_keep_their_own_flags_and_limits() -> None:
    entries = [
        {"pattern": "^[A-Z]{2,6}/\\d{4,}$", "note": "agency code", "case_sensitive": True},
        {"pattern": "^share$", "note": "share", "max_chars": 5},
        {"pattern": "^read more\\b.*", "note": "read more", "max_chars": 40},
    ]
    rule_set = _rules({"drop_line": entries}, "drop_line")
    assert rule_set.matches("MNA/5106126", "mna/5106126")
    assert not rule_set.matches("mna/5106126", "mna/5106126")  # the code rule is case-sensitive
    assert rule_set.matches("SHARE", "share")  # the others are not
    assert rule_set.matches("Read more: rockets hit the base", "read more: rockets hit the base")
    long_line = "Read more: " + "rockets hit the base " * 3
    assert not rule_set.matches(long_line, fold_like_ignorecase(long_line))  # over its max_chars


def test_rules_that_cannot_be_combined_are_a_data_error() -> None:
    entries = [{"pattern": "^(?P<x>a)", "note": "one"}, {"pattern": "^(?P<x>b)", "note": "two"}]
    with pytest.raises(DataError, match="cannot be combined"):
        _rules({"drop_line": entries}, "drop_line")


@pytest.mark.parametrize(
    "line",
    [
        "Rockets hit the base on Sunday, officials said.",
        "Rockets hit the base on Sunday, officials said.\n",  # `$` looks past a final newline
        "Rockets hit the base on Sunday, officials said.\n\n",  # but only one
        'Rockets hit the base on Sunday, "officials said."',
        "Rockets hit the base on Sunday (officials said.)\n",
        "Rockets hit the base on Sunday, officials said",
        "Home News Politics Business Sport Culture\n",
        "Home News Politics Business Sport Culture.",
    ],
)
def test_sentence_ends_are_read_as_the_regex_reads_them(line: str) -> None:
    rules = load_boilerplate()
    assert rules.is_prose(line) == _reference_is_prose(rules, line)
    assert rules.is_navigation(line) == _reference_is_navigation(rules, line)


@pytest.mark.parametrize(
    "line",
    [
        "JULY 12, 2020 05:09",
        "Updated: JULY 25, 2022 23:47",
        "29 Dec 2020 | 03:49 PM UTC",
        "Monday, 4 January 2021",
        "Published 12.03.2021",
        "July 2020 saw three convoy attacks",
        "2021",
    ],
)
def test_stamp_lines_get_the_reference_verdict(line: str) -> None:
    rules = load_boilerplate()
    assert rules.verdict(line) is _reference_verdict(rules, line)
