"""Web pages to article text and metadata.

trafilatura finds the main text of a page and its metadata (title, date, site name) far better
than any hand-written rule, so it goes first. It gives up on fragments and badly broken markup;
then a plain text dump of the page (block elements as lines, scripts and styles dropped) is
still better than nothing, and the line cleaner removes the menus it lets through.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import lxml.etree
import lxml.html
import trafilatura

from ..errors import InputError

_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "article", "section", "header", "footer", "blockquote", "pre", "table", "dd", "dt", "figcaption",
)  # fmt: skip
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "head")
#: How deep libxml2 reads with `huge_tree` (256 without it, which unclosed <div> and <font> tags
#: on old pages exceed); past it the parser drops the rest of the page without raising.
MAX_NESTING = 2048

logging.getLogger("trafilatura").setLevel(logging.ERROR)  # its warnings are about the page, not us
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class Page:
    """What a web page says, as text, with the metadata it carries."""

    text: str
    title: str | None = None
    published: date | None = None
    sitename: str | None = None


def page_from_html(html: str, url: str | None = None) -> Page:
    """The main text of a page and its metadata; the text is empty when the page has none.
    Raises `InputError` for a page nested too deep to be read whole, rather than keep its start."""
    root, whole = _parse_checked(html)
    if not whole:
        raise InputError(f"HTML nested more than {MAX_NESTING:,} levels deep: the page cannot be read whole")
    document = _extract(html if root is None else root, url)  # our tree: trafilatura's own stops at 256
    text = (document.text or "").strip() if document else ""
    title = _clean_title(document.title) if document else None
    if not text:
        text = html_to_text(html)
    if title is None:
        title = _title_from_markup(html)
    published = _parse_day(document.date) if document else None
    sitename = _clean_title(document.sitename) if document else None
    if title and text and not text.startswith(title):
        text = f"{title}\n{text}"  # page texts start with their headline, as in the corpora
    return Page(text=text, title=title, published=published, sitename=sitename)


def html_to_text(html: str) -> str:
    """All visible text of a page or fragment, one block element per line."""
    root = _parse(html)
    if root is None:
        return ""
    for element in list(root.iter(*_INVISIBLE_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _extract(html: str | lxml.html.HtmlElement, url: str | None) -> trafilatura.settings.Document | None:
    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception:  # noqa: BLE001 - trafilatura fails in many ways on broken markup; we fall back
        return None


def _parse(html: str) -> lxml.html.HtmlElement | None:
    return _parse_checked(html)[0]


def _parse_checked(html: str) -> tuple[lxml.html.HtmlElement | None, bool]:
    """The page's tree, and whether the parser read all of it (False past `MAX_NESTING`)."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", errors="replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None, True
    return root, not any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)


def _title_from_markup(html: str) -> str | None:
    root = _parse(html)
    if root is None:
        return None
    for path in ('//meta[@property="og:title"]/@content', "//title/text()", "//h1//text()"):
        found = root.xpath(path)
        if found:
            return _clean_title(str(found[0]))
    return None


def _clean_title(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
