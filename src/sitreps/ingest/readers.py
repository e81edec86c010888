"""Read articles from wherever they are: files, folders, JSONL corpora, feeds, URLs, stdin.

`read()` is a generator over sources and, inside each source, over articles, so that a folder of
a hundred thousand pages or a corpus of a million lines flows through the pipeline without being
held in memory. A source that cannot be read becomes a `Failure` with its reason and the batch
goes on; nothing a user feeds in can stop the run.

A source is a path (a file, or a folder read recursively in sorted order), an http(s) URL, or
`-` for standard input. What a file holds is decided from its content first and its name second
(see `sniff`).
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

import httpx

from ..errors import SitrepsError
from ..model import Article, Failure, content_id
from ..settings import Settings
from .decode import declared_charset, decode, looks_binary
from .feeds import articles_from_feed
from .fetch import FetchError, Resolver, fetch
from .html import page_from_html
from .jsonl import articles_from_jsonl
from .sniff import SNIFF_BYTES, Kind, is_url, sniff

#: File suffixes a folder walk picks up; other files (README.md, images, gold files named
#: otherwise) are not articles. Explicitly named files are read whatever their suffix.
READABLE_SUFFIXES = frozenset({
    ".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".rss", ".atom", ".xml", ".urls",
})  # fmt: skip

#: UTF-8 needs at most four bytes per character: a file larger than this many bytes per allowed
#: character is too large whatever it holds, and is refused without reading it.
_MAX_BYTES_PER_CHAR = 4

#: Kind by a word of the Content-Type, first match wins ("application/xhtml+xml" is HTML).
_CONTENT_TYPE_KINDS = {
    "html": Kind.HTML,
    "xml": Kind.FEED,
    "rss": Kind.FEED,
    "atom": Kind.FEED,
    "json": Kind.JSONL,
}


@dataclass(frozen=True, slots=True)
class _Context:
    settings: Settings
    transport: httpx.BaseTransport | None
    resolver: Resolver | None
    fetch_linked_pages: bool


def read(
    sources: Iterable[str],
    settings: Settings,
    *,
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver | None = None,
    fetch_linked_pages: bool = False,
) -> Iterator[Article | Failure]:
    """Every article in `sources`, lazily, in order; unreadable inputs come out as Failures.

    `transport` and `resolver` are handed to `fetch` (tests inject fakes); `fetch_linked_pages`
    makes feed entries fetch their linked page instead of using the entry's own text.
    """
    context = _Context(settings, transport, resolver, fetch_linked_pages)
    for source in sources:
        yield from _read_source(str(source), context)


def _read_source(source: str, context: _Context) -> Iterator[Article | Failure]:
    if source == "-":
        yield from _guarded("-", _read_stdin(context))
    elif is_url(source):
        yield from _guarded(source, _read_url(source.strip(), context))
    else:
        path = Path(source)
        if path.is_dir():
            for file in walk_folder(path):
                yield from _guarded(str(file), _read_file(file, context))
        elif path.is_file():
            yield from _guarded(source, _read_file(path, context))
        elif source.lower().startswith(("http:", "https:")):
            yield Failure(source, "read", "not a valid http(s) URL")
        else:
            yield Failure(source, "read", "no such file or folder")


def _guarded(source: str, items: Iterator[Article | Failure]) -> Iterator[Article | Failure]:
    """One unreadable source is one Failure: whatever goes wrong, the next source is read."""
    try:
        yield from items
    except SitrepsError as exc:
        yield Failure(source, "read", str(exc))
    except OSError as exc:
        yield Failure(source, "read", exc.strerror or str(exc))
    except Exception as exc:  # noqa: BLE001 - recorded with its reason, the batch goes on
        yield Failure(source, "read", f"{type(exc).__name__}: {exc}")


def walk_folder(folder: Path) -> Iterator[Path]:
    """Readable files under a folder in sorted path order, hidden entries and symlinked folders
    (which may loop) skipped. One folder listing at a time is held, never the whole tree."""
    with os.scandir(folder) as listing:
        entries = sorted((entry for entry in listing if not entry.name.startswith(".")), key=lambda e: e.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from walk_folder(Path(entry.path))
        elif entry.is_file() and Path(entry.name).suffix.lower() in READABLE_SUFFIXES:
            yield Path(entry.path)


def _read_stdin(context: _Context) -> Iterator[Article | Failure]:
    stdin = getattr(sys.stdin, "buffer", None)  # None when the process was started without one
    if stdin is None:
        yield Failure("-", "read", "no standard input")
        return
    yield from _read_stream("-", stdin, None, "", context)


def _read_file(path: Path, context: _Context) -> Iterator[Article | Failure]:
    size = path.stat().st_size
    if size == 0:
        yield Failure(str(path), "read", "empty")
        return
    with path.open("rb") as stream:
        yield from _read_stream(str(path), stream, size, path.suffix, context)


def _read_stream(
    name: str, stream: IO[bytes], size: int | None, suffix: str, context: _Context
) -> Iterator[Article | Failure]:
    """Sniff a byte stream, then stream it (JSONL, URL lists) or read it whole, within limits."""
    head = stream.read(SNIFF_BYTES)
    if not head.strip():
        yield Failure(name, "read", "empty")
        return
    if looks_binary(head):
        yield Failure(name, "read", "binary file, not text")
        return
    kind = sniff(head, suffix)
    if kind in (Kind.JSONL, Kind.URL_LIST):
        whole = io.BufferedReader(PrefixedStream(head, stream))
        if kind is Kind.JSONL:
            yield from articles_from_jsonl(whole, name, max_chars=context.settings.max_text_chars)
        else:
            yield from _read_url_list(whole, name, context)
        return
    limit = _MAX_BYTES_PER_CHAR * context.settings.max_text_chars
    if size is not None and size > limit:
        yield _too_large(name, f"{size:,} bytes", context)
        return
    data = _read_up_to(stream, head, limit + 1)
    if len(data) > limit:
        yield _too_large(name, f"more than {limit:,} bytes", context)
        return
    yield from _read_document(data, kind, name, context)


def _read_up_to(stream: IO[bytes], head: bytes, limit: int) -> bytes:
    """The head and then the rest of a stream, at most `limit` bytes, read in chunks (a single
    big read would allocate the whole limit even for a small file)."""
    data = bytearray(head)
    while len(data) < limit:
        chunk = stream.read(min(SNIFF_BYTES, limit - len(data)))
        if not chunk:
            break
        data += chunk
    return bytes(data)


def _read_document(
    data: bytes,
    kind: Kind,
    source: str,
    context: _Context,
    *,
    url: str | None = None,
    charset: str | None = None,
) -> Iterator[Article | Failure]:
    """One whole document (a page, a text, a feed) as the articles it holds."""
    max_chars = context.settings.max_text_chars
    if kind is Kind.FEED:
        linked = (
            (lambda link, entry: _read_linked_page(link, entry, context))
            if context.fetch_linked_pages
            else None
        )
        yield from articles_from_feed(data, source, max_chars=max_chars, read_linked_page=linked)
    elif kind is Kind.JSONL:
        yield from articles_from_jsonl(io.BytesIO(data), source, max_chars=max_chars)
    elif kind is Kind.URL_LIST:
        yield Failure(source, "read", "a list of URLs: lists are only followed from files or standard input")
    else:
        yield _document_article(data, kind, source, context, url=url, charset=charset)


def _document_article(
    data: bytes, kind: Kind, source: str, context: _Context, *, url: str | None, charset: str | None
) -> Article | Failure:
    text = decode(data, charset or declared_charset(data)).lstrip("\ufeff")
    meta: tuple[tuple[str, str], ...] = ()
    title = outlet = published = None
    if kind is Kind.HTML:
        page = page_from_html(text, url)
        text, title, outlet, published = page.text, page.title, page.sitename, page.published
        meta = (("published_from", "page"),) if published else ()
    if not text.strip():
        return Failure(source, "read", "empty" if kind is Kind.TEXT else "no text in the page")
    if len(text) > context.settings.max_text_chars:
        return _too_large(source, f"{len(text):,} characters", context)
    return Article(
        id=content_id(text), source=source, raw_text=text, url=url, outlet=outlet, title=title,
        published=published, meta=meta,
    )  # fmt: skip


def _read_url(url: str, context: _Context) -> Iterator[Article | Failure]:
    try:
        page = fetch(url, context.settings, transport=context.transport, resolver=context.resolver)
    except FetchError as exc:
        yield Failure(url, "read", str(exc))
        return
    if not page.body.strip():
        yield Failure(url, "read", "empty")
        return
    if looks_binary(page.body[:SNIFF_BYTES]):
        yield Failure(url, "read", "binary file, not text")
        return
    kind = sniff(page.body[:SNIFF_BYTES], Path(page.final_url.split("?", 1)[0]).suffix)
    if kind is Kind.TEXT:  # the server's word counts when the content itself does not tell
        kind = next((k for word, k in _CONTENT_TYPE_KINDS.items() if word in page.content_type), Kind.TEXT)
    yield from _read_document(page.body, kind, url, context, url=page.final_url, charset=page.charset)


def _read_url_list(stream: IO[bytes], name: str, context: _Context) -> Iterator[Article | Failure]:
    for number, raw in enumerate(stream, start=1):
        line = raw.decode("utf-8", errors="replace").strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        if is_url(line):
            yield from _guarded(line, _read_url(line, context))
        else:
            yield Failure(f"{name}:{number}", "read", "not an http(s) URL")


def _read_linked_page(link: str, entry: Article, context: _Context) -> Article | Failure:
    """A feed entry's page as its article, keeping what the entry knew; the entry if it fails."""
    pages = list(_guarded(link, _read_url(link, context)))
    page = pages[0] if pages else None
    if not isinstance(page, Article):
        reason = page.reason if isinstance(page, Failure) else "no article"
        return replace(entry, meta=(*entry.meta, ("linked_page_error", reason)))
    page_meta = tuple(item for item in page.meta if not (entry.published and item[0] == "published_from"))
    return replace(
        page,
        source=entry.source,
        title=page.title or entry.title,
        published=entry.published or page.published,
        external_id=entry.external_id,
        meta=(*entry.meta, *page_meta, ("linked_page", page.url or link)),
    )


def _too_large(source: str, size: str, context: _Context) -> Failure:
    limit = context.settings.max_text_chars
    return Failure(source, "read", f"too large: {size} (max_text_chars is {limit:,} characters)")


class PrefixedStream(io.RawIOBase):
    """The bytes already read for sniffing, then the rest of the stream: lets a sniffed stdin be
    streamed from its start without seeking. Subclasses change how the rest is read
    (`_read_rest`), e.g. a byte range of a file (runners/partitions.py)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._read_rest(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _read_rest(self, size: int) -> bytes:
        return self._rest.read(size)
