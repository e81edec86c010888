"""Finding place names in text: every whole-word alias, filtered by the rules that tell a place
from an ordinary word, longest match first.

The gazetteer's aliases are folded keys (`sitreps.geo.fold`); one Aho-Corasick automaton finds
all of them in one pass over the folded text. A raw hit becomes a mention only when
* it is a whole word (Arabic may carry a one-letter clitic: "بالديوانية" is "in Diwaniyah");
* it is capitalised, if the alias is an English word or a short ambiguous name ("Hit" not "hit");
* it is not a stop-listed word, unless a place word stands beside it ("the town of Hit");
* it is not part of a person's name ("Muqtada al-Sadr", "Lloyd Austin");
* no longer mention overlaps it ("Camp Taji" beats "Taji").
The rules' word lists are data: `data/gazetteer/matching.toml`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import ahocorasick  # type: ignore[import-not-found]  # no stubs published

from ..model import Place, PlaceLevel
from .fold import FoldedText, fold, fold_key

#: One-letter Arabic prefixes (and, in, for, so, like) written joined to the next word.
_ARABIC_CLITICS = frozenset("وبلفك")
_CONJUNCTIONS = frozenset("وف")
_PREPOSITIONS = frozenset("بلك")
_ARTICLE = re.compile(r"^(?:[Aa][lnrdstz]h?|[Ee]l)[\s\-‐‑'’]+")
_PREVIOUS_WORD = re.compile(r"([^\W\d_][\w'’.]*)\s+$")
_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'’]*)")
IRAQ = "IQ"  # ISO 3166-1 code of the country the gazetteer is about


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name in a text: `text == source[start:end]`. `place` is the best reading of an
    ambiguous name (the ranking in `sitreps.geo.gazetteer`: trusted names, then Iraq, then towns
    before larger units, then population); `candidates` are the other places the same words may
    name, best first."""

    start: int
    end: int
    text: str
    place: Place
    candidates: tuple[Place, ...] = ()


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One place an alias names, and whether the alias must be capitalised to count."""

    place: Place
    capitalised_only: bool
    attested: bool = True  # a source wrote it so (not a generated spelling variant)


@dataclass(frozen=True, slots=True)
class MatchRules:
    stop_words: frozenset[str]
    cues_after: tuple[str, ...]
    cues_before: tuple[str, ...]
    not_names: frozenset[str]
    titles: frozenset[str] = frozenset()


def load_match_rules(path: Path) -> MatchRules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return MatchRules(
        stop_words=frozenset(fold_key(w) for w in data["stop"]["words"]),
        cues_after=tuple(fold_key(w) for w in data["cues"]["after"]),
        cues_before=tuple(fold_key(w) for w in data["cues"]["before"]),
        not_names=frozenset(fold_key(w) for w in data["person"]["not_names"]),
        titles=frozenset(fold_key(w) for w in data["person"].get("titles", ())),
    )


def build_automaton(keys: Sequence[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for key in keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return automaton


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int  # folded offsets
    end: int
    entries: tuple[AliasEntry, ...]


def find_mentions(
    text: str,
    automaton: ahocorasick.Automaton,
    index: dict[str, tuple[AliasEntry, ...]],
    rules: MatchRules,
) -> list[PlaceMention]:
    """Every place mention in `text`, in text order, none overlapping."""
    if not text or len(automaton) == 0:
        return []
    folded = fold(text)
    hits = []
    for last, key in automaton.iter(folded.text):
        start, end = last + 1 - len(key), last + 1
        if not _whole_word(folded.text, start, end):
            continue
        entries = _accepted_entries(key, index, folded, start, end, rules)
        if entries:
            hits.append(_Hit(start, end, entries))
    return [_mention(text, folded, hit) for hit in _longest_first(hits)]


def _whole_word(folded: str, start: int, end: int) -> bool:
    if end < len(folded) and folded[end].isalnum():
        return False
    if start == 0 or not folded[start - 1].isalnum():
        return True
    # Arabic clitics glued on the front, at a word start: one (بالبصرة) or a conjunction and a
    # preposition (وبالبصرة، فبمحافظة).
    if folded[start - 1] not in _ARABIC_CLITICS:
        return False
    if start == 1 or not folded[start - 2].isalnum():
        return True
    return (
        folded[start - 2] in _CONJUNCTIONS
        and folded[start - 1] in _PREPOSITIONS
        and (start == 2 or not folded[start - 3].isalnum())
    )


def _accepted_entries(
    key: str,
    index: dict[str, tuple[AliasEntry, ...]],
    folded: FoldedText,
    start: int,
    end: int,
    rules: MatchRules,
) -> tuple[AliasEntry, ...]:
    entries = index[key]
    if key in rules.stop_words and not _has_cue(folded.text, start, end, rules):
        return ()
    orig_start, orig_end = folded.original_span(start, end)
    surface = folded.original[orig_start:orig_end]
    before = folded.original[max(0, orig_start - 40) : orig_start]
    after = folded.original[orig_end : orig_end + 40]
    if _looks_like_person(surface, before, after, entries, index, rules):
        return ()
    if _is_capitalised(surface):
        return entries
    return tuple(e for e in entries if not e.capitalised_only)


def _has_cue(folded: str, start: int, end: int, rules: MatchRules) -> bool:
    after = folded[end : end + 24].lstrip(" ")
    before = folded[max(0, start - 24) : start].rstrip(" ")
    return any(
        after.startswith(cue) and not after[len(cue) : len(cue) + 1].isalnum() for cue in rules.cues_after
    ) or any(
        before.endswith(cue) and (len(before) == len(cue) or not before[-len(cue) - 1].isalnum())
        for cue in rules.cues_before
    )


def _is_capitalised(surface: str) -> bool:
    """Does the name start with a capital (after an article: "al-Batha")? Caseless scripts count."""
    core = _ARTICLE.sub("", surface) or surface
    first = next((c for c in core if c.isalpha()), "")
    return not first or first.isupper() or first.lower() == first.upper()


def _looks_like_person(
    surface: str,
    before: str,
    after: str,
    entries: tuple[AliasEntry, ...],
    index: dict[str, tuple[AliasEntry, ...]],
    rules: MatchRules,
) -> bool:
    """Is this name part of a person's name? It is when a capitalised word that is neither a
    function word nor a place stands right before it and the name is written with the article
    ("Muqtada al-Sadr") or is a one-word foreign town or unattested spelling ("Lloyd Austin",
    "Hozan Zubeir"); and a one-word foreign town followed by such a word is a first name or a
    team ("Elizabeth Peyton", "Houston Rockets"); a name that opens with a title and is followed
    by such a word is a man ("Sheikh Saad al-Rubaie", not Sheikh Saad town)."""
    if _titled(surface, rules) and _name_word(_NEXT_WORD.match(_without_article(after)), index, rules):
        return True
    name_before = _name_word(_PREVIOUS_WORD.search(before), index, rules)
    if name_before and _ARTICLE.match(surface):
        return True
    best = entries[0]
    one_word = not any(c.isspace() for c in surface.strip())
    foreign_town = best.place.country != IRAQ and best.place.level is PlaceLevel.LOCALITY
    if not one_word or not (foreign_town or not best.attested):
        return False
    return name_before or (foreign_town and _name_word(_NEXT_WORD.match(after), index, rules))


def _titled(surface: str, rules: MatchRules) -> bool:
    """Does the name open with a title ("Sheikh Saad", "al-Shaykh Sa'd")?"""
    if " " not in surface:  # one word, as most names are: no title and a name (asked of every name)
        return False
    words = _ARTICLE.sub("", surface).split(None, 1)
    return len(words) > 1 and fold_key(words[0]) in rules.titles


def _without_article(after: str) -> str:
    """The text after a name with the article of its next word dropped (" al-Rubaie" -> " Rubaie")."""
    rest = after.lstrip()
    return after[: len(after) - len(rest)] + _ARTICLE.sub("", rest, count=1) if rest != after else after


def _name_word(
    found: re.Match[str] | None, index: dict[str, tuple[AliasEntry, ...]], rules: MatchRules
) -> bool:
    """A capitalised word that is neither a function word nor a place name."""
    if found is None or not found.group(1)[0].isupper():
        return False
    word = fold_key(found.group(1)).removesuffix("'s").rstrip(".")
    return word not in rules.not_names and word not in index


def _longest_first(hits: list[_Hit]) -> list[_Hit]:
    chosen: list[_Hit] = []
    # One byte per folded character, set under every chosen name: a check costs the name's
    # length, not the number of names chosen (a page naming Basra 20,000 times stays linear).
    taken = bytearray(max((hit.end for hit in hits), default=0))
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        if taken.find(1, hit.start, hit.end) == -1:
            chosen.append(hit)
            taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
    return sorted(chosen, key=lambda h: h.start)


def _mention(text: str, folded: FoldedText, hit: _Hit) -> PlaceMention:
    start, end = folded.original_span(hit.start, hit.end)
    places = tuple(e.place for e in hit.entries)
    return PlaceMention(start, end, text[start:end], places[0], places[1:])
