"""read(): every kind of source, every kind of bad input, and the batch always going on."""

from __future__ import annotations

import io
import itertools
import json
import shutil
import socket
import threading
import tracemalloc
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from sitreps.ingest.readers import read
from sitreps.model import Article, Failure, content_id
from sitreps.settings import Settings

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
NEWS = "Two rockets struck the Turkish Zlikan military base in Iraq's Nineveh province on Sunday evening.\n"


def read_all(sources: list[Any], settings: Settings | None = None, **options: Any) -> list[Article | Failure]:
    return list(read([str(source) for source in sources], settings or Settings(), **options))


def only(items: list[Article | Failure], kind: type) -> list[Any]:
    return [item for item in items if isinstance(item, kind)]


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(NEWS, encoding="utf-8")
    return path


def test_a_text_file_is_one_article(good_file: Path) -> None:
    [article] = read_all([good_file])
    assert article == Article(id=content_id(NEWS), source=str(good_file), raw_text=NEWS)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t\n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, "binary file, not text"),
        ("archive.html", bytes(range(256)) * 40, "binary file, not text"),
    ],
)
def test_unreadable_files_are_failures_and_the_batch_goes_on(
    tmp_path: Path, good_file: Path, name: str, content: bytes, reason: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    items = read_all([bad, good_file])
    assert items[0] == Failure(str(bad), "read", reason)
    assert isinstance(items[1], Article) and items[1].raw_text == NEWS


def test_a_20_mb_file_is_refused_without_being_read(tmp_path: Path, good_file: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("w", encoding="utf-8") as out:
        for _ in range(20 * 1024):
            out.write(NEWS[:-1] * 10 + "\n" + "x" * (1024 - len(NEWS) * 10 % 1024))
    assert huge.stat().st_size > 20_000_000
    tracemalloc.start()
    try:
        items = read_all([huge, good_file])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(items[0], Failure) and items[0].reason.startswith("too large")
    assert "max_text_chars" in items[0].reason
    assert isinstance(items[1], Article)
    assert peak < 2_000_000


def test_a_text_over_the_character_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(NEWS * 30, encoding="utf-8")
    [failure] = read_all([path], Settings(max_text_chars=1000))
    assert isinstance(failure, Failure) and failure.reason.startswith("too large")


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("shafaq-arabic.cp1256.txt", "وأبلغ مصدر أمني وكالة شفق نيوز، أن الإنفجار تم عبر عبوة ناسفة"),
        (
            "convoi-francais.latin1.txt",
            "Un engin explosif a visé jeudi un convoi de camions transportant du matériel",
        ),
    ],
)
def test_legacy_encodings_decode_right(fixture: str, expected: str) -> None:
    [article] = read_all([FIXTURES / fixture])
    assert isinstance(article, Article)
    assert expected in article.raw_text
    assert "\ufffd" not in article.raw_text


def test_utf8_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + NEWS.encode("utf-8"))
    [article] = read_all([path])
    assert article.raw_text == NEWS


def test_a_web_page_gives_its_main_text_and_metadata() -> None:
    [article] = read_all([FIXTURES / "article.html"])
    assert isinstance(article, Article)
    assert article.title == "Rockets hit Baghdad airport, damage two planes"
    assert article.published == date(2022, 1, 28)
    assert article.outlet == "Example Network"
    assert ("published_from", "page") in article.meta
    assert "Six rockets landed in the Baghdad International Airport compound on Friday" in article.raw_text
    assert (
        "It further said the launch pad for the rockets was located in the nearby Abu Ghraib area."
        in article.raw_text
    )
    for furniture in ("Most read", "Football results", "dataLayer", "All rights reserved"):
        assert furniture not in article.raw_text


def test_broken_html_still_yields_its_text() -> None:
    [article] = read_all([FIXTURES / "broken.html"])
    assert isinstance(article, Article)
    assert (
        "Gunmen attacked a convoy of trucks carrying supplies for the coalition near Samawah"
        in article.raw_text
    )
    assert "<p>" not in article.raw_text


def test_a_txt_file_holding_html_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    shutil.copy(FIXTURES / "article.html", path)
    [article] = read_all([path])
    assert article.title == "Rockets hit Baghdad airport, damage two planes"
    assert "<article>" not in article.raw_text


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def record(number: int, **fields: Any) -> str:
    base = {
        "id": f"r{number}", "url": f"https://www.rudaw.net/english/{number}", "outlet": "Rudaw",
        "published": "2020-09-27", "title": f"Convoy hit {number}", "text": f"Story {number}. {NEWS}",
    }  # fmt: skip
    return json.dumps({**base, **fields}, ensure_ascii=False)


def test_a_jsonl_corpus_gives_one_article_per_record_and_a_failure_per_bad_line(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "corpus.jsonl", [record(1), '{"id": "r2", "text": "unterminated', "", record(4)]
    )
    first, bad, fourth = read_all([path])
    assert isinstance(first, Article) and isinstance(fourth, Article)
    assert (first.source, first.external_id, first.outlet, first.published) == (
        f"{path}:1", "r1", "Rudaw", date(2020, 9, 27),
    )  # fmt: skip
    assert first.url == "https://www.rudaw.net/english/1" and first.title == "Convoy hit 1"
    assert first.id == content_id(first.raw_text) and first.text == ""
    assert isinstance(bad, Failure) and bad.source == f"{path}:2" and bad.reason.startswith("malformed JSON")
    assert fourth.source == f"{path}:4"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('["a", "list"]', "not a JSON object but a list"),
        (record(2, text="   "), "empty: the record's text is blank"),
        (record(2, text="x" * 5000), "too large: 5,000 characters (max_text_chars is 1,000)"),
        ('{"id": "r2", "events": []}', "record has no 'text' field"),
    ],
)
def test_bad_jsonl_records_are_failures_of_their_line(tmp_path: Path, line: str, reason: str) -> None:
    path = write_jsonl(tmp_path / "corpus.jsonl", [record(1), line, record(3)])
    items = read_all([path], Settings(max_text_chars=1000))
    assert items[1] == Failure(f"{path}:2", "read", reason)
    assert [type(item) for item in items] == [Article, Failure, Article]


def test_a_gold_file_is_not_taken_for_a_corpus(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "gold.jsonl", ['{"id": "seed-000", "events": []}'] * 3)
    assert read_all([path]) == [
        Failure(str(path), "read", "not an article corpus: its records have no 'text' field")
    ]


def test_a_big_jsonl_file_streams(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(100_000):
            out.write(record(number) + "\n")
    tracemalloc.start()
    try:
        first = list(itertools.islice(read([str(path)], Settings()), 3))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [item.external_id for item in first] == ["r0", "r1", "r2"]
    assert peak < 1_000_000  # the file is ~25 MB


class EndlessJsonl(io.RawIOBase):
    """A standard input that never ends: reading it all would hang the test."""

    def __init__(self) -> None:
        self.lines = (f"{record(number)}\n".encode() for number in itertools.count())
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while len(self.pending) < len(buffer):
            self.pending += next(self.lines)
        size = len(buffer)
        buffer[:size], self.pending = self.pending[:size], self.pending[size:]
        return size


def test_standard_input_is_streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BufferedReader(EndlessJsonl()))
    monkeypatch.setattr("sys.stdin", stdin)
    first = list(itertools.islice(read(["-"], Settings()), 3))
    assert [(item.source, item.external_id) for item in first] == [
        ("-:1", "r0"),
        ("-:2", "r1"),
        ("-:3", "r2"),
    ]


def test_standard_input_holding_one_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(NEWS.encode("utf-8"))))
    assert read_all(["-"]) == [Article(id=content_id(NEWS), source="-", raw_text=NEWS)]


def test_no_standard_input_is_a_failure(monkeypatch: pytest.MonkeyPatch, good_file: Path) -> None:
    monkeypatch.setattr("sys.stdin", None)
    items = read_all(["-", good_file])
    assert items[0] == Failure("-", "read", "no standard input") and isinstance(items[1], Article)


def test_a_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    for relative in ("b/2.txt", "a/1.txt", "c.txt", "a/.hidden.txt", ".git/x.txt", "README.md", "photo.jpg"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(f"{relative}: {NEWS}", encoding="utf-8")
    sources = [item.source for item in read_all([tmp_path])]
    assert sources == [str(tmp_path / "a" / "1.txt"), str(tmp_path / "b" / "2.txt"), str(tmp_path / "c.txt")]


def test_missing_paths_are_failures(good_file: Path) -> None:
    items = read_all(["no/such/file.txt", good_file])
    assert items[0] == Failure("no/such/file.txt", "read", "no such file or folder")
    assert isinstance(items[1], Article)


# ---------------------------------------------------------------------------------------------
# Feeds


def test_an_rss_feed_gives_one_article_per_item() -> None:
    path = FIXTURES / "news-feed.rss"
    first, second = read_all([path])
    assert first.title == "US-led Coalition convoy hit by IED in southern Iraq"
    assert first.url == "https://www.example-news.net/english/middleeast/iraq/270920201"
    assert first.external_id == "example-news-270920201"
    assert first.published == date(2020, 9, 27)
    assert first.source == f"{path}#1"
    assert first.raw_text.startswith(
        "US-led Coalition convoy hit by IED in southern Iraq\nA convoy transporting"
    )
    assert "<p>" not in first.raw_text
    assert ("feed", "Iraq News - Security") in first.meta
    assert second.raw_text.endswith("without causing casualties, security sources said.")


def test_an_atom_feed_gives_one_article_per_entry() -> None:
    first, second = read_all([FIXTURES / "wire-feed.atom"])
    assert first.external_id == "tag:wire.example.org,2021:story-40871"
    assert first.published == date(2021, 12, 27)
    assert (
        "No group has claimed responsibility for the attack." in first.raw_text
    )  # full content, not summary
    assert second.published == date(2023, 10, 31)  # only <updated>
    assert "Two armed drones targeted Iraq's Ain al-Asad air base" in second.raw_text


def test_a_feed_is_recognised_by_its_content(tmp_path: Path) -> None:
    path = tmp_path / "download.txt"
    shutil.copy(FIXTURES / "wire-feed.atom", path)
    assert len(only(read_all([path]), Article)) == 2


def test_a_truncated_feed_gives_its_whole_entries_and_a_failure_for_the_cut_one(tmp_path: Path) -> None:
    feed = (FIXTURES / "news-feed.rss").read_bytes()
    path = tmp_path / "truncated.rss"
    path.write_bytes(feed[: feed.index(b"<item>", feed.index(b"</item>")) + 40])
    complete, cut = read_all([path])
    assert (
        isinstance(complete, Article)
        and complete.title == "US-led Coalition convoy hit by IED in southern Iraq"
    )
    assert cut == Failure(f"{path}#2", "read", "empty: the feed entry has no title and no text")


def test_a_feed_without_entries_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "empty.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>', encoding="utf-8")
    [failure] = read_all([path])
    assert isinstance(failure, Failure) and failure.source == str(path)


PUBLIC_RESOLVER = lambda host, port: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]


def test_feed_entries_fetch_their_page_only_when_asked() -> None:
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(
            200, content=(FIXTURES / "article.html").read_bytes(), headers={"content-type": "text/html"}
        )

    transport = httpx.MockTransport(handler)
    feed = FIXTURES / "news-feed.rss"
    read_all([feed], transport=transport, resolver=PUBLIC_RESOLVER)
    assert requested == []
    first, _ = read_all([feed], transport=transport, resolver=PUBLIC_RESOLVER, fetch_linked_pages=True)
    assert len(requested) == 2
    assert "Six rockets landed in the Baghdad International Airport compound" in first.raw_text
    assert (first.external_id, first.published, first.source) == (
        "example-news-270920201",
        date(2020, 9, 27),
        f"{feed}#1",
    )


# ---------------------------------------------------------------------------------------------
# URLs


class _PageHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = (FIXTURES / "article.html").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def page_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PageHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/news/rockets"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections (through the backlog) and never answers."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/never"
    finally:
        server.close()


def test_a_url_list_reads_each_url_and_a_timeout_is_one_failure(
    tmp_path: Path, page_server: str, silent_server: str
) -> None:
    urls = tmp_path / "sources.urls"
    urls.write_text(f"# today's links\n{silent_server}\n\n{page_server}\nnot a url\n", encoding="utf-8")
    settings = Settings(fetch_timeout_s=0.3, allow_private_addresses=True)
    timeout, page, not_url = read_all([urls], settings)
    assert isinstance(timeout, Failure) and timeout.source == silent_server and "timed out" in timeout.reason
    assert isinstance(page, Article) and page.url == page_server and page.source == page_server
    assert "Six rockets landed in the Baghdad International Airport compound" in page.raw_text
    assert not_url == Failure(f"{urls}:5", "read", "not an http(s) URL")


def test_a_file_of_urls_is_recognised_without_its_suffix(tmp_path: Path, page_server: str) -> None:
    path = tmp_path / "links.txt"
    path.write_text(f"{page_server}\n{page_server}?page=2\n", encoding="utf-8")
    assert len(only(read_all([path], Settings(allow_private_addresses=True)), Article)) == 2


def test_private_addresses_are_refused_by_default(page_server: str) -> None:
    resolver = lambda host, port: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.8", port))]
    named, local = read_all(["http://intranet.example/report", page_server], resolver=resolver)
    assert (
        isinstance(named, Failure) and "intranet.example is a non-public address (10.0.0.8)" in named.reason
    )
    assert isinstance(local, Failure) and "127.0.0.1 is a non-public address" in local.reason


def test_a_fetched_feed_is_read_as_a_feed() -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(
            200,
            content=(FIXTURES / "wire-feed.atom").read_bytes(),
            headers={"content-type": "application/atom+xml"},
        )
    )
    items = read_all(
        ["https://wire.example.org/feeds/middle-east.atom"], transport=transport, resolver=PUBLIC_RESOLVER
    )
    assert [item.external_id for item in items] == [
        "tag:wire.example.org,2021:story-40871", "tag:wire.example.org,2023:story-51210",
    ]  # fmt: skip
