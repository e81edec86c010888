"""Folding's fast path (one `str.translate` and runs of offsets) against its definition (the
per-character loop): the same folded text and the same origin map, on any text."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps import folding
from sitreps.folding import FoldedText, _fold_by_loop, fold_arabic_char, fold_with
from sitreps.geo.fold import _SPACE_LIKE, fold, fold_char

#: Where folding does something: Arabic letters, marks and tatweel; Latin letters with combining
#: accents; invisible controls (zero-width, bidi, BOM); every separator and whitespace; letters
#: that fold to two ("ß", "ﬁ", the lam-alef and Allah ligatures); "¨", an accent that folds to a
#: space; apostrophes; and plain ASCII.
_TRICKY = (
    "ابتةىیکأإآٱۀھە٠١٩۰۹"
    "\u0640\u064b\u064e\u0650\u0651\u0652\u065f\u0670"
    "aeiHhDQ\u0300\u0301\u0304\u0308\u0327ḨīĀ"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
    " \t\n\r\x0b\x0c\x85\u2028\u2029\u3000\u1680"
    "ßﬁﻻﷲ¨'’ʿ,.-0"
) + "".join(sorted(_SPACE_LIKE))

_texts = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=_TRICKY, max_size=200),
    st.lists(
        st.sampled_from(["  ", " \u200b ", "-–", "\u0640", "Dhi", "Qar", "ديالى", "\u0301"]), max_size=30
    ).map("".join),
)
_FOLDINGS: list[tuple[Callable[[str], str], bool]] = [
    (fold_char, True),  # the gazetteer's (`geo.fold`)
    (fold_char, False),
    (fold_arabic_char, False),  # the Arabic lexicons' (`extract.normalise`)
    (fold_arabic_char, True),
]


def _same(fast: FoldedText, slow: FoldedText) -> None:
    assert fast.text == slow.text
    assert fast.origin == slow.origin
    assert fast.original == slow.original
    assert fast.fold_char is slow.fold_char


@settings(max_examples=300, deadline=None)
@given(_texts, st.sampled_from(_FOLDINGS))
def test_the_fast_path_folds_as_the_loop_does(text: str, folding_: tuple[Callable[[str], str], bool]) -> None:
    fold_one, collapse = folding_
    _same(fold_with(text, fold_one, collapse), _fold_by_loop(text, fold_one, collapse))


@given(_texts)
def test_remembered_folds_equal_fresh_ones(text: str) -> None:
    _same(fold(text), _fold_by_loop(text, fold_char, True))


@pytest.mark.parametrize(
    ("text", "folded", "origin"),
    [
        ("Dhi  Qar", "dhi qar", (0, 1, 2, 3, 5, 6, 7)),
        ("al-\u200bBatha", "al batha", (0, 1, 2, 4, 5, 6, 7, 8)),
        ("a \u200b b", "a  b", (0, 1, 3, 4)),  # a dropped invisible ends the run of spaces
        ("Hi\u0304t", "hit", (0, 1, 3)),
        ("ديـالى", "ديالي", (0, 1, 3, 4, 5)),
        ("Straße", "strasse", (0, 1, 2, 3, 4, 4, 5)),  # two from one: the loop
    ],
)
def test_offsets_lead_back_to_the_text(text: str, folded: str, origin: tuple[int, ...]) -> None:
    result = fold_with(text, fold_char, collapse_spaces=True)
    assert (result.text, result.origin) == (folded, origin)


def test_plain_text_never_takes_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_loop(*_: object) -> FoldedText:
        raise AssertionError("the per-character loop ran")

    monkeypatch.setattr(folding, "_fold_by_loop", no_loop)
    result = fold_with("Rockets hit  Ain al-Asad, محافظة الأنبار\u200f", fold_char, collapse_spaces=True)
    assert result.text == "rockets hit ain al asad, محافظه الانبار"


def test_a_full_table_starts_afresh_and_still_folds_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folding, "_TABLE_LIMIT", 8)

    def shout(ch: str) -> str:
        return ch.upper()

    for text in ("abcdef", "ghijkl", "abc xyz", "mnopqrstuv"):
        _same(fold_with(text, shout), _fold_by_loop(text, shout, False))
    assert len(folding._table_for(shout, set()).seen) <= 10
