"""The words around a place name that change what it means ("Babil province", "near Basra",
"between Diwaniya and Samawah"), read from `data/gazetteer/phrases.toml` for `sitreps.geo.locate`.

Phrases are matched on the folded text (`sitreps.geo.fold`), so case, accents and hyphens do not
matter, and longest phrases are tried first ("on the outskirts of" before "outskirts of").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..resources import data_path
from .fold import FoldedText, fold_key


@dataclass(frozen=True, slots=True)
class PhraseRules:
    governorate_after: tuple[str, ...]
    governorate_before: tuple[str, ...]
    district_after: tuple[str, ...]
    district_before: tuple[str, ...]
    near_before: tuple[str, ...]
    near_fillers: tuple[str, ...]
    road_after: tuple[str, ...]
    elsewhere_before: tuple[str, ...]
    site_of_town_before: tuple[str, ...]
    site_of_town_suffix: str
    between_before: tuple[str, ...]
    between_joiners: tuple[str, ...]
    border_before: tuple[str, ...]
    border_after: tuple[str, ...]


@cache
def phrase_rules() -> PhraseRules:
    data = tomllib.loads(data_path("gazetteer", "phrases.toml").read_text(encoding="utf-8"))

    def words(section: str, *keys: str) -> tuple[str, ...]:
        found = [fold_key(w) for k in keys for w in data[section].get(k, [])]
        return tuple(sorted(set(found), key=len, reverse=True))  # longest phrase first

    return PhraseRules(
        governorate_after=words("governorate", "after"),
        governorate_before=words("governorate", "before", "arabic_before"),
        district_after=words("district", "after"),
        district_before=words("district", "before", "arabic_before"),
        near_before=words("near", "before", "arabic_before"),
        near_fillers=words("near", "fillers"),
        road_after=words("road", "after"),
        elsewhere_before=words("elsewhere", "before"),
        site_of_town_before=words("site_of_town", "before"),
        site_of_town_suffix=str(data["site_of_town"]["suffix"]),
        between_before=words("between", "before"),
        between_joiners=words("between", "joiners"),
        border_before=words("border", "before"),
        border_after=words("border", "after"),
    )


@dataclass(frozen=True, slots=True)
class PhraseContext:
    """The folded words right before and after a mention, and where they start/end."""

    folded: FoldedText
    start: int  # folded offset of the mention
    end: int

    def before(self, width: int = 60) -> str:
        return self.folded.text[max(0, self.start - width) : self.start]

    def after(self, width: int = 40) -> str:
        return self.folded.text[self.end : self.end + width]

    def cue_before(self, phrases: Sequence[str], fillers: Sequence[str] = ()) -> int | None:
        """The folded offset where one of `phrases` starts right before the mention, if one does."""
        text = strip_fillers(self.before(), fillers)
        for phrase in phrases:
            if text.endswith(phrase) and (len(text) == len(phrase) or not text[-len(phrase) - 1].isalnum()):
                return self.start - len(self.before()) + len(text) - len(phrase)
        return None

    def cue_after(self, phrases: Sequence[str]) -> int | None:
        """The folded offset where one of `phrases` ends right after the mention, if one does."""
        after = self.after()
        text = after.lstrip(" ")
        for phrase in phrases:
            if text.startswith(phrase) and not text[len(phrase) : len(phrase) + 1].isalnum():
                return self.end + len(after) - len(text) + len(phrase)
        return None


def strip_fillers(before: str, fillers: Sequence[str]) -> str:
    """`before` without the filler words at its end. A filler may end in `*`, which stands for a
    few words of a name: "the capital of *" strips "the capital of the Kurdistan Region (KRG)"."""
    text = before.rstrip(" ,")
    changed = True
    while changed:
        changed = False
        for filler in fillers:
            cut = _filler_at_end(text, filler)
            if cut is not None:
                text = text[:cut].rstrip(" ,")
                changed = True
    return text


def _filler_at_end(text: str, filler: str) -> int | None:
    """Where `filler` starts if `text` ends with it (at a word boundary), else None."""
    if filler.endswith("*"):
        found = _wildcard(filler).search(text)
        return found.start() if found else None
    if text.endswith(filler) and (len(text) == len(filler) or not text[-len(filler) - 1].isalnum()):
        return len(text) - len(filler)
    return None


@cache
def _wildcard(filler: str) -> re.Pattern[str]:
    head = re.escape(filler[:-1].rstrip())
    return re.compile(rf"(?<!\w){head} [\w' .-]{{1,50}}?(?: \([^()]{{1,20}}\))?$")
