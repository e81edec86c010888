"""add_metadata(): publication date (record, printed dateline, fallback), outlet and language."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.ingest import metadata
from sitreps.ingest.clean import clean
from sitreps.ingest.metadata import (
    _ARABIC_SCRIPT_LETTER,
    _BEYOND_ARABIC_ALPHABET,
    ARABIC_SCRIPT_BLOCKS,
    _count_letters,
    _plainly_english,
    add_metadata,
    date_in_url,
    detect_language,
    outlet_from_url,
)
from sitreps.model import Article, content_id

FRENCH = (
    "Un engin explosif a visé jeudi un convoi de camions transportant du matériel logistique pour la"
    " coalition internationale dans la province de Diwaniyah, au sud de Bagdad."
)
PERSIAN = "حمله موشکی به پایگاه آمریکا در عراق انجام شد و به گفته منابع امنیتی خسارت وارد کرد"
BODY = "Two rockets struck the Turkish Zlikan military base in Iraq's Nineveh province on Sunday evening."


def article(raw: str, **fields: object) -> Article:
    return clean(Article(id=content_id(raw), source="test", raw_text=raw, **fields))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        (" date 2020-07-12 The Jerusalem Post - Israel News", date(2020, 7, 12)),
        (
            "Gunmen target US military equipment in Iraq - report\nBy TZVI JOFFRE\nJULY 12, 2020 05:09",
            date(2020, 7, 12),
        ),
        ("The Cradle\nBy News Desk - December 27 2021", date(2021, 12, 27)),
        ("Two coalition convoys hit in Iraq\n2 min read\n11 December, 2020", date(2020, 12, 11)),
        (
            "29 Dec 2020 | 03:49 PM UTC\nIraq: Supply convoy for US-led forces struck by IED",
            date(2020, 12, 29),
        ),
        ("Breaking: Three IED attacks on US convoys\n\nThursday, 18 March 2021 - 22:42", date(2021, 3, 18)),
        ("SMC: An explosive device targeting the coalition\n  • 27-09-2020, 12:13", date(2020, 9, 27)),
        ("Category: Iraq News\nDate: 2021-05-26T11:02:32+0000", date(2021, 5, 26)),
        (
            "By SETH J. FRANTZMAN\nPublished: JULY 25, 2022 22:39\nUpdated: JULY 25, 2022 23:47",
            date(2022, 7, 25),
        ),
        ("Six rockets target Baghdad airport\n\nAFP 29 Jan, 2022", date(2022, 1, 29)),
    ],
)
def test_the_date_printed_near_the_top_is_the_publication_date(top: str, expected: date) -> None:
    result = add_metadata(article(f"{top}\n{BODY}"))
    assert result.published == expected
    assert ("published_from", "text") in result.meta


def test_a_date_in_the_story_is_not_a_dateline() -> None:
    raw = (
        "Parliament votes on foreign troops\n"
        "On 5 January 2020, the parliament of Iraq overwhelmingly passed a resolution demanding the departure"
        " of all US troops from the country, after a long and heated session in Baghdad.\n"
        "Footage of the missile attack in Erbil pic.twitter.com/zOec6Yvia2\n"
        "— OSINTtechnical (@Osinttechnical) March 12, 2022"
    )
    result = add_metadata(article(raw))
    assert result.published is None
    assert add_metadata(article(raw), date(2022, 3, 13)).published == date(2022, 3, 13)


def test_the_record_date_wins_over_the_text_and_the_fallback() -> None:
    result = add_metadata(
        article(f"JULY 12, 2020 05:09\n{BODY}", published=date(2020, 7, 13)), date(2021, 1, 1)
    )
    assert result.published == date(2020, 7, 13)
    assert ("published_from", "record") in result.meta


def test_the_fallback_date_is_used_last_and_said_so() -> None:
    result = add_metadata(article(BODY), date(2022, 6, 9))
    assert result.published == date(2022, 6, 9)
    assert ("published_from", "fallback") in result.meta
    assert add_metadata(article(BODY)).published is None


def test_where_a_reader_said_the_date_came_from_is_kept() -> None:
    page = article(BODY, published=date(2022, 1, 28), meta=(("published_from", "page"),))
    assert add_metadata(page).meta == (("published_from", "page"),)


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.rudaw.net/english/middleeast/iraq/270920201", "rudaw.net"),
        ("https://rudaw.net/english/middleeast/iraq/100620221", "rudaw.net"),
        ("https://english.iswnews.com/24192/three-rocket-attacks/", "english.iswnews.com"),
        ("https://m.example.com/story", "example.com"),
        ("http://WWW.Shafaq.com/en/Iraq-News/x", "shafaq.com"),
        ("https://www2.example.org:8443/a", "example.org"),
        ("not a url", None),
        (None, None),
    ],
)
def test_outlet_from_url(url: str | None, outlet: str | None) -> None:
    assert outlet_from_url(url) == outlet


def test_the_record_outlet_wins_over_the_domain() -> None:
    result = add_metadata(article(BODY, url="https://www.rudaw.net/english/1", outlet="Rudaw"))
    assert result.outlet == "Rudaw"
    assert add_metadata(article(BODY, url="https://www.rudaw.net/english/1")).outlet == "rudaw.net"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (BODY, "en"),
        ("شفق نيوز/ استهدف انفجار، الجمعة رتل دعم خاص لقوات التحالف الدولي في العراق.", "ar"),
        ("وأضاف أن الحادث اسفر عن اضرار بإطارات ثلاث عربات من الرتل.", "ar"),
        (FRENCH, "fr"),
        (PERSIAN, "fa"),
        ("Rockets hit base", "en"),  # too short for statistics; Latin letters default to English
        ("Baghdad - INA", "en"),
        ("بغداد - IQ", "ar"),
        ("12:13 | 27-09-2020", None),
        ("", None),
    ],
)
def test_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [  # half the letters Arabic is Arabic-script; digits and vowel marks are no letters
        ("بغداد IQ", "ar"),
        ("ﺑﻐﺪﺍﺩ IQ", "ar"),  # presentation forms, as some pages still carry them
        ("بغ ١٢٣٤٥٦٧٨٩ Iraq news", "en"),
        ("بَُِ Iraq", "en"),
    ],
)
def test_the_script_is_told_by_its_letters_alone(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_the_arabic_letter_class_holds_exactly_the_letters_of_the_arabic_blocks() -> None:
    """Counted by one regex instead of a test per character: it must count the same letters."""
    for low, high in ARABIC_SCRIPT_BLOCKS:
        for char in map(chr, range(low - 1, high + 2)):
            letter = low <= ord(char) <= high and char.isalpha()
            assert bool(_ARABIC_SCRIPT_LETTER.fullmatch(char)) == letter, hex(ord(char))


def test_language_is_detected_on_the_clean_text_and_a_given_language_is_kept() -> None:
    assert add_metadata(article(f"{BODY}\nComments\nTrès bon article, merci beaucoup !")).language == "en"
    assert add_metadata(article(BODY, language="de")).language == "de"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.example.com/news/2022/07/25/rockets-hit-khor-mor/", date(2022, 7, 25)),
        ("https://site.org/2020-12-29/iraq-convoy", date(2020, 12, 29)),
        ("https://site.org/2022/07/rockets", None),  # a month says too little
        ("https://site.org/2022/02/30/story", None),  # no such day
        ("https://site.org/story?id=20220725", None),
        (None, None),
    ],
)
def test_date_in_url_reads_full_day_paths(url, expected):
    assert date_in_url(url) == expected


def test_publication_date_falls_back_to_the_url():
    article = Article(id="x", source="x", raw_text="Rockets hit the field.", url="https://a.b/2022/07/25/x")
    enriched = add_metadata(article)
    assert enriched.published == date(2022, 7, 25)
    assert ("published_from", "url") in enriched.meta


ARABIC_REPORT = (
    "أعلنت خلية الإعلام الأمني أن عبوة ناسفة استهدفت رتلا لنقل معدات التحالف الدولي على الطريق"
    " السريع في محافظة الديوانية جنوبي بغداد، من دون تسجيل إصابات بشرية."
)


def test_text_in_arabic_letters_only_is_arabic_without_asking_the_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_model() -> None:
        raise AssertionError("the statistical model was asked")

    monkeypatch.setattr(metadata, "_langid", no_model)
    assert detect_language(ARABIC_REPORT) == "ar"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (PERSIAN, "fa"),  # پ ک ی
        ("حمله پهپادی به کاروان نیروهای ائتلاف در استان دیوانیه خسارت مالی به بار آورد", "fa"),
    ],
)
def test_a_letter_beyond_the_arabic_alphabet_sends_the_text_to_the_model(text: str, language: str) -> None:
    assert _BEYOND_ARABIC_ALPHABET.search(text)
    assert detect_language(text) == language


def test_english_news_full_of_names_and_numbers_is_plainly_english() -> None:
    """A wire story thick with names, places and figures: under an eighth of its words were the
    first fourteen cues, so it went to the model; the words only English writes settle it."""
    text = (
        "Twelve Iraqi policemen were killed Sunday in a suspected Daesh/ISIS attack in Kirkuk,"
        " northern Iraq, according to local media. An explosive device went off as a police patrol"
        " passed near Sateeh village in Rashad district, southwest of Kirkuk, before gunmen opened"
        " fire on officers, killing twelve of them, a security source told Rudaw. No group has"
        " claimed it, but officials blamed Daesh, who are active in this area after their 2017"
        " defeat. They said it would not stop police operations."
    )
    assert _plainly_english(text)


@given(st.text(max_size=300))
def test_letters_are_counted_as_str_isalpha_counts_them(text: str) -> None:
    assert _count_letters(text) == sum(map(str.isalpha, text))


@pytest.mark.parametrize(
    "text", ["Rockets hit “Balad” base — 2 hurt", "شفق نيوز/ استهدف انفجار", "Ⅻ ² ½ _ ß İ", "\ud800a"]
)
def test_letters_of_mixed_scripts_and_signs(text: str) -> None:
    assert _count_letters(text) == sum(map(str.isalpha, text))
