"""Killed and injured, as the text says them: a number, a zero, or nothing.

The distinction matters to analysts: "no casualties" is 0, silence is unknown (None), and a
vague phrase ("it is unclear whether anyone was hurt", "no Americans were hurt") is unknown too.
Numbers come written as digits or words, before the verb ("three soldiers were killed"), after
it ("killing 11 soldiers", "the death toll rose to 13"), or as "a"/"one" ("killing a soldier and
wounding another").

Arabic reports count the same way in their own grammar: the event noun or verb first ("مقتل ثلاثة
جنود", "أصيب جندي"), a state after a number ("11 جنديا ... قتلى"), and one or two people said by the
noun's own form, singular or dual ("إصابة سائق العجلة" is one, "مقتل جنديين" two). Their phrases
live in `data/lexicons/ar/casualties.toml`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import DataError
from ..regex_literals import GatedPattern
from ..resources import data_path
from .normalise import arabic_pattern, fold_key

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "another": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50,
}
_NUM = r"(?P<num>\d{1,4}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_NUM_B = _NUM.replace("?P<num>", "?P<num_b>")  # a second count added to the first
#: Up to three words between people and their verb, none of them a casualty verb: in "killing two
#: soldiers and wounding three", "two soldiers" are not the wounded.
_FILLER = r"(?:(?!(?:and\s+)?(?:kill|wound|injur|dead|die)\w*\b)\w+\s+){0,3}?"
#: ", including a US service member," or "of the convoy ..." between a count and its verb
_ASIDE = (
    r"(?:\s*,\s*(?:including|among them|among whom|most of them|mostly)\b[^,.;]{1,60},"
    r"|\s+of\s+the\s+[^,.;]{1,40}?(?=\s+(?:was|were)\s))?"  # "a driver of the convoy carrying equipment was"
)
#: What people's trade is named by: "a truck driver", "three convoy guards".
_TRADE = r"truck|lorry|tanker|convoy|company|security"
#: "a number of", "a few", "a handful of", "a dozen": a count the text does not give, so the field
#: stays null (the corpus convention names "about a dozen" as vague).
_SOME_QUANTITY = r"(?:number|few|couple|handful|dozen|host|group|series|lot|total|range|variety)"
_PEOPLE = (
    r"(?:(?:other|more|iraqi|us|u\.s\.|american|turkish|kurdish|federal|civilian|army|police|peshmerga|"
    r"military|militar\w+|local|foreign|british|coalition|nato|western|canadian|french|italian|australian|"
    rf"german|danish|polish|spanish|syrian|iranian|{_TRADE})\s+){{0,3}}"
    r"(?:people|persons?|soldiers?|troops?|officers?|policem[ae]n|police(?:men)?|members?|civilians?|fighters?|"
    r"personnel|guards?|drivers?|contractors?|workers?|employees?|staff|children|villagers?|militants?|"
    r"servicem[ae]n|service members?|others?|individuals?|pilgrims?|farmers?)"
)


#: One person, as a casualty verb's object names them with "the": "killing the (truck) driver".
_ONE_PERSON = (
    rf"(?:(?:{_TRADE})\s+)?(?:driver|soldier|officer|policeman|guard|contractor|worker|employee|civilian|"
    r"pilot|commander|interpreter|translator|passenger)"
)


@dataclass(frozen=True, slots=True)
class Count:
    value: int | None  # None: the text speaks of it but vaguely
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _CountPatterns:
    """The patterns that read one count (killed, or injured), and the words every one of them
    holds. Most sentences name no casualty at all: one search for the words spares them a dozen
    patterns."""

    words: GatedPattern
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class _Patterns:
    zero_both: GatedPattern
    zero_killed: GatedPattern
    zero_injured: GatedPattern
    vague: GatedPattern
    killed: _CountPatterns
    injured: _CountPatterns
    value: Callable[[re.Match[str]], int | None]  # the count a killed/injured match states
    unsplit: Callable[[str, re.Match[str]], bool]  # "killed and wounded": no split is given
    zero_qualified: re.Pattern[str] | None = None  # after a zero: "... among US forces" (vague)


def _verb_patterns(words: list[str]) -> _CountPatterns:
    verb = "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"
    patterns = tuple(
        re.compile(p, re.IGNORECASE)
        for p in (
            # "killing 11 soldiers", "killed three people", "wounding at least four other soldiers"
            (  # "wounding three coalition soldiers and two Iraqi troops": the counts add up;
                # "causing minor injuries to two American service members"
                rf"\b{verb}\s+(?:to\s+)?(?:at least\s+|some\s+|about\s+|nearly\s+|up to\s+)?{_NUM}\s+{_PEOPLE}"
                rf"(?:,?\s+and\s+{_NUM_B}\s+{_PEOPLE})?"
            ),
            # "killing a soldier and wounding another"; not "wounding a number of drivers", "a few"
            rf"\b{verb}\s+(?P<num2>another|a|an|one)\b(?!\s+{_SOME_QUANTITY}\b)(?:\s+{_PEOPLE})?",
            # "killing the driver", "wounding its guard": one person, named by a singular noun
            rf"\b{verb}\s+(?:the|its|his|their)\s+(?P<one>{_ONE_PERSON})\b(?!\s+and\b)",
            # "left the driver wounded", "leaving its guard dead"
            rf"\b(?:left|leaving|leaves)\s+(?:the|its|his|their)\s+(?P<one>{_ONE_PERSON})\s+{verb}\b",
            # "Two soldiers were martyred and another was injured"
            rf"\b(?P<num2>another|one other)\s+(?:{_PEOPLE}\s+)?(?:was|has been|had been)\s+{verb}\b",
            # "three soldiers were killed", "11 Iraqi soldiers killed", "13 people dead", "five
            # others, including a US service member, were wounded", "two American troops and one
            # British service member were killed" (the counts add up)
            (
                rf"(?<![\w-]){_NUM}\s+(?:of\s+(?:the|its|their)\s+)?{_PEOPLE}(?:\s+and\s+{_NUM_B}\s+{_PEOPLE})?"
                rf"{_ASIDE}\s+{_FILLER}(?:were|was|have been|had been|are|got)?\s*{verb}\b"
            ),
            # "killing two soldiers and wounding three": a count that ends its clause
            rf"\b{verb}\s+(?:at least\s+|another\s+)?{_NUM}(?:\s+others?)?(?=\s*(?:[.,;)]|$|and\b))",
            # "the death toll rose to 13", "killed 13"
            rf"\b{verb}\s+(?:rose\s+|has risen\s+|climbed\s+|reached\s+|rises\s+)?(?:to\s+)?(?:at least\s+)?(?P<num3>\d{{1,4}})\b",
            # "injured one member of the Iraqi security forces"
            rf"\b{verb}\s+{_NUM}\s+(?:member|members)\b",
            # "at least 13 killed", "13 were killed" (a count with no noun; never a year)
            rf"\bat least\s+(?P<num4>\d{{1,3}})\s+(?:were\s+|have been\s+|had been\s+)?{verb}\b",
        )
    )
    return _CountPatterns(GatedPattern(re.compile(verb, re.IGNORECASE)), patterns)


def _load(*parts: str) -> dict[str, Any]:
    path = data_path("lexicons", *parts)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path}: {exc}") from exc


@cache
def _patterns(language: str = "en") -> _Patterns:
    if language == "ar":
        return _arabic_patterns()
    raw = _load("casualties.toml")

    def alt(key: str) -> GatedPattern:
        return GatedPattern.any_of(raw[key], re.IGNORECASE, before=r"\b")

    return _Patterns(
        alt("zero_both"), alt("zero_killed"), alt("zero_injured"), alt("vague"),
        _verb_patterns(raw["killed_words"]), _verb_patterns(raw["injured_words"]),
        _number, _unsplit,
    )


def _number(m: re.Match[str]) -> int | None:
    if m.groupdict().get("one"):
        return 1
    for group in ("num", "num2", "num3", "num4"):
        raw = m.groupdict().get(group)
        if raw:
            first = _word_number(raw)
            more = _word_number(m.groupdict().get("num_b") or "")
            return first + more if first is not None and more is not None else first
    return None


def _word_number(raw: str) -> int | None:
    raw = raw.lower()
    if not raw:
        return 0
    return int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)


def _unsplit(text: str, m: re.Match[str]) -> bool:
    """"five soldiers were killed and wounded": no split given."""
    if _BOTH_STATES_IN_COUNT.search(m.group(0)):
        return True
    return bool(_BOTH_STATES_AFTER.search(text, m.start(), m.end() + 15))


_BOTH_STATES_IN_COUNT = re.compile(r"\b(?:and|or)\s+(?:wounded|injured|killed)\b", re.IGNORECASE)
_BOTH_STATES_AFTER = re.compile(r"killed and wounded|killed or wounded|dead and wounded", re.IGNORECASE)


def _first_count(p: _Patterns, counts: _CountPatterns, text: str, offset: int) -> Count | None:
    if not counts.words.search(text):
        return None
    best: Count | None = None
    for pattern in counts.patterns:
        for m in pattern.finditer(text):
            if p.unsplit(text, m):
                continue
            value = p.value(m)
            if value is None:
                continue
            count = Count(value, offset + m.start(), offset + m.end())
            if best is None or value > (best.value or 0):
                best = count
    return best


def find_casualties(text: str, offset: int = 0, language: str | None = "en") -> tuple[Count | None, Count | None]:
    """(killed, injured) said in `text` (written in `language`); `offset` is added to the
    positions. A Count with value None means the text is explicitly vague; None means it says
    nothing."""
    p = _patterns("ar" if language == "ar" else "en")
    killed = _first_count(p, p.killed, text, offset)
    injured = _first_count(p, p.injured, text, offset)
    if (m := p.zero_both.search(text)) and _qualified(p, text, m):
        vague = Count(None, offset + m.start(), offset + m.end())
        return killed or vague, injured or vague  # "no casualties among US forces": others unknown
    if m:
        zero = Count(0, offset + m.start(), offset + m.end())
        killed = killed or zero
        injured = injured or zero
    if killed is None and (m := p.zero_killed.search(text)):
        killed = Count(0, offset + m.start(), offset + m.end())
    if injured is None and (m := p.zero_injured.search(text)):
        injured = Count(0, offset + m.start(), offset + m.end())
    if (m := p.vague.search(text)) and killed is None and injured is None:
        vague = Count(None, offset + m.start(), offset + m.end())
        return vague, vague
    return killed, injured


def _qualified(p: _Patterns, text: str, zero: re.Match[str]) -> bool:
    return p.zero_qualified is not None and p.zero_qualified.match(text, zero.end()) is not None


# --- Arabic -----------------------------------------------------------------------------------


@cache
def _arabic_patterns() -> _Patterns:
    raw = _load("ar", "casualties.toml")
    try:
        numbers = arabic_numbers(raw["numbers"])
        people = raw["people"]
        words = {key: _arabic_alternation(raw[key]) for key in (
            "killed_before", "injured_before", "killed_after", "injured_after", "killed_one", "injured_one",
            "killed_dual", "injured_dual",
        )}
        number = r"(?:\d{1,4}|" + _arabic_number_words(raw["numbers"]) + ")"
        context = _CountContext(
            num=f"(?P<num>{number})",
            who={form: r"(?:ال)?" + _arabic_alternation(people[form]) for form in ("singular", "dual", "plural")},
            # a count standing for its people, the word after it ends the phrase ("مقتل ثلاثة،")
            ends=r"(?=\s*(?:[.,،؛:!?)\"»”]|$)|\s+و|\s+" + _arabic_alternation(raw["count_ends"]) + r"(?!\w))",
            # "ثلاثة قتلى وخمسة جرحى": the words between a number and its state hold no other
            # state (nor a count in digits)
            not_a_count=rf"(?!(?:و)?(?:\d|(?:{words['killed_after']}|{words['injured_after']})(?!\w)))",
        )
        killed = _arabic_counts("killed", words, raw, context)
        injured = _arabic_counts("injured", words, raw, context)

        def alt(key: str) -> GatedPattern:
            return GatedPattern.any_of([arabic_pattern(p) for p in raw[key]])

        no_split = alt("no_split")
        qualifiers = arabic_pattern(r"\s*" + _arabic_alternation(raw["zero_qualifiers"]) + r"(?!\w)")
        patterns = _Patterns(
            alt("zero_both"), alt("zero_killed"), alt("zero_injured"), alt("vague"), killed, injured,
            lambda m: _arabic_value(m, numbers),
            lambda text, m: no_split.search(text, max(0, m.start() - 20), m.end() + 15) is not None,
            re.compile(qualifiers),
        )
    except (KeyError, TypeError, re.error) as exc:
        raise DataError(f"lexicons/ar/casualties.toml: {type(exc).__name__}: {exc}") from exc
    return patterns


def arabic_numbers(table: dict[str, Any]) -> dict[str, int]:
    """Arabic number words (keyed by `number_key`) and their values: the units, ten, eleven and
    twelve as written, 13-19 as unit + عشر/عشرة, the tens, and 21-99 as unit + و + tens."""
    values: dict[str, int] = {}
    units = {n: forms for n, forms in enumerate(table["units"], start=1)}
    tens = {10 * n: forms for n, forms in enumerate(table["tens"], start=2)}
    for n, forms in (*units.items(), (10, table["ten"]), (11, table["eleven"]), (12, table["twelve"]), *tens.items()):
        values.update((number_key(f), n) for f in forms)
    for n, forms in units.items():
        if n >= 3:
            values.update((number_key(f"{u} {t}"), 10 + n) for u in forms for t in table["ten"])
        for ten_value, ten_forms in tens.items():
            values.update((number_key(f"{u} و{t}"), ten_value + n) for u in forms for t in ten_forms)
    return values


def number_key(words: str) -> str:
    """One key however a number is spelled or spaced: "خمسةُ و عشرين" is "خمسه وعشرين"."""
    return "".join(fold_key(words).split())


def _arabic_number_words(table: dict[str, Any]) -> str:
    """A pattern for the number words `arabic_numbers` knows, built from its parts rather than
    listing every compound (which would make it slow to compile): eleven, twelve, a unit with an
    optional "-teen" or "and twenty...", the tens, ten."""
    unit = _arabic_alternation([f for forms in table["units"] for f in forms])
    tens = _arabic_alternation([f for forms in table["tens"] for f in forms])
    ten = _arabic_alternation(table["ten"])
    fixed = _arabic_alternation(table["eleven"] + table["twelve"])
    return rf"(?:{fixed}|{unit}(?:\s+{ten}|\s+و\s?{tens})?|{tens}|{ten})(?!\w)"


def _arabic_alternation(words: list[str]) -> str:
    """Any of `words`, longest first; widened to every spelling when the whole pattern is."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


@dataclass(frozen=True, slots=True)
class _CountContext:
    """The pieces every Arabic count pattern shares (regular-expression sources)."""

    num: str  # a number in digits or words, as group `num`
    who: dict[str, str]  # people nouns by form: singular, dual, plural
    ends: str  # lookahead: what may follow a number standing alone for its people
    not_a_count: str  # lookahead: the next word is not a casualty state


def _arabic_count_patterns(
    before: str, after: str, one: str, dual: str, c: _CountContext
) -> tuple[re.Pattern[str], ...]:
    num, who = c.num, c.who
    anyone = "(?:" + "|".join(who.values()) + ")"
    about = r"(?:(?:ما\s+)?(?:لا\s+يقل\s+عن|نحو|حوالي|قرابة|أكثر\s+من)\s+)?"
    # "أفاد بإصابة شخصين", "وبمقتل": the noun after a verb of saying takes its preposition
    lead = "(?:و?ب|و)?"
    sources = (
        # "مقتل ثلاثة جنود", "إصابة 3 من المدنيين", "أصيب أحد الجنود"; the count alone stands for
        # people where the phrase ends after it ("أدى إلى إصابة اثنين.", "قتل جندي وأصيب اثنان")
        rf"(?<!\w){lead}{before}\s+{about}{num}(?:\s+(?:من\s+)?{anyone}(?!\w)|(?<!(?:19|20)\d\d){c.ends})",
        # "إصابة امرأة وطفلة": two people, one and one
        rf"(?<!\w){lead}{before}\s+(?P<two>{who['singular']}\s+و{who['singular']})(?!\w)",
        # "إصابة سائق العجلة", "أصيب جندي": one
        rf"(?<!\w){lead}{before}\s+(?P<one>{who['singular']})(?!\w)",
        # "مقتل جنديين", "إصابة منتسبين اثنين": two
        rf"(?<!\w){lead}{before}\s+(?P<two>{who['dual']})(?!\w)",
        # "ثلاثة قتلى", "سقط 11 جنديا من الجيش العراقي قتلى", "وخمسة جرحى"
        rf"(?<![\w.])(?:و)?{num}\s+(?:من\s+)?(?:{anyone}\s+)?(?:{c.not_a_count}\w+\s+){{0,4}}?(?:و)?{after}(?!\w)",
        # "سقوط قتيل وجريحين": one, two
        rf"(?<!\w)(?:و)?(?P<two>{dual})(?!\w)",
        rf"(?:سقوط|عن|إلى)\s+(?P<one>{one})(?!\w)",
    )
    return tuple(re.compile(arabic_pattern(s)) for s in sources)


def _arabic_counts(state: str, words: dict[str, str], raw: dict[str, Any], c: _CountContext) -> _CountPatterns:
    """The patterns of one state ("killed" or "injured"); each holds one of its words: a verb or
    noun before the count, a state after it, a singular or dual noun, or a toll's noun."""
    own = [words[f"{state}_{place}"] for place in ("before", "after", "one", "dual")]
    toll = raw[f"{state}_toll"]
    patterns = _arabic_count_patterns(*own, c) + (_arabic_toll_pattern(toll, c.num),)
    words = re.compile(arabic_pattern("|".join([*own, _arabic_alternation(toll)])))
    return _CountPatterns(GatedPattern(words), patterns)


def _arabic_toll_pattern(nouns: list[str], num: str) -> re.Pattern[str]:
    """A toll: "ارتفعت حصيلة القتلى إلى 13", "بلغ عدد الجرحى خمسة"."""
    noun = r"(?:ال)?" + _arabic_alternation(nouns)
    rose_to = rf"(?:حصيلة|عدد)\s+{noun}\s+(?:\w+\s+){{0,3}}?(?:إلى|الى)\s+"
    reached = rf"(?:و)?بلغ(?:ت)?\s+(?:حصيلة|عدد)\s+{noun}\s+(?:\w+\s+){{0,2}}?"
    return re.compile(arabic_pattern(rf"(?<!\w)(?:{rose_to}|{reached}){num}(?!\w)"))


def _arabic_value(m: re.Match[str], numbers: dict[str, int]) -> int | None:
    groups = m.groupdict()
    if groups.get("num"):
        word = groups["num"]
        return int(word) if word.isdigit() else numbers.get(number_key(word))
    if groups.get("two"):
        return 2
    if groups.get("one"):
        return 1
    return None
