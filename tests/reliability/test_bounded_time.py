"""A crafted article costs time in proportion to its length, never to its length squared.

Each text below once took minutes (one of them hours) at a twentieth of the size
`max_text_chars` allows, because some step compared every match with every other or let a regular expression
backtrack over the whole text: one "sentence" of 100,000 characters without a full stop, a
100,000-letter word, a run of dots, a place named 15,000 times, thousands of dates, thousands of
attack sentences about one town. Now each is analysed in about a second.

A bound in seconds alone would fail on a busy machine, so each text is also timed at an eighth of
its size: eight times the text must cost less than `RATIO` times as much (a quadratic step costs
sixty-four times as much), or be done within `SECONDS` anyway.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date

import pytest

from sitreps.extract.dates import find_dates
from sitreps.extract.sentences import MAX_SENTENCE_CHARS, split_sentences
from sitreps.model import Article, content_id, span_is_valid
from sitreps.pipeline import analyse
from sitreps.resources import load_resources

SIZE = 60_000
SECONDS = 10.0
RATIO = 20
VOCABULARY = [
    "a",
    "roadside",
    "bomb",
    "hit",
    "a",
    "convoy",
    "of",
    "the",
    "US-led",
    "coalition",
    "near",
    "Basra",
    "on",
    "Monday",
    "and",
    "rockets",
    "struck",
    "Ain",
    "al-Asad",
    "killing",
    "two",
]


def words_without_a_stop(size: int) -> str:
    rng = random.Random(4)
    return " ".join(rng.choice(VOCABULARY) for _ in range(size // 5))[:size]


PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "one sentence, no stop": words_without_a_stop,
    "one long word": lambda size: "x" * size + " rockets hit Basra. Car hit.",
    "a run of dots": lambda size: "Rockets hit Basra" + "." * size + "x",
    "an attack a sentence": lambda size: "Rockets hit Basra. " * (size // 19),
    "thousands of dates": lambda size: "On 5 June 2021 rockets hit the base. " * (size // 37),
    "thousands of attacks on one town": lambda size: "Monday rockets Basra convoy damaged " * (size // 36),
}


def seconds(work: Callable[[], object], repeat: int = 1) -> float:
    """The shortest of `repeat` timings: the least disturbed by whatever else the machine does."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def assert_linear(work: Callable[[int], object], size: int) -> None:
    small = seconds(lambda: work(size // 8), repeat=3)
    large = seconds(lambda: work(size))
    assert large < SECONDS or large < RATIO * small, (
        f"{large:.2f} s at {size:,}, {small:.3f} s at {size // 8:,}"
    )


@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    """Load the gazetteer, the lexicons and the language model before the clock starts."""
    analyse(
        Article(id="warm", source="warm", raw_text="Rockets hit a base on Monday. " * 20), load_resources()
    )


@pytest.mark.parametrize("make", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
@pytest.mark.parametrize("published", [None, date(2021, 6, 7)], ids=["undated", "dated"])
def test_a_crafted_article_is_analysed_in_linear_time(
    make: Callable[[int], str], published: date | None
) -> None:
    def analysed(size: int) -> None:
        text = make(size)
        analysis = analyse(
            Article(id=content_id(text), source="crafted", raw_text=text), load_resources(), published
        )
        for report in analysis.reports:
            assert report.trigger is None or span_is_valid(report.trigger, analysis.article)

    assert_linear(analysed, SIZE)


def test_a_whole_page_of_place_names_or_dates_is_read_in_linear_time() -> None:
    """`Gazetteer.find` and `find_dates` also run on whole texts (the latest stated day of an
    undated article): 15,000 names or 10,000 dates once took ten seconds and more each."""
    gaz = load_resources().gazetteer
    assert len(gaz.find("Basra, Kirkuk. " * 7_500)) == 15_000
    assert len(find_dates("On 5 June 2021, and on 6 June. " * 5_000, None)) == 10_000
    assert_linear(lambda n: gaz.find("Basra, Kirkuk. " * (n // 15)), 15 * 8_000)
    assert_linear(lambda n: find_dates("On 5 June 2021, and on 6 June. " * (n // 31), None), 31 * 4_000)


@pytest.mark.parametrize(
    "text",
    [words_without_a_stop(20_000), "x" * 20_000, "Rockets hit. " + "word " * 5_000 + "\n" + "y" * 4_500],
    ids=["words", "one word", "after a sentence"],
)
def test_no_sentence_is_longer_than_the_cap_and_none_loses_a_character(text: str) -> None:
    sentences = split_sentences(text)
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE_CHARS
    assert all(text[s.start : s.end] == s.text for s in sentences)
    kept = "".join(s.text for s in sentences)
    assert kept.replace(" ", "") == text.replace(" ", "").replace("\n", "")


def test_real_sentences_are_not_cut() -> None:
    long_but_real = (
        "The Islamic Resistance in Iraq, an umbrella group of Iran-backed militias, said in a statement "
        "posted on Telegram late on Tuesday that its fighters had targeted the Ain al-Asad air base in "
        "western Anbar province and the Harir base in the Kurdistan Region with drones, the third such "
        "claim in a week, while a US defence official said there were no injuries or damage."
    )
    assert [s.text for s in split_sentences(long_but_real + " Another one.")] == [
        long_but_real,
        "Another one.",
    ]
