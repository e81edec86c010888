"""Arabic date phrases resolved against a publication date: weekdays with and without the
article and "يوم", parts of the day, today / yesterday / the day before, last week and month,
both month series (كانون الثاني … and يناير …) alone or together, and Arabic-Indic digits.

The sentences are written for these tests in the style of Iraqi outlets; none is copied from the
annotated corpora. The publication date is Sunday 30 January 2022 throughout.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.extract.dates import find_dates
from sitreps.model import DateValue, Precision

SUNDAY = date(2022, 1, 30)
DAY, WEEK, MONTH, YEAR = Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.YEAR


def only_date(sentence: str, published: date | None = SUNDAY) -> tuple[str, DateValue | None]:
    found = find_dates(sentence, published)
    assert len(found) == 1, found
    return found[0].text, found[0].value


@pytest.mark.parametrize(
    "sentence, words, day, precision",
    [
        # weekdays: the latest such day on or before publication
        ("سقطت ثلاثة صواريخ يوم الجمعة على القاعدة.", "يوم الجمعة", date(2022, 1, 28), DAY),
        ("سقطت ثلاثة صواريخ الجمعة على القاعدة.", "الجمعة", date(2022, 1, 28), DAY),
        ("انفجرت عبوة ناسفة مساء الأحد على رتل.", "مساء الأحد", date(2022, 1, 30), DAY),
        ("استهدف هجوم صاروخي فجر الجمعة معسكرا.", "فجر الجمعة", date(2022, 1, 28), DAY),
        ("انفجرت العبوة صبيحة السبت قرب الجسر.", "صبيحة السبت", date(2022, 1, 29), DAY),
        ("هاجم مسلحون ثكنة مساء يوم الخميس.", "مساء يوم الخميس", date(2022, 1, 27), DAY),
        ("سقطت قذيفة يوم الأربعاء الماضي في المطار.", "يوم الأربعاء الماضي", date(2022, 1, 26), DAY),
        ("وقع الانفجار يوم الاثنين في الطريق.", "يوم الاثنين", date(2022, 1, 24), DAY),
        ("وقع الانفجار يوم الثلثاء في الطريق.", "يوم الثلثاء", date(2022, 1, 25), DAY),
        # counted from publication
        ("أفاد مصدر أمني صباح اليوم بسقوط صاروخين.", "صباح اليوم", date(2022, 1, 30), DAY),
        ("سقطت قذيفتا هاون اليوم على المعسكر.", "اليوم", date(2022, 1, 30), DAY),
        ("استُهدف رتل أمس بعبوة ناسفة.", "أمس", date(2022, 1, 29), DAY),
        ("استُهدف رتل امس بعبوة ناسفة.", "امس", date(2022, 1, 29), DAY),
        ("وكان رتل قد استُهدف أمس الأول على الطريق.", "أمس الأول", date(2022, 1, 28), DAY),
        ("وكان رتل قد استُهدف قبل أمس على الطريق.", "قبل أمس", date(2022, 1, 28), DAY),
        ("سقط صاروخ الليلة الماضية قرب السفارة.", "الليلة الماضية", date(2022, 1, 29), DAY),
        ("وهاجم مسلحون نقطة عسكرية الأسبوع الماضي.", "الأسبوع الماضي", date(2022, 1, 23), WEEK),
        ("وهاجم مسلحون نقطة عسكرية الأسبوع المنصرم.", "الأسبوع المنصرم", date(2022, 1, 23), WEEK),
        ("وتعرض الحقل لهجوم مماثل قبل ثلاثة أيام.", "قبل ثلاثة أيام", date(2022, 1, 27), DAY),
        ("وتكررت الهجمات الشهر المنصرم في المحافظة.", "الشهر المنصرم", date(2021, 12, 1), MONTH),
        ("وشهد العام الماضي هجمات مماثلة.", "العام الماضي", date(2021, 1, 1), YEAR),
        # both month series, alone and together, digits of either kind
        ("وفي 28 كانون الثاني سقط صاروخ على المطار.", "28 كانون الثاني", date(2022, 1, 28), DAY),
        ("وفي 28 يناير سقط صاروخ على المطار.", "28 يناير", date(2022, 1, 28), DAY),
        ("وفي ٢٨ كانون الثاني سقط صاروخ على المطار.", "٢٨ كانون الثاني", date(2022, 1, 28), DAY),
        ("وفي 28 كانون ثاني 2022 سقط صاروخ.", "28 كانون ثاني 2022", date(2022, 1, 28), DAY),
        (
            "استُهدف المطار في 28 يناير (كانون الثاني) وسط بغداد.",
            "28 يناير (كانون الثاني)",
            date(2022, 1, 28),
            DAY,
        ),
        (
            "استُهدف المطار في ١٥ كانون الأول/ديسمبر ٢٠٢١.",
            "١٥ كانون الأول/ديسمبر ٢٠٢١",
            date(2021, 12, 15),
            DAY,
        ),
        ("استُهدفت المصفاة في أبريل/نيسان الماضي.", "في أبريل/نيسان الماضي", date(2021, 4, 1), MONTH),
        ("استُهدفت المصفاة في نيسان/أبريل الماضي.", "في نيسان/أبريل الماضي", date(2021, 4, 1), MONTH),
        ("بدأت الهجمات في تشرين الأول 2021.", "في تشرين الأول 2021", date(2021, 10, 1), MONTH),
    ],
)
def test_arabic_dates_resolve_against_publication(
    sentence: str, words: str, day: date, precision: Precision
) -> None:
    assert only_date(sentence) == (words, DateValue(day, precision))


@pytest.mark.parametrize(
    "sentence, words, day",
    [
        ("استُهدف المطار في 28 يناير الجاري.", "28 يناير الجاري", date(2022, 1, 28)),
        ("استُهدف الرتل في 3 آب الماضي.", "3 آب الماضي", date(2021, 8, 3)),
    ],
)
def test_a_day_before_a_month_with_a_direction_keeps_the_day(sentence: str, words: str, day: date) -> None:
    assert only_date(sentence) == (words, DateValue(day, DAY))


def test_a_weekday_beside_a_day_and_month_is_one_date() -> None:
    text, value = only_date("سقطت صواريخ فجر الجمعة، 28 يناير (كانون الثاني)، على المطار.")
    assert text == "فجر الجمعة، 28 يناير (كانون الثاني)" and value == DateValue(date(2022, 1, 28), DAY)


def test_an_arabic_date_keeps_its_part_of_the_day() -> None:
    [found] = find_dates("وقع الهجوم فجر يوم السبت قرب القاعدة.", SUNDAY)
    assert (found.text, found.part) == ("فجر يوم السبت", "dawn")


def test_a_relative_arabic_date_without_publication_stays_unresolved() -> None:
    [found] = find_dates("سقط صاروخ أمس على المطار.", None)
    assert found.value is None and found.note


MONTHS = [
    ("كانون الثاني", "يناير"), ("شباط", "فبراير"), ("آذار", "مارس"), ("نيسان", "أبريل"), ("أيار", "مايو"),
    ("حزيران", "يونيو"), ("تموز", "يوليو"), ("آب", "أغسطس"), ("أيلول", "سبتمبر"), ("تشرين الأول", "أكتوبر"),
    ("تشرين الثاني", "نوفمبر"), ("كانون الأول", "ديسمبر"),
]  # fmt: skip
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@given(
    month=st.integers(1, 12),
    day=st.integers(1, 28),
    year=st.integers(2015, 2024),
    series=st.sampled_from(["levant", "egypt", "both", "both-bracketed"]),
    indic=st.booleans(),
)
def test_any_arabic_day_month_and_year_is_read(
    month: int, day: int, year: int, series: str, indic: bool
) -> None:
    levant, egypt = MONTHS[month - 1]
    name = {
        "levant": levant,
        "egypt": egypt,
        "both": f"{levant}/{egypt}",
        "both-bracketed": f"{egypt} ({levant})",
    }[series]
    digits = (lambda s: s.translate(ARABIC_INDIC)) if indic else str
    phrase = f"{digits(str(day))} {name} {digits(str(year))}"
    assert only_date(f"وقع الهجوم في {phrase} قرب القاعدة.", None) == (
        phrase,
        DateValue(date(year, month, day), DAY),
    )
