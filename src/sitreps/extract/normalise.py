"""Arabic spelling folded for matching, without touching the text that evidence spans point into.

One Arabic word reaches us in many spellings: with or without short vowels ("استُهدف",
"استهدف"), stretched by tatweel ("اســتهداف"), with any of the alef forms ("إطلاق", "اطلاق"),
ta marbuta written as ha ("عبوة", "عبوه"), alef maqsura as ya ("تبنى", "تبني"), typed on a
Persian keyboard ("ی", "ک"), with Arabic-Indic digits ("١١") or in presentation forms copied out
of a PDF. The lexicons are written once, in the ordinary spelling, and must match them all.

Two tools, one folding:

* `fold` makes a folded copy of a text with an offset map back to the original, for lookups
  (is this word a number word?) and for anything that needs the folded letters themselves;
* `arabic_pattern` turns a lexicon pattern into one that matches every spelling folding to the
  same letters, so the lexicons' regular expressions run on the stored text as it is and their
  match offsets are evidence offsets, with no map to get wrong.

Latin and other letters pass through unchanged: case folding is the regular expressions' job.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Short vowels, shadda, sukun, superscript alef, Quranic annotation marks, and tatweel (U+0640):
#: written or not at the writer's whim, never part of the word's identity.
_MARK_RANGES = ((0x0610, 0x061A), (0x0640, 0x0640), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06ED))
#: A regular-expression class of everything `fold` drops inside an Arabic word.
MARKS_CLASS = r"[\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]"

#: Letters written several ways, and the one form they fold to.
_LETTER_FORMS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",  # alef with hamza above/below, madda, wasla
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه",  # ta marbuta; Persian and Kurdish forms of ha
    "ى": "ي", "ی": "ي", "ې": "ي",  # alef maqsura; Persian and Kurdish ya
    "ک": "ك",  # Persian kaf
}  # fmt: skip
#: Arabic-Indic (٠-٩) and extended Arabic-Indic (Persian, ۰-۹) digits.
_DIGITS = {chr(base + n): str(n) for base in (0x0660, 0x06F0) for n in range(10)}
#: Arabic presentation forms (ligatures and contextual letter shapes of old encodings and PDFs).
_PRESENTATION_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def is_mark(ch: str) -> bool:
    """A vowel sign, Quranic mark or tatweel: dropped by folding."""
    code = ord(ch)
    return any(a <= code <= b for a, b in _MARK_RANGES)


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """What one character becomes: "" for a mark, the plain letter or digit, else itself."""
    if is_mark(ch):
        return ""
    if ch in _LETTER_FORMS:
        return _LETTER_FORMS[ch]
    if ch in _DIGITS:
        return _DIGITS[ch]
    code = ord(ch)
    if any(a <= code <= b for a, b in _PRESENTATION_RANGES):
        return "".join(fold_char(c) for c in unicodedata.normalize("NFKC", ch) if c != " ")
    return ch


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A folded copy of `original`; `origin[i]` is the offset in `original` of folded char `i`."""

    text: str
    origin: tuple[int, ...]
    original: str

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the folded span `text[start:end]`: from the character the
        first folded one came from, to after the last one's whole original, marks and tatweel
        that follow it included (they belong to its letter). An empty span stays empty."""
        if start >= end:
            at = self.origin[start] if start < len(self.origin) else len(self.original)
            return at, at
        stop = self.origin[end - 1] + 1
        while stop < len(self.original) and fold_char(self.original[stop]) == "":
            stop += 1
        return self.origin[start], stop


def fold(text: str) -> FoldedText:
    """Fold `text`, keeping for every folded character the offset it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        piece = fold_char(ch)
        out.append(piece)
        origin.extend([i] * len(piece))
    return FoldedText("".join(out), tuple(origin), text)


def fold_key(word: str) -> str:
    """The folded spelling of a word, for dictionary lookups."""
    return "".join(fold_char(ch) for ch in word)


@lru_cache(maxsize=256)
def _spellings(folded: str) -> str:
    """Every character that folds to `folded` (a one-character string), itself first."""
    variants = [ch for ch, base in (*_LETTER_FORMS.items(), *_DIGITS.items()) if base == folded]
    return folded + "".join(variants)


def _is_arabic_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a" or "\u0671" <= ch <= "\u06d3" or ch in _LETTER_FORMS


def arabic_pattern(source: str) -> str:
    """A regular expression matching what `source` matches, in every spelling that folds alike.

    Each Arabic letter becomes the class of its spellings followed by optional marks, so
    "عبوة ناسفة" matches "عبوه ناسفة" and "عبوةٌ ناسفةٌ". Marks written in `source` are dropped,
    classes ("[وف]") take every spelling of their letters, escapes and Latin pass unchanged.
    A letter followed by a quantifier is grouped with its marks so the quantifier takes both.
    """
    out: list[str] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            out.append(source[i : i + 2])
            i += 2
        elif ch == "[":
            end, body = _read_class(source, i)
            out.append(body)
            i = end
        elif is_mark(ch):
            i += 1
        elif _is_arabic_letter(ch):
            letters = _spellings(fold_char(ch))
            atom = (letters if len(letters) == 1 else f"[{letters}]") + MARKS_CLASS + "*"
            quantified = i + 1 < len(source) and source[i + 1] in "?*+{"
            out.append(f"(?:{atom})" if quantified else atom)
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _read_class(source: str, start: int) -> tuple[int, str]:
    """A character class at `source[start]`, its Arabic letters widened to all their spellings;
    when it holds any, the marks after the matched letter are allowed too."""
    i = start + 1
    members: list[str] = []
    if i < len(source) and source[i] == "^":
        members.append("^")
        i += 1
    if i < len(source) and source[i] == "]":
        members.append("]")
        i += 1
    arabic = False
    while i < len(source) and source[i] != "]":
        ch = source[i]
        if ch == "\\":
            members.append(source[i : i + 2])
            i += 2
            continue
        if _is_arabic_letter(ch) and fold_char(ch):
            members.append(_spellings(fold_char(ch)))
            arabic = True
        elif not is_mark(ch):
            members.append(ch)
        i += 1
    body = "[" + "".join(members) + "]"
    if arabic and members[0] != "^":
        body = f"(?:{body}{MARKS_CLASS}*)"
    return i + 1, body
