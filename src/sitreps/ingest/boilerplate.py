"""The boilerplate rules of `data/lexicons/boilerplate.toml`, compiled once, and the verdict on a line.

The cleaner asks one question per line: is this article text, page furniture to drop, or the
header of a block (comments, related stories) after which nothing is article text? The answer
comes from data (regexes with notes) plus two structural tests that no single regex expresses
well: a line with no letters at all, and a navigation menu (a run of section names).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

from ..errors import DataError
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
        if _matches(self.cut_after, line):
            return Verdict.CUT
        if _matches(self.drop_line, line) or is_stamp_line(line) or self.is_navigation(line):
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


def _matches(rules: tuple[Rule, ...], line: str) -> bool:
    return any(len(line) <= rule.max_chars and rule.pattern.search(line) for rule in rules)


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
        rules.append(Rule(pattern, entry["note"], int(entry.get("max_chars", _DEFAULT_MAX_CHARS))))
    return tuple(rules)
