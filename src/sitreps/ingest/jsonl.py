"""JSONL corpora: one article record per line, in the format of `tests/data/corpus/README.md`.

Corpora can be far larger than memory, so records are read one line at a time and a line longer
than any acceptable article is skipped without being held whole. A bad line is that line's
Failure, never the file's: the records around it still come through.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from ..model import Article, Failure, content_id
from .decode import BinaryContent, decode, valid_unicode

#: JSON may escape every character as \\uXXXX: six bytes for one character of text.
_JSON_BYTES_PER_CHAR = 6
_RECORD_OVERHEAD_BYTES = 65536  # url, title, outlet, ... around the text


def articles_from_jsonl(stream: IO[bytes], source: str, *, max_chars: int) -> Iterator[Article | Failure]:
    """Each line of a JSONL stream as an Article, or a Failure whose source is `path:LINE`."""
    line_limit = _JSON_BYTES_PER_CHAR * max_chars + _RECORD_OVERHEAD_BYTES
    produced = False
    for number, line in enumerate(_lines(stream, line_limit), start=1):
        where = f"{source}:{number}"
        if line is None:
            yield Failure(where, "read", f"record too large (over {line_limit:,} bytes)")
            continue
        if not line.strip():
            continue
        item = _record_article(line, where, max_chars)
        if isinstance(item, _NotACorpus):
            if not produced:  # the first record already lacks a text: e.g. a gold file
                yield Failure(source, "read", "not an article corpus: its records have no 'text' field")
                return
            item = Failure(where, "read", "record has no 'text' field")
        produced = True
        yield item


class _NotACorpus:
    """Marker: a well-formed JSON object that is not an article record."""


def _record_article(line: bytes, where: str, max_chars: int) -> Article | Failure | _NotACorpus:
    try:
        record = json.loads(_decode_line(line))
    except json.JSONDecodeError as exc:
        return Failure(where, "read", f"malformed JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:  # [[[[... thousands deep: the parser's stack, not the file's end
        return Failure(where, "read", "malformed JSON: nested too deeply")
    except BinaryContent as exc:
        return Failure(where, "read", str(exc))
    if not isinstance(record, dict):
        return Failure(where, "read", f"not a JSON object but a {type(record).__name__}")
    record = {key: valid_unicode(value) if isinstance(value, str) else value for key, value in record.items()}
    text = record.get("text")
    if not isinstance(text, str):
        return _NotACorpus()
    if not text.strip():
        return Failure(where, "read", "empty: the record's text is blank")
    if len(text) > max_chars:
        return Failure(
            where, "read", f"too large: {len(text):,} characters (max_text_chars is {max_chars:,})"
        )
    published, meta = _published(record.get("published"))
    return Article(
        id=content_id(text),
        source=where,
        raw_text=text,
        url=_optional_str(record.get("url")),
        outlet=_optional_str(record.get("outlet")),
        title=_optional_str(record.get("title")),
        published=published,
        language=_optional_str(record.get("language")),
        external_id=_optional_str(record.get("id")),
        meta=meta,
    )


def _lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Lines of at most `limit` bytes; None stands for a longer line, which is skipped unread."""
    while True:
        line = stream.readline(limit)
        if not line:
            return
        if len(line) >= limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the overlong line
                line = stream.readline(limit)
            yield None
            continue
        yield line


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return decode(line)  # JSON must be UTF-8, but exported corpora are not always


def _published(value: Any) -> tuple[date | None, tuple[tuple[str, str], ...]]:
    if value in (None, ""):
        return None, ()
    try:
        return date.fromisoformat(str(value)[:10]), (("published_from", "record"),)
    except ValueError:
        return None, (("published_invalid", str(value)[:40]),)


def _optional_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
