"""Page text to article text: drop the furniture, keep every news sentence, remember where it was.

Pages copied from the web carry menus, share prompts, captions, bylines, tag lists, embedded
tweets and comment sections, and some carry their whole body twice. trafilatura cleans HTML but
returns nothing on text that has already lost its markup, which is how most corpora and scrapers
deliver it, so this is a line-level cleaner driven by `data/lexicons/boilerplate.toml`.

It only ever *selects* stretches of the raw text (whole lines, trimmed, minus a known prefix or
list bullet) and joins them with newlines. That is what makes `Article.segments` exact: each
(clean_start, raw_start, length) triple says that `text[clean_start:clean_start+length]` is
`raw_text[raw_start:raw_start+length]`, so evidence found in the clean text can be shown in the
page as it was read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from ..model import Article
from .boilerplate import Boilerplate, Verdict, load_boilerplate

#: A line, trimmed: from its first to its last character that is neither white space (`\s` is
#: `str.isspace`) nor a zero-width mark, with no line break of any convention (str.splitlines'
#: set, all of them white space) in between, so offsets stay exact on any input. (One regex
#: instead of a loop over each edge of each line in Python.)
_LINE = re.compile(r"[^\s\ufeff\u200b](?:[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]*[^\s\ufeff\u200b])?")
_BULLET = re.compile(r"[•·▪●◦‣∙*–—-]+\s+")
_SEPARATOR = "\n"


def clean(article: Article) -> Article:
    """The article with `text` (its clean text) and `segments` (the map back to `raw_text`)."""
    raw = article.raw_text
    spans = list(_kept_spans(raw, load_boilerplate(), _key(article.title) if article.title else None))
    pieces: list[str] = []
    segments: list[tuple[int, int, int]] = []
    position = 0
    for start, end in spans:
        if pieces:
            position += len(_SEPARATOR)
        pieces.append(raw[start:end])
        segments.append((position, start, end - start))
        position += end - start
    return replace(article, text=_SEPARATOR.join(pieces), segments=tuple(segments))


def _kept_spans(raw: str, rules: Boilerplate, title_key: str | None) -> Iterator[tuple[int, int]]:
    """(start, end) in the raw text of every line the article keeps, in order."""
    seen: set[str] = set()
    prose_lines = 0
    for start, end in _content_lines(raw, rules):
        line = raw[start:end]
        key = _key(line)
        is_title = key == title_key
        verdict = Verdict.KEEP if is_title else rules.verdict(line)
        if verdict is Verdict.CUT and prose_lines >= rules.cut_needs_prose_lines:
            return  # a comment block or a list of other stories: the article is over
        if verdict is not Verdict.KEEP:
            continue
        if key in seen and sum(char.isalpha() for char in key) >= rules.dedupe_min_letters:
            continue  # a repeated paragraph (pages that print their body twice): keep the first
        seen.add(key)
        prose_lines += rules.is_prose(line)
        yield start, end


def _content_lines(raw: str, rules: Boilerplate) -> Iterator[tuple[int, int]]:
    """Each non-blank line as a (start, end) span: trimmed, list bullet and known prefix removed."""
    for match in _LINE.finditer(raw):
        start, end = match.span()
        bullet = _BULLET.match(raw, start, end)
        if bullet:
            start, end = _trim(raw, bullet.end(), end)
        prefix = rules.strip_prefixes(raw[start:end])
        if prefix:
            start, end = _trim(raw, start + prefix, end)
        if start < end:
            yield start, end


def _trim(raw: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (raw[start].isspace() or raw[start] in "\ufeff\u200b"):
        start += 1
    while end > start and (raw[end - 1].isspace() or raw[end - 1] in "\ufeff\u200b"):
        end -= 1
    return start, end


def _key(line: str) -> str:
    """What two copies of a paragraph have in common: the words, whatever the spacing or case.

    Most lines are spaced regularly already (printable, so no white space but " ", and no space
    doubled or at an edge); for them splitting and joining the words would give the same text."""
    folded = line.casefold()
    if folded.isprintable() and "  " not in folded and folded[:1] != " " and folded[-1:] != " ":
        return folded
    return " ".join(folded.split())
