"""What a regular expression cannot match without: literals read from Python's own parse of it.

Three cheap first looks use them, and each must answer exactly as the regex would: the
prefilter (does any trigger word occur in the article?), the boilerplate rules (can this rule
match this line?) and the lexicon's patterns (`GatedPattern`: can this cue match this sentence?). A literal found by plain substring search is far cheaper than a case-insensitive
regex tried at every position, so each look searches for the literals first and runs the regex
only where one occurs. The literals come from CPython's own regex parser (`re._parser`), so
they agree with `re` on what the pattern means, not from a re-reading of the pattern's text.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]  # CPython's own regex parser: the
import re._parser as sre_parse  # type: ignore[import-not-found]  # one that agrees with `re`
import sys
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import ahocorasick  # type: ignore[import-not-found]  # no stubs published

#: A regex item as the parser gives it: (opcode, argument).
Item = tuple[Any, Any]

REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}

#: The two letters on which `str.casefold` and `re.IGNORECASE` disagree: under IGNORECASE both
#: match "i", but casefold keeps "ı" and turns "İ" into two characters. (A test checks every
#: character that any boilerplate clue is made of.)
_DOTLESS_AND_DOTTED_I = str.maketrans({"ı": "i", "İ": "i"})


def fold_like_ignorecase(text: str) -> str:
    """`text` casefolded the way `re.IGNORECASE` compares letters, so that a literal a
    case-insensitive pattern requires occurs in it whenever the pattern matches the text."""
    if "ı" in text or "İ" in text:
        text = text.translate(_DOTLESS_AND_DOTTED_I)
    return text.casefold()


def parsed(pattern: re.Pattern[str]) -> list[Item]:
    """The pattern's items, as `re` itself reads them."""
    return list(sre_parse.parse(pattern.pattern, pattern.flags))


def required_literals(items: list[Item]) -> frozenset[str] | None:
    """Literals one of which every match of this sequence of regex items contains: of all such
    sets, the one whose shortest literal is longest (the rarest); None when there is none."""
    candidates: list[frozenset[str]] = []
    run = ""
    for op, value in [*items, (None, None)]:
        if op is sre.LITERAL:
            run += chr(value)
            continue
        if run:
            candidates.append(frozenset({run}))
            run = ""
        inner = _inner_literals(op, value)
        if inner:
            candidates.append(inner)
    return max(candidates, key=lambda found: min(map(len, found)), default=None)


def literal_automaton(literals: frozenset[str]) -> Any:
    """One Aho-Corasick automaton of the literals, folded (`fold_like_ignorecase`): a single pass
    over a folded text says whether any of them occurs, and where."""
    automaton = ahocorasick.Automaton()
    for literal in {fold_like_ignorecase(literal) for literal in literals}:
        automaton.add_word(literal, literal)
    automaton.make_automaton()
    return automaton


def _inner_literals(op: Any, value: Any) -> frozenset[str] | None:
    """Required literals of a group, an alternation (one set per branch, joined) or a repeat of
    at least once; other items (optional parts, classes, assertions) require none."""
    if op is sre.SUBPATTERN:
        return required_literals(list(value[-1]))
    if op is sre.BRANCH:
        branches = [required_literals(list(branch)) for branch in value[1]]
        if all(branches):
            return frozenset().union(*branches)  # type: ignore[arg-type]
        return None
    if op in REPEATS and value[0] >= 1:
        return required_literals(list(value[2]))
    return None


#: Shorter literals occur in nearly every sentence: looking for them first would only add a pass.
MIN_ANCHOR_CHARS = 3


class GatedPattern:
    """A compiled regex behind a first look for the literals every match of it contains.

    The lexicon's cues are alternations of dozens of phrases ("not_an_attack": drills, threats,
    trials, ...), which `re` tries at every position of a sentence: tens of microseconds each,
    for every cue asked of every sentence. One Aho-Corasick pass over the folded sentence finds
    whether any required literal occurs; when none does, the regex cannot match and is not run.
    The answers are the regex's own (the literals are necessary, never sufficient); a pattern
    without derivable literals is always run."""

    __slots__ = ("anchors", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        literals = required_literals(parsed(pattern))
        self.anchors: Any | None = None
        if literals and min(map(len, literals)) >= MIN_ANCHOR_CHARS:
            self.anchors = literal_automaton(literals)

    def may_match(self, text: str) -> bool:
        return self.anchors is None or next(self.anchors.iter(_folded(text)), None) is not None

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.pattern.search(text, pos, endpos) if self.may_match(text) else None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text, pos, endpos) if self.may_match(text) else iter(())

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        return self.pattern.sub(repl, text, count) if self.may_match(text) else text


@lru_cache(maxsize=64)
def _folded(text: str) -> str:
    """A sentence is asked for a dozen cues in a row: folded once."""
    return fold_like_ignorecase(text)
