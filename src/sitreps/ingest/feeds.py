"""RSS and Atom feeds: one article per entry.

An entry carries a headline, a summary or the full content, a link, a date and a guid; that is
often all the news there is (agency wires put the whole story in the summary), so by default the
entry itself is the article and nothing else is fetched. With `fetch_linked_pages` the reader
fetches each entry's page and uses it instead, falling back to the entry if the page fails.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import feedparser

from ..model import Article, Failure, content_id
from .decode import valid_unicode
from .html import html_to_text

#: Turns an entry's link into the article of its page (or a Failure); given the entry's own
#: article so that it can fall back to it and inherit its metadata.
PageReader = Callable[[str, Article], Article | Failure]

#: Numeric character references: feedparser raises on one it cannot turn into a character (a
#: UTF-16 surrogate, past U+10FFFF, a thousand digits), and the whole feed is lost with it.
_CHAR_REF = re.compile(rb"&#(?:[xX]0*([0-9a-fA-F]{1,8})|0*([0-9]{1,10}));|&#[xX]?[0-9a-fA-F]{9,};")
_REPLACEMENT_REF = b"&#xFFFD;"


def articles_from_feed(
    data: bytes, source: str, *, max_chars: int, read_linked_page: PageReader | None = None
) -> Iterator[Article | Failure]:
    """Every entry of an RSS/Atom document as an Article (or a Failure saying what is wrong)."""
    # Bytes, always: given a str that looks like a URL, feedparser would fetch it.
    parsed = feedparser.parse(_valid_char_refs(data))
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f"not a valid feed: {problem}" if parsed.bozo and problem else "feed has no entries"
        yield Failure(source, "read", reason)
        return
    feed_title = _text(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        item = _entry_article(entry, f"{source}#{number}", feed_title, max_chars)
        if isinstance(item, Article) and read_linked_page and item.url:
            item = read_linked_page(item.url, item)
        yield item


def _valid_char_refs(data: bytes) -> bytes:
    """The feed with every reference to no character replaced by one to U+FFFD."""

    def checked(ref: re.Match[bytes]) -> bytes:
        hex_digits, digits = ref.group(1), ref.group(2)
        if hex_digits is None and digits is None:
            return _REPLACEMENT_REF  # too many digits to name any character
        code = int(hex_digits, 16) if hex_digits is not None else int(digits)
        return ref.group(0) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else _REPLACEMENT_REF

    return _CHAR_REF.sub(checked, data)


def _entry_article(entry: Any, source: str, feed_title: str | None, max_chars: int) -> Article | Failure:
    title = _text(entry.get("title"))
    body = _entry_body(entry)
    raw_text = f"{title}\n{body}" if title and body and not body.startswith(title) else (body or title or "")
    if not raw_text.strip():
        return Failure(source, "read", "empty: the feed entry has no title and no text")
    if len(raw_text) > max_chars:
        return Failure(
            source, "read", f"too large: {len(raw_text):,} characters (max_text_chars is {max_chars:,})"
        )
    published = _entry_date(entry)
    meta: list[tuple[str, str]] = [("feed", feed_title)] if feed_title else []
    if published:
        meta.append(("published_from", "feed"))
    return Article(
        id=content_id(raw_text),
        source=source,
        raw_text=raw_text,
        url=valid_unicode(entry.get("link") or "") or None,
        title=title,
        published=published,
        external_id=valid_unicode(entry.get("id") or "") or None,
        meta=tuple(meta),
    )


def _entry_body(entry: Any) -> str:
    """The fullest text the entry has: its content, else its summary, as plain text."""
    candidates = [part for part in entry.get("content", []) if part.get("value")]
    part = candidates[0] if candidates else entry.get("summary_detail") or {"value": entry.get("summary", "")}
    value = part.get("value") or ""
    is_html = "html" in (part.get("type") or "text/html") or "<" in value
    return valid_unicode(html_to_text(value) if is_html else value).strip()


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp: time.struct_time | None = entry.get(key)
        if stamp:
            try:
                return date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
            except ValueError:
                continue
    return None


def _text(value: Any) -> str | None:
    text = " ".join(valid_unicode(str(value or "")).split())
    return text or None
