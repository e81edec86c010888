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
from dataclasses import dataclass
from functools import lru_cache

#: Characters that separate words like a space: whitespace, hyphens and dashes of every kind,
#: slashes. "Diwaniyah–Basra" and "al-Batha" become "diwaniyah basra" and "al batha".
_SPACE_LIKE = frozenset("-‐‑‒–—―−_/\u00a0\u2009\u202f")

#: Apostrophe-like marks (ayn, hamza, quotes) folded to one ASCII apostrophe.
_APOSTROPHES = frozenset("'’‘`´ʼʻʿʾ′")

#: Arabic letters written several ways (alef with hamza, ta marbuta, alef maqsura, Persian and
#: Kurdish forms of kaf, ya and ha) folded to one form; tatweel dropped.
_ARABIC = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ة": "ه",
    "ە": "ه",
    "ھ": "ه",
    "ى": "ي",
    "ی": "ي",
    "ې": "ي",
    "ک": "ك",
    "ـ": "",
}


@lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    """What one character becomes: lower case, no accents, one space for any separator."""
    if ch.isspace() or ch in _SPACE_LIKE:
        return " "
    if ch in _APOSTROPHES:
        return "'"
    if ch in _ARABIC:
        return _ARABIC[ch]
    if ch.isascii():
        return ch.lower()
    decomposed = unicodedata.normalize("NFKD", ch)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    folded = unicodedata.normalize("NFKD", folded)
    return "".join(_ARABIC.get(c, c) for c in folded if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A folded copy of `original`; `origin[i]` is the offset in `original` of folded char `i`."""

    text: str
    origin: tuple[int, ...]
    original: str

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the non-empty folded span `text[start:end]`.

        The span ends after the last character's whole original, including the marks that
        folding dropped after it (a decomposed accent, a tatweel)."""
        orig_end = self.origin[end - 1] + 1
        while orig_end < len(self.original) and fold_char(self.original[orig_end]) == "":
            orig_end += 1
        return self.origin[start], orig_end


def fold(text: str) -> FoldedText:
    """Fold `text`, collapsing runs of separators into one space, keeping the offset map."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        piece = fold_char(ch)
        if piece == " " and out and out[-1] == " ":
            continue
        for c in piece:
            out.append(c)
            origin.append(i)
    return FoldedText("".join(out), tuple(origin), text)


def fold_key(name: str) -> str:
    """The key an alias is stored and looked up under: folded, trimmed."""
    return fold(name).text.strip()
