"""Armed groups and other actors: one canonical name for every spelling a report may use.

Reports spell the same group many ways ("Saryat Qasim al-Jabbarin", "Qasem al-Jabbarin",
"سرية قاصم الجبارين"); linking and scoring need them to be one. The table is data
(`data/lexicons/actors.toml`); this module only normalises and matches.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache

from ..errors import DataError
from ..resources import data_path

_ARTICLE = re.compile(r"^(?:the|al|el|an|ad|as|ar|ال)\s+", re.IGNORECASE)
_PUNCT = re.compile(r"[\u2010-\u2015'’`ʼ\"“”\-_.,()]+")
_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")


def normalise_name(name: str) -> str:
    """A matching key: case, hyphens, apostrophes, diacritics and a leading article ignored."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _ARABIC_MARKS.sub("", text)
    text = text.translate(str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي"}))
    text = _PUNCT.sub(" ", text.casefold())
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous, text = text, _ARTICLE.sub("", text)
    return text.replace(" al ", " ").replace(" el ", " ")


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    kind: str  # militia, jihadist, insurgent, state


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor: Actor


class ActorTable:
    """Canonical names for known actors, and a finder for their mentions in text."""

    def __init__(self, actors: list[tuple[Actor, list[str]]]):
        self._by_key: dict[str, Actor] = {}
        self._by_name: dict[str, Actor] = {}
        folded: list[str] = []
        exact: list[str] = []
        self._alias_actor: dict[str, Actor] = {}
        for actor, aliases in actors:
            self._by_name[actor.name] = actor
            for alias in [actor.name, *aliases]:
                self._by_key.setdefault(normalise_name(alias), actor)
                # Short all-capital aliases (IS, KH, PMF) match only as written: "is" is a verb.
                if len(alias) <= 4 and alias.isupper():
                    exact.append(alias)
                    self._alias_actor[alias] = actor
                else:
                    folded.append(alias)
                    self._alias_actor.setdefault(alias.casefold(), actor)
        self._folded = _alternation(folded, re.IGNORECASE)
        self._exact = _alternation(exact, 0)

    def canonical(self, name: str | None) -> str | None:
        """The canonical name of a known actor, or None when the name is not in the table."""
        if not name:
            return None
        actor = self._by_key.get(normalise_name(name))
        if actor is None:  # "Iran's Islamic Revolutionary Guard Corps (IRGC)": one known actor inside
            inside = {m.actor for m in self.find(name)}
            actor = inside.pop() if len(inside) == 1 else None
        return actor.name if actor else None

    def get(self, name: str) -> Actor | None:
        return self._by_name.get(name) or self._by_key.get(normalise_name(name))

    def find(self, text: str) -> list[ActorMention]:
        """Every mention of a known actor, longest first where two overlap, in text order."""
        found: list[ActorMention] = []
        for pattern, fold in ((self._folded, True), (self._exact, False)):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                key = m.group(0).casefold() if fold else m.group(0)
                actor = self._alias_actor.get(key) or self._by_key.get(normalise_name(m.group(0)))
                if actor:
                    found.append(ActorMention(m.start(), m.end(), m.group(0), actor))
        found.sort(key=lambda a: (a.start, -(a.end - a.start)))
        kept: list[ActorMention] = []
        for mention in found:
            if kept and mention.start < kept[-1].end:
                continue
            kept.append(mention)
        return kept


def _alternation(aliases: list[str], flags: int) -> re.Pattern[str] | None:
    if not aliases:
        return None
    parts = sorted({a for a in aliases}, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\-", r"[-\s]?").replace(r"\ ", r"[\s-]+") for a in parts)
    return re.compile(rf"(?<![\w\u0600-\u06FF])(?:{body})(?![\w\u0600-\u06FF])", flags)


@cache
def load_actors() -> ActorTable:
    path = data_path("lexicons", "actors.toml")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path}: {exc}") from exc
    entries = []
    for row in raw.get("actor", []):
        try:
            entries.append((Actor(row["name"], row.get("kind", "other")), list(row.get("aliases", []))))
        except KeyError as exc:
            raise DataError(f"{path}: an actor lacks {exc}") from exc
    return ActorTable(entries)
