from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sitreps.evaluate import match_article
from sitreps.evaluate.match import in_scope, may_pair
from sitreps.model import Precision, Role

from .events import exact, gold_event, predicted_event


@pytest.mark.parametrize(
    ("country", "scored"), [("IQ", True), ("iq", True), (None, True), ("SY", False), ("IR", False)]
)
def test_only_events_outside_iraq_are_set_aside(country: str | None, scored: bool) -> None:
    assert in_scope(predicted_event(country=country)) is scored


@pytest.mark.parametrize(
    ("gold_changes", "predicted_changes", "allowed"),
    [
        ({}, {}, True),
        ({}, {"role": Role.BACKGROUND}, False),
        ({}, {"attack_type": "rocket"}, False),
        ({}, {"attack_type": "other"}, True),  # `other` on either side is a wildcard
        ({"attack_type": "other"}, {"attack_type": "drone"}, True),
        ({}, {"attack_type": None}, True),  # no method found is as open as `other`
        ({}, {"date": dt.date(2020, 12, 11)}, True),  # a day apart: time zones, late reports
        ({}, {"date": dt.date(2020, 12, 12)}, False),
        ({}, {"date": dt.date(2020, 12, 14), "date_precision": Precision.WEEK}, True),  # not both day-precise
        ({"date_precision": Precision.MONTH}, {"date": dt.date(2020, 12, 25)}, True),
        ({}, {"date": None, "date_precision": None}, True),
        ({}, {"admin1": "Baghdad"}, False),
        ({"admin1": "Al-Qadisiyah", "admin1_alt": ("Muthanna",)}, {"admin1": "Muthanna"}, True),
        ({}, {"admin1": None}, True),
        ({"admin1": None}, {"admin1": "Baghdad"}, True),
        ({"admin1": None, "admin1_alt": ("Anbar",)}, {"admin1": "Baghdad"}, True),  # gold not set
    ],
)
def test_pairing_is_forbidden_only_on_a_contradiction(
    gold_changes: dict[str, Any], predicted_changes: dict[str, Any], allowed: bool
) -> None:
    assert may_pair(predicted_event(**predicted_changes), gold_event(**gold_changes)) is allowed


def test_two_convoys_of_one_day_pair_by_governorate_whatever_the_order() -> None:
    """AFP, 11 Dec 2020: one convoy hit in Muthanna, another later in Latifiya (Baghdad)."""
    gold = [gold_event(incident="I7"), gold_event(incident="I8", admin1="Baghdad", location="Latifiya")]
    predicted = [predicted_event(incident="P2", admin1="Baghdad"), predicted_event(incident="P1")]
    match = match_article("h021", predicted, gold, exact)
    assert {(p.predicted.incident, p.gold.incident) for p in match.pairs} == {("P1", "I7"), ("P2", "I8")}
    assert match.missed == () and match.spurious == ()


def test_the_assignment_maximises_agreement_not_the_first_good_pair() -> None:
    """P1 fits G1 best, but giving G1 to P1 would leave P2 (which only fits G1) unpaired: 6
    agreeing fields, against 5 + 4 for pairing P1-G2 and P2-G1."""
    g1 = gold_event(incident="G1", killed=2)
    g2 = gold_event(incident="G2", date=dt.date(2020, 12, 11), target="base")
    p1 = predicted_event(incident="P1", killed=2, target="base")  # 6 agreeing fields with G1, 5 with G2
    p2 = predicted_event(incident="P2", admin1=None, date=dt.date(2020, 12, 9))  # 4 with G1; 2 days from G2
    match = match_article("a", [p1, p2], [g1, g2], exact)
    assert {(p.predicted.incident, p.gold.incident) for p in match.pairs} == {("P1", "G2"), ("P2", "G1")}


def test_missed_spurious_and_set_aside_are_kept_apart() -> None:
    gold = [gold_event(incident="I1"), gold_event(incident="I2", role=Role.BACKGROUND, attack_type="rocket")]
    predicted = [
        predicted_event(incident="P1"),
        predicted_event(incident="P2", attack_type="drone", target="base"),  # nothing of that kind in gold
        predicted_event(incident="P3", country="SY", attack_type="rocket", role=Role.BACKGROUND),
    ]
    match = match_article("a", predicted, gold, exact)
    assert [(p.predicted.incident, p.gold.incident) for p in match.pairs] == [("P1", "I1")]
    assert [e.incident for e in match.spurious] == ["P2"]
    assert [e.incident for e in match.missed] == ["I2"]
    assert [e.incident for e in match.set_aside] == ["P3"]


def test_events_pair_only_within_their_role() -> None:
    match = match_article("a", [predicted_event(role=Role.BACKGROUND)], [gold_event()], exact)
    assert match.pairs == ()
    assert len(match.spurious) == len(match.missed) == 1


def test_an_article_with_no_events_on_either_side() -> None:
    assert match_article("neg-001", [], [], exact).pairs == ()


def test_more_agreeing_fields_outweigh_more_pairs() -> None:
    """The README maximises agreeing fields, not pairs: P1-G1 (6 fields) beats P1-G2 plus P2-G1
    (3 + 1), although the second assignment would pair both events."""
    g1 = gold_event(incident="G1")
    g2 = gold_event(incident="G2", attack_type="other", date=dt.date(2020, 12, 12), target="base", killed=5)
    p1 = predicted_event(incident="P1", date_precision=Precision.WEEK)
    p2 = predicted_event(
        incident="P2",
        attack_type="other",
        date=dt.date(2020, 12, 9),
        target="base",
        claimed_by="ISIS",
        killed=9,
        injured=9,
    )  # 3 days from G2: may only pair with G1
    match = match_article("a", [p1, p2], [g1, g2], exact)
    assert [(p.predicted.incident, p.gold.incident) for p in match.pairs] == [("P1", "G1")]
    assert sum(value is True for value in match.pairs[0].agreement.values()) == 6
