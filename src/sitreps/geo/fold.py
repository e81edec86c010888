"""Case- and diacritic-folding that remembers where each folded character came from.

Place names reach us in many spellings of the same letters: "Ḩadīthah" and "Hadithah",
"Dhi-Qar" and "Dhi Qar", "ديالى" and "ديالي". The gazetteer stores every alias folded, and
`find` folds the text the same way before matching, so one alias covers all of these. Folding
may drop characters (accents, tatweel) or collapse runs of spaces and dashes, so `FoldedText`
keeps, for each folded character, the offset of the original character it came from: a match in
the folded text maps back to exact offsets in the original.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from ..folding import ARABIC_LETTER_FORMS, FoldedText, fold_arabic_char, fold_with

__all__ = ["FoldedText", "fold", "fold_char", "fold_key"]

#: Characters that separate words like a space: whitespace, hyphens and dashes of every kind,
#: slashes. "Diwaniyah–Basra" and "al-Batha" become "diwaniyah basra" and "al batha".
_SPACE_LIKE = frozenset("-‐‑‒–—―−_/\u00a0\u2009\u202f")

#: Apostrophe-like marks (ayn, hamza, quotes) folded to one ASCII apostrophe.
_APOSTROPHES = frozenset("'’‘`´ʼʻʿʾ′")


@lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    """What one character becomes: lower case, no accents, one space for any separator."""
    if ch.isspace() or ch in _SPACE_LIKE:
        return " "
    if unicodedata.category(ch) == "Cf":  # invisible: zero-width, bidi controls, a stray BOM
        return ""
    if ch in _APOSTROPHES:
        return "'"
    if ch.isascii():
        return ch.lower()
    if ch == "\u0640" or ch in ARABIC_LETTER_FORMS:  # tatweel; alef, ta marbuta, ya, kaf forms
        return fold_arabic_char(ch)
    decomposed = unicodedata.normalize("NFKD", ch)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    folded = unicodedata.normalize("NFKD", folded)
    return "".join(ARABIC_LETTER_FORMS.get(c, c) for c in folded if not unicodedata.combining(c))


#: Texts up to this long are remembered (`_fold_remembered`); longer ones are folded afresh,
#: so that the memory the remembered ones hold stays small.
_REMEMBERED_LENGTH = 2_000


def fold(text: str) -> FoldedText:
    """Fold `text`, collapsing runs of separators into one space, keeping the offset map."""
    if len(text) <= _REMEMBERED_LENGTH:
        return _fold_remembered(text)
    return fold_with(text, fold_char, collapse_spaces=True)


@lru_cache(maxsize=64)
def _fold_remembered(text: str) -> FoldedText:
    """Extraction folds a sentence to find its places, again to read the phrases around them
    (`geo.locate`), and again for the fields of the report: fold it once. `FoldedText` is
    frozen, so sharing one between callers is safe."""
    return fold_with(text, fold_char, collapse_spaces=True)


def fold_key(name: str) -> str:
    """The key an alias is stored and looked up under: folded, trimmed."""
    return fold(name).text.strip()
