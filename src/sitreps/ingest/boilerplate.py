"""The boilerplate rules of `data/lexicons/boilerplate.toml`, compiled once, and the verdict on a line.

The cleaner asks one question per line: is this article text, page furniture to drop, or the
header of a block (comments, related stories) after which nothing is article text? The answer
comes from data (regexes with notes) plus two structural tests that no single regex expresses
well: a line with no letters at all, and a navigation menu (a run of section names).

Most lines are article text that no rule matches, so a verdict mostly costs failed searches,
on every line of every article. A rule anchored at the line start with a fixed first step fails
at once, and all such rules of a kind are tried as one alternation (`RuleSet`). An unanchored
rule (the copyright or embedded-tweet rule) is tried at every position, one that opens with a
run of any characters (`^.{0,60}(getty images|...)$`) at every length of the run, and
case-insensitive regexes get no literal-prefix scan in Python's `re`. Such a rule is gated by
its *clues*: literals derived from the pattern, one of which every match contains ("getty
images", "shutterstock", ... for the stock-photo credit). A line holding none of them cannot
match, and one Aho-Corasick pass over the casefolded line says so far faster than the regexes.
The patterns stay the only definition.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]  # the opcodes of `regex_literals.parsed`
import tomllib
from bisect import bisect_left
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

from ..errors import DataError
from ..regex_literals import REPEATS, fold_like_ignorecase, literal_automaton, parsed, required_literals
from ..resources import data_path
from .datelines import is_stamp_line

_DEFAULT_MAX_CHARS = 200
_WORDS = re.compile(r"[^\W_][\w.'’-]*")
#: A sentence ends in one of these, then maybe quotes or brackets (`_ends_a_sentence`).
_SENTENCE_STOPS, _CLOSERS = (".", "!", "?", "…"), "\"'”’)]"
_NEVER = re.compile("(?!)")  # the alternation of no rules


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
    strip_prefix: RuleSet
    cut_after: RuleSet
    drop_line: RuleSet
    navigation: Navigation
    dedupe_min_letters: int
    cut_needs_prose_lines: int
    prose_min_words: int

    def verdict(self, line: str) -> Verdict:
        """What to do with one trimmed line of page text."""
        if not (line[:1].isalpha() or any(char.isalpha() for char in line)):
            return Verdict.DROP  # separators, counters, bare numbers and timestamps
        folded = fold_like_ignorecase(line)
        if self.cut_after.matches(line, folded):
            return Verdict.CUT
        if self.drop_line.matches(line, folded) or is_stamp_line(line) or self.is_navigation(line):
            return Verdict.DROP
        return Verdict.KEEP

    def strip_prefixes(self, line: str) -> int:
        """How many leading characters of a line are a removable prefix (0 when none)."""
        found = self.strip_prefix.first_of.match(line)
        return found.end() if found else 0

    def is_navigation(self, line: str) -> bool:
        """A menu: mostly section names, capitalised, with no sentence punctuation."""
        if _ends_a_sentence(line):
            return False
        words = _WORDS.findall(line)
        nav = self.navigation
        if len(words) < nav.min_hits:
            return False  # too few words to hold enough section names (most headings)
        hits = sum(map(nav.words.__contains__, map(str.casefold, words)))
        if hits < nav.min_hits or hits < nav.min_share * len(words):
            return False
        lowercase = sum(word[0].islower() for word in words)
        return lowercase <= nav.max_lowercase_share * len(words)

    def is_prose(self, line: str) -> bool:
        """A line that reads like sentences of an article (not a heading, label or link)."""
        words = self.prose_min_words  # (the split stops there: a long line is not cut into every word)
        return _ends_a_sentence(line) and len(line.split(None, words - 1)) >= words


def _ends_a_sentence(line: str) -> bool:
    r"""Does the line end like a sentence: a stop, then maybe quotes or brackets? (What the regex
    `[.!?…]["'”’)\]]*$` finds, read from the end instead of tried at every position; like `$`,
    a final newline is looked past.)"""
    line = line.removesuffix("\n")
    return line.rstrip(_CLOSERS).endswith(_SENTENCE_STOPS)


class RuleSet:
    """The rules of one kind, arranged so that "does any of them match this line?" costs a few
    regex calls rather than one per rule (a dozen per line, on every line of every article).

    The rules that fail fast (anchored, no clues) make one alternation, each rule a branch with
    its own case flag, tried once at position 0: `re` runs through the branches in C, and most
    fail at their first character. As `max_chars` differs between rules, there is one such
    alternation per length tier (tier k: every rule whose `max_chars` reaches the k-th smallest
    limit), so a line meets only the rules that apply to its length. The rules gated by clues
    share one Aho-Corasick pass over the folded line, and only a rule whose clue occurs is
    searched. The answers are those of searching every rule in turn (tests compare the two).
    """

    __slots__ = ("_clues", "_gated_by", "_limits", "_tiers", "_ungated", "first_of", "rules")

    def __init__(self, kind: str, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        #: Every rule in rule order, for `match`: the first rule that matches at position 0 wins.
        self.first_of = _alternation(kind, rules)
        fast = [rule for rule in rules if not rule.clues and _is_anchored(parsed(rule.pattern))]
        self._limits = tuple(sorted({rule.max_chars for rule in fast}))
        self._tiers = tuple(
            _alternation(kind, tuple(rule for rule in fast if rule.max_chars >= limit))
            for limit in self._limits
        )
        gated_by: dict[str, list[Rule]] = {}
        for rule in rules:
            for clue in rule.clues:
                gated_by.setdefault(clue, []).append(rule)
        self._gated_by = {clue: tuple(gated) for clue, gated in gated_by.items()}
        self._clues = literal_automaton(frozenset(gated_by)) if gated_by else None
        self._ungated = tuple(rule for rule in rules if not rule.clues and rule not in fast)

    def matches(self, line: str, folded: str) -> bool:
        """Does any rule match the line? `folded` is `fold_like_ignorecase(line)`."""
        tier = bisect_left(self._limits, len(line))
        if tier < len(self._tiers) and self._tiers[tier].match(line):
            return True
        if self._clues is not None:
            for _, clue in self._clues.iter(folded):
                for rule in self._gated_by[clue]:
                    if len(line) <= rule.max_chars and rule.pattern.search(line):
                        return True
        for rule in self._ungated:
            if len(line) <= rule.max_chars and rule.pattern.search(line):
                return True
        return False


def _is_anchored(items: list[tuple[Any, Any]]) -> bool:
    """Can the pattern (its `parsed` items) match only at the line start? Then `search` and
    `match` agree on it."""
    return items[:1] == [(sre.AT, sre.AT_BEGINNING)]


def _alternation(kind: str, rules: tuple[Rule, ...]) -> re.Pattern[str]:
    """One pattern whose branches are the rules, in order, each with its own case flag."""
    if not rules:
        return _NEVER
    branches = "|".join(
        f"(?{'i' if rule.pattern.flags & re.IGNORECASE else ''}:{rule.pattern.pattern})" for rule in rules
    )
    try:
        return re.compile(branches)
    except re.error as exc:  # a global inline flag or a group name used twice
        raise DataError(f"boilerplate.toml: [[{kind}]]: rules that cannot be combined: {exc}") from exc


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


def _rules(data: dict[str, Any], kind: str) -> RuleSet:
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
    return RuleSet(kind, tuple(rules))


def _clues(pattern: re.Pattern[str]) -> tuple[str, ...]:
    r"""The literals that gate a rule whose search walks the line, or () for one that fails fast:
    anchored at the line start, and not opening with a run of (nearly) any characters, which
    the regex would try at every length of the run (`^.{0,60}(getty images|...)$`, `^[^|]{1,50}`).
    A run of a narrow class fails at once or after a word (`^\d+ min read`, `^\S+ wrote`)."""
    items = parsed(pattern)
    if _is_anchored(items) and not (len(items) > 1 and _runs_over_anything(items[1])):
        return ()
    literals = required_literals(items) or frozenset()
    # Folded even for a case-sensitive rule: folding keeps a literal of the line in the folded line.
    return tuple(sorted({fold_like_ignorecase(literal) for literal in literals}))


def _runs_over_anything(item: tuple[Any, Any]) -> bool:
    """A repeat of `.` or of a negated class (`[^|.!?]`)."""
    op, value = item
    if op not in REPEATS or len(value[2]) != 1:
        return False
    inner_op, inner = value[2][0]
    return inner_op is sre.ANY or (inner_op is sre.IN and inner[:1] == [(sre.NEGATE, None)])
