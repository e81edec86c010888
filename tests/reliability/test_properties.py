"""Fuzzing with hostile text: the readers, the cleaner, the date resolver, the place resolver and
the whole analysis never raise, every span lies inside its text, and the output is the same
every time.

The parsers' own folders test them on arbitrary `st.text()` (tests/ingest/test_clean.py,
tests/extract/test_dates.py, tests/extract/test_extract_properties.py, tests/geo/); this file
adds what an attacker would reach for and plain random text rarely holds: bidi controls and
zero-width characters inside words, every line separator Unicode has, lone surrogates, NUL,
combining marks stacked on Arabic letters, character references to no character, and the
structure around the text (a JSONL line, a feed entry) that must fail alone.
"""

from __future__ import annotations

import io
import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitreps.extract.dates import find_dates, infer_year, resolve_anchored, resolve_date
from sitreps.geo.locate import locate, read_places
from sitreps.ingest.clean import clean
from sitreps.ingest.decode import BinaryContent, decode
from sitreps.ingest.feeds import articles_from_feed
from sitreps.ingest.jsonl import articles_from_jsonl
from sitreps.model import Article, Failure, content_id, span_is_valid
from sitreps.pipeline import analyse
from sitreps.resources import load_resources

from .conftest import evidence_spans

RES = load_resources()
GAZ = RES.gazetteer

#: Invisible format characters: bidi embeddings, overrides, isolates and marks, zero-width
#: space, joiner and non-joiner, word joiner, a byte-order mark in mid-text, soft hyphen.
INVISIBLE = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u200b\u200c\u200d\u2060\ufeff\u00ad"
)
#: Every way Unicode breaks a line, and controls that are not text at all.
BREAKS_AND_CONTROLS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00\x01\x1b\x7f"
#: Combining marks (Latin accents, Arabic vowels and shadda), tatweel, a lone surrogate, U+FFFD.
ODD = "\u0301\u0327\u064b\u0651\u0640\u0670\ud800\udfff\ufffd"
NEWS_WORDS = [
    "A roadside bomb", "struck", "a convoy", "of the US-led coalition", "in Dhi Qar", "near Basra",
    "on Monday", "late on Sunday", "on February 30", "on 29 February 2021", "in late July", "2020",
    "Rockets hit", "Ain al-Asad air base", "Baghdad airport", "killing two soldiers", "No casualties.",
    "Kataib Hezbollah claimed responsibility.", "between Diwaniya and Samawah", ".", "\n", "-",
    "استهدفت عبوة ناسفة", "رتلا", "في محافظة الديوانية", "يوم الاثنين", "ERBIL, Kurdistan Region –",
]  # fmt: skip
HOSTILE_CHAR = st.sampled_from(INVISIBLE + BREAKS_AND_CONTROLS + ODD)


def inserted(text: str, inserts: list[tuple[int, str]]) -> str:
    """`text` with each (offset, character) put in, offsets counted in the original."""
    for at, char in sorted(inserts, reverse=True):
        text = text[:at] + char + text[at:]
    return text


@st.composite
def sprinkled(draw: st.DrawFn, words: list[str]) -> str:
    """News words joined by spaces, with hostile characters dropped anywhere, inside words too."""
    pieces = draw(st.lists(st.one_of(st.sampled_from(words), HOSTILE_CHAR, st.text(max_size=6)), max_size=40))
    text = " ".join(pieces)
    return inserted(text, draw(st.lists(st.tuples(st.integers(0, len(text)), HOSTILE_CHAR), max_size=6)))


HOSTILE_TEXT = st.one_of(
    sprinkled(NEWS_WORDS), st.text(alphabet=st.one_of(HOSTILE_CHAR, st.characters()), max_size=200)
)
PUBLISHED = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)))
ANY_DAY = st.dates()  # 0001-01-01 to 9999-12-31: arithmetic at the ends of the calendar


# -- the whole analysis of one article -----------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=HOSTILE_TEXT, published=PUBLISHED)
def test_analysis_never_raises_and_every_span_quotes_the_clean_text(raw: str, published: date | None) -> None:
    article = Article(id="fuzz", source="fuzz", raw_text=raw)
    analysis = analyse(article, RES, published)
    for report in analysis.reports:
        assert report.article_id == analysis.article.id
        for span in evidence_spans(report):
            assert span_is_valid(span, analysis.article), span
    assert len({r.id for r in analysis.reports}) == len(analysis.reports)
    assert analyse(article, RES, published) == analysis  # deterministic


# -- the cleaner -------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(raw=HOSTILE_TEXT)
def test_the_cleaner_keeps_exact_segments_and_is_deterministic(raw: str) -> None:
    cleaned = clean(Article(id="fuzz", source="fuzz", raw_text=raw))
    for clean_start, raw_start, length in cleaned.segments:
        assert 0 <= raw_start and raw_start + length <= len(raw)
        assert cleaned.text[clean_start : clean_start + length] == raw[raw_start : raw_start + length]
    assert clean(Article(id="fuzz", source="fuzz", raw_text=raw)) == cleaned


# -- dates ------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    text=HOSTILE_TEXT, published=st.one_of(st.none(), ANY_DAY), anchor=ANY_DAY, latest=st.integers(1980, 2049)
)
def test_the_date_resolver_never_raises_on_any_text_or_day(
    text: str, published: date | None, anchor: date, latest: int
) -> None:
    mentions = find_dates(text, published)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        resolve_anchored(mention, anchor)  # at 9999-12-31 "a day after" is no day, not an error
        inferred = infer_year(mention, date(latest, 12, 31))  # the years an article can state
        assert (inferred.start, inferred.end, inferred.text) == (mention.start, mention.end, mention.text)
    value = resolve_date(text, published)
    assert value == resolve_date(text, published)
    assert value is None or mentions


#: (number, days) of the months that have fewer than 31 days, in 2020 (a leap year).
SHORT_MONTHS = {
    "February": (2, 29),
    "April": (4, 30),
    "June": (6, 30),
    "September": (9, 30),
    "November": (11, 30),
}


@given(day=st.integers(1, 31), month=st.sampled_from(list(SHORT_MONTHS)))
def test_a_day_the_month_does_not_have_is_no_date(day: int, month: str) -> None:
    number, days = SHORT_MONTHS[month]
    value = resolve_date(f"on {month} {day}, 2020", date(2020, 12, 31))
    if day > days:
        assert value is None or (value.day.month, value.day.day) != (number, day)
    else:
        assert value is not None and (value.day.year, value.day.month, value.day.day) == (2020, number, day)


# -- places -----------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(text=HOSTILE_TEXT, window=st.tuples(st.integers(0, 250), st.integers(0, 250)))
def test_the_place_resolver_keeps_spans_inside_the_text_and_is_deterministic(
    text: str, window: tuple[int, int]
) -> None:
    mentions = GAZ.find(text)
    start, end = sorted(min(bound, len(text)) for bound in window)
    readings = read_places(text, mentions, GAZ, start, end)
    for reading in readings:
        assert 0 <= reading.span[0] <= reading.span[1] <= len(text)
    assert read_places(text, mentions, GAZ, start, end) == readings
    found = locate(text, mentions, GAZ)
    assert found == locate(text, GAZ.find(text), GAZ)
    assert found is None or 0 <= found.span[0] <= found.span[1] <= len(text)


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(["Dhi Qar", "Ain al-Asad", "Diwaniyah", "Camp Taji", "الديوانية", "Kirkuk"]),
    inserts=st.lists(st.tuples(st.integers(0, 20), st.sampled_from(INVISIBLE)), min_size=1, max_size=3),
)
def test_invisible_characters_inside_a_place_name_do_not_hide_it(
    name: str, inserts: list[tuple[int, str]]
) -> None:
    disguised_name = inserted(name, [(min(at, len(name)), char) for at, char in inserts])
    sentence, disguised = (f"A bomb hit a convoy in {n} on Monday." for n in (name, disguised_name))
    plain = [m.place.id for m in GAZ.find(sentence)]
    found = GAZ.find(disguised)
    assert plain and [m.place.id for m in found] == plain
    for mention in found:
        assert disguised[mention.start : mention.end] == mention.text


# -- readers: one bad record never takes its neighbours with it ----------------------------------------

HOSTILE_FIELD = st.one_of(
    HOSTILE_TEXT,
    st.sampled_from(
        ["&#xD800;", "&#55296;", "&#x110000;", "&#9999999999999;", "&amp;", "]]>", "<b>", "\ud800"]
    ),
)
RECORD = st.fixed_dictionaries(
    {"text": HOSTILE_FIELD},
    optional={"id": HOSTILE_FIELD, "title": HOSTILE_FIELD, "published": HOSTILE_FIELD, "url": HOSTILE_FIELD},
)
GARBAGE_LINE = st.one_of(
    st.binary(max_size=80).filter(lambda b: b"\n" not in b and b"\r" not in b and b.strip()),
    st.sampled_from([b"[" * 5000, b'{"text": ' + b"[" * 5000, b"null", b'"text"', b'{"text": 7}']),
)


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(st.one_of(RECORD, GARBAGE_LINE), min_size=1, max_size=12))
def test_every_jsonl_line_is_its_own_article_or_failure(lines: list[dict[str, str] | bytes]) -> None:
    lines = [{"text": "Rockets hit the base."}, *lines]  # a first line without text means "not a corpus"
    encoded = [json.dumps(line).encode() if isinstance(line, dict) else line for line in lines]
    stream = io.BytesIO(b"\n".join(encoded) + b"\n")
    items = list(articles_from_jsonl(stream, "corpus.jsonl", max_chars=10_000))
    assert len(items) == len(lines)
    for item, line in zip(items, lines, strict=True):
        if isinstance(line, dict) and isinstance(item, Article):
            assert item.id == content_id(item.raw_text)  # storable: its text encodes
        elif isinstance(line, dict):
            assert isinstance(item, Failure) and "empty" in item.reason
        else:
            assert isinstance(item, Failure)


def _xml_escape(text: str) -> str:
    keep_refs = text.startswith("&#")  # a character reference, passed through as written
    escaped = text if keep_refs else text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(ch for ch in escaped if ch in "\t\n\r" or (ch >= " " and not "\ud800" <= ch <= "\udfff"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=st.lists(st.tuples(HOSTILE_FIELD, HOSTILE_FIELD), min_size=1, max_size=8))
def test_every_feed_entry_is_its_own_article_or_failure(entries: list[tuple[str, str]]) -> None:
    items = "".join(
        f"<item><title>{_xml_escape(title)}</title><description>{_xml_escape(body)}</description></item>"
        for title, body in entries
    )
    feed = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'.encode()
    )
    out = list(articles_from_feed(feed, "feed", max_chars=10_000))
    assert len(out) == len(entries)
    for item in out:
        if isinstance(item, Article):
            assert item.id == content_id(item.raw_text)


@settings(max_examples=300, deadline=None)
@given(
    data=st.binary(max_size=3000),
    declared=st.sampled_from([None, "utf-8", "windows-1256", "latin-1", "bogus"]),
)
def test_any_bytes_decode_to_text_or_are_refused_as_binary(data: bytes, declared: str | None) -> None:
    try:
        text = decode(data, declared)
    except BinaryContent:
        return
    assert isinstance(text, str) and "\ud800" not in text
    assert decode(data, declared) == text
