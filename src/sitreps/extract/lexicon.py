"""The trigger, cue and target lexicons, compiled once per process.

The words live in `data/lexicons/*.toml` with a note on where each came from; this module only
turns them into regular expressions. Patterns are matched case-insensitively on word
boundaries.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import DataError
from ..model import AttackType, Target
from ..resources import data_path


@dataclass(frozen=True, slots=True)
class TriggerClass:
    type: AttackType
    priority: int  # lower wins when one incident has several triggers
    specific: bool  # names the method; generic words ("attack", "blast") need other evidence
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class TargetClass:
    type: Target
    priority: int
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Owner:
    name: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    triggers: tuple[TriggerClass, ...]
    cues: dict[str, re.Pattern[str]]  # not_an_attack, aggregate, by_us_forces, denial, background, no_claim
    targets: tuple[TargetClass, ...]
    owners: tuple[Owner, ...]
    any_trigger: re.Pattern[str]  # one pass over a whole article: the prefilter


def _words(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.IGNORECASE)


def _load(name: str) -> dict[str, Any]:
    path = data_path("lexicons", name)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path}: {exc}") from exc


@cache
def load_lexicon() -> Lexicon:
    try:
        raw_triggers = _load("triggers.toml")["trigger"]
        triggers = tuple(
            TriggerClass(AttackType(t["type"]), int(t["priority"]), t["strength"] == "specific", _words(t["patterns"]))
            for t in raw_triggers
        )
        cues = {name: re.compile("|".join(entry["patterns"]), re.IGNORECASE) for name, entry in _load("cues.toml").items()}
        raw_targets = _load("targets.toml")
        targets = tuple(
            TargetClass(Target(t["type"]), int(t["priority"]), _words(t["patterns"])) for t in raw_targets["target"]
        )
        owners = tuple(Owner(o["name"], _words(o["patterns"])) for o in raw_targets["owner"])
    except (KeyError, ValueError, re.error) as exc:
        raise DataError(f"lexicon: {type(exc).__name__}: {exc}") from exc
    any_trigger = _words([p for t in raw_triggers for p in t["patterns"]])
    return Lexicon(triggers, cues, targets, owners, any_trigger)
