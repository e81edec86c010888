"""Date mentions: real phrases from the corpus, resolved against their publication dates."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.extract.dates import DateKind, find_dates, resolve_anchored, resolve_date
from sitreps.model import DateValue, Precision

DAY, WEEK, MONTH, YEAR = Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.YEAR


@pytest.mark.parametrize(
    "phrase, published, expected",
    [
        # weekdays: the latest such day on or before publication
        ("late on Monday", date(2020, 8, 11), DateValue(date(2020, 8, 10), DAY)),
        ("on Saturday", date(2020, 7, 12), DateValue(date(2020, 7, 11), DAY)),
        ("on Sunday", date(2020, 9, 27), DateValue(date(2020, 9, 27), DAY)),  # a Sunday article
        ("Early on Thursday", date(2020, 12, 11), DateValue(date(2020, 12, 10), DAY)),
        ("Thursday's attacks", date(2020, 12, 11), DateValue(date(2020, 12, 10), DAY)),
        ("on Friday evening", date(2022, 6, 26), DateValue(date(2022, 6, 24), DAY)),
        ("Sunday night", date(2022, 12, 19), DateValue(date(2022, 12, 18), DAY)),
        # "overnight" alone is the night before the report, like "last night"
        ("An overnight attack on the village", date(2021, 12, 3), DateValue(date(2021, 12, 2), DAY)),
        ("rockets were fired at the base overnight", date(2020, 3, 12), DateValue(date(2020, 3, 11), DAY)),
        ("rockets hit the base overnight Monday", date(2020, 3, 12), DateValue(date(2020, 3, 9), DAY)),
        ("in the early hours of Tuesday", date(2023, 10, 31), DateValue(date(2023, 10, 31), DAY)),
        ("last Wednesday", date(2022, 6, 29), DateValue(date(2022, 6, 22), DAY)),
        ("this Friday", date(2018, 11, 8), DateValue(date(2018, 11, 9), DAY)),
        # day and month: the year that puts it on or just before publication
        ("on 27 December", date(2021, 12, 27), DateValue(date(2021, 12, 27), DAY)),
        ("On February 10, a convoy", date(2021, 2, 11), DateValue(date(2021, 2, 10), DAY)),
        ("Dec. 29", date(2020, 12, 29), DateValue(date(2020, 12, 29), DAY)),
        ("on November 18", date(2020, 12, 11), DateValue(date(2020, 11, 18), DAY)),
        ("On December 21", date(2021, 1, 5), DateValue(date(2020, 12, 21), DAY)),
        ("curfew until April 18", date(2020, 4, 8), DateValue(date(2020, 4, 18), DAY)),  # just ahead
        ("January 27th", date(2017, 2, 1), DateValue(date(2017, 1, 27), DAY)),
        # explicit years, datelines and numeric forms
        ("December 27 2021", None, DateValue(date(2021, 12, 27), DAY)),
        ("11 December, 2020", None, DateValue(date(2020, 12, 11), DAY)),
        ("29 Dec 2020 | 03:49 PM UTC", None, DateValue(date(2020, 12, 29), DAY)),
        ("JULY 12, 2020 05:09", None, DateValue(date(2020, 7, 12), DAY)),
        ("Thursday, 18 March 2021 - 22:42", None, DateValue(date(2021, 3, 18), DAY)),
        ("2020-12-10", None, DateValue(date(2020, 12, 10), DAY)),
        ("Date: 2021-05-26T11:02:32+0000", None, DateValue(date(2021, 5, 26), DAY)),
        ("Updated: 28-01-2022 13:08 IST", None, DateValue(date(2022, 1, 28), DAY)),
        ("published 09.10.2022", None, DateValue(date(2022, 10, 9), DAY)),
        # relative to publication
        ("yesterday evening", date(2021, 12, 3), DateValue(date(2021, 12, 2), DAY)),
        ("last night", date(2021, 12, 3), DateValue(date(2021, 12, 2), DAY)),
        ("tonight", date(2021, 12, 3), DateValue(date(2021, 12, 3), DAY)),
        ("this morning", date(2022, 1, 28), DateValue(date(2022, 1, 28), DAY)),
        ("earlier today", date(2020, 12, 10), DateValue(date(2020, 12, 10), DAY)),
        ("the day before yesterday", date(2020, 12, 10), DateValue(date(2020, 12, 8), DAY)),
        ("two days ago", date(2021, 6, 30), DateValue(date(2021, 6, 28), DAY)),
        ("a few days ago", date(2021, 6, 30), DateValue(date(2021, 6, 27), WEEK)),
        ("last week", date(2020, 9, 27), DateValue(date(2020, 9, 20), WEEK)),
        ("last month", date(2020, 8, 11), DateValue(date(2020, 7, 1), MONTH)),
        ("last month", date(2021, 1, 15), DateValue(date(2020, 12, 1), MONTH)),
        ("earlier this month", date(2020, 12, 11), DateValue(date(2020, 12, 1), MONTH)),
        ("last year", date(2018, 4, 26), DateValue(date(2017, 1, 1), YEAR)),
        ("more than a year ago", date(2021, 2, 10), DateValue(date(2020, 1, 1), YEAR)),
        # months and years
        ("another convoy bombing in late July", date(2020, 8, 11), DateValue(date(2020, 7, 1), MONTH)),
        ("In mid-October, pro-Iran factions", date(2020, 12, 11), DateValue(date(2020, 10, 1), MONTH)),
        ("In June, there were six rocket attacks", date(2020, 7, 12), DateValue(date(2020, 6, 1), MONTH)),
        ("in December", date(2021, 1, 5), DateValue(date(2020, 12, 1), MONTH)),
        ("In July 2019", date(2021, 12, 27), DateValue(date(2019, 7, 1), MONTH)),
        ("until December last year", date(2022, 12, 19), DateValue(date(2021, 12, 1), MONTH)),
        ("in March next year", date(2018, 11, 2), DateValue(date(2019, 3, 1), MONTH)),
        ("The US invaded Iraq in 2003", None, DateValue(date(2003, 1, 1), YEAR)),
        ("in early 2020", None, DateValue(date(2020, 1, 1), YEAR)),
        # Arabic: Iraqi/Levantine and Egyptian month names, weekdays, relative words
        ("الخميس (10 كانون الاول 2020)", None, DateValue(date(2020, 12, 10), DAY)),
        ("فجر الجمعة، 28 يناير", date(2022, 1, 29), DateValue(date(2022, 1, 28), DAY)),
        ("اليوم السبت", date(2022, 6, 25), DateValue(date(2022, 6, 25), DAY)),
        ("وأمس الجمعة", date(2022, 6, 25), DateValue(date(2022, 6, 24), DAY)),
        ("يوم الأربعاء الماضي", date(2022, 6, 25), DateValue(date(2022, 6, 22), DAY)),
        ("مساء أمس", date(2021, 12, 3), DateValue(date(2021, 12, 2), DAY)),
        ("في مايو/أيار الماضي", date(2022, 6, 25), DateValue(date(2022, 5, 1), MONTH)),
        ("الأسبوع الماضي", date(2022, 1, 28), DateValue(date(2022, 1, 21), WEEK)),
        ("في الـ28 من كانون الثاني", date(2022, 1, 30), DateValue(date(2022, 1, 28), DAY)),
        ("في 28 من شهر كانون الثاني", date(2022, 1, 30), DateValue(date(2022, 1, 28), DAY)),
        ("بتاريخ ٢٨/١/٢٠٢٢", None, DateValue(date(2022, 1, 28), DAY)),
    ],
)
def test_resolve_date_of_real_phrases(phrase: str, published: date | None, expected: DateValue) -> None:
    assert resolve_date(phrase, published) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "on Sunday",
        "On Jan. 5",
        "27 December",
        "yesterday evening",
        "last month",
        "in late July",
        "this month",
    ],
)
def test_without_publication_date_no_year_is_guessed(phrase: str) -> None:
    [mention] = find_dates(phrase, None)
    assert mention.value is None
    assert mention.confidence <= 0.1
    assert mention.note and "no publication date" in mention.note


@pytest.mark.parametrize(
    "phrase", ["February 30", "On March 39th, improvised", "2021-02-30", "31 April 2020"]
)
def test_impossible_dates_have_no_value(phrase: str) -> None:
    [mention] = find_dates(phrase, date(2021, 3, 1))
    assert mention.value is None
    assert mention.note and "no such day" in mention.note


@pytest.mark.parametrize(
    "text",
    [
        "it may be that the militias march on",  # lower-case month names are words
        "Jan Kubis, the UN envoy, said",  # an abbreviation alone is not a month
        "The 2021 elections were boycotted",  # a bare year needs an introducer
        "© 2007-2020, All Rights Reserved",
        "since farming developed more than 10,000 years ago",
        "results will be announced in two days",  # a window that looks ahead
        "5 Mayors met",
    ],
)
def test_words_that_are_not_dates(text: str) -> None:
    assert find_dates(text, date(2021, 1, 1)) == []


def test_enumerated_days_are_one_mention_each_sharing_a_group() -> None:
    text = "The attacks took place on June 22, 24 and 25. According to the sources"
    mentions = find_dates(text, date(2022, 6, 26))
    assert [m.text for m in mentions] == ["June 22", "24", "25"]
    assert [m.value for m in mentions] == [DateValue(date(2022, 6, d), DAY) for d in (22, 24, 25)]
    assert {m.group for m in mentions} == {(text.index("June"), text.index("25") + 2)}


def test_a_year_after_the_last_day_applies_to_every_day_of_a_range() -> None:
    mentions = find_dates("Hyderabad, January 25 - 28, 2024, England tour", None)
    assert [m.value for m in mentions] == [
        DateValue(date(2024, 1, 25), DAY),
        DateValue(date(2024, 1, 28), DAY),
    ]
    assert [m.note for m in mentions] == ["range start", "range end"]


def test_weekday_beside_a_date_is_one_mention_that_checks_it() -> None:
    [agrees] = find_dates("in Diyala on Monday night (August 24), according to", date(2020, 8, 25))
    assert agrees.text == "on Monday night (August 24)"
    assert (agrees.kind, agrees.weekday, agrees.part) == (DateKind.ABSOLUTE, 0, "night")
    assert agrees.value == DateValue(date(2020, 8, 24), DAY)
    [disagrees] = find_dates("on Tuesday, December 27, 2021", None)
    assert disagrees.value == DateValue(date(2021, 12, 27), DAY)
    assert disagrees.confidence < agrees.confidence
    assert disagrees.note and "disagrees" in disagrees.note


def test_a_week_and_a_weekday_stay_two_mentions() -> None:
    mentions = find_dates("Iraq's leadership last week, on Monday, condemned the attacks", date(2020, 9, 27))
    assert [(m.text, m.kind) for m in mentions] == [
        ("last week", DateKind.RELATIVE),
        ("on Monday", DateKind.WEEKDAY),
    ]


def test_today_with_its_weekday_is_one_relative_mention() -> None:
    [mention] = find_dates("Baghdad - INA Today, Sunday, the Security Media Cell", date(2020, 9, 27))
    assert (mention.text, mention.kind, mention.weekday) == ("Today, Sunday", DateKind.RELATIVE, 6)


@pytest.mark.parametrize(
    "text, offset, window",
    [
        ("The incident occurred a day after another US military convoy was attacked", 1, None),
        ("the previous day", -1, None),
        ("two days later", 2, None),
        ("a day earlier", -1, None),
        ("On the same day, a new cabinet", 0, None),
        ("targeted by a bomb within the last 24 hours", 0, 1),
        ("by unidentified groups in the past 72 hours", 0, 3),
        ("the third time during the past 96 hours", 0, 4),
        ("خلال 24 ساعة", 0, 1),
    ],
)
def test_anchored_phrases_count_from_another_event(text: str, offset: int, window: int | None) -> None:
    [mention] = [m for m in find_dates(text, date(2021, 12, 27)) if m.kind is DateKind.ANCHORED]
    assert (mention.offset_days, mention.window_days) == (offset, window)
    assert mention.value is not None and mention.confidence < 0.5  # only a guess from publication


def test_resolve_anchored_counts_from_the_anchor() -> None:
    [mention] = find_dates("a day after another convoy was attacked", None)
    assert mention.value is None and mention.offset_days == 1
    assert resolve_anchored(mention, date(2021, 12, 26)) == DateValue(date(2021, 12, 27), DAY)
    [plain] = find_dates("on 27 December", date(2021, 12, 27))
    assert resolve_anchored(plain, date(2021, 12, 26)) is None


def test_gold_dates_of_seed_articles_are_found(seed_records: list[dict], seed_gold: dict[str, dict]) -> None:
    """Every day- and month-precise gold date of an article with a publication date is among the
    values of its mentions (the extractor then chooses which one)."""
    for record in seed_records:
        published = date.fromisoformat(record["published"]) if record["published"] else None
        found = {str(m.value) for m in find_dates(record["text"], published) if m.value}
        for event in seed_gold[record["id"]]["events"]:
            if published and event["date_precision"] in ("day", "month") and event["role"] == "main":
                assert event["date"][: 10 if event["date_precision"] == "day" else 7] in found, record["id"]


def test_offsets_point_at_their_text_in_a_real_article(seed_records: list[dict]) -> None:
    for record in seed_records:
        mentions = find_dates(record["text"], None)
        assert mentions, record["id"]
        for m in mentions:
            assert record["text"][m.start : m.end] == m.text
        assert all(a.end <= b.start for a, b in pairwise(mentions))


DATEISH = st.sampled_from(
    [
        "on",
        "late",
        "Monday",
        "May",
        "March",
        "Dec.",
        "29",
        "2020",
        "-",
        ",",
        "(",
        ")",
        "and",
        "24",
        "hours",
        "in",
        "the",
        "past",
        "last",
        "ago",
        "two",
        "days",
        "after",
        "yesterday",
        "كانون الاول",
        "أمس",
        "الجمعة",
        "١٠",
        "31",
        "02",
        "/",
        ".",
        "1999",
        "mid-",
        "early",
        "\n",
        "٢٠٢٠",
        "week",
        "within",
    ]
)
TEXTS = st.lists(DATEISH | st.text(max_size=6), max_size=40).map(" ".join) | st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, published=st.none() | st.dates())
def test_find_dates_never_raises_and_spans_hold(text: str, published: date | None) -> None:
    mentions = find_dates(text, published)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert 0.0 <= m.confidence <= 1.0
        assert m.value is None or isinstance(m.value.day, date)
    assert mentions == find_dates(text, published)  # deterministic
