"""Datelines: the formats pages print, found near the top only, parsed without surprises."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.ingest.datelines import date_in_line, every_pattern_date, find_dateline, is_stamp_line

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip

# How pages print a day, as format functions of a date (from the corpora's page texts).
FORMATS = [
    lambda d: f" date {d.isoformat()} Shafaq News/ A security source said",  # scraper stamp
    lambda d: f"{MONTHS[d.month - 1].upper()} {d.day}, {d.year} 05:09",  # JULY 12, 2020 05:09
    lambda d: f"By News Desk - {MONTHS[d.month - 1]} {d.day} {d.year}",  # byline with date
    lambda d: f"{d.day} {MONTHS[d.month - 1]}, {d.year}",  # 11 December, 2020
    lambda d: f"{d.day:02d} {MONTHS[d.month - 1][:3]} {d.year} | 03:49 PM UTC",  # 29 Dec 2020 | ...
    lambda d: f"{d:%A}, {d.day} {MONTHS[d.month - 1]} {d.year} - 22:42",  # Thursday, 18 March 2021 - 22:42
    lambda d: f"• {d.day:02d}-{d.month:02d}-{d.year}, 12:13",  # 27-09-2020, 12:13
    lambda d: f"Date: {d.isoformat()}T11:02:32+0000",
    lambda d: f"Posted at 2:40 PM, {MONTHS[d.month - 1][:3]} {d.day}, {d.year}",
]


@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(FORMATS))
def test_every_known_format_gives_its_date_back(day: date, style: object) -> None:
    line = style(day)  # type: ignore[operator]
    assert date_in_line(line) == day
    assert (
        find_dateline(f"Headline of the story\n{line}\nThe story itself, which goes on for a while.") == day
    )


@given(st.text(max_size=300))
def test_any_line_parses_without_raising(line: str) -> None:
    found = date_in_line(line)
    assert found is None or 1990 <= found.year <= 2100
    is_stamp_line(line)


@pytest.mark.parametrize(
    ("line", "is_stamp"),
    [
        ("JULY 12, 2020 05:09", True),
        ("Updated: JULY 25, 2022 23:47", True),
        ("and last updated 2020-04-22 15:57:33-04", True),
        ("Monday, December 27, 2021", True),
        ("January 3, 2020 Updated: January 3, 2020", True),
        ("AFP 29 Jan, 2022", False),
        ("By News Desk - December 27 2021", False),
        ("On 5 January 2020, parliament voted to expel US troops.", False),
        ("May 2020 was a violent month", False),
    ],
)
def test_stamp_lines(line: str, is_stamp: bool) -> None:
    assert is_stamp_line(line) is is_stamp


@pytest.mark.parametrize(
    "line",
    ["Dec. 29", "31-02-2021", "2021-13-01", "On Sunday, at 10 pm", "1/31/2024 earnings", "Room 101, 2020"],
)
def test_incomplete_or_impossible_dates_are_not_dates(line: str) -> None:
    assert date_in_line(line) is None


def test_only_the_top_of_the_page_is_searched() -> None:
    story = "\n".join(f"Paragraph {n} of the story, with no date in it at all." for n in range(20))
    assert find_dateline(f"Headline\n{story}\n29 Dec 2020 | 03:49 PM UTC") is None
    assert (
        find_dateline('[video src="https://x.org/uploads/video_2021-03-29_13-14.mp4"]\nOn March 39th ...')
        is None
    )


_DATE_PARTS = [
    *MONTHS, "Dec.", "sept", " ", ", ", "-", ".", "/", "|", "th", "2021", "1999", "12", "3", "٣", "٢٠٢١", "20", "Posted",
]  # fmt: skip


_DATED_LINES = st.builds(
    lambda before, day, style, after: before + style(day) + after,  # type: ignore[operator]
    st.text(max_size=6),
    st.dates(min_value=date(1985, 1, 1), max_value=date(2105, 12, 31)),
    st.sampled_from(FORMATS),
    st.text(max_size=6),
)


@given(_DATED_LINES | st.lists(st.sampled_from(_DATE_PARTS) | st.text(max_size=4), max_size=10).map("".join))
def test_the_no_digit_shortcut_never_loses_a_date(line: str) -> None:
    assert date_in_line(line) == every_pattern_date(line)


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ("Posted 29 Dec 2020 https://x.org/2021/03/29/story.html", date(2020, 12, 29)),
        ("Source: https://x.org/uploads/2021-03-29.jpg\n11 December, 2020", date(2020, 12, 11)),
        ("Mirror: ftp://x.org/2021-03-29.pdf\nBy News Desk - December 27 2021", date(2021, 12, 27)),
        ("Archive www.x.org/2021-03-29", date(2021, 3, 29)),  # no scheme: not taken for a URL
    ],
)
def test_dates_inside_urls_are_skipped_and_the_dateline_found(top: str, expected: date) -> None:
    assert find_dateline(f"{top}\nThe story itself, which goes on for a while.") == expected
