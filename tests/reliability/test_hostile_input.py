"""A batch of hostile inputs goes through the whole pipeline: nothing stops it, each bad input is
a stored `Failure` with its reason, and every good input lands with valid evidence.

One folder holds them all, as an analyst's download folder would: random bytes, NUL bytes, a
50 MB single line (generated here, never committed), HTML nested thousands deep and HTML whose
tags never close, mixed encodings, right-to-left and zero-width characters, impossible and
unanchored dates, a JSONL corpus with every kind of broken record, and a list of URLs served by
a local server, one of them a gzip bomb. A feed of 10,000 items has its own test.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from sitreps import pipeline
from sitreps.model import Article, Report, span_is_valid
from sitreps.pipeline import RunSummary, run
from sitreps.resources import Resources
from sitreps.settings import Settings, load_settings
from sitreps.store.store import Store, open_store

from .conftest import LocalServer, Route, evidence_spans

NEWS = "A roadside bomb struck a logistics convoy of the US-led coalition in Dhi Qar on Monday, police said."
FIFTY_MB = 50 * 1024 * 1024
CURLY_ENGLISH = (
    "Rockets hit the US embassy’s compound in Baghdad – “no casualties” were reported, police said.\n"
)
ARABIC = "استهدفت عبوة ناسفة رتلاً لنقل معدات التحالف الدولي على الطريق السريع في محافظة الديوانية.\n"
#: Right-to-left override and pop, zero-width space, joiner and non-joiner, word joiner, a stray
#: byte-order mark and bidi isolates: invisible, and each one a way to disguise words.
BIDI_NEWS = (
    "\u202eA roadside bomb\u202c struck a \u200bcon\u200dvoy\u200c of the US-led coalition in Dhi\u2060 Qar "
    "on Monday\ufeff, police said.\u200f \u2066No casualties were reported.\u2069\n"
)
CRASH_MARKER = "This sentence makes the extractor fail."


def one_line_of(path: Path, size: int) -> Path:
    """`size` bytes of words and no newline, written in chunks (never held in memory)."""
    chunk = (NEWS.replace(".", "") + " ") * 1000
    with path.open("w", encoding="utf-8") as stream:
        written = 0
        while written < size:
            stream.write(chunk)
            written += len(chunk)
    return path


def nested_html(depth: int) -> str:
    return f"<html><body>{'<div>' * depth}{NEWS}{'</div>' * depth}</body></html>"


def unclosed_html(paragraphs: int) -> str:
    """Old pages open <div> and <font> and never close them: 600 levels deep by the end."""
    body = "".join(f"<div><font>Paragraph {n} of the weekly security summary." for n in range(paragraphs))
    return f"<html><body>{body}<p>{NEWS}</p></body></html>"


def jsonl_records(huge_line: Path) -> bytes:
    """A corpus with one good record at each end and every kind of bad record between."""
    good = json.dumps({"id": "good-1", "published": "2021-03-01", "text": NEWS}).encode()
    lines = [
        good,
        b'{"id": "cut", "text": "Rockets hit',  # cut off mid-record
        b'["not", "an", "object"]',
        b'{"id": "deep", "text": "x", "extra": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        json.dumps({"id": "blank", "text": "   "}).encode(),
        json.dumps(
            {"id": "nul", "published": "2021-03-02", "text": "Gunmen attacked\u0000 a convoy in Basra."}
        ).encode(),
        json.dumps(
            {
                "id": "bad-date",
                "published": "2021-02-30",
                "text": "Rockets hit Ain al-Asad air base on Monday.",
            }
        ).encode(),
        json.dumps({"id": "good-2", "published": "2021-03-03", "text": ARABIC}).encode(),
        b'{"id": "surrogate", "text": "Rockets hit Basra \\ud800 on Monday."}',  # half a UTF-16 pair
    ]
    with huge_line.open("rb") as stream:  # a 50 MB record, sixth line
        huge = b'{"id": "huge", "text": "' + stream.read() + b'"}'
    return b"\n".join(lines[:5] + [huge] + lines[5:]) + b"\n"


SECRET = "the contents of a local file that must never reach the database"


def hostile_feed(secret: Path) -> bytes:
    """References to no character, an external entity naming a local file, a billion laughs."""
    entries = [
        ("Half a pair &#xD800;", "Rockets hit Basra &#55296; on Monday."),
        ("Past Unicode &#x110000;", "Gunmen attacked a convoy &#99999999999999999999; in Anbar."),
        ("Local file", "Before &xxe; after."),
        ("Laughs", "&lol6;"),
        ("Plain", NEWS),
    ]
    items = "".join(
        f"<item><title>{title}</title><guid>urn:h:{n}</guid><description>{body}</description></item>"
        for n, (title, body) in enumerate(entries)
    )
    laughs = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 7))
    doctype = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY lol0 "lol">{laughs}]>'
    channel = f"<channel><title>Hostile</title>{items}</channel>"
    return f'<?xml version="1.0"?>{doctype}<rss version="2.0">{channel}</rss>'.encode()


def gzip_bomb(unpacked: int = FIFTY_MB) -> bytes:
    """~50 KB on the wire, 50 MB of markup once unpacked."""
    return gzip.compress(b"<p>" + b" " * unpacked + b"</p>", compresslevel=9)


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    running = LocalServer()
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory, server: LocalServer) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "inbox"
    folder.mkdir()
    rng = random.Random(8)
    (folder / "random.txt").write_bytes(bytes(rng.randrange(256) for _ in range(65536)))
    (folder / "nul.txt").write_bytes(NEWS.encode().replace(b" ", b"\x00", 3))
    huge = one_line_of(folder / "one-line.txt", FIFTY_MB)
    (folder / "corpus.jsonl").write_bytes(jsonl_records(huge))
    (folder / "nested.html").write_text(nested_html(5000), encoding="utf-8")
    (folder / "unclosed.html").write_text(unclosed_html(300), encoding="utf-8")
    (folder / "mixed.txt").write_bytes(CURLY_ENGLISH.encode("utf-8") + ARABIC.encode("cp1256"))
    (folder / "bidi.txt").write_text(BIDI_NEWS, encoding="utf-8")
    (folder / "february-30.txt").write_text(
        "A roadside bomb hit a coalition convoy in Basra on February 30, 2021, security sources said.\n",
        encoding="utf-8",
    )
    (folder / "on-monday.txt").write_text(
        "A roadside bomb hit a coalition convoy in Basra on Monday, security sources said.\n",
        encoding="utf-8",
    )
    (folder / "crash.txt").write_text(f"{NEWS}\n{CRASH_MARKER}\n", encoding="utf-8")
    secret = folder.parent / "secret.txt"  # outside the inbox: only an entity could read it
    secret.write_text(SECRET, encoding="utf-8")
    (folder / "hostile.xml").write_bytes(hostile_feed(secret))
    gzipped = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    server.routes["/bomb"] = Route(gzip_bomb(), headers=gzipped)
    server.routes["/story"] = Route(f"<html><body><h1>Convoy hit</h1><p>{NEWS}</p></body></html>".encode())
    (folder / "links.urls").write_text(f"{server.url('/bomb')}\n{server.url('/story')}\n")
    return folder


#: What each input must become: a failure whose reason says why, or an article.
EXPECTED_FAILURES = {
    "random.txt": "binary file, not text",
    "nul.txt": "binary file, not text",
    "one-line.txt": "too large",
    "corpus.jsonl:2": "malformed JSON",
    "corpus.jsonl:3": "not a JSON object but a list",
    "corpus.jsonl:4": "malformed JSON: nested too deeply",
    "corpus.jsonl:5": "empty",
    "corpus.jsonl:6": "record too large",
    "nested.html": "nested more than 2,048 levels deep",
    "crash.txt": "RuntimeError: injected",
    "bomb": "too large",
}
EXPECTED_ARTICLES = (
    "corpus.jsonl:1", "corpus.jsonl:7", "corpus.jsonl:8", "corpus.jsonl:9", "corpus.jsonl:10",
    "unclosed.html", "mixed.txt", "bidi.txt", "february-30.txt", "on-monday.txt", "story",
    "hostile.xml#1", "hostile.xml#2", "hostile.xml#3", "hostile.xml#4", "hostile.xml#5",
)  # fmt: skip


Extractor = Callable[[Article, Resources], list[Report]]


def failing_on_marker(original: Extractor) -> Extractor:
    """The real extractor, except that it raises on one article: a bug must cost one article."""

    def extract(article: Article, res: Resources) -> list[Report]:
        if CRASH_MARKER in article.text:
            raise RuntimeError("injected")
        return original(article, res)

    return extract


@pytest.fixture(scope="module")
def ingested(inbox: Path) -> Iterator[tuple[RunSummary, Store]]:
    """The inbox through the real pipeline, once for the module (one process, small batches)."""
    settings = load_settings(
        db=str(inbox.parent / "hostile.db"), workers=1, allow_private_addresses=True, batch_size=4
    )
    with pytest.MonkeyPatch.context() as patch, open_store(settings.db) as store:
        patch.setattr(pipeline, "extract_reports", failing_on_marker(pipeline.extract_reports))
        yield run([str(inbox)], store, settings), store
    for huge in ("one-line.txt", "corpus.jsonl"):  # 100 MB that pytest would keep for three runs
        (inbox / huge).unlink()


def name_of(source: str) -> str:
    """ "corpus.jsonl:2" for a line of a file in the inbox, "bomb" for a URL of the server."""
    return source.rsplit("/", 1)[-1]


def the_article(store: Store, name: str) -> Article:
    [article] = [a for a in store.articles() if name_of(a.source) == name]
    return article


def test_every_bad_input_is_a_failure_with_its_reason(ingested: tuple[RunSummary, Store]) -> None:
    summary, store = ingested
    failures = store.failures()
    for name, reason in EXPECTED_FAILURES.items():
        found = [f for f in failures if name_of(f.source) == name]
        assert len(found) == 1, (name, failures)
        assert reason in found[0].reason, found[0]
    assert len(failures) == len(EXPECTED_FAILURES) == summary.failed


def test_every_good_input_lands_and_each_is_counted_once(ingested: tuple[RunSummary, Store]) -> None:
    summary, store = ingested
    assert sorted(name_of(a.source) for a in store.articles()) == sorted(EXPECTED_ARTICLES)
    inputs = len(EXPECTED_ARTICLES) + len(EXPECTED_FAILURES)
    assert summary.ingested + summary.duplicate + summary.skipped + summary.failed == inputs


def test_every_evidence_span_points_at_its_own_words(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    reports = store.reports()
    assert reports  # the good inputs do report attacks
    for report in reports:
        article = store.article(report.article_id)
        for span in evidence_spans(report):
            assert span_is_valid(span, article), (article.source, span)


def test_markup_that_never_closes_still_gives_the_news(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    article = the_article(store, "unclosed.html")
    assert "Paragraph 299 of the weekly security summary" in article.text
    assert NEWS in article.text


def test_mixed_encodings_read_each_line_in_its_own_encoding(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    article = the_article(store, "mixed.txt")
    assert article.raw_text == CURLY_ENGLISH + ARABIC


def test_invisible_characters_are_kept_and_do_not_hide_the_attack(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    article = the_article(store, "bidi.txt")
    assert "\u202e" in article.text and "\u200b" in article.text  # stored as written, shown as text
    [report] = store.reports(article_id=article.id)
    assert report.attack_type.value is not None and report.target.value is not None


def test_impossible_and_unanchored_dates_give_no_date(ingested: tuple[RunSummary, Store]) -> None:
    """ "February 30" is no day; "on Monday" with no publication date is no particular Monday."""
    _, store = ingested
    for name in ("february-30.txt", "on-monday.txt"):
        article = the_article(store, name)
        assert article.published is None
        reports = store.reports(article_id=article.id)
        assert reports and all(r.date.value is None for r in reports), reports
    bad_date = the_article(store, "corpus.jsonl:8")
    assert bad_date.published is None and ("published_invalid", "2021-02-30") in bad_date.meta


def test_text_that_is_not_unicode_becomes_replacement_characters(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    assert the_article(store, "corpus.jsonl:10").raw_text == "Rockets hit Basra \ufffd on Monday."
    assert (
        the_article(store, "hostile.xml#1").raw_text
        == "Half a pair \ufffd\nRockets hit Basra \ufffd on Monday."
    )
    assert "\ufffd in Anbar" in the_article(store, "hostile.xml#2").raw_text


def test_feed_entities_neither_read_local_files_nor_multiply(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    assert all(SECRET not in article.raw_text for article in store.articles())
    assert len(the_article(store, "hostile.xml#4").raw_text) < 100  # not a million "lol"s


def test_the_server_sent_the_bomb_but_it_was_never_unpacked_whole(
    ingested: tuple[RunSummary, Store], server: LocalServer
) -> None:
    assert server.requested == ["/bomb", "/story"]
    [failure] = [f for f in ingested[1].failures() if name_of(f.source) == "bomb"]
    assert f"more than {Settings().fetch_max_bytes:,} bytes" in failure.reason


# -- a feed of 10,000 items ------------------------------------------------------------------------

TOPICS = (
    "The provincial council met to discuss the budget for schools",
    "Oil exports rose in the third quarter, the ministry said",
    "A football match in Basra drew a large crowd",
)


def big_feed(items: int) -> bytes:
    """An RSS feed of `items` entries: mostly everyday news, one attack report in a hundred,
    an empty entry in a thousand, and one in five hundred reposting the entry before it."""
    entries = []
    for n in range(items):
        day = date(2021, 2, 1 + n % 28).strftime("%a, %d %b %Y")
        if n % 1000 == 999:
            title, body = "", ""
        elif n % 500 == 1:
            title, body = (
                f"Convoy hit ({n - 1})",
                f"A roadside bomb struck a coalition convoy near Basra, story {n - 1}.",
            )
        elif n % 100 == 0:
            title, body = (
                f"Convoy hit ({n})",
                f"A roadside bomb struck a coalition convoy near Basra, story {n}.",
            )
        else:
            title, body = f"Story {n}", f"{TOPICS[n % 3]} (story {n})."
        entries.append(
            f"<item><title>{title}</title><link>https://news.example/{n}</link><guid>urn:story:{n}</guid>"
            f"<pubDate>{day} 10:00:00 GMT</pubDate><description>{body}</description></item>"
        )
    channel = f"<channel><title>Wire</title>{''.join(entries)}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


@pytest.mark.slow
def test_a_feed_of_ten_thousand_items_lands_with_its_bad_entries_recorded(tmp_path: Path) -> None:
    feed = tmp_path / "wire.xml"
    feed.write_bytes(big_feed(10_000))
    settings = load_settings(db=str(tmp_path / "feed.db"), workers=1)
    with open_store(settings.db) as store:
        summary = run([str(feed)], store, settings)
        failures = store.failures()
        counts = store.counts()
    assert summary.failed == 10 == len(failures)
    assert {f.source for f in failures} == {f"{feed}#{n + 1}" for n in range(999, 10_000, 1000)}
    assert all("no title and no text" in f.reason for f in failures)
    assert summary.duplicate == 20
    assert summary.ingested + summary.skipped == 10_000 - 30 == counts["articles"]
    assert summary.reports >= 100  # every attack entry, none of the everyday news
