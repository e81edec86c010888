"""Names to places: lookups, mentions in real report sentences, and the words that are not places."""

from __future__ import annotations

import pytest

from sitreps.geo.gazetteer import Gazetteer, load_gazetteer
from sitreps.model import PlaceLevel

GAZ = load_gazetteer()


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return GAZ


@pytest.mark.parametrize(
    ("name", "admin1"),
    [
        ("Diwaniyah", "Al-Qadisiyah"),
        ("Diwaniya", "Al-Qadisiyah"),
        ("Ad Diwaniyah", "Al-Qadisiyah"),
        ("Qadisiyyah", "Al-Qadisiyah"),
        ("Thi Qar", "Dhi Qar"),
        ("Zi Qar", "Dhi Qar"),
        ("Dhi-Qar", "Dhi Qar"),
        ("Nasiriya", "Dhi Qar"),
        ("Naseriyah", "Dhi Qar"),
        ("Samawa", "Muthanna"),
        ("Al-Samawah", "Muthanna"),
        ("Al Muthanna", "Muthanna"),
        ("Slemani", "Sulaymaniyah"),
        ("Sulaimani", "Sulaymaniyah"),
        ("Suleimaniyah", "Sulaymaniyah"),
        ("Irbil", "Erbil"),
        ("Hawler", "Erbil"),
        ("Ninawa", "Nineveh"),
        ("Salah al-Din", "Saladin"),
        ("Salahuddin", "Saladin"),
        ("Hillah", "Babil"),
        ("Babylon", "Babil"),
        ("Al-Anbar", "Anbar"),
        ("Dohuk", "Duhok"),
        ("Sidakan", "Erbil"),
        ("ancient city of Ur", "Dhi Qar"),
        ("Sidekan district", "Erbil"),
        ("سيدكان", "Erbil"),
        ("Karkuk", "Kirkuk"),
        ("Basrah", "Basra"),
        ("Falluja", "Anbar"),
        ("Khanaqin", "Diyala"),
        ("Jraischan", "Basra"),
        ("Jurayshan", "Basra"),
        ("Zlikan", "Nineveh"),
        ("Qarachokh", "Erbil"),
        ("Khidir Jija", "Erbil"),
        ("Latifiyah", "Baghdad"),
        ("Yusufiya", "Baghdad"),
        ("Tarmiya", "Baghdad"),
        ("Makhmour", "Erbil"),
        ("Halabja", "Halabja"),
        ("الديوانية", "Al-Qadisiyah"),
        ("ذي قار", "Dhi Qar"),
        ("السماوة", "Muthanna"),
        ("البصرة", "Basra"),
        ("المثنى", "Muthanna"),
        ("بغداد", "Baghdad"),
    ],
)
def test_spellings_in_reports_resolve_to_their_governorate(gaz: Gazetteer, name: str, admin1: str) -> None:
    place = gaz.lookup(name)
    assert place is not None and place.country == "IQ" and place.admin1 == admin1


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Kuwait", "KW"),
        ("Syria", "SY"),
        ("Damascus", "SY"),
        ("Tehran", "IR"),
        ("Washington", "US"),
        ("Riyadh", "SA"),
        ("Amman", "JO"),
        ("Ankara", "TR"),
        ("العراق", "IQ"),
        ("al-Tanf", "SY"),
    ],
)
def test_places_outside_iraq_resolve_outside_iraq(gaz: Gazetteer, name: str, country: str) -> None:
    place = gaz.lookup(name)
    assert place is not None and place.country == country


def test_a_bare_city_name_is_the_city_and_the_others_are_candidates(gaz: Gazetteer) -> None:
    found = gaz.candidates("Basra")
    assert found[0].level is PlaceLevel.LOCALITY and found[0].lat is not None
    assert any(p.level is PlaceLevel.ADMIN1 for p in found[1:])


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Al-Qadisiyah", "Al-Qadisiyah"),
        ("Diwaniyah province", "Al-Qadisiyah"),
        ("Thi Qar", "Dhi Qar"),
        ("Babil Governorate", "Babil"),
        ("Ninewa", "Nineveh"),
        ("محافظة ديالى", "Diyala"),
    ],
)
def test_governorate_accepts_aliases_and_the_province_word(gaz: Gazetteer, name: str, canonical: str) -> None:
    found = gaz.governorate(name)
    assert found is not None and found.admin1 == canonical and found.level is PlaceLevel.ADMIN1


def test_governorate_of_a_town_is_none_when_the_name_is_no_governorate(gaz: Gazetteer) -> None:
    assert gaz.governorate("Khanaqin") is None


def test_containment_runs_country_governorate_district_town(gaz: Gazetteer) -> None:
    iraq, diyala = gaz.country("IQ"), gaz.governorate("Diyala")
    town = gaz.lookup("Khanaqin")
    district = gaz.lookup("Khanaqin district")
    assert iraq and diyala and town and district
    assert gaz.contains(iraq, diyala) and gaz.contains(diyala, district) and gaz.contains(district, town)
    assert not gaz.contains(town, diyala)
    assert not gaz.contains(gaz.governorate("Basra"), town)


def test_a_region_contains_the_places_of_its_governorates(gaz: Gazetteer) -> None:
    region, erbil, basra = gaz.lookup("Kurdistan Region"), gaz.lookup("Erbil"), gaz.lookup("Basra")
    assert region and erbil and basra
    assert gaz.contains(region, erbil) and not gaz.contains(region, basra)


def test_distance_between_baghdad_and_basra(gaz: Gazetteer) -> None:
    km = gaz.distance_km(gaz.get("gn:98182"), gaz.get("gn:99532"))
    assert km is not None and 440 < km < 470
    assert gaz.distance_km(gaz.get("gn:98182"), gaz.governorate("Baghdad")) is None


def test_get_an_unknown_id_says_which(gaz: Gazetteer) -> None:
    with pytest.raises(KeyError, match="gn:0"):
        gaz.get("gn:0")


def test_every_governorate_is_drawn_at_its_capital(gaz: Gazetteer) -> None:
    for governorate in [p for p in gaz.places() if p.kind == "governorate"]:
        seat = gaz.seat(governorate.admin1 or "")
        assert seat is not None and seat.admin1 == governorate.admin1 and seat.level is PlaceLevel.LOCALITY
        assert gaz.governorate_point("IQ", governorate.admin1 or "") == (seat.lat, seat.lon)
    assert gaz.governorate_point("SY", "Anbar") is None
