"""Folded copies of text that remember where each folded character came from.

Matching wants text folded (case, accents, Arabic spelling variants, separators); evidence wants
offsets into the text as stored. `fold_with` makes a folded copy under any per-character folding
and keeps, for every folded character, the offset of the original it came from, so a match in
the folded copy maps back to exact original offsets. The gazetteer (`geo.fold`: case, accents,
separators) and the Arabic lexicons (`extract.normalise`: Arabic spelling only) fold differently
but share this machinery and the Arabic letter folding below.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

#: Tatweel (U+0640), short vowels, tanween, shadda, sukun and the other combining marks of the
#: Arabic block (U+064B-U+065F): written or not at the writer's whim, never part of the word.
#: The superscript alef and the Quranic annotation signs are left out: news copy does not use
#: them, and a class of more than two ranges makes every compiled lexicon pattern much slower
#: to build (`extract.normalise._letter_atom`).
ARABIC_MARK_RANGES = ((0x0640, 0x0640), (0x064B, 0x065F))

#: Arabic letters written several ways, and the one form they fold to.
ARABIC_LETTER_FORMS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",  # alef with hamza above/below, madda, wasla
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه",  # ta marbuta; Persian and Kurdish forms of ha
    "ى": "ي", "ی": "ي", "ې": "ي",  # alef maqsura; Persian and Kurdish ya
    "ک": "ك",  # Persian kaf
}  # fmt: skip
#: Arabic-Indic (٠-٩) and extended Arabic-Indic (Persian, ۰-۹) digits.
ARABIC_DIGITS = {chr(base + n): str(n) for base in (0x0660, 0x06F0) for n in range(10)}
#: Arabic presentation forms (ligatures and contextual letter shapes of old encodings and PDFs).
_PRESENTATION_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def is_arabic_mark(ch: str) -> bool:
    """A short vowel or another combining mark, or tatweel: dropped by folding."""
    code = ord(ch)
    return any(a <= code <= b for a, b in ARABIC_MARK_RANGES)


@lru_cache(maxsize=4096)
def fold_arabic_char(ch: str) -> str:
    """One character with its Arabic spelling folded: "" for a mark, the plain letter or digit,
    any other character unchanged."""
    if is_arabic_mark(ch):
        return ""
    if ch in ARABIC_LETTER_FORMS:
        return ARABIC_LETTER_FORMS[ch]
    if ch in ARABIC_DIGITS:
        return ARABIC_DIGITS[ch]
    code = ord(ch)
    if any(a <= code <= b for a, b in _PRESENTATION_RANGES):
        plain = unicodedata.normalize("NFKC", ch)
        if plain == ch:  # an unassigned code point in the range: nothing to unfold
            return ch
        return "".join(fold_arabic_char(c) for c in plain if c != " ")
    return ch


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A folded copy of `original`; `origin[i]` is the offset in `original` of folded char `i`."""

    text: str
    origin: tuple[int, ...]
    original: str
    fold_char: Callable[[str], str]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the folded span `text[start:end]`: from the character the
        first folded one came from, to after the last one's whole original, including the
        characters folding dropped after it (a decomposed accent, a tatweel). An empty span
        stays empty."""
        if start >= end:
            at = self.origin[start] if start < len(self.origin) else len(self.original)
            return at, at
        stop = self.origin[end - 1] + 1
        while stop < len(self.original) and self.fold_char(self.original[stop]) == "":
            stop += 1
        return self.origin[start], stop


def fold_with(text: str, fold_char: Callable[[str], str], collapse_spaces: bool = False) -> FoldedText:
    """Fold `text` one character at a time; with `collapse_spaces`, a run of characters that
    fold to a space folds to one space."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        piece = fold_char(ch)
        if collapse_spaces and piece == " " and out and out[-1] == " ":
            continue
        out.append(piece)
        origin.extend([i] * len(piece))
    return FoldedText("".join(out), tuple(origin), text, fold_char)
