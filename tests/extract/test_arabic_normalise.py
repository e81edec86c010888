"""Arabic folding for matching: one spelling for many, and offsets that always point home."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.extract.normalise import arabic_pattern, fold, fold_key

# Letters written several ways, the marks folding drops, and a few ordinary letters and
# separators: the alphabet where folding does something.
_ARABIC_VARIANTS = (
    "اأإآٱهةۀەھيىیېكک"
    + "بتثجحخدذرزسشصضطظعغفقلمنو"
    + "\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
    + "٠١٢٣٤٥٦٧٨٩۰۱۲ ،."
)
arabic_text = st.text(alphabet=_ARABIC_VARIANTS, max_size=60)
# Presentation forms (ligatures that fold to two letters), Latin, digits and anything else.
any_text = st.text(max_size=80) | st.text(alphabet=_ARABIC_VARIANTS + "\ufefb\ufef5\ufe8e abc1", max_size=60)


@pytest.mark.parametrize(
    "written, folded",
    [
        ("استُهدِفَ", "استهدف"),  # short vowels
        ("اســـتهداف", "استهداف"),  # tatweel
        ("إطلاق", "اطلاق"),  # alef with hamza below
        ("أمس", "امس"),  # alef with hamza above
        ("آذار", "اذار"),  # alef madda
        ("عبوة ناسفة", "عبوه ناسفه"),  # ta marbuta
        ("تبنى", "تبني"),  # alef maqsura
        ("ديالی", "ديالي"),  # Persian ya
        ("کركوك", "كركوك"),  # Persian kaf
        ("قتل ١١ جندياً", "قتل 11 جنديا"),  # Arabic-Indic digits, tanween
        ("۲۰۲۰", "2020"),  # Persian digits
        ("ﻻ", "لا"),  # lam-alef ligature of old encodings
        ("Rocket attack", "Rocket attack"),  # Latin passes unchanged
    ],
)
def test_fold_unifies_the_spellings_of_a_word(written: str, folded: str) -> None:
    assert fold(written).text == folded
    assert fold_key(written) == folded


def test_original_span_covers_the_marks_of_the_last_letter() -> None:
    text = "وقد استُهدِفَ رتلٌ"
    folded = fold(text)
    start = folded.text.index("استهدف")
    begin, end = folded.original_span(start, start + len("استهدف"))
    assert text[begin:end] == "استُهدِفَ"


@given(any_text)
def test_fold_keeps_a_valid_offset_for_every_folded_character(text: str) -> None:
    folded = fold(text)
    assert len(folded.origin) == len(folded.text)
    assert list(folded.origin) == sorted(folded.origin)
    assert all(0 <= i < len(text) for i in folded.origin)
    for i, ch in enumerate(folded.text):
        assert ch in fold_key(text[folded.origin[i]])


@given(any_text, st.data())
def test_every_folded_span_maps_to_an_original_span_that_folds_back_to_it(
    text: str, data: st.DataObject
) -> None:
    folded = fold(text)
    start = data.draw(st.integers(0, len(folded.text)))
    end = data.draw(st.integers(start, len(folded.text)))
    begin, stop = folded.original_span(start, end)
    assert 0 <= begin <= stop <= len(text)
    assert folded.text[start:end] in fold_key(text[begin:stop])


@given(arabic_text)
def test_folding_is_idempotent(text: str) -> None:
    assert fold_key(fold_key(text)) == fold_key(text)


@pytest.mark.parametrize(
    "pattern, text",
    [
        ("عبوة ناسفة", "انفجرت عبوه ناسفه"),
        ("عبوة ناسفة", "انفجرت عبوةٌ ناسفةٌ"),
        ("استهدف(?:ت)?", "استُهدِفت القاعدة"),
        ("إحراق", "احراق الشاحنات"),
        ("تبنى", "تبني فصيل"),
        ("[وف]?قصف", "فقصــف"),
        ("طائرة مسيرة", "طائرة مسيّرة"),
    ],
)
def test_arabic_pattern_matches_every_spelling_that_folds_alike(pattern: str, text: str) -> None:
    assert re.search(arabic_pattern(pattern), text)


@pytest.mark.parametrize("pattern, text", [("قصف", "قصد"), ("عبوة", "عبور"), ("هجوم", "مجموع")])
def test_arabic_pattern_still_tells_different_words_apart(pattern: str, text: str) -> None:
    assert not re.search(arabic_pattern(pattern), text)


@given(arabic_text, st.sampled_from(["استهداف", "عبوة ناسفة", "إحراق", "قتلى", "أمس", "ديالى", "١١"]))
def test_a_pattern_match_is_exactly_a_span_whose_fold_is_the_word(text: str, word: str) -> None:
    """The pattern runs on the stored text, so its offsets are evidence offsets; the text it
    covers folds to the word, and it finds the word wherever the folded text has it."""
    pattern = re.compile(arabic_pattern(re.escape(word)))
    matches = list(pattern.finditer(text))
    for m in matches:
        assert fold_key(text[m.start() : m.end()]) == fold_key(word)
    assert bool(matches) == (fold_key(word) in fold_key(text))


def test_fold_keeps_unassigned_presentation_form_code_points():
    # U+FDDB lies in the presentation-forms block but has no decomposition (found by hypothesis).
    from sitreps.extract.normalise import fold

    assert fold("a\ufddbb").text == "a\ufddbb"
