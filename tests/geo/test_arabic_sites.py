"""The sites Iraqi Arabic reports name (bases, the embassy, airports, crossings, fields, the
highway), in their usual spellings and behind the words and letters Arabic puts before a place:
في, the joined بـ/و/ل, محافظة, قضاء, ناحية, قاعدة/معسكر, منفذ/معبر. And common Arabic words and given
names that GeoNames lists as alternate names of places, which must not place an attack.

Phrases are written for these tests; none is copied from the annotated corpora.
"""

from __future__ import annotations

import csv
import re

import pytest

from sitreps.geo.fold import fold_key
from sitreps.geo.gazetteer import Gazetteer, load_gazetteer
from sitreps.resources import data_path


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def place_ids(gaz: Gazetteer, text: str) -> list[str]:
    return [m.place.id for m in gaz.find(text)]


@pytest.mark.parametrize(
    "phrase, place_id",
    [
        # the US embassy, Green Zone
        ("سقط صاروخ قرب السفارة الأميركية", "cur:us-embassy-baghdad"),
        ("استهداف السفارة الأمريكية في بغداد بطائرة مسيرة", "cur:us-embassy-baghdad"),
        ("هجوم على السفارة الامريكية ببغداد", "cur:us-embassy-baghdad"),
        ("منظومة الدفاع في سفارة واشنطن", "cur:us-embassy-baghdad"),
        ("صافرات الإنذار في المنطقة الخضراء", "cur:green-zone"),
        ("سقط صاروخ بالمنطقة الخضراء", "cur:green-zone"),
        # the bases at Baghdad airport
        ("هجوم بطائرة مسيرة على قاعدة فكتوريا", "cur:victoria-base"),
        ("استهداف قاعدة فيكتوريا الجوية", "cur:victoria-base"),
        ("سقوط صاروخين على معسكر فكتوري", "cur:victory-base"),
        ("في معسكر فيكتوري قرب المطار", "cur:victory-base"),
        ("ثلاثة صواريخ على مطار بغداد الدولي", "cur:biap"),
        ("سقط صاروخ بمطار بغداد", "cur:biap"),
        ("مركز بغداد للدعم الدبلوماسي", "cur:bdsc"),
        # Anbar
        ("عبوة ناسفة في قضاء عانة", "gn:98884"),
        ("هجوم مسلح في عانة غربي الأنبار", "gn:6765385"),
        ("انفجار بعانة", "gn:6765385"),
        ("قصف قاعدة عين الأسد الجوية", "cur:ain-al-asad"),
        ("صواريخ على قاعدة الأسد", "cur:ain-al-asad"),
        ("في عين الاسد", "cur:ain-al-asad"),
        ("استهداف قاعدة التقدم في الحبانية", "cur:al-taqaddum"),
        ("منفذ القائم الحدودي", "cur:al-qaim-crossing"),
        ("معبر القائم مع سوريا", "cur:al-qaim-crossing"),
        ("على طريق منفذ طريبيل", "cur:trebil-crossing"),
        # Baghdad, Saladin, Kirkuk, Nineveh
        ("قاعدة بلد الجوية في صلاح الدين", "cur:balad-air-base"),
        ("في قاعدة البكر الجوية", "cur:balad-air-base"),
        ("بقاعدة التاجي شمالي بغداد", "cur:camp-taji"),
        ("قاعدة كي وان في كركوك", "cur:k1-base"),
        ("قاعدة كيه وان", "cur:k1-base"),
        ("قاعدة كركوك الجوية", "cur:kirkuk-air-base"),
        ("معسكر زليكان التركي", "cur:zilkan-base"),
        ("قاعدة بعشيقة", "cur:zilkan-base"),
        ("منفذ ربيعة", "cur:rabia-crossing"),
        # Kurdistan
        ("هجوم على مطار أربيل الدولي", "cur:erbil-airport"),
        ("بمطار اربيل", "cur:erbil-airport"),
        ("قاعدة حرير الجوية", "cur:harir-air-base"),
        ("القنصلية الأميركية في أربيل", "cur:us-consulate-erbil"),
        ("قصف حقل خورمور", "cur:khor-mor"),
        ("حقل غاز خورمور في جمجمال", "cur:khor-mor"),
        # Basra crossings
        ("منفذ صفوان الحدودي", "cur:safwan-crossing"),
        ("معبر سفوان", "cur:safwan-crossing"),
        ("منفذ جريشان", "cur:jraishan-crossing"),
        ("ميناء أم قصر", "cur:umm-qasr-port"),
        # the highway
        ("على الطريق الدولي السريع", "cur:highway-1"),
    ],
)
def test_arabic_site_names_find_their_site(gaz: Gazetteer, phrase: str, place_id: str) -> None:
    assert place_id in place_ids(gaz, phrase)


@pytest.mark.parametrize(
    "sentence",
    [
        "وهذا ما أعلن عنه المتحدث باسم الخلية",  # عنه: about it (Anah's old spelling)
        "حضر الاجتماع قائد العمليات",  # attended
        "في ذكرى مقتل قاسم سليماني",  # a person, not Qasim district
        "ولي العهد السعودي محمد بن سلمان",
        "إنجاز عظيم للقوات الأمنية",
        "بهدف توفير الأمان للمواطنين",
        "حرية الديانة مكفولة",
        "مشروع طريق الحرير",
        "مدارس رياض الأطفال",
    ],
)
def test_arabic_words_and_given_names_are_not_places(gaz: Gazetteer, sentence: str) -> None:
    assert gaz.find(sentence) == []


@pytest.mark.parametrize("phrase, admin1", [("قضاء الخالص", "Diyala"), ("ناحية قاسم", "Babil")])
def test_a_stop_listed_arabic_name_counts_after_a_place_word(
    gaz: Gazetteer, phrase: str, admin1: str
) -> None:
    assert [m.place.admin1 for m in gaz.find(phrase)] == [admin1]


def _curated_arabic_aliases() -> list[tuple[str, str]]:
    lines = [
        ln
        for ln in data_path("gazetteer", "curated.tsv").read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    ]
    pairs = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        for alias in row["aliases"].split("|"):
            parts = re.split(r"\{([^}]*)\}", alias)
            options = [[p] if i % 2 == 0 else p.split(",") for i, p in enumerate(parts)]
            texts = [""]
            for choice in options:
                texts = [t + c for t in texts for c in choice]
            pairs += [(row["id"], t.strip()) for t in texts if re.search("[\u0600-\u06ff]", t)]
    return pairs


def test_every_curated_arabic_alias_is_in_the_built_tables() -> None:
    """curated.tsv is the source; aliases.tsv is built from it (scripts/build_gazetteer.py)."""
    built = {
        (row[1], row[0])
        for row in (
            ln.split("\t")
            for ln in data_path("gazetteer", "aliases.tsv").read_text(encoding="utf-8").splitlines()[1:]
        )
    }
    missing = [
        (pid, alias) for pid, alias in _curated_arabic_aliases() if (pid, fold_key(alias)) not in built
    ]
    assert missing == []
