"""The patterns behind `dates.py`, built once per process from `data/lexicons/dates.toml`.

Speed decides the shape. `re.IGNORECASE` over long word lists, or a pattern that opens with
optional words ("late on", "in mid-"), makes the regex engine try every alternative at every
character of the text. So each rule's *core*, the words a date cannot lack ("Monday", "2020",
"ago"), is a trie of literal spellings (case variants written out) that the engine can skip
ahead to; the optional words before it are matched backwards from the core in a short window.
That keeps a whole article to well under a millisecond.

Most rules still match nothing in most sentences, and a regex pays for that emptiness at every
character it skips. So each rule also lists its *cues*, the strings one of which every match of
its core contains (a month name for the day-month rules, "19" or "20" for years), and one
Aho-Corasick pass over a text says which rules can match there at all; only those are run.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby, product
from pathlib import Path
from typing import Any, TypeVar

import ahocorasick  # type: ignore[import-not-found]  # no stubs published

from ..errors import DataError
from ..model import Precision
from ..resources import data_path

__all__ = ["Grammar", "Hit", "Lexicon", "Rule", "Shift", "fold", "hits", "load_grammar", "load_lexicon"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Shift:
    """A relative expression: how far from publication, and how much of the date it gives."""

    days: int = 0
    months: int = 0
    years: int = 0
    precision: Precision = Precision.DAY
    part: str | None = None


@dataclass(frozen=True)
class Lexicon:
    """`dates.toml`, every word folded (see `fold`) so matched text can be looked up."""

    months: dict[str, int]
    month_abbr: frozenset[str]
    weekdays: dict[str, int]
    parts_before: dict[str, str]
    parts_after: dict[str, str]
    dir_before: dict[str, int]
    dir_after: dict[str, int]
    introducers: frozenset[str]
    period_parts: dict[str, str]
    numbers: dict[str, int]
    vague_numbers: dict[str, int]
    relative: dict[str, Shift]
    anchored: dict[str, int]
    anchored_words: dict[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's match: its core words, and the words before them that its prefix took."""

    text: str
    start: int
    end: int
    core: re.Match[str]
    before: re.Match[str] | None

    def group(self, name: str) -> str:
        """The words a named group took, "" when it took none (or the rule has no such group)."""
        for match in (self.core, self.before):
            if match is not None and name in match.re.groupindex:
                return match.group(name) or ""
        return ""


@dataclass(frozen=True)
class Rule:
    """One form of date: its core regex, and the optional (or, with `needs_prefix`, required)
    words before the core, matched backwards from it."""

    form: str  # which reader in `dates.py` turns its hits into mentions
    core: re.Pattern[str]
    prefix: re.Pattern[str] | None = None
    needs_prefix: bool = False
    not_after: re.Pattern[str] = re.compile(r"\w")  # what the character before the date cannot be
    lead: re.Pattern[str] | None = None  # what the core may start with, matched backwards (see `_hit`)
    cues: frozenset[str] | None = None  # strings one of which every match of `core` contains


@dataclass(frozen=True)
class Grammar:
    """The rules, and one automaton of all their cues, each cue holding the bits (by rank) of
    the rules it is a cue of: one pass over a text then says which rules can match it."""

    lexicon: Lexicon
    rules: tuple[Rule, ...]
    cue_finder: Any = field(init=False, repr=False, compare=False)
    uncued: int = field(init=False, repr=False, compare=False)  # rules always run, as bits

    def __post_init__(self) -> None:
        masks: dict[str, int] = {}
        for rank, rule in enumerate(self.rules):
            for cue in rule.cues or ():
                masks[cue] = masks.get(cue, 0) | 1 << rank
        finder = ahocorasick.Automaton()
        for cue, mask in masks.items():
            finder.add_word(cue, mask)
        if masks:  # an automaton without words cannot be made, nor searched
            finder.make_automaton()
        object.__setattr__(self, "cue_finder", finder if masks else None)
        object.__setattr__(
            self, "uncued", sum(1 << rank for rank, r in enumerate(self.rules) if r.cues is None)
        )

    def cued(self, text: str) -> int:
        """The rules that can match `text`, as bits by rank: the uncued ones and those a cue of
        which occurs in it."""
        found = self.uncued
        for _, mask in self.cue_finder.iter(text) if self.cue_finder else ():
            found |= mask
        return found


def hits(text: str, grammar: Grammar) -> Iterator[tuple[int, Rule, Hit]]:
    """Every match of every rule, with the rule's rank (earlier rules win ties)."""
    cued = grammar.cued(text)
    for rank, rule in enumerate(grammar.rules):
        if not cued >> rank & 1:
            continue  # no cue, no match
        floor = 0  # where this rule's last match ended: the next cannot start before it
        for core in rule.core.finditer(text):
            hit = _hit(text, core, rule, floor)
            floor = core.end()
            if hit is not None:
                yield rank, rule, hit


PREFIX_REACH = 60  # characters before a core searched for its prefix ("in the early hours of ")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_ARABIC_CLASS = {"ا": "اأإآ", "ه": "هة", "ي": "يى"}


def fold(word: str) -> str:
    """One key per spelling: case, spacing, a trailing period and Arabic hamza/ta marbuta forms."""
    return " ".join(word.lower().rstrip(".").split()).translate(_FOLD)


def _hit(text: str, core: re.Match[str], rule: Rule, floor: int) -> Hit | None:
    """The core's match grown by its lead and prefix, or None when it starts inside a word.

    A lead is an optional start of the core ("الـ" of "الـ28 من شهر"): written in front of the
    core, it would make `re` try it at every character, since the core could then start with
    anything; matched backwards from the core's first character it is the same match (the lead
    never holds the core's first character, so the core starts where it would have), as long as
    it does not reach into the rule's previous match."""
    start = core.start()
    if rule.lead and (lead := rule.lead.search(text, max(floor, start - PREFIX_REACH), start)):
        start = lead.start()
    if start and rule.not_after.match(text[start - 1]) and not _after_arabic_conjunction(text, start):
        return None  # inside a word or a number: "Mayor", "10,000 years"
    before = rule.prefix.search(text, max(0, start - PREFIX_REACH), start) if rule.prefix else None
    if before is not None and before.start() == start:
        before = None
    if before is None and rule.needs_prefix:
        return None
    return Hit(text, before.start() if before else start, core.end(), core, before)


def _after_arabic_conjunction(text: str, start: int) -> bool:
    """Arabic glues و ("and") and ف ("so") to the next word: "وأمس" is "and yesterday"."""
    return text[start - 1] in "وف" and (start == 1 or not text[start - 2].isalnum())


def load_lexicon(path: Path | None = None) -> Lexicon:
    """`dates.toml` (or another file of its shape), checked: a bad file is a `DataError`."""
    path = path or data_path("lexicons", "dates.toml")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        months = {fold(w): int(n) for n, e in raw["months"].items() for w in [*e["names"], *e["abbr"]]}
        weekdays = {fold(w): int(n) for n, names in raw["weekdays"].items() for w in names}
        if set(months.values()) != set(range(1, 13)) or set(weekdays.values()) != set(range(7)):
            raise ValueError("months must be numbered 1-12 and weekdays 0-6")

        def folded(table: dict[str, T]) -> dict[str, T]:
            return {fold(k): v for k, v in table.items()}

        relative = {
            fold(k): Shift(
                v.get("days", 0),
                v.get("months", 0),
                v.get("years", 0),
                Precision(v.get("precision", "day")),
                v.get("part"),
            )
            for k, v in raw["relative"].items()
        }
        return Lexicon(
            months=months,
            month_abbr=frozenset(fold(w) for e in raw["months"].values() for w in e["abbr"]),
            weekdays=weekdays,
            parts_before=folded(raw["parts_of_day"]["before"]),
            parts_after=folded(raw["parts_of_day"]["after"]),
            dir_before=folded(raw["directions"]["before"]),
            dir_after=folded(raw["directions"]["after"]),
            introducers=frozenset(map(fold, raw["introducers"]["words"])),
            period_parts=folded(raw["period_parts"]),
            numbers=folded(raw["numbers"]["exact"]),
            vague_numbers=folded(raw["numbers"]["vague"]),
            relative=relative,
            anchored={fold(k): int(v) for k, v in raw["anchored"].items()},
            anchored_words={k: frozenset(map(fold, v)) for k, v in raw["anchored_words"].items()},
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataError(f"{path}: {type(exc).__name__}: {exc}") from exc


def _alt(words: Iterable[str], abbreviations: Iterable[str] = (), proper: bool = False) -> str:
    """A regex matching folded words in every case and Arabic spelling they fold from, longest
    first. It is a trie of literals, not `re.IGNORECASE` over a list: twenty times faster, since
    the engine skips to the characters that can start a word and never retries a shared prefix."""

    def unit(letters: str | None) -> str:
        return r"\s+" if letters is None else f"[{letters}]" if len(letters) > 1 else re.escape(letters)

    trie: dict[str, Any] = {}
    for group, abbr in ((words, False), (abbreviations, True)):
        for spelling in {s for w in group for s in _spellings(w, proper)}:
            node = trie
            for piece in [*map(unit, _letters(spelling)), *([r"\.?"] if abbr else [])]:
                node = node.setdefault(piece, {})
            node[""] = {}
    return f"(?:{_trie_pattern(trie)})"


def _cues(words: Iterable[str], abbreviations: Iterable[str] = (), proper: bool = False) -> frozenset[str]:
    """Strings one of which every match of `_alt` (same arguments) contains: a match is a whole
    spelling, so it holds that spelling's longest stretch without a space, in one of the ways
    its letters can be written."""
    cues: set[str] = set()
    for spelling in {s for w in [*words, *abbreviations] for s in _spellings(w, proper)}:
        stretches = [list(g) for blank, g in groupby(_letters(spelling), lambda x: x is None) if not blank]
        cues.update(map("".join, product(*max(stretches, key=len))))
    return frozenset(cues)


def _spellings(word: str, proper: bool) -> set[str]:
    """A folded word as texts write it: in each case (proper names only capitalised) or with
    each Arabic first letter it folds from (the letters after it are classes, see `_letters`)."""
    if not word.isascii():
        return {c + word[1:] for c in _ARABIC_CLASS.get(word[0], word[0])}
    cased = {word.capitalize(), word.title(), word.upper()}
    return cased if proper else cased | {word}


def _letters(spelling: str) -> list[str | None]:
    """What each character of a spelling matches: itself, after the first its Arabic class
    ("ا" is any of "اأإآ"), and None for a run of spaces (any whitespace)."""
    out: list[str | None] = [spelling[0]]
    for c in spelling[1:]:
        letters = None if c.isspace() else _ARABIC_CLASS.get(c, c)
        if not (letters is None and out[-1] is None):
            out.append(letters)
    return out


def _trie_pattern(node: dict[str, Any]) -> str:
    """Where a word ends and a longer one goes on, the longer is tried first (greedy `?`)."""
    branches = [unit + _trie_pattern(child) for unit, child in sorted(node.items()) if unit]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@cache
def load_grammar() -> Grammar:
    """The rules, one per form of date, built from the lexicon once per process."""
    lex = load_lexicon()
    words = lex.anchored_words

    def w(*options: str) -> str:
        return _alt(options)

    sp = r"[^\S\n]"  # a date does not run over a line break: "Oct. 29\n\n2020 in Review"
    # A pattern that opens with a character class or with literals lets `re` skip to the
    # characters a match can start with; "[0-9]{1,2}" or "(?:19|20)" first makes it try every one.
    day = r"[0-9٠-٩][0-9٠-٩]?(?![0-9٠-٩])(?:st|nd|rd|th)?"
    year = r"(?:19[0-9]{2}|20[0-9]{2}|١٩[٠-٩]{2}|٢٠[٠-٩]{2})(?![0-9٠-٩])"
    join = rf"(?:{sp}*,)?{sp}+{w('and', 'or', '&')}{sp}+|{sp}+و{sp}*"
    span = rf"{sp}*[-–—]{sp}*|{sp}+(?:{w('to', 'through', 'until', 'till')}|إلى|الى|حتى){sp}+"
    days = rf"{day}(?:(?:{sp}*,{sp}*{day})*(?:{join}){day}|(?:{span}){day})?"  # 22 | 22, 24 and 25 | 5-8
    month_names = ([m for m in lex.months if m not in lex.month_abbr], lex.month_abbr)
    mon, mon_cues = _alt(*month_names, proper=True), _cues(*month_names, proper=True)
    year_cues = frozenset({"19", "20", "١٩", "٢٠"})  # the first two digits of any `year`
    mon_end = r"(?:(?<=\.)|(?!\w))"
    other_mon = rf"(?:{sp}*[/(]{sp}*{mon}{sp}*\)?)?"  # "مايو/أيار", "28 يناير (كانون الثاني)"
    year_part = rf"{sp}*[,،]?{sp}*(?:{w('of')}{sp}+|عام{sp}+|سنة{sp}+)?(?P<y>{year})"
    no_day_after = rf"(?!\.?{sp}*[0-9٠-٩]{{1,2}}(?![0-9٠-٩]))"
    num = rf"(?:[0-9٠-٩]{{1,3}}|{_alt([*lex.numbers, *lex.vague_numbers])})"
    count = rf"(?<![0-9٠-٩][,.:/\-])(?P<n>{num})"  # not the "000" of "10,000"
    intro, pp = rf"(?P<intro>{_alt(lex.introducers)})\s+", rf"(?P<pp>{_alt(lex.period_parts)})(?:\s*-\s*|\s+)"
    dir_before, adir = rf"(?P<dir>{_alt(lex.dir_before)})\s+", rf"\s+(?P<adir>{_alt(lex.dir_after)})"
    pa, pb = rf"(?P<pa>{_alt(lex.parts_after)})", rf"(?P<pb>{_alt(lex.parts_before)})\s+"
    past = _alt(words["past"])
    the = rf"(?:{w('the')}\s+)?"
    starts = r"(?:(?<!\w)|(?<=(?<!\w)[وف]))"

    def rule(
        core: str,
        form: str,
        prefix: str | None = None,
        needs: bool = False,
        not_after: str = r"\w",
        cues: frozenset[str] | None = None,
        lead: str | None = None,
    ) -> Rule:
        compiled = re.compile(rf"{starts}(?:{prefix})\Z") if prefix else None
        lead_compiled = re.compile(rf"(?:{lead})\Z") if lead else None
        return Rule(form, re.compile(core), compiled, needs, re.compile(not_after), lead_compiled, cues)

    rules = (
        # "Dec. 29", "June 22, 24 and 25", "JULY 12, 2020"
        rule(
            rf"(?P<mon>{mon}){mon_end}{sp}*(?P<days>{days})(?!\w)(?:{year_part})?", "day_month", cues=mon_cues
        ),
        # "27 December", "11 December, 2020", "5th of January", "10 كانون الاول 2020"
        rule(
            # "3 آب الماضي": a direction after the month says what the day already does
            # "الـ28 من شهر كانون الثاني": the article before the day, "month" before the month
            rf"(?P<days>{days}){sp}*(?:{w('of')}{sp}+|من{sp}+(?:شهر{sp}+)?)?(?P<mon>{mon}){mon_end}{other_mon}"
            rf"(?:{adir}(?!\w))?(?:{year_part})?",
            "day_month",
            not_after=r"[\w.,:/]",
            lead=rf"الـ?{sp}?",
            cues=mon_cues,
        ),
        # "2020-12-10", "video_2021-03-29"
        rule(
            r"(?P<y>(?:19|20)[0-9]{2})(?P<sep>[-/.])(?P<a>[0-9]{1,2})(?P=sep)(?P<b>[0-9]{1,2})(?![0-9])",
            "iso",
            not_after=r"[0-9/.\-]",
            cues=year_cues,
        ),
        # "27-09-2020", "09.10.2022"
        rule(
            # Arabic-Indic digits too: "٢٨/١/٢٠٢٢"
            r"(?P<a>[0-9٠-٩][0-9٠-٩]?)(?P<sep>[-/.])(?P<b>[0-9٠-٩]{1,2})(?P=sep)(?P<y>(?:19|20|١٩|٢٠)[0-9٠-٩]{2})(?![0-9٠-٩])",
            "day_first",
            not_after=r"[0-9٠-٩/.\-]",
            cues=year_cues,
        ),
        # "in late July", "since mid-October", "In July 2019", "December last year", "في مايو/أيار الماضي"
        rule(
            rf"(?P<mon>{mon}){mon_end}{other_mon}{no_day_after}(?:{adir})?"
            rf"(?:\s+(?:{w('of')}\s+)?(?P<ydir>{w('this', 'last', 'next')})\s+{w('year')}|{year_part})?(?!\w)",
            "month",
            rf"(?:{intro})?(?:{dir_before})?(?:{pp})?(?P<monthof>{the}{w('month')}\s+{w('of')}\s+|شهر\s+)?",
            cues=mon_cues,
        ),
        # "in 2019", "early 2020", "the summer of 2015", "عام 2020"
        rule(
            rf"(?P<y>{year})",
            "year",
            rf"(?:{intro})?(?:{pp})?(?:{the}(?P<season>{w('spring', 'summer', 'autumn', 'fall', 'winter')})\s+"
            rf"(?:{w('of')}\s+)?)?(?P<yearword>{the}{w('year')}\s+|عام\s+|العام\s+|سنة\s+)?",
            needs=True,
            cues=year_cues,
        ),
        # "late on Monday", "Friday evening", "in the early hours of Tuesday", "يوم الأربعاء الماضي"
        rule(
            rf"(?P<wd>{_alt(lex.weekdays, proper=True)})(?:(?:\s+|\s*-\s*){pa}|{adir})?(?!\w)",
            "weekday",
            rf"(?:{pb}(?:{w('on')}\s+)?)?(?:(?:{w('on', 'since', 'by', 'until', 'till', 'from')}|منذ|حتى)\s+)?"
            rf"(?:{dir_before})?",
            cues=_cues(lex.weekdays, proper=True),
        ),
        # "yesterday evening", "last night", "earlier this month", "صباح اليوم"
        rule(rf"(?P<rel>{_alt(lex.relative)})(?:\s+{pa})?(?!\w)", "relative", pb, cues=_cues(lex.relative)),
        # "two days ago", "a few weeks ago"
        rule(
            r"ago(?!\w)",
            "ago",
            rf"{count}\s+(?P<unit>{w('day', 'week', 'month', 'year')}s?)\s+",
            needs=True,
            cues=frozenset({"ago"}),
        ),
        # "the previous day", "the same day", "في اليوم التالي"
        rule(rf"(?P<anc>{_alt(lex.anchored)})(?!\w)", "anchored", cues=_cues(lex.anchored)),
        # "a day after", "two days later", "hours earlier"
        rule(
            rf"(?P<unit>{w('hour', 'day', 'week')}s?)\s+(?P<dir>{_alt(words['later'] | words['earlier'])})(?!\w)",
            "counted",
            rf"{count}\s+",
            cues=_cues(words["later"] | words["earlier"]),
        ),
        # "within 24 hours", "in the past 72 hours", "خلال الـ72 ساعة الماضية"
        rule(
            rf"(?P<unit>{_alt(words['hour'] | words['day'] | words['week'])})(?!\w)(?:\s+(?P<past2>{past})(?!\w))?",
            "window",
            rf"(?P<w>{_alt(words['window'])})\s+(?:(?P<past>{past})\s+)?(?:الـ?\s*)?(?:{count}\s*)?",
            needs=True,
            cues=_cues(words["hour"] | words["day"] | words["week"]),
        ),
    )
    return Grammar(lex, rules)
