"""Folding: one key for every way news writes a name, and offsets that lead back to the text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.geo.fold import fold, fold_key


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Ḩadīthah", "hadithah"),
        ("Dhi-Qar", "dhi qar"),
        ("Al Diwaniyah–Basra", "al diwaniyah basra"),
        ("  Dhi   Qar ", "dhi qar"),
        ("Qal‘at Sukkar", "qal'at sukkar"),
        ("ديالى", "ديالي"),
        ("البصرة", "البصره"),
        ("إربيل", "اربيل"),
        ("ERBIL", "erbil"),
        ("Türkiye", "turkiye"),
    ],
)
def test_spellings_fold_to_one_key(written: str, key: str) -> None:
    assert fold_key(written) == key


def test_a_folded_span_maps_back_to_the_original_words() -> None:
    text = "near Ḩadīthah, in Dhi  Qar"
    folded = fold(text)
    start = folded.text.index("dhi qar")
    s, e = folded.original_span(start, start + len("dhi qar"))
    assert text[s:e] == "Dhi  Qar"


def test_decomposed_accents_stay_with_their_letter() -> None:
    text = "Hi\u0304t town"
    folded = fold(text)
    s, e = folded.original_span(0, 3)
    assert text[s:e] == "Hi\u0304t"


@given(st.text(max_size=200))
def test_origin_is_ordered_and_inside_the_text(text: str) -> None:
    folded = fold(text)
    assert len(folded.origin) == len(folded.text)
    assert list(folded.origin) == sorted(folded.origin)
    assert all(0 <= i < len(text) for i in folded.origin)


@given(st.text(max_size=100))
def test_folding_is_idempotent(text: str) -> None:
    assert fold_key(fold_key(text)) == fold_key(text)
