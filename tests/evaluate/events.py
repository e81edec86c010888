"""Small builders for hand-made gold and predicted events: one realistic convoy attack (an IED
on a supply convoy in Muthanna on Thursday 10 December 2020) that each test bends to its case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sitreps.evaluate import GoldEvent, PredictedEvent
from sitreps.model import Precision, Role

CONVOY_IED: dict[str, Any] = {
    "incident": "I1",
    "role": Role.MAIN,
    "date": dt.date(2020, 12, 10),
    "date_precision": Precision.DAY,
    "location": "southern province of Muthanna",
    "admin1": "Muthanna",
    "country": "IQ",
    "attack_type": "ied",
    "target": "convoy",
}


def gold_event(**changes: Any) -> GoldEvent:
    return GoldEvent(**{**CONVOY_IED, **changes})


def predicted_event(**changes: Any) -> PredictedEvent:
    return PredictedEvent(**{**CONVOY_IED, "incident": "P1", **changes})


def exact(name: str) -> str:
    """Aliases that only accept the identical name (keeps tests independent of the actor table)."""
    return name
