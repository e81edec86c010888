"""The boilerplate rules of `data/lexicons/boilerplate.toml`, compiled once, and the verdict on a line.

The cleaner asks one question per line: is this article text, page furniture to drop, or the
header of a block (comments, related stories) after which nothing is article text? The answer
comes from data (regexes with notes) plus two structural tests that no single regex expresses
well: a line with no letters at all, and a navigation menu (a run of section names).

Most lines are article text that no rule matches, so a verdict mostly costs failed searches. A
rule anchored at the line start with a fixed first step fails at once, but an unanchored one
(the copyright or embedded-tweet rule) is tried at every position, one that opens with a run of
any characters (`^.{0,60}(getty images|...)$`) at every length of the run, and case-insensitive
regexes get no literal-prefix scan in Python's `re`. Such a rule is gated by its *clues*: literals
derived from the pattern, one of which every match contains ("getty images", "shutterstock",
... for the stock-photo credit). A line holding none of them cannot match, and `in` on the
casefolded line says so far faster than the regex. The patterns stay the only definition.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]  # the opcodes of `regex_literals.parsed`
import tomllib
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

from ..errors import DataError
from ..regex_literals import REPEATS, fold_like_ignorecase, parsed, required_literals
from ..resources import data_path
from .datelines import is_stamp_line

_DEFAULT_MAX_CHARS = 200
_WORDS = re.compile(r"[^\W_][\w.'’-]*")
_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*$""")


class Verdict(Enum):
    KEEP = "keep"
    DROP = "drop"  # furniture: this line goes
    CUT = "cut"  # a header: this line goes, and the rest of the page with it


@dataclass(frozen=True, slots=True)
class Rule:
    pattern: re.Pattern[str]
    note: str
    max_chars: int
    #: Literals one of which every match contains, casefolded (`fold_like_ignorecase`); empty
    #: when the pattern fails fast anyway, or guarantees no literal.
    clues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Navigation:
    words: frozenset[str]
    min_hits: int
    min_share: float
    max_lowercase_share: float


@dataclass(frozen=True, slots=True)
class Boilerplate:
    strip_prefix: tuple[Rule, ...]
    cut_after: tuple[Rule, ...]
    drop_line: tuple[Rule, ...]
    navigation: Navigation
    dedupe_min_letters: int
    cut_needs_prose_lines: int
    prose_min_words: int

    def verdict(self, line: str) -> Verdict:
        """What to do with one trimmed line of page text."""
        if not any(char.isalpha() for char in line):
            return Verdict.DROP  # separators, counters, bare numbers and timestamps
        folded = fold_like_ignorecase(line)
        if _matches(self.cut_after, line, folded):
            return Verdict.CUT
        if _matches(self.drop_line, line, folded) or is_stamp_line(line) or self.is_navigation(line):
            return Verdict.DROP
        return Verdict.KEEP

    def strip_prefixes(self, line: str) -> int:
        """How many leading characters of a line are a removable prefix (0 when none)."""
        for rule in self.strip_prefix:
            found = rule.pattern.match(line)
            if found:
                return found.end()
        return 0

    def is_navigation(self, line: str) -> bool:
        """A menu: mostly section names, capitalised, with no sentence punctuation."""
        if _SENTENCE_END.search(line):
            return False
        words = _WORDS.findall(line)
        nav = self.navigation
        hits = sum(word.casefold() in nav.words for word in words)
        lowercase = sum(word[0].islower() for word in words)
        return (
            hits >= nav.min_hits
            and hits >= nav.min_share * len(words)
            and lowercase <= nav.max_lowercase_share * len(words)
        )

    def is_prose(self, line: str) -> bool:
        """A line that reads like sentences of an article (not a heading, label or link)."""
        return len(line.split()) >= self.prose_min_words and _SENTENCE_END.search(line) is not None


def _matches(rules: tuple[Rule, ...], line: str, folded: str) -> bool:
    """Does any rule match the line? `folded` is `fold_like_ignorecase(line)`, where clues are
    looked for. (A plain loop: this runs for every rule on every line of every article.)"""
    for rule in rules:
        if len(line) > rule.max_chars:
            continue
        if rule.clues:
            for clue in rule.clues:
                if clue in folded:
                    break
            else:
                continue  # the line holds none of the rule's clues: its pattern cannot match
        if rule.pattern.search(line):
            return True
    return False


@cache
def load_boilerplate() -> Boilerplate:
    """The rules, read and compiled once per process."""
    path = data_path("lexicons", "boilerplate.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        nav, limits = data["navigation"], data["limits"]
        return Boilerplate(
            strip_prefix=_rules(data, "strip_prefix"),
            cut_after=_rules(data, "cut_after"),
            drop_line=_rules(data, "drop_line"),
            navigation=Navigation(
                words=frozenset(word.casefold() for word in nav["words"]),
                min_hits=int(nav["min_hits"]),
                min_share=float(nav["min_share"]),
                max_lowercase_share=float(nav["max_lowercase_share"]),
            ),
            dedupe_min_letters=int(limits["dedupe_min_letters"]),
            cut_needs_prose_lines=int(limits["cut_needs_prose_lines"]),
            prose_min_words=int(limits["prose_min_words"]),
        )
    except (OSError, KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{path}: {type(exc).__name__}: {exc}") from exc


def _rules(data: dict[str, Any], kind: str) -> tuple[Rule, ...]:
    rules = []
    for number, entry in enumerate(data.get(kind, []), start=1):
        flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
        try:
            pattern = re.compile(entry["pattern"], flags)
        except re.error as exc:
            raise DataError(f"boilerplate.toml: [[{kind}]] #{number}: bad pattern: {exc}") from exc
        if not entry.get("note"):
            raise DataError(f"boilerplate.toml: [[{kind}]] #{number}: every rule needs a note")
        max_chars = int(entry.get("max_chars", _DEFAULT_MAX_CHARS))
        rules.append(Rule(pattern, entry["note"], max_chars, _clues(pattern)))
    return tuple(rules)


def _clues(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """The literals that gate a rule whose search walks the line, or () for one that fails fast:
    anchored at the line start with a fixed first step (`^click here`, `^(file|archive) photo`)."""
    items = parsed(pattern)
    anchored = items[:1] == [(sre.AT, sre.AT_BEGINNING)]
    if anchored and len(items) > 1 and items[1][0] not in REPEATS:
        return ()
    literals = required_literals(items) or frozenset()
    # Folded even for a case-sensitive rule: folding keeps a literal of the line in the folded line.
    return tuple(sorted({fold_like_ignorecase(literal) for literal in literals}))
