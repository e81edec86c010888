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

from functools import lru_cache

from ..folding import (
    ARABIC_DIGITS,
    ARABIC_LETTER_FORMS,
    ARABIC_MARK_RANGES,
    FoldedText,
    fold_arabic_char,
    fold_with,
    is_arabic_mark,
)

#: A regular-expression class of everything `fold` drops inside an Arabic word.
MARKS_CLASS = "[" + "".join(f"{chr(a)}-{chr(b)}" if a < b else chr(a) for a, b in ARABIC_MARK_RANGES) + "]"
_LETTER_FORMS = ARABIC_LETTER_FORMS
_DIGITS = ARABIC_DIGITS
fold_char = fold_arabic_char
is_mark = is_arabic_mark


def fold(text: str) -> FoldedText:
    """Fold `text`'s Arabic spelling, keeping for every folded character the offset it came from."""
    return fold_with(text, fold_arabic_char)


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
    "عبوة ناسفة" matches "عبوه ناسفة" and "عبوةٌ ناسفةٌ"; an Arabic-Indic digit matches its
    other forms. Marks written in `source` are dropped, classes ("[وف]": letters, not ranges)
    take every spelling of their letters, escapes, Latin and ASCII digits (quantifiers: "{1,4}")
    pass unchanged. A letter followed by a quantifier is grouped with its marks so the quantifier
    takes both.
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
        elif _is_arabic_letter(ch) or ch in _DIGITS:
            atom = _letter_atom(fold_char(ch))
            quantified = i + 1 < len(source) and source[i + 1] in "?*+{"
            out.append(f"(?:{atom})" if quantified and not atom.startswith("(?:") else atom)
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


@lru_cache(maxsize=256)
def _letter_atom(folded: str) -> str:
    """One letter in all its spellings, then its marks. Python's regex compiler builds a 64K
    table for a class of more than two runs of code points, every time one appears, so spellings
    scattered over the code chart (ا أ إ آ ٱ) become alternatives, one run each."""
    marks = MARKS_CLASS + "*"
    runs = _runs(sorted(_spellings(folded)))
    if len(runs) == 1 and runs[0][0] == runs[0][1]:
        return runs[0][0] + marks
    if len(runs) <= 2:
        return "[" + "".join(_run_class(a, b) for a, b in runs) + "]" + marks
    return "(?:" + "|".join((a if a == b else f"[{a}-{b}]") + marks for a, b in runs) + ")"


def _runs(chars: list[str]) -> list[tuple[str, str]]:
    """Consecutive code points as (first, last) pairs: "أإا" gives (أ, أ), (إ, إ), (ا, ا)."""
    runs: list[tuple[str, str]] = []
    for ch in chars:
        if runs and ord(ch) == ord(runs[-1][1]) + 1:
            runs[-1] = (runs[-1][0], ch)
        else:
            runs.append((ch, ch))
    return runs


def _run_class(first: str, last: str) -> str:
    return first if first == last else f"{first}-{last}"


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
