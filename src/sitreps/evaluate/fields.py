"""When a predicted field agrees with the gold one (step 3 of the README's scoring).

Each rule answers True, False, or None when the field cannot be scored on this pair (location
where the gold has no coordinates), so that a field's share is taken only over the pairs that
could have agreed. The same rules count agreeing fields for the matcher, so that pairing and
scoring never disagree about what "the same answer" means.
"""

from __future__ import annotations

import datetime as dt
import math

from ..model import DateValue, Precision
from .aliases import Aliases
from .gold import Event, GoldEvent

#: The scored fields, in report order.
FIELDS: tuple[str, ...] = (
    "date",
    "admin1",
    "attack_type",
    "target",
    "claimed_by",
    "killed",
    "injured",
    "location",
)

#: Predicted coordinates this close to the gold's place the event at the same place.
LOCATION_TOLERANCE_KM = 25.0
_EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; plenty accurate at the 25 km scale the location rule uses."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def precision_of(event: Event) -> Precision | None:
    """A date without a stated precision is taken as a day, as its shape says."""
    if event.date is None:
        return None
    return event.date_precision or Precision.DAY


def same_date(predicted: Event, gold: Event) -> bool:
    """Agreement at the gold's precision, and never from a prediction vaguer than the gold
    (a month-precise "2020-12" must not pass for the week of 30 Nov just because the 1st is in it).
    """
    gold_precision, predicted_precision = precision_of(gold), precision_of(predicted)
    if gold.date is None or predicted.date is None or gold_precision is None or predicted_precision is None:
        return gold.date is None and predicted.date is None
    if predicted_precision.rank > gold_precision.rank:
        return False
    return _period(predicted.date, gold_precision) == _period(gold.date, gold_precision)


def _period(day: dt.date, precision: Precision) -> tuple[int, ...]:
    return DateValue(day, precision).period()


def days_apart(predicted: Event, gold: Event) -> int | None:
    """Days between two day-precise dates, None unless both are day-precise."""
    if predicted.date is None or gold.date is None:
        return None
    if precision_of(predicted) is not Precision.DAY or precision_of(gold) is not Precision.DAY:
        return None
    return abs((predicted.date - gold.date).days)


def admin1_key(name: str | None) -> str | None:
    """Governorate names compare without case, hyphens or the article ("Al-Qadisiyah")."""
    if name is None:
        return None
    words = name.casefold().replace("-", " ").split()
    return " ".join(w for w in words if w not in {"al", "ad", "as", "an"}) or None


def gold_admin1_answers(gold: Event) -> set[str | None]:
    """Every governorate the gold accepts: its `admin1` (maybe null) and any `admin1_alt`."""
    alternatives = gold.admin1_alt if isinstance(gold, GoldEvent) else ()
    return {admin1_key(gold.admin1), *(admin1_key(a) for a in alternatives)}


def same_admin1(predicted: Event, gold: Event) -> bool:
    return admin1_key(predicted.admin1) in gold_admin1_answers(gold)


def same_claimant(predicted: Event, gold: Event, aliases: Aliases) -> bool:
    if predicted.claimed_by is None or gold.claimed_by is None:
        return predicted.claimed_by is None and gold.claimed_by is None
    return aliases(predicted.claimed_by) == aliases(gold.claimed_by)


def same_location(predicted: Event, gold: Event) -> bool | None:
    """Within the tolerance; not scored where the gold gives no coordinates."""
    if gold.lat is None or gold.lon is None:
        return None
    if predicted.lat is None or predicted.lon is None:
        return False
    return haversine_km(predicted.lat, predicted.lon, gold.lat, gold.lon) <= LOCATION_TOLERANCE_KM


def field_agreement(predicted: Event, gold: Event, aliases: Aliases) -> dict[str, bool | None]:
    """Every scored field of one pair: True/False, or None when the field is not scored."""
    return {
        "date": same_date(predicted, gold),
        "admin1": same_admin1(predicted, gold),
        "attack_type": predicted.attack_type == gold.attack_type,
        "target": predicted.target == gold.target,
        "claimed_by": same_claimant(predicted, gold, aliases),
        "killed": predicted.killed == gold.killed,
        "injured": predicted.injured == gold.injured,
        "location": same_location(predicted, gold),
    }
