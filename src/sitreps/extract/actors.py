"""Armed groups and other actors: one canonical name for every spelling a report may use.

Reports spell the same group many ways ("Saryat Qasim al-Jabbarin", "Qasem al-Jabbarin",
"سرية قاصم الجبارين"); linking and scoring need them to be one. The table is data
(`data/lexicons/actors.toml`); this module only normalises and matches.

Arabic writes conjunctions and prepositions joined to the name they govern: "لداعش" (for
Daesh), "وعصائب أهل الحق" (and Asaib...), "بالتحالف الدولي" (with the coalition), and the
article of a name merges into "لل" after "ل" ("للتحالف الدولي"). Arabic aliases therefore match
after those proclitics and in every spelling that folds alike (`normalise.arabic_pattern`); the
mention's span starts at the name itself, after the proclitic, so that what stands before it
("الموالية ل" + "إيران") reads as it does in the text: a name governed by a joined preposition is
not the subject of a verb. Where "ل" has swallowed the article's alef the span starts after that
"ل" too, at the article's own "ل" ("ل" + "لتحالف الدولي").
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache

from ..errors import DataError
from ..folding import ARABIC_SCRIPT_BLOCKS
from ..regex_literals import GatedPattern
from ..resources import data_path
from .normalise import arabic_pattern, fold_key

_ARTICLE = re.compile(r"^(?:the|al|el|an|ad|as|ar|ال)\s+", re.IGNORECASE)
_PUNCT = re.compile(r"[\u2010-\u2015'’`ʼ\"“”\-_.,()]+")
_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
#: A character of the Arabic script's blocks: whatever spelling of an Arabic letter the patterns
#: accept (`normalise.arabic_pattern`) lies in them.
_ARABIC_SCRIPT = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in ARABIC_SCRIPT_BLOCKS) + "]"
)
_ARABIC_LETTER_FORMS = str.maketrans("أإآةى", "اااهي")
#: A name is a whole word: no letter, digit or Arabic mark touches it. Arabic punctuation ("داعش،")
#: does not count: it is in the Arabic block, so the block itself cannot be the test.
_NOT_A_WORD_CHAR_BEFORE = r"(?<![\w\u064B-\u065F\u0670])"
_NOT_A_WORD_CHAR_AFTER = r"(?![\w\u064B-\u065F\u0670])"
#: The proclitics Arabic joins to a name: and/so (و ف), then in/with, like, for (ب ك ل). Before a
#: name with the article only ب and ك stay apart ("بالتحالف"); ل merges with it ("للتحالف").
_CONJUNCTION = arabic_pattern("[وف]?")
_BARE_NAME_PREPOSITION = arabic_pattern("[بكل]?")
_ARTICLE_NAME_PREPOSITION = arabic_pattern("[بك]?")


def normalise_name(name: str) -> str:
    """A matching key: case, hyphens, apostrophes, diacritics and a leading article ignored."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _ARABIC_MARKS.sub("", text)
    text = text.translate(_ARABIC_LETTER_FORMS)
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
        arabic: list[str] = []
        self._alias_actor: dict[str, Actor] = {}
        for actor, aliases in actors:
            self._by_name[actor.name] = actor
            for alias in [actor.name, *aliases]:
                self._by_key.setdefault(normalise_name(alias), actor)
                # Short all-capital aliases (IS, KH, PMF) match only as written: "is" is a verb.
                if _ARABIC_LETTER.search(alias):
                    arabic.append(alias)
                    self._by_key.setdefault(_arabic_key(alias), actor)
                elif len(alias) <= 4 and alias.isupper():
                    exact.append(alias)
                    self._alias_actor[alias] = actor
                else:
                    folded.append(alias)
                    self._alias_actor.setdefault(alias.casefold(), actor)
        self._folded = _alternation(folded, re.IGNORECASE)
        self._exact = _alternation(exact, 0)
        self._arabic = _arabic_alternation(arabic)

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
        found.extend(self._arabic_mentions(text))
        found.sort(key=lambda a: (a.start, -(a.end - a.start)))
        kept: list[ActorMention] = []
        for mention in found:
            if kept and mention.start < kept[-1].end:
                continue
            kept.append(mention)
        return kept

    def _arabic_mentions(self, text: str) -> list[ActorMention]:
        """Arabic aliases, after any proclitic; the span starts after the proclitic."""
        if self._arabic is None or not _ARABIC_SCRIPT.search(text):
            return []  # every alias holds an Arabic letter, and each is matched by Arabic letters only
        found: list[ActorMention] = []
        for m in self._arabic.finditer(text):
            group = m.lastgroup or ""
            name = m.group(group)
            # "للتحالف الدولي" is "ل" + "لتحالف الدولي", the article without its alef: the key
            # puts the alef back.
            key = "ا" + name if group == "merged" else name
            actor = self._by_key.get(_arabic_key(key))
            if actor:
                found.append(ActorMention(m.start(group), m.end(group), name, actor))
        return found


def _arabic_key(name: str) -> str:
    """The lookup key of an Arabic name: its folded spelling (`normalise.fold_key`), normalised."""
    return normalise_name(fold_key(name))


def _arabic_alternation(aliases: list[str]) -> re.Pattern[str] | None:
    """Arabic aliases after optional proclitics, in three named groups: `bare` (a name without
    the article: "لداعش", "وكتائب حزب الله"), `article` ("والتحالف", "بالحشد الشعبي") and
    `merged` ("لتحالف" of "للتحالف", where ل has swallowed the article's alef)."""
    if not aliases:
        return None
    with_article = sorted(
        {fold_key(a)[2:] for a in aliases if fold_key(a).startswith("ال")}, key=len, reverse=True
    )
    bare = sorted({a for a in aliases if not fold_key(a).startswith("ال")}, key=len, reverse=True)

    def names(group: list[str]) -> str:
        return "|".join(arabic_pattern(re.escape(a).replace(r"\ ", r"\s+")) for a in group)

    the, rest = arabic_pattern("ال"), names(with_article)
    branches = []
    if bare:
        branches.append(f"{_CONJUNCTION}{_BARE_NAME_PREPOSITION}(?P<bare>{names(bare)})")
    if with_article:
        branches.append(f"{_CONJUNCTION}{_ARTICLE_NAME_PREPOSITION}(?P<article>{the}(?:{rest}))")
        branches.append(f"{_CONJUNCTION}{arabic_pattern('ل')}(?P<merged>{arabic_pattern('ل')}(?:{rest}))")
    return re.compile(f"{_NOT_A_WORD_CHAR_BEFORE}(?:{'|'.join(branches)}){_NOT_A_WORD_CHAR_AFTER}")


def _alternation(aliases: list[str], flags: int) -> GatedPattern | None:
    if not aliases:
        return None
    parts = sorted({a for a in aliases}, key=len, reverse=True)
    spelled = [re.escape(a).replace(r"\-", r"[-\s]?").replace(r"\ ", r"[\s-]+") for a in parts]
    return GatedPattern.any_of(spelled, flags, before=_NOT_A_WORD_CHAR_BEFORE, after=_NOT_A_WORD_CHAR_AFTER)


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
