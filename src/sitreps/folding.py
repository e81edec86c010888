"""Folded copies of text that remember where each folded character came from.

Matching wants text folded (case, accents, Arabic spelling variants, separators); evidence wants
offsets into the text as stored. `fold_with` makes a folded copy under any per-character folding
and keeps, for every folded character, the offset of the original it came from, so a match in
the folded copy maps back to exact original offsets. The gazetteer (`geo.fold`: case, accents,
separators) and the Arabic lexicons (`extract.normalise`: Arabic spelling only) fold differently
but share this machinery and the Arabic letter folding below.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

#: Tatweel (U+0640), short vowels, tanween, shadda, sukun and the other combining marks of the
#: Arabic block (U+064B-U+065F): written or not at the writer's whim, never part of the word.
#: The superscript alef and the Quranic annotation signs are left out: news copy does not use
#: them, and a class of more than two ranges makes every compiled lexicon pattern much slower
#: to build (`extract.normalise._letter_atom`).
ARABIC_MARK_RANGES = ((0x0640, 0x0640), (0x064B, 0x065F))

#: The Unicode blocks of the Arabic script: Arabic, Arabic Supplement, Arabic Extended-A, and
#: the presentation forms (A and B) that some pages still carry.
ARABIC_SCRIPT_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFEFF))

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
    fold to a space folds to one space.

    Extraction folds every sentence several times, so the common case runs in C: when every
    character folds to at most one character, the folded text is one `str.translate` of the
    characters kept, and the origin map is the runs of kept offsets. A character that folds to
    several ("ß" to "ss", an Arabic ligature) sends the text down the per-character loop, which
    is the definition both paths agree on (`tests/test_folding.py` checks they do)."""
    chars = set(text)
    table = _table_for(fold_char, chars)
    if not table.expanding.isdisjoint(chars):
        return _fold_by_loop(text, fold_char, collapse_spaces)
    if table.vanishing.isdisjoint(chars):  # one folded character for each: offsets stay put
        folded = text.translate(table.pieces)
        if not (collapse_spaces and "  " in folded):
            return FoldedText(folded, tuple(range(len(text))), text, fold_char)
    kept = _kept_runs(text.translate(table.kinds), _COLLAPSED if collapse_spaces else _DELETED)
    folded = "".join(text[a:b] for a, b in kept).translate(table.pieces)
    origin = tuple(chain.from_iterable(range(a, b) for a, b in kept))
    return FoldedText(folded, origin, text, fold_char)


def _kept_runs(kinds: str, dropped: re.Pattern[str]) -> list[tuple[int, int]]:
    """The runs of offsets around those `dropped` matches in the kinds of a text's characters;
    of a run of spaces, the first is kept."""
    kept, at = [], 0
    for run in dropped.finditer(kinds):
        start = run.start() + (kinds[run.start()] == _SPACE)
        if start > at:
            kept.append((at, start))
        at = run.end()
    if at < len(kinds):
        kept.append((at, len(kinds)))
    return kept


def _fold_by_loop(text: str, fold_char: Callable[[str], str], collapse_spaces: bool) -> FoldedText:
    """The definition of folding: each character's piece in turn; a space piece right after
    another space piece is left out (a piece folding dropped, "", ends the run of spaces)."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        piece = fold_char(ch)
        if collapse_spaces and piece == " " and out and out[-1] == " ":
            continue
        out.append(piece)
        origin.extend([i] * len(piece))
    return FoldedText("".join(out), tuple(origin), text, fold_char)


#: What a character folds to, as one letter per character for the regexes below: "s" a space,
#: "e" nothing (dropped), "c" one other character.
_SPACE, _EMPTY, _OTHER = "s", "e", "c"
#: The runs of characters the fast path leaves out: those folding to nothing, and, when spaces
#: collapse, runs of space pieces (all but their first).
_DELETED = re.compile(f"{_EMPTY}+")
_COLLAPSED = re.compile(f"{_EMPTY}+|{_SPACE}{_SPACE}+")
#: Characters remembered per folding before its table starts afresh (bounds the memory).
_TABLE_LIMIT = 1 << 14


@dataclass(slots=True)
class _FoldTable:
    """What one `fold_char` does to the characters seen so far, as `str.translate` tables.
    Only ever grows, and a character is in `seen` only once its entries are in, so a thread
    reading it while another learns still sees a consistent table."""

    fold_char: Callable[[str], str]
    seen: set[str] = field(default_factory=set)
    pieces: dict[int, str] = field(default_factory=dict)  # code point -> its piece
    kinds: dict[int, str] = field(default_factory=dict)  # code point -> _SPACE, _EMPTY or _OTHER
    expanding: set[str] = field(default_factory=set)  # characters folding to more than one
    vanishing: set[str] = field(default_factory=set)  # characters folding to nothing

    def learn(self, new: set[str]) -> None:
        for ch in new:
            piece = self.fold_char(ch)
            if len(piece) != 1:
                (self.expanding if piece else self.vanishing).add(ch)
            self.pieces[ord(ch)] = piece
            self.kinds[ord(ch)] = _SPACE if piece == " " else _EMPTY if not piece else _OTHER
        self.seen |= new


_TABLES: weakref.WeakKeyDictionary[Callable[[str], str], _FoldTable] = weakref.WeakKeyDictionary()


def _table_for(fold_char: Callable[[str], str], chars: set[str]) -> _FoldTable:
    """The table of `fold_char`, knowing every character of `chars`."""
    table = _TABLES.get(fold_char)
    new = chars - table.seen if table is not None else chars
    if table is None or (new and len(table.seen) + len(new) > _TABLE_LIMIT):
        table, new = _FoldTable(fold_char), chars
        _TABLES[fold_char] = table
    if new:
        table.learn(new)
    return table
