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
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    without derivable literals is always run. Built from its alternatives (`any_of`), it looks
    alternative by alternative (`GatedAlternation`)."""

    __slots__ = ("literals", "mask", "pattern")

    def __init__(self, pattern: re.Pattern[str], literals: bool = True) -> None:
        """`literals=False` says the pattern has none worth looking for (it is always run)."""
        self.pattern = pattern
        #: Folded literals one of which every match holds; None when it has none to look for.
        self.literals = _gate_literals(parsed(pattern)) if literals else None
        #: Their bits among all the gates' literals (`SharedLiterals`); 0: always run.
        self.mask = LITERALS.mask(self.literals) if self.literals else 0

    @staticmethod
    def any_of(alternatives: list[str], flags: int = 0, before: str = "", after: str = "") -> GatedPattern:
        """`before(?:alternative|...)after`, gated alternative by alternative where it can be:
        not when the pattern has capturing groups (a match of one alternative would number them
        differently) or an alternative can match nothing (`finditer` would step differently).
        Global inline flags that open an alternative ("(?m)^...") apply to the whole pattern,
        as they did at the start of a plain alternation."""
        alternatives, flags = _lift_global_flags(alternatives, flags)
        whole = f"{before}(?:{'|'.join(alternatives)}){after}"
        if not any(map(_may_hold_literal, alternatives)):
            return GatedPattern(re.compile(whole, flags), literals=False)
        each = [f"{before}(?:{alternative}){after}" for alternative in alternatives]
        parses = [sre_parse.parse(source, flags) for source in each]
        if len(each) < 2 or any(items.state.groups > 1 or items.getwidth()[0] == 0 for items in parses):
            return GatedPattern(re.compile(whole, flags))
        literals_of_each = [_gate_literals(list(items)) for items in parses]
        if not any(literals_of_each):
            return GatedPattern(re.compile(whole, flags))
        return GatedAlternation(whole, flags, each, LiteralIndex(literals_of_each))

    def may_match(self, text: str) -> bool:
        return not self.mask or bool(LITERALS.present(text) & self.mask)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.pattern.search(text, pos, endpos) if self.may_match(text) else None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text, pos, endpos) if self.may_match(text) else iter(())

    def sub(self, repl: Callable[[re.Match[str]], str], text: str) -> str:
        """`text` with each match replaced by `repl(match)`."""
        return self.pattern.sub(repl, text) if self.may_match(text) else text


class GatedAlternation(GatedPattern):
    """An alternation gated alternative by alternative, for cues of many phrases where one
    phrase needs a common word ("can" for "can be used as a weapon"): the whole-pattern gate
    would let nearly every sentence through, and all sixty phrases be tried.

    Each alternative has literals of its own; an alternative whose literals are absent from the
    text cannot match anywhere in it, so it cannot decide what the alternation matches. When only
    a few alternatives remain, each is searched alone and the leftmost match wins, the earlier
    alternative on a tie: exactly the alternation's own choice, since at a position `re` tries
    the alternatives in order and takes the first that matches. More than a few, and the whole
    alternation runs once."""

    __slots__ = ("_compiled", "_each", "_flags", "_index", "_whole")

    #: Up to this many candidate alternatives are searched one by one.
    ONE_BY_ONE = 6

    def __init__(self, whole: str, flags: int, each: list[str], index: LiteralIndex) -> None:
        self._whole: str | re.Pattern[str] = whole
        self._flags = flags
        self._each = each
        self._compiled: list[re.Pattern[str] | None] = [None] * len(each)  # on first need: most never are
        self._index = index  # which alternatives may match a text
        self.literals = None if index.always else index.literals
        self.mask = 0 if index.always else index.mask

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        chosen = self._index.which(text)
        if len(chosen) > self.ONE_BY_ONE:
            return self.pattern.search(text, pos, endpos)
        return self._leftmost(chosen, text, pos, endpos)

    def _leftmost(self, chosen: Sequence[int], text: str, pos: int, endpos: int) -> re.Match[str] | None:
        first = None
        for index in chosen:
            found = self._alternative(index).search(text, pos, endpos)
            if found is not None and (first is None or found.start() < first.start()):
                first = found
        return first

    def _alternative(self, index: int) -> re.Pattern[str]:
        compiled = self._compiled[index]
        if compiled is None:
            compiled = self._compiled[index] = re.compile(self._each[index], self._flags)
        return compiled

    @property  # type: ignore[override]
    def pattern(self) -> re.Pattern[str]:
        """The whole alternation, compiled on first need (a large one takes milliseconds)."""
        if isinstance(self._whole, str):
            self._whole = re.compile(self._whole, self._flags)
        return self._whole

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        chosen = self._index.which(text)
        if len(chosen) > self.ONE_BY_ONE:
            yield from self.pattern.finditer(text, pos, endpos)
            return
        while (found := self._leftmost(chosen, text, pos, endpos)) is not None:
            yield found
            pos = found.end()  # no alternative matches the empty string (`any_of`)

    def sub(self, repl: Callable[[re.Match[str]], str], text: str) -> str:
        pieces, done = [], 0
        for found in self.finditer(text):
            pieces += (text[done : found.start()], repl(found))
            done = found.end()
        return "".join(pieces) + text[done:] if pieces else text


class LiteralIndex:
    """Which of several things may match a text, from the literals each needs, found in one
    pass for all (`SharedLiterals`): the alternatives of one pattern (`GatedAlternation`), or
    the classes of a lexicon (`PatternSet`). A thing with no literals (None) may always match."""

    __slots__ = ("_of_bit", "always", "literals", "mask")

    def __init__(self, literals_of_each: Sequence[frozenset[str] | None]) -> None:
        of_literal: dict[str, set[int]] = {}
        for index, literals in enumerate(literals_of_each):
            for literal in literals or ():
                of_literal.setdefault(literal, set()).add(index)
        self.always = tuple(index for index, literals in enumerate(literals_of_each) if literals is None)
        self.literals = frozenset(of_literal)
        self.mask = LITERALS.mask(self.literals)
        #: The things each literal's bit stands for.
        self._of_bit = {LITERALS.mask([literal]): frozenset(of) for literal, of in of_literal.items()}

    def which(self, text: str) -> list[int]:
        """The indexes of the things that may match `text`, in order. (Asked of most sentences
        for dozens of patterns, and most hold none of a pattern's literals: one step then.)"""
        hits = LITERALS.present(text) & self.mask
        if not hits:
            return list(self.always)
        chosen = set(self.always)
        while hits:
            lowest = hits & -hits
            chosen |= self._of_bit[lowest]
            hits ^= lowest
        return sorted(chosen)


class PatternSet(LiteralIndex):
    """Which of several gated patterns may match a text, from one pass for all of them.

    A sentence is asked for every trigger class in turn, and every target class: a first look
    per class would pass over it a dozen times to find the one or two classes that can match."""

    __slots__ = ()

    def __init__(self, patterns: Sequence[GatedPattern]) -> None:
        super().__init__([pattern.literals for pattern in patterns])


def _gate_literals(items: list[Item]) -> frozenset[str] | None:
    """The folded literals worth looking for before running a regex (its `parsed` items), or
    None when it has none, or only short ones that nearly every sentence holds."""
    literals = required_literals(items)
    if not literals or min(map(len, literals)) < MIN_ANCHOR_CHARS:
        return None
    return frozenset(map(fold_like_ignorecase, literals))


def _may_hold_literal(source: str) -> bool:
    """Could this regex source hold a literal of `MIN_ANCHOR_CHARS` characters? Not unless it
    has that many plain characters (or escaped signs) in a row: an Arabic pattern widened to
    every spelling ("ت[ـً-ٟ]*ف[ـً-ٟ]*...") has none, and parsing it to find out costs more than
    the rest of building it. A "yes" is checked by parsing; a "no" only leaves it ungated."""
    return _LITERAL_RUN.search(_CLASS.sub("[]", source)) is not None


_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")  # a character class: no literal, whatever it holds
_LITERAL_RUN = re.compile(r"(?:[^\\\[\](){}|?*+.^$]|\\[^\w])" + f"{{{MIN_ANCHOR_CHARS}}}")


def _lift_global_flags(alternatives: list[str], flags: int) -> tuple[list[str], int]:
    lifted = []
    for alternative in alternatives:
        found = _GLOBAL_FLAGS.match(alternative)
        if found:
            flags |= sum(_FLAG_LETTERS[letter] for letter in found.group(1))
            alternative = alternative[found.end() :]
        lifted.append(alternative)
    return lifted, flags


_FLAG_LETTERS = {
    "a": re.ASCII, "i": re.IGNORECASE, "L": re.LOCALE, "m": re.MULTILINE, "s": re.DOTALL, "u": re.UNICODE, "x": re.VERBOSE
}  # fmt: skip
_GLOBAL_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")


class SharedLiterals:
    """Every literal that any gate looks for, each with a bit, found in a text in one pass.

    A sentence is asked of dozens of gates in turn (cues, trigger and target classes, casualty
    phrases, actor names), and most hold none of a gate's literals. When each gate ran its own
    Aho-Corasick pass, the passes took ~0.15 ms an article (81,136 passes over the benchmark's
    2,140-article mix, 2.4 µs or more each, most of it handing the text to the automaton). Now
    the text is scanned once for the literals of all the gates (a few hundred), the bits found
    are kept for the last few texts, and a gate asks `present(text) & its mask`.

    Gates are made lazily, while texts are being read; a new literal makes a new scanner (with
    an empty memory of texts), so a text is never judged by a scanner that lacks a literal."""

    REMEMBERED_TEXTS = 64

    def __init__(self) -> None:
        self._bits: dict[str, int] = {}
        self._scanner = _Scanner({})
        self._lock = threading.Lock()

    def mask(self, literals: Iterable[str]) -> int:
        """The bits of these (folded) literals, given them if they are new."""
        mask = 0
        with self._lock:
            for literal in literals:
                bit = self._bits.get(literal)
                if bit is None:
                    bit = self._bits[literal] = 1 << len(self._bits)
                mask |= bit
        return mask

    def present(self, text: str) -> int:
        """The bits of the literals that occur in `text` once folded (`fold_like_ignorecase`)."""
        scanner = self._scanner
        if scanner.size != len(self._bits):
            with self._lock:
                scanner = self._scanner = _Scanner(dict(self._bits))
        return scanner.present(text)


class _Scanner:
    """One automaton of a fixed set of literals, and the bits it found in the last few texts."""

    __slots__ = ("_automaton", "_found", "size")

    def __init__(self, bits: dict[str, int]) -> None:
        self.size = len(bits)
        self._found: dict[str, int] = {}
        self._automaton = ahocorasick.Automaton()
        for literal, bit in bits.items():
            self._automaton.add_word(literal, bit)
        if bits:
            self._automaton.make_automaton()

    def present(self, text: str) -> int:
        found = self._found.get(text)
        if found is None:
            found = 0
            if self.size:
                for _, bit in self._automaton.iter(fold_like_ignorecase(text)):
                    found |= bit
            if len(self._found) >= SharedLiterals.REMEMBERED_TEXTS:
                self._found.clear()
            self._found[text] = found
        return found


#: The one set every gate draws its bits from.
LITERALS = SharedLiterals()
