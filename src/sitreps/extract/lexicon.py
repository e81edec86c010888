"""The trigger, cue and target lexicons of each language, compiled once per process.

The words live in data files with a note on where each came from: English in
`data/lexicons/{triggers,cues,targets}.toml`, Arabic in `data/lexicons/ar/`. This module only
turns them into regular expressions, matched case-insensitively on word boundaries. Arabic
patterns are widened to every spelling that folds alike (`normalise.arabic_pattern`) and take
the proclitics Arabic writes joined to a word ("وال", "ب", "لل"), so the lexicon is written
once, in ordinary spelling, and matched on the stored text as it is.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import DataError
from ..model import AttackType, Target
from ..regex_literals import GatedPattern, PatternSet
from ..resources import data_path
from .normalise import arabic_pattern

#: The languages with a lexicon, and the folder under `data/lexicons/` holding their files.
LEXICON_FOLDERS: dict[str, tuple[str, ...]] = {"en": (), "ar": ("ar",)}
DEFAULT_LANGUAGE = "en"
_NEVER = re.compile(r"(?!)")
_WORD_START, _WORD_END = r"(?<!\w)", r"(?!\w)"


@dataclass(frozen=True, slots=True)
class TriggerClass:
    type: AttackType
    priority: int  # lower wins when one incident has several triggers
    specific: bool  # names the method; generic words ("attack", "blast") need other evidence
    pattern: GatedPattern


@dataclass(frozen=True, slots=True)
class TargetClass:
    type: Target
    priority: int
    pattern: GatedPattern


@dataclass(frozen=True, slots=True)
class Owner:
    name: str
    pattern: GatedPattern


@dataclass(frozen=True, slots=True)
class Lexicon:
    language: str
    triggers: tuple[TriggerClass, ...]
    # not_an_attack, aggregate, by_us_forces, denial, background, no_claim, summary, ... (every
    # cue any language defines; one this language's file lacks never fires)
    cues: dict[str, GatedPattern]
    targets: tuple[TargetClass, ...]
    owners: tuple[Owner, ...]
    any_trigger: GatedPattern  # every trigger word at once: does a sentence name an attack?
    # which trigger, target and owner classes may match a text, in one look for each kind
    trigger_classes: PatternSet
    target_classes: PatternSet
    owner_classes: PatternSet


def _words(patterns: list[str], prefix: str = "") -> GatedPattern:
    return GatedPattern.any_of(patterns, re.IGNORECASE, before=_WORD_START + prefix, after=_WORD_END)


def _word_source(patterns: list[str], prefix: str = "") -> str:
    """Any of `patterns` as a whole word, after an optional `prefix` (Arabic proclitics)."""
    return _WORD_START + prefix + "(?:" + "|".join(patterns) + ")" + _WORD_END


def _load_toml(language: str, name: str) -> dict[str, Any]:
    """One lexicon file of `language` (`name` as "cues.toml"), parsed."""
    path = data_path("lexicons", *LEXICON_FOLDERS[language], name)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path}: {exc}") from exc


def _spelling_rule(language: str) -> Callable[[str], str]:
    """How a lexicon pattern of `language` is written out before compiling: Arabic patterns
    match every spelling that folds alike; other languages are matched as written."""
    return arabic_pattern if language == "ar" else _as_written


def _as_written(pattern: str) -> str:
    return pattern


def _language(language: str | None) -> str:
    language = language or DEFAULT_LANGUAGE
    if language not in LEXICON_FOLDERS:
        raise DataError(f"no lexicon for language {language!r} (have: {', '.join(LEXICON_FOLDERS)})")
    return language


def load_lexicon(language: str | None = DEFAULT_LANGUAGE) -> Lexicon:
    """The lexicon of `language` (an ISO 639-1 code; None is English), built once per process."""
    return _compiled_lexicon(_language(language))


@cache
def _compiled_lexicon(language: str) -> Lexicon:
    spell = _spelling_rule(language)
    try:
        raw_triggers = _load_toml(language, "triggers.toml")
        proclitics = spell(raw_triggers.get("proclitics", ""))

        def words(patterns: list[str]) -> GatedPattern:
            return _words([spell(p) for p in patterns], proclitics)

        triggers = tuple(
            TriggerClass(
                AttackType(t["type"]), int(t["priority"]), t["strength"] == "specific", words(t["patterns"])
            )
            for t in raw_triggers["trigger"]
        )
        cues = {
            name: GatedPattern.any_of([spell(p) for p in entry["patterns"]], re.IGNORECASE)
            for name, entry in _load_toml(language, "cues.toml").items()
        }
        for other in LEXICON_FOLDERS:
            for name in _load_toml(other, "cues.toml"):
                cues.setdefault(name, GatedPattern(_NEVER))
        raw_targets = _load_toml(language, "targets.toml")
        targets = tuple(
            TargetClass(Target(t["type"]), int(t["priority"]), words(t["patterns"]))
            for t in raw_targets["target"]
        )
        owners = tuple(Owner(o["name"], words(o["patterns"])) for o in raw_targets["owner"])
        trigger_words, _ = _trigger_words(language)  # spelled already, as `words` spells its own
        any_trigger = _words(list(trigger_words), proclitics)
    except (KeyError, ValueError, re.error) as exc:
        raise DataError(f"lexicon ({language}): {type(exc).__name__}: {exc}") from exc
    return Lexicon(
        language, triggers, cues, targets, owners, any_trigger,
        *(PatternSet([kind.pattern for kind in kinds]) for kinds in (triggers, targets, owners)),
    )  # fmt: skip


@cache
def _trigger_words(language: str) -> tuple[tuple[str, ...], str]:
    """Every trigger word of `language`, spelled for its script, and the proclitics they take:
    the lexicon's `any_trigger` and the prefilter's pattern are both made of them."""
    raw = _load_toml(language, "triggers.toml")
    spell = _spelling_rule(language)
    return tuple(spell(p) for t in raw["trigger"] for p in t["patterns"]), spell(raw.get("proclitics", ""))


def _any_trigger_source(language: str) -> str:
    """Every trigger word of `language` in one pattern."""
    return _word_source(*_trigger_words(language))


@cache
def any_language_trigger() -> re.Pattern[str]:
    """A trigger word of any language: the prefilter must keep an Arabic attack report as
    surely as an English one, whatever language detection later says. Built from the trigger
    files alone, so a run that meets no Arabic article never compiles the rest of its lexicon."""
    try:
        sources = [_any_trigger_source(language) for language in LEXICON_FOLDERS]
        return re.compile("|".join(f"(?:{s})" for s in sources), re.IGNORECASE)
    except (KeyError, ValueError, re.error) as exc:
        raise DataError(f"lexicon: {type(exc).__name__}: {exc}") from exc
