"""Publication date, outlet and language for an article, from the best source available.

The publication date anchors every relative date in the text ("on Sunday", "yesterday"), so it
is taken from the record or page metadata when there is one, else from a dateline printed near
the top of the page, else from the date the user gave for the batch. `meta` records which, so a
surprising date can be traced. The outlet falls back to the URL's domain, which at least tells
outlets apart. The language decides whether the article is extracted at all (see
`pipeline.EXTRACTED_LANGUAGES`), so an unsure guess on a short text errs towards English only
when the text is written in Latin letters.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import replace
from datetime import date
from functools import cache
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from ..folding import ARABIC_SCRIPT_BLOCKS
from ..model import Article
from ..resources import data_path
from .datelines import find_dateline

#: Below this many letters a statistical language guess is noise.
SHORT_TEXT_LETTERS = 40
#: Share of letters in Arabic script above which a text is taken as Arabic-script.
ARABIC_SCRIPT_SHARE = 0.5
#: Share of Latin letters above which a short text defaults to English.
LATIN_SHARE_FOR_DEFAULT = 0.8
#: Arabic-script languages py3langid tells apart from Arabic (Persian, Urdu, Pashto, Kurdish).
_OTHER_ARABIC_SCRIPT = {
    "fa": "fa",
    "ur": "ur",
    "ps": "ps",
    "ku": "ku",
    "ckb": "ku",
    "sdh": "ku",
    "ug": "ug",
    "sd": "sd",
}
_LANGUAGE_SAMPLE_CHARS = 4000
_HOST_PREFIX = re.compile(r"^(www\d*|m|mobile|amp)\.")


def add_metadata(article: Article, fallback_published: date | None = None) -> Article:
    """The article with `published`, `outlet` and `language` filled in where they can be."""
    published, published_from = _publication_date(article, fallback_published)
    meta = article.meta
    if published_from and all(key != "published_from" for key, _ in meta):
        meta = (*meta, ("published_from", published_from))
    return replace(
        article,
        published=published,
        outlet=article.outlet or outlet_from_url(article.url),
        language=article.language or detect_language(article.text or article.raw_text),
        meta=meta,
    )


def _publication_date(article: Article, fallback: date | None) -> tuple[date | None, str | None]:
    if article.published:
        return article.published, "record"
    printed = find_dateline(article.raw_text)
    if printed:
        return printed, "text"
    in_url = date_in_url(article.url)
    if in_url:
        return in_url, "url"
    if fallback:
        return fallback, "fallback"
    return None, None


_URL_DATE = re.compile(r"/(20\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?=[/-]|$|\.)")


def date_in_url(url: str | None) -> date | None:
    """News sites file stories under their day: ".../2022/07/25/rockets-hit-...". Only a full
    year/month/day path counts; a year and month alone ("/2022/07/") says too little."""
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def outlet_from_url(url: str | None) -> str | None:
    """The site's domain without "www." and mobile prefixes: "www.rudaw.net" -> "rudaw.net"."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return _HOST_PREFIX.sub("", host.rstrip(".")) or None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language ("en", "ar", ...), or None when there is no text."""
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    letters = _count_letters(sample)
    if not letters:
        return None
    arabic = len(_ARABIC_SCRIPT_LETTER.findall(sample))
    if arabic >= ARABIC_SCRIPT_SHARE * letters:
        if letters < SHORT_TEXT_LETTERS:
            return "ar"  # the script's main language; too few letters to tell Persian or Urdu apart
        if not _BEYOND_ARABIC_ALPHABET.search(sample):
            return "ar"
        return _OTHER_ARABIC_SCRIPT.get(_langid().classify(sample)[0], "ar")
    if letters < SHORT_TEXT_LETTERS:
        latin = sum(_is_latin(char) for char in sample if char.isalpha())
        if latin >= LATIN_SHARE_FOR_DEFAULT * letters:
            return "en"
    if _plainly_english(sample):
        return "en"
    return str(_langid().classify(sample)[0])


def _count_letters(sample: str) -> int:
    """How many characters of `sample` are letters (`str.isalpha`). Asked character by
    character it costs a call each; so the ASCII letters are counted in the UTF-8 bytes, where
    deleting all other bytes is one pass in C (a character beyond ASCII is written with bytes
    over 127 only), and only the characters beyond ASCII are asked."""
    ascii_letters = len(sample.encode("utf-8", "surrogatepass").translate(None, _ALL_BUT_ASCII_LETTERS))
    return ascii_letters + sum(map(str.isalpha, _BEYOND_ASCII.findall(sample)))


_ALL_BUT_ASCII_LETTERS = bytes(code for code in range(256) if not (code < 128 and chr(code).isalpha()))
_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]")


def _plainly_english(sample: str) -> bool:
    """The cheap first look (`data/lexicons/language_cues.toml`): English function words make up
    a fifth of English prose and almost none of any other language's."""
    cues = _language_cues()["en"]
    words = _WORD.findall(sample.lower())
    if len(words) < cues["min_words"]:
        return False
    return sum(map(cues["common"].__contains__, words)) >= cues["min_share"] * len(words)  # counted in C


@cache
def _language_cues() -> dict[str, Any]:
    cues = tomllib.loads(data_path("lexicons", "language_cues.toml").read_text(encoding="utf-8"))
    for language in cues.values():
        language["common"] = frozenset(language["common"])
    return cues


_WORD = re.compile(r"[a-z]+")


@cache
def _langid() -> ModuleType:
    """py3langid loads its model on import (a second or so): only when a text needs it."""
    import py3langid

    return py3langid


def _letters_of(
    blocks: tuple[tuple[int, int], ...], leaving_out: tuple[tuple[int, int], ...] = ()
) -> re.Pattern[str]:
    """One character class for the letters (`str.isalpha`) of these blocks, but for the ranges
    `leaving_out`, as runs of code points: a regex counts them in one pass, where a test per
    character costs a Python call."""
    runs: list[tuple[int, int]] = []
    for low, high in blocks:
        for code in range(low, high + 1):
            if not chr(code).isalpha() or any(a <= code <= b for a, b in leaving_out):
                continue
            if runs and runs[-1][1] == code - 1:
                runs[-1] = (runs[-1][0], code)
            else:
                runs.append((code, code))
    return re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in runs) + "]")


_ARABIC_SCRIPT_LETTER = _letters_of(ARABIC_SCRIPT_BLOCKS)
#: Arabic is written with the letters of U+0621-U+064A (and alef wasla, U+0671); Persian, Urdu,
#: Kurdish, Pashto, Sindhi and Uyghur each need letters beyond them (پ چ ژ گ ک ی, ٹ ڈ ے, ڕ ڵ ێ ۆ,
#: ټ ښ ړ ...), and presentation forms hide which letter was meant. A text with none of them
#: can only be Arabic, so the statistical model (milliseconds an article) is asked only when
#: there is one.
_BEYOND_ARABIC_ALPHABET = _letters_of(ARABIC_SCRIPT_BLOCKS, leaving_out=((0x0621, 0x064A), (0x0671, 0x0671)))


def _is_latin(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")
