"""Where a report's words place an incident: real phrases from the annotated corpora."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.geo.gazetteer import load_gazetteer
from sitreps.geo.locate import LocatedPlace, locate, read_places
from sitreps.model import PlaceLevel

GAZ = load_gazetteer()


def where(text: str) -> LocatedPlace | None:
    return locate(text, GAZ.find(text), GAZ)


@pytest.mark.parametrize(
    ("phrase", "admin1"),
    [
        ("a convoy near the Jraischan crossing", "Basra"),
        ("an explosive device (IED) in al-Batha district in Dhi Qar governorate", "Dhi Qar"),
        ("on the Yusufiya road south of the capital, Baghdad", "Baghdad"),
        ("Diwaniyah", "Al-Qadisiyah"),
        ("Thi Qar", "Dhi Qar"),
        ("The second was struck later on in the Latifiya region on the outskirts of Baghdad", "Baghdad"),
        ("Missiles hit Khor Mor gas field in northern Iraq", "Sulaymaniyah"),
        ("One person died when Zilkan base was targeted in late May.", "Nineveh"),
        ("Drones target Iraq’s Ain Al-Asad air base, no casualties", "Anbar"),
        ("an attack carried out by ISIS on Makhmour district, south of the capital", "Erbil"),
        ("wounded in an ISIS attack on the outskirts of Khanaqin", "Diyala"),
        ("Irbil attack: Missiles from Iran hit", "Erbil"),
        ("A convoy was targeted by a roadside bomb in Iraq's Basra province on 27 December.", "Basra"),
        ("in Iraq's southern province of Dhi Qar", "Dhi Qar"),
        (
            "one convoy was hit in the southern province of Muthanna after it had crossed into Iraq",
            "Muthanna",
        ),
        ("a convoy in the Diwaniyah area of Qadisiyyah Governorate", "Al-Qadisiyah"),
        ("attacks on the US logistics convoy in the Babil international road", "Babil"),
        ("the international road in Diwaniyah", "Al-Qadisiyah"),
        ("along the same road further south in Al Muthanna Governorate", "Muthanna"),
        ("gunmen attacked three trucks south of Baghdad", "Baghdad"),
        ("near the U.S. Embassy in Baghdad (Green Zone)", "Baghdad"),
        ("Rockets hit Baghdad airport compound", "Baghdad"),
        ("a base in Al-Azim district, Diyala Governorate", "Diyala"),
        ("a security post on the outskirts of al-Miqdadiyah district in northwest Diyala", "Diyala"),
        ("a Federal Police detachment on the Kirkuk-Daquq road", "Kirkuk"),
        ("ISIS militants raided the sub-district’s Safsaf village", "Diyala"),
        ("near the village of Shalal al-Matar, a federal police officer said", "Kirkuk"),
        ("their patrol vehicle passed through farmland in Tarmiya.", "Baghdad"),
        ("a barrage of missiles that hit near the U.S. consulate in Erbil", "Erbil"),
        ("the Turkish Zlikan military base, located in Bashiqa district", "Nineveh"),
        ("the Shekhan district of the country's Duhok governorate", "Duhok"),
        (
            "an uncrewed aerial vehicle (UAV) bombed the Pirmam highway of the northern Erbil province",
            "Erbil",
        ),
        ("An explosion has rocked a convoy in Iraq near the border with Kuwait", "Basra"),
        ("#BREAKING: Explosion Reported at Iraqi-Kuwaiti Border Near US Military Base", "Basra"),
        ("استهدف هجوم صاروخي مطار بغداد الدولي", "Baghdad"),
        ("حقل خورمور، منطقة قادر كرم، قضاء جمجمال، محافظة السليمانية", "Sulaymaniyah"),
        ("مصفاة نفط كاوركوسك، شمال غرب أربيل", "Erbil"),
    ],
)
def test_report_phrases_place_the_incident_in_its_governorate(phrase: str, admin1: str) -> None:
    found = where(phrase)
    assert found is not None and found.country == "IQ" and admin1 in found.governorates()
    assert found.admin1 == admin1 or found.admin1 is None


@pytest.mark.parametrize(
    ("phrase", "country"), [("Kuwait", "KW"), ("Damascus", "SY"), ("an attack on al-Tanf garrison", "SY")]
)
def test_places_abroad_stay_abroad(phrase: str, country: str) -> None:
    found = where(phrase)
    assert found is not None and found.country == country


def test_between_two_towns_gives_both_governorates() -> None:
    found = where("The trucks were targeted between Diwaniya and Samawah.")
    assert found is not None
    assert (found.admin1, found.admin1_alt, found.note) == ("Al-Qadisiyah", ("Muthanna",), "between")
    assert found.precision is PlaceLevel.ADMIN1


def test_a_road_across_governorates_names_none_unless_the_text_does() -> None:
    found = where("it was attacked on the Al Diwaniyah–Basra highway.")
    assert found is not None and found.place.kind == "road" and found.admin1 is None
    assert set(found.admin1_alt) >= {"Al-Qadisiyah", "Basra"}


def test_a_road_named_by_two_towns_takes_their_governorates() -> None:
    found = where("a convoy on the Baghdad-Kut road")
    assert found is not None and found.note == "road" and set(found.governorates()) == {"Baghdad", "Wasit"}


def test_near_a_town_is_its_governorate_at_governorate_precision() -> None:
    found = where("rockets landed near Basra")
    assert found is not None
    assert (found.place.level, found.precision, found.note) == (PlaceLevel.ADMIN1, PlaceLevel.ADMIN1, "near")


def test_a_possessive_city_names_the_governorate_of_the_place_after_it() -> None:
    found = where("an ISIS attack on an army post in Kirkuk's Daquq district late on Saturday")
    assert found is not None and found.place.name == "Daquq District" and found.admin1 == "Kirkuk"
    readings = {r.place.name: r.note for r in read_places("in Kirkuk's Daquq district", GAZ.find("in Kirkuk's Daquq district"), GAZ)}
    assert readings["Kirkuk"] == "province"


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("A drone struck near the Iraqi airport in Erbil late on Wednesday", "Erbil International Airport"),
        ("rockets hit the airport of Basra", "Basra International Airport"),
    ],
)
def test_the_airport_in_a_town_is_the_town_s_airport(text: str, site: str) -> None:
    found = where(text)
    assert found is not None and found.place.name == site and found.precision is PlaceLevel.SITE


def test_the_governor_of_a_city_names_its_governorate() -> None:
    for text in ("The governor of Erbil said the village was attacked", "Basra governor Asaad al-Eidani said"):
        found = where(text)
        assert found is not None and found.precision is PlaceLevel.ADMIN1 and found.note == "province"


@pytest.mark.parametrize(
    "text",
    [
        "the wounded were transferred to Erbil hospitals",
        "the injured soldiers were rushed to Kirkuk for treatment",
        "two of them were evacuated to Baghdad",
    ],
)
def test_where_the_wounded_were_taken_places_nothing(text: str) -> None:
    assert where(text) is None


def test_a_city_named_after_the_region_it_is_capital_of_is_a_reference_point() -> None:
    text = "an attack on Makhmour district, south of the capital of the Kurdistan Region of Iraq (KRG), Erbil"
    found = where(text)
    assert found is not None and found.place.name == "Makhmur District"
    readings = {r.place.name: r.note for r in read_places(text, GAZ.find(text), GAZ)}
    assert readings["Erbil"] == "near"


def test_near_a_base_is_still_the_base() -> None:
    found = where("rockets landed near the Ain al-Asad air base")
    assert found is not None and found.place.kind == "base" and found.note == "near"


def test_a_border_named_only_by_a_long_neighbour_lists_every_governorate() -> None:
    found = where("clashes near the Syrian border")
    assert found is not None and found.admin1 is None and set(found.admin1_alt) == {"Anbar", "Nineveh"}


@pytest.mark.parametrize(
    ("phrase", "admin1", "span"),
    [
        ("rockets fell near the Kuwaiti frontier", "Basra", "Kuwaiti frontier"),
        ("a convoy near the Iranian borders was hit", None, "Iranian borders"),
    ],
)
def test_a_border_named_by_its_adjective(phrase: str, admin1: str | None, span: str) -> None:
    found = where(phrase)
    assert found is not None and found.note == "border" and found.admin1 == admin1
    assert phrase[found.span[0] : found.span[1]] == span


def test_a_disputed_district_lists_both_claimants() -> None:
    found = where("the village of Khedr Jija in the Qarachokh plain in Makhmour district")
    assert found is not None and found.place.name == "Khidir Jija"
    assert (found.admin1, found.admin1_alt) == ("Erbil", ("Nineveh",))


def test_the_hamrin_range_lists_its_governorates_unless_the_text_names_one() -> None:
    found = where("ISIS militants attacked an army post in the Hamrin mountains")
    assert found is not None and found.place.kind == "mountain" and found.precision is PlaceLevel.ADMIN2
    assert (found.admin1, set(found.admin1_alt)) == (None, {"Diyala", "Saladin", "Kirkuk"})
    named = where("an IED exploded in the Hamrin mountains of Diyala province")
    assert named is not None and named.place.name == "Hamrin Mountains" and named.admin1 == "Diyala"


def test_near_sheikh_saad_is_wasit() -> None:
    found = where("a roadside bomb struck a convoy near Sheikh Saad on the Kut-Amara road")
    assert found is not None and found.admin1 == "Wasit"


def test_an_embassy_in_another_country_is_not_the_baghdad_embassy() -> None:
    found = where("the US Embassy in Kuwait refrained from confirming the incident")
    assert found is not None and found.country == "KW"


def test_an_ambiguous_town_takes_the_governorate_the_text_names() -> None:
    found = where("a blast in Hindiyah, in Babil province")
    assert found is not None and found.admin1 == "Babil" and found.place.level is PlaceLevel.LOCALITY


def test_the_span_quotes_the_words_used() -> None:
    text = "Gunmen attacked three trucks south of Baghdad on Saturday"
    found = where(text)
    assert found is not None and text[found.span[0] : found.span[1]] == "south of Baghdad"


def test_a_window_reads_only_its_own_mentions() -> None:
    text = "Rockets hit Erbil on Monday. A day later a bomb struck a convoy near Basra."
    second = text.index("A day")
    found = locate(text, GAZ.find(text), GAZ, start=second)
    assert found is not None and found.admin1 == "Basra" and found.span[0] > second


def test_no_place_named_gives_none() -> None:
    assert where("A roadside bomb hit the convoy, officials said.") is None


def test_every_reading_is_listed_in_text_order() -> None:
    text = "in al-Batha district in Dhi Qar governorate"
    readings = read_places(text, GAZ.find(text), GAZ)
    assert [r.note for r in readings] == ["district", "province"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "near",
                    "Basra",
                    "province",
                    "between",
                    "and",
                    "Kuwait",
                    "border",
                    "road",
                    "Diwaniya",
                    "-",
                    "Samawah",
                    "in",
                    "Baghdad",
                ]
            ),
            st.text(max_size=8),
        ),
        max_size=14,
    ).map(" ".join)
)
def test_locate_never_fails_and_its_span_is_inside_the_text(text: str) -> None:
    found = where(text)
    if found is not None:
        assert 0 <= found.span[0] <= found.span[1] <= len(text)
