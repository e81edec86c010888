"""Format detection from content first, name second."""

from __future__ import annotations

import pytest

from sitreps.ingest.sniff import Kind, is_url, is_url_list, sniff


@pytest.mark.parametrize(
    ("head", "suffix", "kind"),
    [
        (b'{"id": "a1", "text": "Rockets hit the base."}\n{"id": "a2"', ".jsonl", Kind.JSONL),
        (b'\xef\xbb\xbf{"id": "a1", "text": "x"}\n', ".txt", Kind.JSONL),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', ".xml", Kind.FEED),
        (
            b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
            "",
            Kind.FEED,
        ),
        (b"<!DOCTYPE html>\n<html><head><title>x</title>", ".txt", Kind.HTML),
        (b"<div><p>Rockets hit the base.</p><p>No casualties.</p></div>", "", Kind.HTML),
        (b"<p>One paragraph.</p>", ".html", Kind.HTML),
        (b"https://www.rudaw.net/english/1\nhttps://www.rudaw.net/english/2\n", "", Kind.URL_LIST),
        (b"# my links\nhttps://www.rudaw.net/english/1\n\n", ".txt", Kind.URL_LIST),
        (b"https://www.rudaw.net/english/1\n", ".urls", Kind.URL_LIST),
        (b"Rockets hit the base <b>near</b> Erbil.\nhttps://www.rudaw.net/english/1\n", ".txt", Kind.TEXT),
        (b"Gunmen target US military equipment in Iraq - report\n\nBy TZVI JOFFRE", ".txt", Kind.TEXT),
        (b"Shafaq News/ Rockets hit the base: https://shafaq.com/x\n", "", Kind.TEXT),
        ("انفجار يستهدف رتل دعم لوجستي".encode("utf-16"), ".txt", Kind.TEXT),
    ],
)
def test_kind_from_content_and_name(head: bytes, suffix: str, kind: Kind) -> None:
    assert sniff(head, suffix) is kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.rudaw.net/english/middleeast/iraq/270920201", True),
        (" http://127.0.0.1:8000/feed.xml ", True),
        ("www.rudaw.net/english", False),
        ("ftp://example.org/file", False),
        ("https://example.org/a b", False),
        ("https://", False),
    ],
)
def test_is_url(text: str, expected: bool) -> None:
    assert is_url(text) is expected


def test_a_cut_off_last_line_does_not_spoil_a_url_list() -> None:
    assert is_url_list("https://a.example/1\nhttps://a.example/2\nhttps://a.exa")
    assert not is_url_list("")
