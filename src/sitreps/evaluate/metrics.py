"""The figures of a scored run: detection counts, field shares, B-cubed deduplication.

Every ratio is None when it has nothing to score (precision with nothing predicted, recall on a
corpus with no gold events, a field no pair could be scored on), because 0.0 would claim a
failure and 1.0 a success that never happened (README step 5).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .match import ArticleMatch


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def harmonic_mean(a: float | None, b: float | None) -> float | None:
    """F1 of two ratios; None if either is undefined, 0.0 if both are zero."""
    if a is None or b is None:
        return None
    return 2 * a * b / (a + b) if a + b else 0.0


@dataclass(frozen=True, slots=True)
class PRF:
    """Detection counts and the ratios they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return harmonic_mean(self.precision, self.recall)

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True, slots=True)
class Share:
    """How many of the `n` pairs a field was scored on agreed."""

    agreed: int = 0
    n: int = 0

    @property
    def value(self) -> float | None:
        return ratio(self.agreed, self.n)


@dataclass(frozen=True, slots=True)
class BCubed:
    """B-cubed scores of predicted incident clusters against gold incidents, over the same
    events, with how many distinct incidents each side has among them."""

    precision: float | None = None
    recall: float | None = None
    predicted_incidents: int = 0
    gold_incidents: int = 0

    @property
    def f1(self) -> float | None:
        return harmonic_mean(self.precision, self.recall)

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "predicted_incidents": self.predicted_incidents,
            "gold_incidents": self.gold_incidents,
        }


def bcubed(items: Sequence[tuple[Hashable, Hashable]]) -> BCubed:
    """B-cubed (Bagga & Baldwin 1998) over items given as (predicted cluster, gold cluster).

    Per item, precision is the share of its predicted cluster that shares its gold cluster, and
    recall the share of its gold cluster that shares its predicted cluster; both are averaged
    over items. Unlike pairwise counts it rewards every correct merge and every correct split,
    and a run that links nothing still gets partial credit for the singletons it got right.
    """
    if not items:
        return BCubed()
    both = Counter(items)
    predicted = Counter(p for p, _ in items)
    gold = Counter(g for _, g in items)
    precision = sum(both[p, g] / predicted[p] for p, g in items) / len(items)
    recall = sum(both[p, g] / gold[g] for p, g in items) / len(items)
    return BCubed(precision, recall, predicted_incidents=len(predicted), gold_incidents=len(gold))


@dataclass(frozen=True, slots=True)
class Scores:
    """Everything `sitreps eval` reports, plus the per-article matches behind the figures (for
    listing a run's misses and false alarms) and the events set aside as outside Iraq."""

    articles: int
    detection: Mapping[str, PRF]  # "main", "background", "all"
    fields: Mapping[str, Share]  # FIELDS, over matched main events
    dedup: BCubed
    predicted_events: int
    outside_iraq: int = 0
    matches: tuple[ArticleMatch, ...] = field(default=(), repr=False)
