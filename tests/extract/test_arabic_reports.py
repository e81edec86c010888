"""Arabic reports through the whole extractor: sentences, dates, places, every field with its
evidence in the Arabic text, and an Arabic and an English report of one attack in one incident.

The articles are written for these tests in the style of Iraqi outlets; none comes from the
annotated corpora.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from sitreps.extract import extract_reports
from sitreps.extract.dates import find_dates, infer_year
from sitreps.extract.sentences import split_sentences
from sitreps.geo.gazetteer import load_gazetteer
from sitreps.geo.locate import locate
from sitreps.model import Article, AttackType, DateValue, Precision, Report, Role, Target, content_id
from sitreps.pipeline import EXTRACTED_LANGUAGES, analyse, run
from sitreps.resources import load_resources
from sitreps.settings import load_settings
from sitreps.store.store import Store, open_store

CONVOY_IN_MUTHANNA = (
    "عبوة ناسفة تستهدف رتلاً للتحالف الدولي في المثنى\n"
    "أفاد مصدر أمني، مساء الأحد، بأن عبوة ناسفة انفجرت على رتل دعم لوجستي للتحالف الدولي على "
    "الطريق الدولي في قضاء الرميثة بمحافظة المثنى، دون وقوع إصابات.\n"
    "وأضاف المصدر أن الانفجار ألحق أضراراً بإحدى عجلات الرتل.\n"
    'وتبنى فصيل يطلق على نفسه "سرايا ثأر المهندس" الهجوم في بيان نشره على تلغرام.'
)
ROCKETS_ON_BALAD = (
    "أعلنت خلية الإعلام الأمني سقوط ثلاثة صواريخ كاتيوشا على قاعدة بلد الجوية في محافظة صلاح الدين "
    "يوم ١٢ كانون الثاني ٢٠٢٠، ما أدى إلى إصابة جنديين عراقيين.\n"
    "ولم تعلن أي جهة مسؤوليتها عن الهجوم."
)
CONVOY_IN_MUTHANNA_EN = (
    "A roadside bomb struck a logistics convoy of the US-led coalition on Sunday evening on the "
    "international highway in Rumaitha district of Muthanna province, a security source said.\n"
    "No casualties were reported."
)


def article(text: str, published: date | None, language: str = "ar") -> Article:
    return Article(
        id=content_id(text), source="test", raw_text=text, text=text, published=published, language=language
    )


def only_report(text: str, published: date | None) -> tuple[Article, Report]:
    a = article(text, published)
    reports = extract_reports(a, load_resources())
    assert len(reports) == 1
    return a, reports[0]


def evidence(a: Article, fact: object) -> str:
    spans = fact.evidence  # type: ignore[attr-defined]
    assert all(a.text[s.start : s.end] == s.text for s in spans)  # every span points into the text
    return spans[0].text if spans else ""


def test_an_arabic_convoy_bombing_gives_every_field_with_arabic_evidence() -> None:
    a, report = only_report(CONVOY_IN_MUTHANNA, date(2021, 5, 24))  # a Monday
    assert report.role is Role.MAIN
    assert (report.attack_type.value, evidence(a, report.attack_type)) == ("ied", "عبوة ناسفة")
    assert (report.target.value, report.target_owner.value) == ("convoy", "coalition")
    assert report.date.value == DateValue(date(2021, 5, 23), Precision.DAY)
    assert evidence(a, report.date) == "مساء الأحد"
    assert report.place.value is not None and report.place.value.admin1 == "Muthanna"
    assert (report.killed.value, report.injured.value) == (0, 0)
    assert evidence(a, report.killed) == "دون وقوع إصابات"
    assert (report.claimed_by.value, evidence(a, report.claimed_by)) == (
        "سرايا ثأر المهندس",
        "سرايا ثأر المهندس",
    )


def test_an_arabic_statement_with_arabic_indic_digits_and_no_claim() -> None:
    a, report = only_report(ROCKETS_ON_BALAD, None)
    assert (report.attack_type.value, report.target.value) == ("rocket", "base")
    assert report.date.value == DateValue(date(2020, 1, 12), Precision.DAY)
    assert report.place.value is not None and report.place.value.admin1 == "Saladin"
    assert (report.killed.value, report.injured.value) == (None, 2)
    assert (
        report.claimed_by.value is None
        and evidence(a, report.claimed_by) == "ولم تعلن أي جهة مسؤوليتها عن الهجوم."
    )


def test_two_convoys_in_two_cities_are_two_incidents() -> None:
    text = (
        "تبنى فصيل أصحاب الكهف استهداف رتلين للتحالف الدولي بعبوتين ناسفتين في مدينتي الناصرية "
        "والديوانية، الثلاثاء (٣ آب ٢٠٢١)."
    )
    reports = extract_reports(article(text, date(2021, 8, 3)), load_resources())
    assert sorted(r.place.value.admin1 for r in reports if r.place.value) == ["Al-Qadisiyah", "Dhi Qar"]
    assert {r.claimed_by.value for r in reports} == {"Ashab al-Kahf"}


DRONE_ON_VICTORIA = (
    "هجوم بطائرة مسيرة على قاعدة فكتوريا في بغداد\n"
    "أفادت مصادر أمنية، فجر اليوم الأحد، بأن طائرة مسيرة مفخخة استهدفت قاعدة فكتوريا التي تضم مستشارين "
    "للتحالف الدولي قرب مطار بغداد الدولي، من دون أن تسفر عن إصابات.\n"
    "وأضافت المصادر أن منظومة الدفاع الجوي أسقطت طائرة ثانية.\n"
    "وتبنت المقاومة الإسلامية في العراق، في بيان، الهجوم."
)
PATROL_IN_ANAH = (
    "مقتل جنديين بتفجير عبوة ناسفة في قضاء عانة\n"
    "قتل جنديان من الجيش العراقي وأصيب ثلاثة آخرون، مساء الجمعة، بانفجار عبوة ناسفة استهدفت دوريتهم "
    "في قضاء عانة غربي محافظة الأنبار.\n"
    "ولم تعلن أي جهة مسؤوليتها، فيما تنشط خلايا لداعش في صحراء المحافظة."
)
ROCKETS_NEAR_THE_EMBASSY = (
    "سقطت ثلاثة صواريخ كاتيوشا، الليلة الماضية، قرب السفارة الأميركية في المنطقة الخضراء وسط بغداد، "
    "دون وقوع إصابات، بحسب ما أعلنت خلية الإعلام الأمني."
)


def test_a_drone_on_victoria_base_claimed_by_a_group_written_after_a_comma() -> None:
    a, report = only_report(DRONE_ON_VICTORIA, date(2022, 1, 30))  # a Sunday
    assert report.attack_type.value == "drone"
    assert report.place.value is not None and (report.place.value.id, report.place.value.admin1) == (
        "cur:victoria-base",
        "Baghdad",
    )
    assert report.date.value == DateValue(date(2022, 1, 30), Precision.DAY)
    assert (report.killed.value, report.injured.value) == (0, 0)
    assert (report.claimed_by.value, evidence(a, report.claimed_by)) == (
        "Islamic Resistance in Iraq",
        "المقاومة الإسلامية في العراق",
    )


def test_a_patrol_bombing_in_anah_counts_the_dead_and_wounded_and_no_claim() -> None:
    a, report = only_report(PATROL_IN_ANAH, date(2022, 1, 30))
    assert (report.attack_type.value, report.target.value) == ("ied", "other")
    assert report.place.value is not None and report.place.value.admin1 == "Anbar"
    assert evidence(a, report.place) == "قضاء عانة"
    assert report.date.value == DateValue(date(2022, 1, 28), Precision.DAY)  # مساء الجمعة
    assert (report.killed.value, report.injured.value) == (2, 3)
    assert report.claimed_by.value is None  # "خلايا لداعش" is where IS is active, not a claim


def test_rockets_near_the_us_embassy_last_night() -> None:
    _, report = only_report(ROCKETS_NEAR_THE_EMBASSY, date(2022, 1, 30))
    assert (report.attack_type.value, report.target.value, report.target_owner.value) == ("rocket", "embassy", "US")
    assert report.place.value is not None and report.place.value.admin1 == "Baghdad"
    assert report.date.value == DateValue(date(2022, 1, 29), Precision.DAY)
    assert (report.killed.value, report.injured.value) == (0, 0)


@pytest.mark.parametrize(
    "phrase, published, day, precision",
    [
        ("مساء الأحد", date(2021, 5, 24), date(2021, 5, 23), Precision.DAY),
        ("فجر اليوم", date(2021, 5, 24), date(2021, 5, 24), Precision.DAY),
        ("أمس الجمعة", date(2022, 6, 25), date(2022, 6, 24), Precision.DAY),
        ("يوم الأربعاء الماضي", date(2022, 6, 25), date(2022, 6, 22), Precision.DAY),
        ("١٢ كانون الثاني ٢٠٢٠", None, date(2020, 1, 12), Precision.DAY),
        ("الخميس (10 كانون الاول 2020)", None, date(2020, 12, 10), Precision.DAY),
        ("28 يناير", date(2022, 2, 1), date(2022, 1, 28), Precision.DAY),
        ("في أيار الماضي", date(2022, 7, 25), date(2022, 5, 1), Precision.MONTH),
        ("في مايو/أيار الماضي", date(2022, 7, 25), date(2022, 5, 1), Precision.MONTH),
        ("الأسبوع الماضي", date(2022, 1, 28), date(2022, 1, 21), Precision.WEEK),
    ],
)
def test_arabic_dates_resolve_against_publication(
    phrase: str, published: date | None, day: date, precision: Precision
) -> None:
    found = find_dates(f"وقع الهجوم {phrase} على الطريق", published)
    assert len(found) == 1 and found[0].value == DateValue(day, precision)


def test_a_january_day_and_weekday_take_the_year_the_weekday_implies() -> None:
    """ "فجر الجمعة، 28 يناير" with no year: 28 January fell on a Friday in 2022."""
    mention = find_dates("استهدف هجوم صاروخي، فجر الجمعة، 28 يناير (كانون الثاني)، المطار", None)[0]
    assert mention.value is None and mention.weekday == 4
    assert infer_year(mention, date(2022, 12, 31)).value == DateValue(date(2022, 1, 28), Precision.DAY)


@pytest.mark.parametrize(
    "phrase, admin1",
    [
        ("في محافظة المثنى", "Muthanna"),
        ("بمحافظة ذي قار", "Dhi Qar"),
        ("ضمن محافظة الديوانية", "Al-Qadisiyah"),
        ("في قضاء الزبير", "Basra"),
        ("ناحية جرف الصخر", "Babil"),
        ("بالأنبار", "Anbar"),
        ("في الديوانية", "Al-Qadisiyah"),
        ("قرب الموصل", "Nineveh"),
        ("قضاء جمجمال في محافظة السليمانية", "Sulaymaniyah"),
        ("على الطريق السريع بين المثنى والديوانية", "Muthanna"),
    ],
)
def test_arabic_place_phrases_resolve_to_their_governorate(phrase: str, admin1: str) -> None:
    gazetteer = load_gazetteer()
    where = locate(phrase, gazetteer.find(phrase), gazetteer)
    assert where is not None and where.admin1 == admin1


def test_between_two_arabic_places_keeps_the_second_as_the_alternative() -> None:
    gazetteer = load_gazetteer()
    phrase = "على الطريق السريع بين المثنى والديوانية"
    where = locate(phrase, gazetteer.find(phrase), gazetteer)
    assert where is not None and "Al-Qadisiyah" in where.admin1_alt


@pytest.mark.parametrize(
    "text, expected",
    [
        ("هل استهدف الهجوم القاعدة؟ لم يتضح ذلك بعد.", ["هل استهدف الهجوم القاعدة؟", "لم يتضح ذلك بعد."]),
        ("قال «إن الرتل استُهدف». وأضاف أن التحقيق جارٍ.", ["قال «إن الرتل استُهدف».", "وأضاف أن التحقيق جارٍ."]),
        # A comma before a connective that opens a new proposition ends the sentence.
        (
            "استُهدف المطار اليوم، فيما استُهدفت قاعدة حرير الأسبوع الماضي.",
            ["استُهدف المطار اليوم،", "فيما استُهدفت قاعدة حرير الأسبوع الماضي."],
        ),
    ],
)
def test_arabic_sentences(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_arabic_is_extracted_and_other_languages_are_stored_unread() -> None:
    persian = "یک بمب کنار جاده‌ای در نزدیکی بغداد منفجر شد و به یک کاروان نظامی آسیب رساند."
    assert "ar" in EXTRACTED_LANGUAGES
    read = analyse(article(CONVOY_IN_MUTHANNA, date(2021, 5, 24), language=None), load_resources())  # type: ignore[arg-type]
    unread = analyse(article(persian, date(2021, 5, 24), language=None), load_resources())  # type: ignore[arg-type]
    assert (read.article.language, read.extracted, len(read.reports)) == ("ar", True, 1)
    assert (unread.article.language, unread.extracted, unread.reports) == ("fa", False, ())


@pytest.fixture
def linked_store(tmp_path: Path) -> Iterator[Store]:
    records = [
        {
            "id": "ar",
            "url": None,
            "outlet": "IQ News",
            "published": "2021-05-24",
            "title": None,
            "text": CONVOY_IN_MUTHANNA,
        },
        {
            "id": "en",
            "url": None,
            "outlet": "Wire",
            "published": "2021-05-24",
            "title": None,
            "text": CONVOY_IN_MUTHANNA_EN,
        },
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    settings = load_settings(db=str(tmp_path / "link.db"), workers=1)
    with open_store(settings.db) as store:
        summary = run([str(corpus)], store, settings)
        assert (summary.ingested, summary.skipped) == (2, 0)
        yield store


def test_arabic_and_english_reports_of_one_attack_are_one_incident(linked_store: Store) -> None:
    incidents = linked_store.incidents()
    languages = {a.id: a.language for a in linked_store.articles()}
    assert len(incidents) == 1
    members = [r for r in linked_store.reports() if r.id in incidents[0].report_ids]
    assert sorted(languages[r.article_id] for r in members) == ["ar", "en"]


def test_an_attack_met_by_air_defences_is_reported_as_in_english() -> None:
    a, report = only_report(
        "أسقطت الدفاعات الجوية طائرة مسيرة مفخخة استهدفت قاعدة عين الأسد في محافظة الأنبار فجر اليوم الثلاثاء، "
        "دون أن تسفر عن خسائر.",
        date(2021, 6, 8),
    )
    assert (report.attack_type.value, report.target.value) == (AttackType.DRONE, Target.BASE)
    assert report.place.value is not None and report.place.value.admin1 == "Anbar"
    assert evidence(a, report.attack_type) == "طائرة مسيرة مفخخة"
