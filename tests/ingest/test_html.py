"""Web pages: trafilatura's main text and metadata, and a text dump when it gives up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sitreps.ingest.html import html_to_text, page_from_html

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"


def test_a_page_gives_main_text_title_date_and_site() -> None:
    page = page_from_html((FIXTURES / "article.html").read_text(encoding="utf-8"))
    assert page.title == "Rockets hit Baghdad airport, damage two planes"
    assert page.published == date(2022, 1, 28)
    assert page.sitename == "Example Network"
    assert page.text.startswith("Rockets hit Baghdad airport, damage two planes\n")
    assert "Iraqi Prime Minister Mustafa al-Kadhimi condemned the attack" in page.text
    assert "Football results" not in page.text


def test_broken_markup_still_gives_text() -> None:
    page = page_from_html((FIXTURES / "broken.html").read_text(encoding="utf-8"))
    assert "Gunmen attacked a convoy of trucks carrying supplies for the coalition near Samawah" in page.text
    assert "The drivers escaped unhurt" in page.text


def test_a_fragment_becomes_lines_of_text_without_scripts() -> None:
    fragment = "<p>Rockets hit the base.</p><script>var x = 1;</script><ul><li>No casualties</li></ul>x<br>y"
    assert html_to_text(fragment) == "Rockets hit the base.\nNo casualties\nx\ny"


def test_a_page_without_text_gives_empty_text() -> None:
    assert page_from_html("<html><body><script>only()</script></body></html>").text == ""
    assert html_to_text("") == ""
