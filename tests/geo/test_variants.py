"""Systematic spelling variants of Arabic names (rules in data/gazetteer/transliteration.toml)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.geo.variants import load_rules, spelling_variants, strip_article
from sitreps.resources import data_path

RULES = load_rules(data_path("gazetteer", "transliteration.toml"))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Al Diwaniyah", {"diwaniya", "diwaniyah", "diwaniyya", "al diwaniyah", "ad diwaniyah"}),
        ("As Samawah", {"samawah", "samawa", "al samawah", "as samawa"}),
        ("Dhi Qar", {"thi qar", "zi qar", "dhiqar", "ziqar"}),
        ("Makhmur", {"makhmour", "al makhmur"}),
        ("Sulaymaniyah", {"sulaimaniyah", "sulaymaniya"}),
        ("Al-Batha", {"batha", "al batha"}),
        ("Fallujah", {"falluja", "al fallujah"}),
        ("Ar Ramadi", {"ramadi", "al ramadi", "ar ramadi"}),
        ("Qal‘at Sukkar", {"qalat sukkar", "qal'at sukkar"}),
        ("الديوانية", {"ديوانيه", "الديوانيه"}),
    ],
)
def test_news_spellings_are_generated(name: str, expected: set[str]) -> None:
    assert expected <= spelling_variants(name, RULES)


@pytest.mark.parametrize(
    ("key", "core"),
    [
        ("as samawah", "samawah"),
        ("al batha", "batha"),
        ("ali al gharbi", "ali al gharbi"),
        ("alnajaf", "najaf"),
    ],
)
def test_the_article_is_stripped_but_not_from_names_that_start_like_it(key: str, core: str) -> None:
    assert strip_article(key, RULES) == core


def test_multi_word_names_take_no_article() -> None:
    assert not any(v.startswith("al ") for v in spelling_variants("Abu Ghraib", RULES))


def test_alternate_names_get_no_letter_variants() -> None:
    assert "thi qar" not in spelling_variants("Dhi Qar", RULES, letters=False)


@given(st.text(max_size=40))
def test_variants_never_fail_and_are_folded(name: str) -> None:
    for variant in spelling_variants(name, RULES):
        assert variant == variant.strip() and variant == variant.lower()
