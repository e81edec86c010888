"""What an attack hit (convoy, base, embassy, airport, other) and whose it was.

A sentence often names several things ("a convoy carrying US military gear near the border,
close to a US base"); the object of the attack is usually the one nearest the trigger, so the
nearest target word wins and the lexicon's priority breaks ties.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Target
from .lexicon import Lexicon


@dataclass(frozen=True, slots=True)
class TargetMention:
    type: Target
    start: int
    end: int
    text: str
    distance: int  # characters from the trigger


def find_target(text: str, trigger_at: int, lexicon: Lexicon, offset: int = 0) -> TargetMention | None:
    """The target nearest `trigger_at` (an offset into `text`)."""
    best: tuple[int, int, TargetMention] | None = None
    for index in lexicon.target_classes.which(text):
        target = lexicon.targets[index]
        for m in target.pattern.finditer(text):
            distance = min(abs(m.start() - trigger_at), abs(m.end() - trigger_at))
            key = (distance + 25 * target.priority, target.priority)
            mention = TargetMention(target.type, offset + m.start(), offset + m.end(), m.group(0), distance)
            if best is None or key < best[:2]:
                best = (*key, mention)
    return best[2] if best else None


def find_owner(text: str, trigger_at: int, lexicon: Lexicon, offset: int = 0) -> tuple[str, int, int, str] | None:
    """Whose target it was ("US", "coalition", "Iraqi forces"...), nearest the trigger."""
    best: tuple[int, tuple[str, int, int, str]] | None = None
    for index in lexicon.owner_classes.which(text):
        owner = lexicon.owners[index]
        for m in owner.pattern.finditer(text):
            distance = abs(m.start() - trigger_at)
            if best is None or distance < best[0]:
                best = (distance, (owner.name, offset + m.start(), offset + m.end(), m.group(0)))
    return best[1] if best else None
