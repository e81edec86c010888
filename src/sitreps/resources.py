"""Bundled knowledge (gazetteer, lexicons, actor aliases), loaded once per process.

Never loaded at import time or in constructors: `load_resources()` reads `sitreps/data/` on
first use and caches the result, so each worker process pays for it once and nothing large is
pickled between processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .extract.actors import ActorTable
    from .extract.lexicon import Lexicon
    from .geo.gazetteer import Gazetteer


def data_path(*parts: str) -> Path:
    """A path inside the package's `data/` folder."""
    return Path(__file__).parent.joinpath("data", *parts)


@dataclass(frozen=True)
class Resources:
    gazetteer: Gazetteer
    lexicon: Lexicon
    actors: ActorTable


@cache
def load_resources() -> Resources:
    from .extract.actors import load_actors
    from .extract.lexicon import load_lexicon
    from .geo.gazetteer import load_gazetteer

    return Resources(gazetteer=load_gazetteer(), lexicon=load_lexicon(), actors=load_actors())
