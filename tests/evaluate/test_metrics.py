from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.evaluate import PRF, Share, bcubed


@pytest.mark.parametrize(
    ("counts", "precision", "recall", "f1"),
    [
        ((2, 1, 1), 2 / 3, 2 / 3, 2 / 3),
        ((3, 0, 1), 1.0, 0.75, 6 / 7),
        ((0, 2, 2), 0.0, 0.0, 0.0),
        ((0, 3, 0), 0.0, None, None),  # a negatives corpus: only false alarms can be scored
        ((0, 0, 2), None, 0.0, None),  # nothing predicted
        ((0, 0, 0), None, None, None),  # nothing at all
    ],
)
def test_prf_ratios_and_nulls(
    counts: tuple[int, int, int], precision: float | None, recall: float | None, f1: float | None
) -> None:
    prf = PRF(*counts)
    assert prf.precision == pytest.approx(precision)
    assert prf.recall == pytest.approx(recall)
    assert prf.f1 == pytest.approx(f1)
    assert prf.to_dict() == {
        "tp": counts[0], "fp": counts[1], "fn": counts[2],
        "precision": prf.precision, "recall": prf.recall, "f1": prf.f1,
    }  # fmt: skip


def test_prf_counts_add_up() -> None:
    assert PRF(1, 2, 3) + PRF(4, 5, 6) == PRF(5, 7, 9)


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_f1_lies_between_precision_and_recall(tp: int, fp: int, fn: int) -> None:
    prf = PRF(tp, fp, fn)
    if prf.f1 is not None:
        assert prf.precision is not None and prf.recall is not None
        assert min(prf.precision, prf.recall) - 1e-12 <= prf.f1 <= max(prf.precision, prf.recall) + 1e-12


def test_share_is_null_with_nothing_to_score() -> None:
    assert Share(3, 4).value == 0.75
    assert Share(0, 0).value is None


def test_bcubed_of_a_clustering_worked_by_hand() -> None:
    """Gold A={1,2,3}, B={4,5}; predicted X={1,2}, Y={3,4,5}.
    Precision per item: 1, 1, 1/3, 2/3, 2/3 -> 11/15; recall: 2/3, 2/3, 1/3, 1, 1 -> 11/15."""
    items = [("X", "A"), ("X", "A"), ("Y", "A"), ("Y", "B"), ("Y", "B")]
    scores = bcubed(items)
    assert scores.precision == pytest.approx(11 / 15)
    assert scores.recall == pytest.approx(11 / 15)
    assert scores.f1 == pytest.approx(11 / 15)
    assert (scores.predicted_incidents, scores.gold_incidents) == (2, 2)


@pytest.mark.parametrize(
    ("items", "precision", "recall"),
    [
        ([("p1", "A"), ("p2", "A"), ("p3", "A")], 1.0, 1 / 3),  # nothing linked: over-split
        ([("P", "A"), ("P", "B"), ("P", "C")], 1 / 3, 1.0),  # everything linked: over-merged
        ([("P", "A"), ("P", "A"), ("Q", "B")], 1.0, 1.0),
    ],
)
def test_bcubed_punishes_splits_in_recall_and_merges_in_precision(
    items: list[tuple[str, str]], precision: float, recall: float
) -> None:
    scores = bcubed(items)
    assert scores.precision == pytest.approx(precision)
    assert scores.recall == pytest.approx(recall)


def test_bcubed_with_nothing_to_score_is_null() -> None:
    assert bcubed([]).to_dict() == {
        "precision": None, "recall": None, "f1": None, "predicted_incidents": 0, "gold_incidents": 0,
    }  # fmt: skip
