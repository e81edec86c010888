import re._constants as sre  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.extract.actors import load_actors, normalise_name
from sitreps.extract.normalise import arabic_pattern
from sitreps.resources import data_path


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("Qasem al-Jabbarin", "Saraya Qasim al-Jabbarin"),
        ("Qasim Al-Jabarin", "Saraya Qasim al-Jabbarin"),
        ("سرية قاصم الجبارين", "Saraya Qasim al-Jabbarin"),
        ("Ashab al-Kahaf", "Ashab al-Kahf"),
        ("Kata'ib Hezbollah", "Kataib Hezbollah"),
        ("Daesh", "Islamic State"),
        ("Iran's Islamic Revolutionary Guard Corps (IRGC)", "Islamic Revolutionary Guard Corps"),
        ("Islamic resistance in Iraq", "Islamic Resistance in Iraq"),
    ],
)
def test_canonical_resolves_spellings(written, canonical):
    assert load_actors().canonical(written) == canonical


def test_canonical_of_unknown_group_is_none():
    assert load_actors().canonical("Brigades of Fury") is None


def test_short_capital_aliases_match_only_as_written():
    table = load_actors()
    assert [m.actor.name for m in table.find("IS fighters attacked; this is what it is")] == ["Islamic State"]


def test_normalise_name_ignores_case_hyphens_and_articles():
    assert normalise_name("The Ashab Al-Kahf") == normalise_name("ashab al kahf")


# --- Arabic names with the proclitics Arabic joins to them -------------------------------------

ARABIC_NAMES = [
    ("داعش", "Islamic State"),
    ("كتائب حزب الله", "Kataib Hezbollah"),
    ("عصائب أهل الحق", "Asaib Ahl al-Haq"),
    ("سرايا أولياء الدم", "Saraya Awliya al-Dam"),
    ("التحالف الدولي", "US-led coalition"),
    ("الحشد الشعبي", "Popular Mobilization Forces"),
    ("الحرس الثوري", "Islamic Revolutionary Guard Corps"),
]


@pytest.mark.parametrize(
    "text, canonical, written",
    [
        ("هجمات لداعش في المنطقة", "Islamic State", "داعش"),
        ("اشتباكات بين الجيش وداعش", "Islamic State", "داعش"),
        ("الإطاحة بداعش", "Islamic State", "داعش"),
        ("فداعش ما زال ينشط", "Islamic State", "داعش"),
        ("خلايا تابعة لتنظيم داعش", "Islamic State", "تنظيم داعش"),
        ("بيان لكتائب حزب الله", "Kataib Hezbollah", "كتائب حزب الله"),
        ("ولكتائب حزب الله سوابق", "Kataib Hezbollah", "كتائب حزب الله"),
        ("وعصائب أهل الحق", "Asaib Ahl al-Haq", "عصائب أهل الحق"),
        ("والتحالف الدولي", "US-led coalition", "التحالف الدولي"),
        ("مستشارون بالتحالف الدولي", "US-led coalition", "التحالف الدولي"),
        ("رتل تابع للتحالف الدولي", "US-led coalition", "لتحالف الدولي"),  # ل + ال = لل
        ("وللحشد الشعبي ألوية", "Popular Mobilization Forces", "لحشد الشعبي"),
        ("عصائبُ أهلِ الحقّ", "Asaib Ahl al-Haq", "عصائبُ أهلِ الحقّ"),  # vowelled
        ("تنظيم داعـش", "Islamic State", "تنظيم داعـش"),  # tatweel
        ("عصائب اهل الحق", "Asaib Ahl al-Haq", "عصائب اهل الحق"),  # bare alef
    ],
)
def test_arabic_names_are_found_after_their_proclitics(text: str, canonical: str, written: str) -> None:
    [mention] = load_actors().find(text)
    assert (mention.actor.name, mention.text) == (canonical, written)
    assert text[mention.start : mention.end] == written


@pytest.mark.parametrize("text", ["عناصر داعشية", "الفكر الداعشي", "تحالف الفتح", "بالتحالفات السياسية"])
def test_words_made_from_a_name_are_not_the_name(text: str) -> None:
    assert load_actors().find(text) == []


@pytest.mark.parametrize(
    "text, names",
    [
        ("تبنت كتائب حزب الله، في بيان، الهجوم", ["Kataib Hezbollah"]),  # Arabic comma after the name
        ("قال ISIS، وداعش", ["Islamic State", "Islamic State"]),
        ("Kataib Hezbollah، said", ["Kataib Hezbollah"]),
    ],
)
def test_arabic_punctuation_ends_a_name(text: str, names: list[str]) -> None:
    assert [m.actor.name for m in load_actors().find(text)] == names


def test_a_name_with_a_proclitic_resolves_to_its_canonical_name() -> None:
    assert load_actors().canonical("لكتائب حزب الله") == "Kataib Hezbollah"


@given(
    name=st.sampled_from(ARABIC_NAMES),
    conjunction=st.sampled_from(["", "و", "ف"]),
    preposition=st.sampled_from(["", "ب", "ك", "ل"]),
    before=st.sampled_from(["", "قال مصدر إن ", "، "]),
    after=st.sampled_from(["", " في بيان", "، "]),
)
def test_any_proclitic_before_any_arabic_name_is_matched_and_left_out_of_the_span(
    name: tuple[str, str], conjunction: str, preposition: str, before: str, after: str
) -> None:
    written, canonical = name
    joined = preposition + written
    if preposition == "ل" and written.startswith("ال"):
        joined = "ل" + written[1:]  # the article's alef is not written after ل
    text = before + conjunction + joined + after
    [mention] = load_actors().find(text)
    assert mention.actor.name == canonical
    assert text[mention.start : mention.end] == mention.text
    # the span starts right after the proclitics: at the name, or at the article's ل after ل
    assert mention.text == joined[len(preposition) :]
    assert mention.start == len(before) + len(conjunction) + len(preposition)


def _code_points(items: list) -> set[int]:
    """Every code point a parsed pattern can consume (literals, classes and ranges, nested)."""
    found: set[int] = set()
    for op, value in items:
        if op is sre.LITERAL:
            found.add(value)
        elif op is sre.IN:
            for set_op, set_value in value:
                if set_op is sre.LITERAL:
                    found.add(set_value)
                elif set_op is sre.RANGE:
                    found.update(range(set_value[0], set_value[1] + 1))
                else:
                    raise AssertionError(f"an Arabic letter's spelling uses {set_op}")
        elif op is sre.SUBPATTERN:
            found |= _code_points(list(value[-1]))
        elif op is sre.BRANCH:
            for branch in value[1]:
                found |= _code_points(list(branch))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            found |= _code_points(list(value[2]))
    return found


ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFEFF))


def test_every_spelling_of_an_arabic_letter_is_in_the_arabic_blocks() -> None:
    """Arabic names are looked for only in text that holds an Arabic-script character: every
    spelling the patterns accept for a letter of a name must be one."""
    actors = tomllib.loads(data_path("lexicons", "actors.toml").read_text(encoding="utf-8"))["actor"]
    names = [alias for actor in actors for alias in actor.get("aliases", [])]
    letters = {char for name in names for char in name if "\u0600" <= char <= "\u06ff"}
    assert len(letters) > 20
    for letter in letters:
        for code in _code_points(list(sre_parse.parse(arabic_pattern(letter)))):
            assert any(low <= code <= high for low, high in ARABIC_BLOCKS), (letter, hex(code))


def test_latin_text_is_not_searched_for_arabic_names_and_arabic_text_is() -> None:
    actors = load_actors()
    assert [m.actor.name for m in actors.find("Kataib Hezbollah claimed it")] == ["Kataib Hezbollah"]
    assert {m.actor.name for m in actors.find("تبنت كتائب حزب الله الهجوم")} == {"Kataib Hezbollah"}
