"""The date lexicon and the patterns built from it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.errors import DataError
from sitreps.extract.date_grammar import Grammar, Hit, Rule, fold, hits, load_grammar, load_lexicon
from sitreps.extract.dates import find_dates
from sitreps.resources import data_path

CORPORA = Path(__file__).parents[1] / "data" / "corpus"


def test_bundled_lexicon_names_every_month_and_weekday_in_both_languages() -> None:
    lexicon = load_lexicon()
    assert sorted(set(lexicon.months.values())) == list(range(1, 13))
    assert (
        lexicon.months[fold("كانون الأول")]
        == lexicon.months[fold("ديسمبر")]
        == lexicon.months["december"]
        == 12
    )
    assert lexicon.weekdays[fold("الجمعة")] == lexicon.weekdays["friday"] == 4


@pytest.mark.parametrize(
    "spelling, folded",
    [
        ("Dec.", "dec"),
        ("  Late   ON ", "late on"),
        ("الأربعاء", "الاربعاء"),
        ("إلى", "الي"),
        ("السنة", "السنه"),
    ],
)
def test_fold_gives_one_key_per_spelling(spelling: str, folded: str) -> None:
    assert fold(spelling) == folded


@pytest.mark.parametrize(
    "text, form",
    [
        ("LAST NIGHT", "relative"),  # headlines in capitals
        ("Last night", "relative"),
        ("كانون الاول", "month"),  # alef without hamza, as often typed
        ("في أيار", "month"),
        ("في ايار", "month"),
        ("SEPTEMBER 2017", "month"),
    ],
)
def test_patterns_match_every_case_and_spelling_the_lexicon_folds(text: str, form: str) -> None:
    found = [(rule.form, hit.text[hit.start : hit.end]) for _, rule, hit in hits(text, load_grammar())]
    assert (form, text) in found


def test_a_broken_lexicon_is_a_data_error_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "dates.toml"
    broken.write_text("[months]\n1 = { names = ['January'] }\n", encoding="utf-8")
    with pytest.raises(DataError, match="dates.toml"):
        load_lexicon(broken)


def test_a_lexicon_that_misses_a_month_is_a_data_error(tmp_path: Path) -> None:
    bundled = data_path("lexicons", "dates.toml").read_text(encoding="utf-8")
    broken = tmp_path / "dates.toml"
    broken.write_text(
        bundled.replace('12 = { names = ["December"', '13 = { names = ["December"'), encoding="utf-8"
    )
    with pytest.raises(DataError, match="1-12"):
        load_lexicon(broken)


def test_whole_corpora_are_read_in_well_under_a_second() -> None:
    """Every corpus article can be scanned (speed is measured by bench/, never by a timed test)."""
    records = [
        json.loads(line)
        for folder in ("seeds", "dev", "negatives")
        for line in (CORPORA / folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    load_grammar()
    count = sum(
        len(find_dates(r["text"], date.fromisoformat(r["published"]) if r["published"] else None))
        for r in records
    )
    assert count > 500


# --- the first look: cued rules only, the same hits as running every rule ---------------------


def _plain(found: Iterable[tuple[int, Rule, Hit]]) -> list[tuple[Any, ...]]:
    """A hit as data: rank, form, span, and every named group's text and span."""
    out = []
    for rank, rule, hit in found:
        groups = {
            name: (match.group(name), match.span(name))
            for match in (hit.before, hit.core)
            if match is not None
            for name in match.re.groupindex
        }
        out.append((rank, rule.form, hit.start, hit.end, groups))
    return out


@cache
def _every_rule_run() -> Grammar:
    """The grammar as it read before the first look: no cues, and a lead written in front of
    its core as an optional group (which is what matching it backwards must equal)."""
    rules = []
    for rule in load_grammar().rules:
        core = rule.core
        if rule.lead is not None:
            core = re.compile(f"(?:{rule.lead.pattern.removesuffix(chr(92) + 'Z')})?{core.pattern}")
        rules.append(replace(rule, core=core, lead=None, cues=None))
    return Grammar(load_grammar().lexicon, tuple(rules))


def _assert_same_hits(text: str) -> None:
    assert _plain(hits(text, load_grammar())) == _plain(hits(text, _every_rule_run()))


def _lexicon_words() -> list[str]:
    lex = load_lexicon()
    tables: list[Iterable[str]] = [
        lex.months, lex.weekdays, lex.parts_before, lex.parts_after, lex.dir_before, lex.dir_after,
        lex.introducers, lex.period_parts, lex.numbers, lex.vague_numbers, lex.relative, lex.anchored,
        *lex.anchored_words.values(),
    ]  # fmt: skip
    return sorted({word for table in tables for word in table})


_WORD = st.sampled_from(_lexicon_words()).flatmap(
    lambda word: st.sampled_from(sorted({word, word.upper(), word.title(), word.capitalize()}))
)
_PIECE = st.one_of(
    _WORD,
    st.sampled_from(
        ["Dec.", "Sept.", "Jan", "أيار", "الأربعاء", "آذار", "إلى", "الـ", "ال", "من", "شهر", "عام"]
    ),
    st.sampled_from(["2020", "1999", "٢٠٢١", "١٩٩٠", "28", "٢٨", "5th", "10,000", "09", "72", "3"]),
    st.sampled_from(["convoy", "the", "attack", "Mayor", "وال", "ف", "و", "العراق", "قافلة"]),
)
_GLUE = st.sampled_from(["", " ", " ", "  ", ",", ", ", ".", "-", "/", "\n", "(", ")", "،", "ـ", " - "])


@given(st.lists(st.tuples(_PIECE, _GLUE), max_size=12))
@settings(max_examples=400, deadline=None)
def test_the_cued_rules_find_exactly_what_every_rule_finds(pieces: list[tuple[str, str]]) -> None:
    _assert_same_hits("".join(piece + glue for piece, glue in pieces))


def test_the_cued_rules_find_exactly_what_every_rule_finds_in_the_corpora() -> None:
    for folder in ("seeds", "dev", "negatives"):
        for line in (CORPORA / folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                _assert_same_hits(json.loads(line)["text"])


@pytest.mark.parametrize(
    "text, ruled_out",
    [
        (
            "A roadside bomb struck a logistics convoy near Nasiriyah.",
            ["day_month", "year", "weekday", "relative"],
        ),
        ("استهدفت عبوة ناسفة رتلا للدعم اللوجستي", ["day_month", "year", "weekday", "relative"]),
        ("The attack was claimed by a little-known group.", ["day_month", "month", "iso", "day_first"]),
    ],
)
def test_a_text_without_cues_runs_none_of_those_rules(text: str, ruled_out: list[str]) -> None:
    grammar = load_grammar()
    cued = grammar.cued(text)
    assert not [
        rule.form for rank, rule in enumerate(grammar.rules) if cued >> rank & 1 and rule.form in ruled_out
    ]


@pytest.mark.parametrize(
    "text, days_at, start",
    [
        ("الـ28 من شهر كانون الثاني", 3, 0),
        ("في الـ 28 من شهر كانون الثاني 2020", 7, 3),
        ("فجر ال5 من أيار", 6, 4),
        ("وال12 من تموز", 3, 1),  # after the conjunction و
        ("on 27 December", 3, 3),
    ],
)
def test_the_article_before_a_day_is_part_of_the_date(text: str, days_at: int, start: int) -> None:
    found = [
        (hit.start, hit.core.start("days"))
        for _, rule, hit in hits(text, load_grammar())
        if rule.form == "day_month"
    ]
    assert found == [(start, days_at)]
    _assert_same_hits(text)
