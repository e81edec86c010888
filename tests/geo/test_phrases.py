"""Reading the words beside a place name (data/gazetteer/phrases.toml)."""

from __future__ import annotations

import pytest

from sitreps.geo.fold import fold
from sitreps.geo.phrases import PhraseContext, phrase_rules, strip_fillers

RULES = phrase_rules()


def context(text: str, name: str) -> PhraseContext:
    folded = fold(text)
    start = folded.text.index(name)
    return PhraseContext(folded, start, start + len(name))


@pytest.mark.parametrize(
    ("text", "name", "cue"),
    [
        ("Iraq's southern province of Dhi Qar", "dhi qar", "province of "),
        ("in the Governorate of Babil", "babil", "governorate of "),
        ("محافظة ديالى", "ديالي", "محافظه "),
    ],
)
def test_a_governorate_word_before_the_name(text: str, name: str, cue: str) -> None:
    c = context(text, name)
    found = c.cue_before(RULES.governorate_before)
    assert found is not None and c.folded.text[found : c.start] == cue


@pytest.mark.parametrize(
    "text",
    ["rockets landed on the outskirts of Khanaqin", "20 km south of the city of Khanaqin", "near Khanaqin"],
)
def test_near_words_reach_over_fillers(text: str) -> None:
    assert context(text, "khanaqin").cue_before(RULES.near_before, RULES.near_fillers) is not None


def test_a_cue_must_be_a_whole_word() -> None:
    assert context("the subnear Khanaqin", "khanaqin").cue_before(RULES.near_before) is None
    assert context("Babil provinces-wide", "babil").cue_after(RULES.governorate_after) is None


def test_road_words_after_the_name() -> None:
    c = context("on the Diwaniyah highway in southern Iraq", "diwaniyah")
    end = c.cue_after(RULES.road_after)
    assert end is not None and c.folded.text[c.end : end] == " highway"


def test_fillers_are_stripped_from_the_end_only() -> None:
    assert strip_fillers("south of the capital,", RULES.near_fillers) == "south of"
    assert strip_fillers("outskirts of the city of", RULES.near_fillers) == "outskirts of"
    assert strip_fillers("bathe", RULES.near_fillers) == "bathe"
