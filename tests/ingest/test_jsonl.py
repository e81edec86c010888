"""JSONL corpora line by line: records, bad lines, over-long lines."""

from __future__ import annotations

import io
import json
from datetime import date

from sitreps.ingest.jsonl import articles_from_jsonl
from sitreps.model import Article, Failure

TEXT = "Two rockets struck the Turkish Zlikan military base in Iraq's Nineveh province on Sunday evening."


def lines(*records: object) -> io.BytesIO:
    return io.BytesIO(
        b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)
    )


def test_a_record_becomes_an_article_with_its_fields() -> None:
    stream = lines({"id": "d024", "url": None, "outlet": "Kurdistan24", "published": "2021-11-07", "title": None,
                    "text": TEXT})  # fmt: skip
    [article] = articles_from_jsonl(stream, "corpus.jsonl", max_chars=10_000)
    assert isinstance(article, Article)
    assert (article.external_id, article.outlet, article.published, article.url, article.title) == (
        "d024", "Kurdistan24", date(2021, 11, 7), None, None,
    )  # fmt: skip
    assert article.source == "corpus.jsonl:1"


def test_an_over_long_line_is_skipped_unread_and_the_next_line_comes_through() -> None:
    huge = json.dumps({"id": "big", "text": "x" * 200_000}).encode()
    items = list(
        articles_from_jsonl(
            lines({"id": "a", "text": TEXT}, huge, {"id": "b", "text": TEXT}), "c", max_chars=10
        )
    )
    assert [type(item) for item in items] == [Failure, Failure, Failure]  # TEXT is over 10 characters too
    assert items[1].reason.startswith("record too large") and items[2].source == "c:3"
    items = list(
        articles_from_jsonl(
            lines({"id": "a", "text": "ok"}, huge, {"id": "b", "text": "ok"}), "c", max_chars=10
        )
    )
    assert [type(item) for item in items] == [Article, Failure, Article]


def test_a_bad_date_is_kept_as_a_note_not_a_failure() -> None:
    [article] = articles_from_jsonl(
        lines({"id": "a", "published": "27/09/2020", "text": TEXT}), "c", max_chars=10_000
    )
    assert isinstance(article, Article) and article.published is None
    assert article.meta == (("published_invalid", "27/09/2020"),)


def test_latin1_lines_are_still_read() -> None:
    line = '{"id": "fr", "text": "Un convoi a été visé près de Bagdad."}'.encode("latin-1")
    [article] = articles_from_jsonl(lines(line), "c", max_chars=10_000)
    assert isinstance(article, Article) and article.raw_text == "Un convoi a été visé près de Bagdad."
