"""Which spellings of a claimant name the same group, for scoring `claimed_by`.

Gold names a group as each article does ("Qasem al-Jabbarin", "Qasim Al-Jabarin", "سرية قاصم
الجبارين"), so exact comparison would punish a correct answer. The actor table
(`sitreps.extract.actors`) knows the aliases; names it does not know still compare after a
spelling-neutral normalisation, so the scorer works (less generously) before that table exists
and on groups nobody has listed yet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

from ..errors import SitrepsError

#: Resolves a claimant name to a key; two names with the same key are the same group.
Aliases = Callable[[str], str]

#: Definite articles that transliterations attach, drop or hyphenate at will.
_ARTICLES = frozenset({"the", "al", "el", "ال"})
#: Marks of a glottal stop or ayin ("Kata'ib", "Ba‘ath"), which some outlets write and others drop.
_APOSTROPHES = frozenset("'’‘`ʼʿʾ")
_PARENTHESIS = re.compile(r"\([^)]*\)")
_DOUBLED = re.compile(r"(\w)\1+")


def normalise_group_name(name: str) -> str:
    """A spelling-neutral key: case, accents and Arabic diacritics, apostrophes, punctuation, hyphens,
    parenthesised acronyms ("(IRGC)"), definite articles ("the", "al-", Arabic "ال") and doubled
    letters ("Jabbarin"/"Jabarin") are the usual ways one name differs between outlets."""
    text = _PARENTHESIS.sub(" ", unicodedata.normalize("NFKD", name).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = "".join(c for c in text if c not in _APOSTROPHES)
    text = "".join(" " if unicodedata.category(c)[0] in "PSZ" else c for c in text)
    words = [_strip_article(word) for word in _DOUBLED.sub(r"\1", text).split()]
    return " ".join(w for w in words if w)


def _strip_article(word: str) -> str:
    if word in _ARTICLES:
        return ""
    while word.startswith("ال") and len(word) > 3:
        word = word[2:]  # Arabic writes the article joined to its noun
    return word


def aliases_from(canonical: Callable[[str], str | None]) -> Aliases:
    """Resolve through a table (`ActorTable.canonical`), falling back to the normalised name;
    the table's answer is normalised too, so table and fallback keys are comparable."""

    def resolve(name: str) -> str:
        return normalise_group_name(canonical(name) or name)

    return resolve


def default_aliases() -> Aliases:
    """The bundled actor table when it can be loaded, else the normaliser alone."""
    canonical = _bundled_canonical()
    return aliases_from(canonical) if canonical else normalise_group_name


@cache
def _bundled_canonical() -> Callable[[str], str | None] | None:
    try:
        from ..resources import load_resources

        return load_resources().actors.canonical
    except (ImportError, OSError, SitrepsError):  # resources not installed or not built yet
        return None
