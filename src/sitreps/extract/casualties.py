"""Killed and injured, as the text says them: a number, a zero, or nothing.

The distinction matters to analysts: "no casualties" is 0, silence is unknown (None), and a
vague phrase ("it is unclear whether anyone was hurt", "no Americans were hurt") is unknown too.
Numbers come written as digits or words, before the verb ("three soldiers were killed"), after
it ("killing 11 soldiers", "the death toll rose to 13"), or as "a"/"one" ("killing a soldier and
wounding another").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from ..resources import data_path

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "another": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "dozen": 12, "a dozen": 12,
}
_NUM = r"(?P<num>\d{1,4}|" + "|".join(sorted((w for w in NUMBER_WORDS if w not in {"a dozen"}), key=len, reverse=True)) + ")"
_PEOPLE = (
    r"(?:(?:other|more|iraqi|us|u\.s\.|american|turkish|kurdish|federal|security|civilian|army|police|peshmerga|"
    r"military|militar\w+|local|foreign)\s+){0,3}"
    r"(?:people|persons?|soldiers?|troops?|officers?|policem[ae]n|police(?:men)?|members?|civilians?|fighters?|"
    r"personnel|guards?|drivers?|contractors?|workers?|employees?|staff|children|villagers?|militants?|"
    r"servicem[ae]n|service members?|others?|individuals?|pilgrims?|farmers?)"
)


@dataclass(frozen=True, slots=True)
class Count:
    value: int | None  # None: the text speaks of it but vaguely
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Patterns:
    zero_both: re.Pattern[str]
    zero_killed: re.Pattern[str]
    zero_injured: re.Pattern[str]
    vague: re.Pattern[str]
    killed: tuple[re.Pattern[str], ...]
    injured: tuple[re.Pattern[str], ...]


def _verb_patterns(words: list[str]) -> tuple[re.Pattern[str], ...]:
    verb = "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"
    return tuple(
        re.compile(p, re.IGNORECASE)
        for p in (
            # "killing 11 soldiers", "killed three people", "wounding at least four other soldiers"
            rf"\b{verb}\s+(?:at least\s+|some\s+|about\s+|nearly\s+|up to\s+)?{_NUM}\s+{_PEOPLE}",
            # "killing a soldier and wounding another"
            rf"\b{verb}\s+(?P<num2>another|a|an|one)\b(?:\s+{_PEOPLE})?",
            # "three soldiers were killed", "11 Iraqi soldiers killed", "13 people dead"
            rf"(?<![\w-]){_NUM}\s+{_PEOPLE}\s+(?:\w+\s+){{0,3}}?(?:were|was|have been|had been|are|got)?\s*{verb}\b",
            # "the death toll rose to 13", "killed 13"
            rf"\b{verb}\s+(?:rose\s+|has risen\s+|climbed\s+|reached\s+|rises\s+)?(?:to\s+)?(?:at least\s+)?(?P<num3>\d{{1,4}})\b",
            # "injured one member of the Iraqi security forces"
            rf"\b{verb}\s+{_NUM}\s+(?:member|members)\b",
        )
    )


@cache
def _patterns() -> _Patterns:
    raw = tomllib.loads(data_path("lexicons", "casualties.toml").read_text(encoding="utf-8"))

    def alt(key: str) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + "|".join(raw[key]) + r")", re.IGNORECASE)

    return _Patterns(
        alt("zero_both"), alt("zero_killed"), alt("zero_injured"), alt("vague"),
        _verb_patterns(raw["killed_words"]), _verb_patterns(raw["injured_words"]),
    )


def _number(m: re.Match[str]) -> int | None:
    for group in ("num", "num2", "num3"):
        raw = m.groupdict().get(group)
        if raw:
            raw = raw.lower()
            return int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
    return None


def _first_count(patterns: tuple[re.Pattern[str], ...], text: str, offset: int) -> Count | None:
    best: Count | None = None
    for pattern in patterns:
        for m in pattern.finditer(text):
            if re.search(r"\b(?:and|or)\s+(?:wounded|injured|killed)\b", m.group(0), re.IGNORECASE):
                continue  # "five soldiers were killed and wounded": no split given
            if re.search(r"killed and wounded|killed or wounded|dead and wounded", text[m.start() : m.end() + 15], re.IGNORECASE):
                continue
            value = _number(m)
            if value is None:
                continue
            count = Count(value, offset + m.start(), offset + m.end())
            if best is None or count.value > (best.value or 0):
                best = count
    return best


def find_casualties(text: str, offset: int = 0) -> tuple[Count | None, Count | None]:
    """(killed, injured) said in `text`; `offset` is added to the positions. A Count with value
    None means the text is explicitly vague; None means it says nothing."""
    p = _patterns()
    killed = _first_count(p.killed, text, offset)
    injured = _first_count(p.injured, text, offset)
    if m := p.zero_both.search(text):
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
