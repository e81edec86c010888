"""Place mentions in real report sentences: whole words, longest first, and not the English words
or people's names that GeoNames also lists as places."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.geo.gazetteer import Gazetteer, load_gazetteer

GAZ = load_gazetteer()


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return GAZ


@pytest.mark.parametrize(
    ("sentence", "mentions"),
    [
        (
            "The blast reportedly targeted a convoy near the Jraischan crossing on the Iraq-Kuwait border",
            ["Jraischan crossing", "Iraq", "Kuwait"],
        ),
        ("an explosive device (IED) in al-Batha district in Dhi Qar governorate", ["al-Batha", "Dhi Qar"]),
        ("on the Yusufiya road south of the capital, Baghdad", ["Yusufiya road", "Baghdad"]),
        ("attacked on the Al Diwaniyah–Basra highway.", ["Al Diwaniyah–Basra highway"]),
        ("Drones target Iraq’s Ain Al-Asad air base, no casualties", ["Iraq", "Ain Al-Asad air base"]),
        ("Rockets that targeted Zilkan miltary base in Nineveh", ["Zilkan", "Nineveh"]),
        (
            "Khor Mor gas plant in Chamchamal district, Sulaimani province",
            ["Khor Mor gas plant", "Chamchamal district", "Sulaimani"],
        ),
        ("near the U.S. Embassy in Baghdad (Green Zone)", ["U.S. Embassy in Baghdad", "Green Zone"]),
        ("في مدينتي السماوة واللطيفية", ["السماوة", "اللطيفية"]),
        ("الطريق السريع الدولي ضمن محافظة الديوانية", ["الطريق السريع الدولي", "الديوانية"]),
    ],
)
def test_mentions_in_report_sentences(gaz: Gazetteer, sentence: str, mentions: list[str]) -> None:
    assert [m.text for m in gaz.find(sentence)] == mentions


def test_the_longest_name_wins(gaz: Gazetteer) -> None:
    (mention,) = gaz.find("Rockets hit Camp Taji on Monday")
    assert mention.text == "Camp Taji" and mention.place.kind == "base"


def test_an_arabic_name_after_a_clitic_is_found(gaz: Gazetteer) -> None:
    (mention,) = gaz.find("انفجار بالديوانية")
    assert mention.text == "الديوانية" and mention.place.admin1 == "Al-Qadisiyah"


def test_an_ambiguous_name_keeps_its_other_readings(gaz: Gazetteer) -> None:
    (mention,) = gaz.find("a convoy near Hindiyah")
    assert {p.admin1 for p in (mention.place, *mention.candidates)} >= {"Karbala", "Babil"}


@pytest.mark.parametrize(
    "sentence",
    [
        "A roadside bomb hit the convoy as part of a campaign, more than once.",
        "Hit By Rockets, Base Reports No Casualties",
        "The bus was hit, said the officer, near the Quds Force office.",
        "Influential Iraqi cleric Muqtada al-Sadr on Friday urged an investigation",
        "Defense Secretary Lloyd Austin said the attack was reckless.",
        "Car bomb kills three; the van was later found.",
        "the southern provinces saw power cuts",
        "Reporting by Hozan Zubeir",
        # a title and a given name before another name is a man, not Sheikh Saad town in Wasit
        "Tribal leader Sheikh Saad al-Rubaie was wounded in the attack.",
        "The academy is named after the late emir, Sheikh Saad Al-Abdullah.",
        "قال الشيخ سعد الحميداوي إن الهجوم استهدف منزله.",
    ],
)
def test_english_words_and_people_are_not_places(gaz: Gazetteer, sentence: str) -> None:
    assert gaz.find(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "admin1"),
    [("He now works in construction in the city of Hit.", "Anbar"), ("a base in Hit district", "Anbar")],
)
def test_a_stop_listed_name_counts_beside_a_place_word(gaz: Gazetteer, sentence: str, admin1: str) -> None:
    (mention,) = gaz.find(sentence)
    assert mention.text.startswith("Hit") and mention.place.admin1 == admin1


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("A roadside bomb struck a supply convoy in Sheikh Saad, in Wasit province.", "Sheikh Saad"),
        ("An explosive device hit a truck on the highway near Shaykh Sa'd district.", "Shaykh Sa'd"),
        ("انفجرت عبوة ناسفة على رتل للدعم اللوجستي في ناحية الشيخ سعد.", "ناحية الشيخ سعد"),
    ],
)
def test_sheikh_saad_is_a_town_in_wasit(gaz: Gazetteer, sentence: str, name: str) -> None:
    (mention, *_) = gaz.find(sentence)
    assert mention.text == name and (mention.place.name, mention.place.admin1) == ("Sheikh Saad", "Wasit")


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("ISIS militants attacked an army post in the Hamrin mountains on Monday.", "Hamrin mountains"),
        ("Militants hiding in Jabal Hamrin opened fire on a checkpoint.", "Jabal Hamrin"),
        ("remnants of the group in the Himreen mountain range", "Himreen mountain range"),
        ("هاجم عناصر من داعش نقطة للجيش في جبال حمرين.", "جبال حمرين"),
    ],
)
def test_the_hamrin_mountains_are_found_under_their_spellings(
    gaz: Gazetteer, sentence: str, name: str
) -> None:
    (mention,) = gaz.find(sentence)
    assert mention.text == name and mention.place.name == "Hamrin Mountains"


def test_lower_case_matches_only_names_that_are_not_words(gaz: Gazetteer) -> None:
    assert [m.text for m in gaz.find("tags: a rocket hit a mosul market, turkey, iraq")] == ["mosul", "iraq"]


NAMES = ["Baghdad", "al-Batha", "Thi Qar", "Hit", "ديالى", "Camp Taji", "Kuwait", "Diwaniyah-Basra highway"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(NAMES), st.text(max_size=12)), max_size=12).map(" ".join))
def test_find_never_fails_and_every_mention_quotes_the_text(text: str) -> None:
    previous_end = 0
    for mention in GAZ.find(text):
        assert text[mention.start : mention.end] == mention.text
        assert previous_end <= mention.start < mention.end
        previous_end = mention.end


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_find_never_fails_on_any_text(text: str) -> None:
    for mention in GAZ.find(text):
        assert text[mention.start : mention.end] == mention.text
