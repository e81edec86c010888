import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.extract.actors import load_actors, normalise_name


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
