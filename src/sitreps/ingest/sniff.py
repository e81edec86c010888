"""What kind of document a source is, from its first bytes and its name.

File names lie (a `.txt` saved from a browser holds HTML; a download has no extension at all), so
the content decides and the name only breaks ties. Only the head of a source is looked at, so a
million-line JSONL file is recognised without reading it.
"""

from __future__ import annotations

import re
from enum import StrEnum

from .decode import bom_encoding

#: Bytes read from the start of a source to decide its kind.
SNIFF_BYTES = 65536


class Kind(StrEnum):
    TEXT = "text"  # plain page text, one article
    HTML = "html"  # a web page, one article
    JSONL = "jsonl"  # one article record per line (tests/data/corpus/README.md)
    FEED = "feed"  # RSS or Atom, one article per entry
    URL_LIST = "urls"  # one URL per line, each read as its own source


_FEED_ROOT = re.compile(r"<(rss|feed|rdf:rdf)\b", re.IGNORECASE)
_HTML_START = re.compile(r"<!doctype\s+html|<html\b|<head\b|<body\b", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(p|div|br|span|a|article|section|h[1-6]|li|ul|table|img|meta|title|script)\b[^>]*>", re.IGNORECASE
)
_URL_LINE = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_MIN_TAGS_FOR_HTML = 3


def sniff(head: bytes, suffix: str = "") -> Kind:
    """The kind of a document from its first bytes (`SNIFF_BYTES` are plenty) and file suffix."""
    text = _sniff_text(head)
    start = text[:2048]
    suffix = suffix.lower()
    if start.startswith("{"):
        return Kind.JSONL
    if _FEED_ROOT.search(start) and not _HTML_START.search(start):
        return Kind.FEED
    if _HTML_START.search(start) or len(_HTML_TAG.findall(text[:8192])) >= _MIN_TAGS_FOR_HTML:
        return Kind.HTML
    if suffix in _HTML_SUFFIXES and _HTML_TAG.search(start):
        return Kind.HTML
    if suffix == ".urls" or is_url_list(text):
        return Kind.URL_LIST
    return Kind.TEXT


def is_url(text: str) -> bool:
    """A single absolute http(s) URL and nothing else."""
    return _URL_LINE.fullmatch(text.strip()) is not None


def is_url_list(text: str) -> bool:
    """Every complete non-blank line is an http(s) URL (a last, cut-off line is ignored)."""
    lines = text.splitlines()
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]
    urls = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return bool(urls) and all(is_url(line) for line in urls)


def _sniff_text(head: bytes) -> str:
    """A lossy decoding, good enough to look for markers (which are all ASCII)."""
    text = head.decode(bom_encoding(head) or "utf-8", errors="replace")
    return text.lstrip("\ufeff \t\r\n")
