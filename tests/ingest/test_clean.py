"""The line cleaner on real page texts: news stays, furniture goes, offsets map back exactly."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.ingest.boilerplate import load_boilerplate
from sitreps.ingest.clean import _content_lines, _key, clean
from sitreps.model import Article, content_id

CORPORA = Path(__file__).parents[1] / "data" / "corpus"


def _article(text: str, title: str | None = None) -> Article:
    return Article(id=content_id(text), source="test", raw_text=text, title=title)


def _records(folder: str) -> dict[str, dict]:
    lines = (CORPORA / folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, filter(None, lines))}


@pytest.fixture(scope="module")
def cleaned_seeds() -> dict[str, str]:
    return {key: clean(_article(r["text"], r.get("title"))).text for key, r in _records("seeds").items()}


# A news sentence of each seed, including the first, the last and ones next to furniture.
SEED_SENTENCES = [
    (
        "seed-000",
        "An explosion has rocked a convoy carrying US military gear in Iraq near the border with Kuwait",
    ),
    (
        "seed-000",
        "Local news outlets reported that the Ashab al-Kahaf militia group had claimed responsibility",
    ),
    (
        "seed-000",
        "No casualties have yet been reported, and it is unknown whether any American soldiers were",
    ),
    (
        "seed-000",
        "leaving some 5,200 American soldiers in the country, who continue to support the Iraqi military.",
    ),
    ("seed-001", "Gunmen target US military equipment in Iraq - report"),
    (
        "seed-001",
        "Gunmen attacked and torched three large trucks carrying equipment and logistical materials",
    ),
    (
        "seed-001",
        "The trucks were traveling from Basra when they were targeted between Diwaniya and Samawah.",
    ),
    (
        "seed-001",
        "Photos shared on social media reportedly from the scene, showed the trucks engulfed in flames.",
    ),
    (
        "seed-001",
        "which US officials accuse of firing rockets at bases hosting US troops and other facilities in Iraq.",
    ),
    ("seed-002", "US occupation forces convoy attacked in Iraq’s Basra province"),
    ("seed-002", "was targeted by a roadside bomb in Iraq’s Basra province on 27 December."),
    ("seed-002", "The explosion reportedly caused significant damage to a number of vehicles in the convoy."),
    ("seed-002", "No evidence of these weapons was ever found."),
    ("seed-003", "Pro-Iranian Group Claims Responsibility For Another Attack On US Convoy In Iraq"),
    (
        "seed-003",
        "On February 10, a convoy carrying supplies and equipment for the US-led coalition came under attack",
    ),
    ("seed-003", "said Saryat Qasim al-Jabbarin claimed responsibility for the Yusufiya attack."),
    ("seed-003", "On February 9, ISIS took responsibility for a shooting attack targeting Iraqi Army forces"),
    ("seed-003", "So far, the US-led coalition has withdrawn from several bases and camps in the country."),
    (
        "seed-004",
        "ERBIL, Kurdistan Region – A convoy transporting US-led Coalition military equipment was hit on Sunday",
    ),
    ("seed-004", "triggered an explosive device (IED) in al-Batha district in Dhi Qar governorate"),
    ("seed-004", "The Coalition this summer began handing bases over to Iraqi forces"),
]

BOILERPLATE = [
    "Like this story",
    "Post a new comment",
    "Post a comment",
    "Tags:",
    "Tags Iraq",
    "pic.twitter.com",
    "Rudaw moderates all comments",
    "© 2007",
    "All Rights Reserved",
    "By TZVI JOFFRE",
    "JULY 12, 2020 05:09",
    "photo credit",
    "By News Desk",
    "https://media.thecradle.co",
    "Click to see full-size map",
    "Anonymous comments are disabled",
    "izwest (izwest) wrote",
    "The Jerusalem Post - Israel News",
    "contributed to this report",
    " date 2020",
]


@pytest.mark.parametrize(("seed", "sentence"), SEED_SENTENCES)
def test_every_news_sentence_of_the_seeds_is_kept(
    cleaned_seeds: dict[str, str], seed: str, sentence: str
) -> None:
    assert sentence in cleaned_seeds[seed]


@pytest.mark.parametrize("furniture", BOILERPLATE)
def test_no_seed_keeps_page_furniture(cleaned_seeds: dict[str, str], furniture: str) -> None:
    assert all(furniture not in text for text in cleaned_seeds.values())


def test_a_body_printed_twice_is_kept_once(cleaned_seeds: dict[str, str]) -> None:
    body_sentence = (
        "US Secretary of State Mike Pompeo has reportedly threatened to close the embassy in Baghdad"
    )
    raw = _records("seeds")["seed-004"]["text"]
    assert raw.count(body_sentence) == 2
    assert cleaned_seeds["seed-004"].count(body_sentence) == 1


def test_a_repeated_title_is_kept_once(cleaned_seeds: dict[str, str]) -> None:
    title = "Pro-Iranian Group Claims Responsibility For Another Attack On US Convoy In Iraq"
    assert cleaned_seeds["seed-003"].count(title) == 1


def test_a_date_prefix_goes_but_the_news_after_it_stays() -> None:
    text = _records("dev")["d026"]["text"]
    cleaned = clean(_article(text)).text
    assert cleaned.startswith(
        "Shafaq News/ A security source in Diyala reported that five soldiers were killed"
    )
    assert "date 2021-09-15" not in cleaned


@pytest.mark.parametrize(
    "line",
    [
        "Share it:",
        "Like this story? Share it with a friend!",
        "Click to see full-size map",
        "Comments",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Tags: editor's choice, hot, iraq, maps, military, news, syria, turkey, usa, yemen",
        "Tags Iraq United States militia",
        "© 2007-2020, All Rights Reserved Ukraine|Algeria|Egypt|Libya|Morocco|News|War",
        "Footage of the missile attack in Erbil pic.twitter.com/zOec6Yvia2",
        "— OSINTtechnical (@Osinttechnical) March 12, 2022",
        "(photo credit: REUTERS/SUHAIB SALEM)",
        "File – Convoys transporting vehicles (INA)",
        "https://media.thecradle.co/wp-content/uploads/2021/12/US-convoy.jpg",
        "Read more: Iran-backed Iraqi militias agree 'conditional ceasefire' to halt US attacks",
        "By TZVI JOFFRE",
        "By News Desk - December 27 2021",
        "By Amina Ismail and Maha El Dahan",
        "2 min read",
        "JULY 12, 2020 05:09",
        "29 Dec 2020 | 03:49 PM UTC",
        "Thursday, 18 March 2021 - 22:42",
        "Published: JULY 25, 2022 22:39",
        "Reuters | Baghdad | Updated: 28-01-2022 13:08 IST | Created: 28-01-2022 13:06 IST",
        "Category: Iraq News",
        "797 View",
        "+ -",
        "(NRT Digital Media)",
        "Author: Jason Ditz",
        "Skip to main content",
        "The Jerusalem Post - Israel News Coronavirus Israel News Opinion Middle East Diaspora U.S. Politics WORLD NEWS",
    ],
)
def test_furniture_lines_are_dropped(line: str) -> None:
    news = "Two rockets struck the Turkish Zlikan military base in Iraq's Nineveh province on Sunday evening."
    cleaned = clean(_article(f"{news}\n{line}\n{news.replace('Sunday', 'Monday')}")).text
    assert line.strip() not in cleaned
    assert news in cleaned


@pytest.mark.parametrize(
    "line",
    [
        "Gunmen target US military equipment in Iraq - report",
        "Pro-Iranian Group Claims Responsibility For Another Attack On US Convoy In Iraq",
        "Turkish Base in Northern Iraq Comes Under Attack - Reports",
        "Baghdad - INA",
        "The Cradle",
        "Both caused material damage but no casualties.",
        "On February 9, Iraqi government reportedly hanged five people convicted on terrorism charges in Naseriyah.",
        "By Sunday, the militia had withdrawn from the town, officials said.",
        "Updated casualty figures show 12 people were killed in the attack.",
        "شفق نيوز/ استهدف انفجار، الجمعة رتل دعم خاص لقوات التحالف الدولي في العراق.",
    ],
)
def test_titles_and_news_lines_are_kept(line: str) -> None:
    assert line in clean(_article(f"{line}\nA second line of ordinary news text follows here.")).text


def test_the_article_title_is_never_dropped() -> None:
    title = "Read more: the militia's statement in full"  # looks like a link, but it is the headline
    cleaned = clean(_article(f"{title}\nThe group said it fired the rockets.", title=title)).text
    assert cleaned.startswith(title)


def test_a_comment_header_cuts_the_rest_only_after_the_story() -> None:
    story = "Rockets hit the base on Tuesday, officials said.\nNo casualties were reported in the attack, police said."
    comments = "Comments\nGreat article! The attack was a false flag, believe me."
    cleaned = clean(_article(f"{story}\n{comments}")).text
    assert cleaned == story
    early = clean(_article(f"Comments (3)\n{story}")).text  # a comment-count link above the story
    assert early == story


def test_clean_and_segments_on_a_seed_map_back_to_the_raw_text(cleaned_seeds: dict[str, str]) -> None:
    raw = _records("seeds")["seed-001"]["text"]
    article = clean(_article(raw))
    _assert_segments_exact(article)
    assert article.text == cleaned_seeds["seed-001"]


def _assert_segments_exact(article: Article) -> None:
    covered = [False] * len(article.text)
    previous_end = 0
    for clean_start, raw_start, length in article.segments:
        assert length > 0
        assert (
            article.raw_text[raw_start : raw_start + length]
            == article.text[clean_start : clean_start + length]
        )
        assert clean_start >= previous_end
        previous_end = clean_start + length
        covered[clean_start : clean_start + length] = [True] * length
    uncovered = {char for char, is_covered in zip(article.text, covered, strict=True) if not is_covered}
    assert uncovered <= {"\n"}  # only the joints between kept lines are new


_page_lines = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "Comments", "Share it:", " date 2020-07-12 Gunmen attacked a convoy.", "  • Post a new comment",
            "Rockets hit the base on Tuesday, officials said.", "By TZVI JOFFRE\u00a0", "\r", "\u2028", "",
            "No casualties were reported in the attack, police said.", "© 2020", "pic.twitter.com/x",
        ]
    ),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_page_lines, max_size=25).map("\n".join))
def test_segments_map_every_clean_character_to_the_same_raw_character(raw: str) -> None:
    article = clean(_article(raw))
    _assert_segments_exact(article)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_clean_never_raises_and_never_invents_text(raw: str) -> None:
    article = clean(_article(raw))
    _assert_segments_exact(article)
    assert len(article.text) <= len(raw) + len(article.segments)


# --- The cheap forms of the line split and the paragraph key against the plain ones. ---

_EVERY_CHARACTER = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)


def test_regex_white_space_is_str_white_space() -> None:
    """`_LINE` trims with `\\s`; the plain form trims with `str.isspace`: the same characters."""
    assert set(re.findall(r"\s", _EVERY_CHARACTER)) == {char for char in _EVERY_CHARACTER if char.isspace()}


def test_every_white_space_but_the_space_is_unprintable() -> None:
    """`_key` takes a printable line to hold no white space but " "."""
    assert {char for char in _EVERY_CHARACTER if char.isspace() and char.isprintable()} == {" "}


def _reference_content_lines(raw: str) -> list[tuple[int, int]]:
    """Each line of `raw` trimmed (white space and zero-width marks), its bullet and prefix gone."""
    rules, spans, position = load_boilerplate(), [], 0

    def trim(start: int, end: int) -> tuple[int, int]:
        while start < end and (raw[start].isspace() or raw[start] in "\ufeff\u200b"):
            start += 1
        while end > start and (raw[end - 1].isspace() or raw[end - 1] in "\ufeff\u200b"):
            end -= 1
        return start, end

    for line in raw.splitlines(keepends=True):
        start, end = trim(position, position + len(line))
        position += len(line)
        bullet = re.compile(r"[•·▪●◦‣∙*–—-]+\s+").match(raw, start, end)
        if bullet:
            start, end = trim(bullet.end(), end)
        prefix = rules.strip_prefixes(raw[start:end])
        if prefix:
            start, end = trim(start + prefix, end)
        if start < end:
            spans.append((start, end))
    return spans


_SPACING = st.sampled_from(
    [" ", "  ", "\t", "\u00a0", "\u3000", "\ufeff", "\u200b", "\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85",
     "\u2028", "\u2029", "• ", "*\u00a0", "— ", "-", "date 2021-09-15 ", "date 2021-09-15: ", "DATE  2020-01-02 |"]
)  # fmt: skip
_SPACED_TEXT = st.lists(
    _SPACING | st.text(max_size=6) | st.sampled_from(["Rocket", "Straße", "İRAK", "ǅ"]), max_size=20
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_SPACED_TEXT)
def test_the_line_split_is_the_plain_one(raw: str) -> None:
    assert list(_content_lines(raw, load_boilerplate())) == _reference_content_lines(raw)


_WORDS_AND_SPACES = st.lists(
    st.sampled_from(["Rocket", "Straße", "İRAK", "ǅ", "2021", " ", "  ", "\u00a0", "\t"]), max_size=8
)


@given(_SPACED_TEXT | _WORDS_AND_SPACES.map("".join))
def test_the_paragraph_key_is_the_words_joined_by_one_space(line: str) -> None:
    assert _key(line) == " ".join(line.casefold().split())


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("Rockets hit the  base", "rockets hit the base"),
        ("Rockets hit the base ", "rockets hit the base"),
        (" ROCKETS hit the base", "rockets hit the base"),
        ("Rockets\u00a0hit\tthe base", "rockets hit the base"),
        ("Straße nach Erbil", "strasse nach erbil"),
        ("", ""),
    ],
)
def test_the_paragraph_key_of_irregular_spacing(line: str, key: str) -> None:
    assert _key(line) == key
