"""Feed entries as articles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sitreps.ingest.feeds import articles_from_feed
from sitreps.model import Article, Failure

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"

ITEM = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Rockets hit Ain al-Asad &amp; Balad bases</title><pubDate>Wed, 03 Mar 2021 07:20:00 GMT</pubDate>
<description>{body}</description></item></channel></rss>"""


def test_entities_are_decoded_and_the_title_leads_the_text() -> None:
    data = ITEM.format(body="Ten rockets struck the base, the coalition said.").encode()
    [article] = articles_from_feed(data, "wire.rss", max_chars=10_000)
    assert isinstance(article, Article)
    assert (
        article.raw_text
        == "Rockets hit Ain al-Asad & Balad bases\nTen rockets struck the base, the coalition said."
    )
    assert article.published == date(2021, 3, 3) and article.url is None


def test_an_entry_with_only_a_title_is_still_an_article() -> None:
    [article] = articles_from_feed(ITEM.format(body="").encode(), "wire.rss", max_chars=10_000)
    assert isinstance(article, Article) and article.raw_text == "Rockets hit Ain al-Asad & Balad bases"


def test_an_entry_over_the_limit_is_a_failure() -> None:
    [failure] = articles_from_feed(ITEM.format(body="x" * 500).encode(), "wire.rss", max_chars=100)
    assert (
        isinstance(failure, Failure)
        and failure.source == "wire.rss#1"
        and failure.reason.startswith("too large")
    )


def test_a_linked_page_reader_is_only_called_when_given() -> None:
    calls: list[str] = []

    def linked(url: str, entry: Article) -> Article:
        calls.append(url)
        return entry

    data = (FIXTURES / "news-feed.rss").read_bytes()
    assert len(list(articles_from_feed(data, "f", max_chars=10_000))) == 2 and calls == []
    list(articles_from_feed(data, "f", max_chars=10_000, read_linked_page=linked))
    assert calls == [
        "https://www.example-news.net/english/middleeast/iraq/270920201",
        "https://www.example-news.net/english/middleeast/iraq/280920202",
    ]
