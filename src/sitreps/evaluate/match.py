"""Pairing a run's events with the gold's inside one article (steps 0 and 1 of the scoring).

Events of one article are paired one-to-one, within a role, so that the number of agreeing
fields is largest: an optimal assignment (Hungarian) rather than a greedy one, so that an early,
poor pairing can never block a better one. Pairs that contradict the gold (another attack type,
dates days apart, another governorate) are forbidden up front rather than dropped afterwards, so
a forbidden pair can never crowd out a valid one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..model import AttackType, Role
from .aliases import Aliases
from .fields import admin1_key, days_apart, field_agreement, gold_admin1_answers
from .gold import GoldEvent, PredictedEvent

#: The country the gold covers; predicted events placed elsewhere are set aside, not scored.
SCORED_COUNTRY = "IQ"
#: Day-precise dates further apart than this are two incidents, not one told twice.
MAX_DAYS_APART = 1


@dataclass(frozen=True, slots=True)
class Pair:
    """A predicted event taken for a gold event, with each field's agreement (None: not scored)."""

    predicted: PredictedEvent
    gold: GoldEvent
    agreement: Mapping[str, bool | None]


@dataclass(frozen=True, slots=True)
class ArticleMatch:
    """How one article's events were paired: true positives, misses, false alarms, set-asides."""

    article_id: str
    pairs: tuple[Pair, ...] = ()
    missed: tuple[GoldEvent, ...] = ()
    spurious: tuple[PredictedEvent, ...] = ()
    set_aside: tuple[PredictedEvent, ...] = ()


def in_scope(event: PredictedEvent) -> bool:
    """An event with no country is given the benefit of the doubt: the gold may hold it."""
    return event.country is None or event.country.upper() == SCORED_COUNTRY


def may_pair(predicted: PredictedEvent, gold: GoldEvent) -> bool:
    """The README's pairing conditions: same role, compatible attack type, no contradiction on
    date or governorate. A missing attack type is as open as `other` (an unstated method)."""
    if predicted.role != gold.role:
        return False
    wildcard = {AttackType.OTHER.value, None}
    types = {predicted.attack_type, gold.attack_type}
    if predicted.attack_type != gold.attack_type and not types & wildcard:
        return False
    apart = days_apart(predicted, gold)
    if apart is not None and apart > MAX_DAYS_APART:
        return False
    if predicted.admin1 is None or gold.admin1 is None:
        return True
    return admin1_key(predicted.admin1) in gold_admin1_answers(gold)


def match_article(
    article_id: str, predicted: Sequence[PredictedEvent], gold: Sequence[GoldEvent], aliases: Aliases
) -> ArticleMatch:
    """Set aside events outside Iraq, then pair the rest role by role."""
    scored = [event for event in predicted if in_scope(event)]
    pairs: list[Pair] = []
    paired_predicted: set[int] = set()
    paired_gold: set[int] = set()
    for role in Role:
        p_index = [i for i, event in enumerate(scored) if event.role == role]
        g_index = [j for j, event in enumerate(gold) if event.role == role]
        for pair, (i, j) in pair_events([scored[i] for i in p_index], [gold[j] for j in g_index], aliases):
            pairs.append(pair)
            paired_predicted.add(p_index[i])
            paired_gold.add(g_index[j])
    return ArticleMatch(
        article_id=article_id,
        pairs=tuple(pairs),
        missed=tuple(g for j, g in enumerate(gold) if j not in paired_gold),
        spurious=tuple(p for i, p in enumerate(scored) if i not in paired_predicted),
        set_aside=tuple(event for event in predicted if not in_scope(event)),
    )


def pair_events(
    predicted: Sequence[PredictedEvent], gold: Sequence[GoldEvent], aliases: Aliases
) -> list[tuple[Pair, tuple[int, int]]]:
    """The assignment with the most agreeing fields (among equals, the one with most pairs),
    each pair with its (predicted, gold) positions.

    Weight `bonus * agreeing + 1` with `bonus` above the largest possible number of pairs makes
    one more agreeing field worth more than any number of extra pairs, and a forbidden pair
    weighs 0 so that an assignment using it is never preferred and is dropped afterwards.
    """
    if not predicted or not gold:
        return []
    agreement = [[field_agreement(p, g, aliases) for g in gold] for p in predicted]
    bonus = min(len(predicted), len(gold)) + 1
    weights = np.zeros((len(predicted), len(gold)))
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if may_pair(p, g):
                weights[i, j] = bonus * sum(value is True for value in agreement[i][j].values()) + 1
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [
        (Pair(predicted[i], gold[j], agreement[i][j]), (int(i), int(j)))
        for i, j in zip(rows, cols, strict=True)
        if weights[i, j] > 0
    ]
