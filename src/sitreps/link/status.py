"""How sure the world is that an incident happened: reported, claimed, disputed or confirmed.

A news report alone is "reported". A group saying it did it makes it "claimed". A party saying
it never happened makes it "disputed" — and that wins over everything else, because a denial is
exactly what a user of the database must not miss. Otherwise, an official body (security,
military, government: `data/lexicons/official_sources.toml`) or the targeted party itself
speaking in any source makes it "confirmed", which outranks a mere claim.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache

from ..errors import DataError
from ..model import Report, Status
from ..resources import data_path


def incident_status(reports: Sequence[Report]) -> Status:
    """The status of the incident these reports tell (see the module docstring for the order)."""
    if any(r.denied_by.value for r in reports):
        return Status.DISPUTED
    if any(confirms(r) for r in reports):
        return Status.CONFIRMED
    if any(r.claimed_by.value for r in reports):
        return Status.CLAIMED
    return Status.REPORTED


def confirms(report: Report) -> bool:
    """Does a source this report cites speak for an official body or for the targeted party?"""
    owner = (report.target_owner.value or "").strip()
    for cited in report.cited_sources:
        if not cited.value:
            continue
        if is_official_source(cited.value):
            return True
        if owner and _whole_words(owner).search(cited.value):
            return True
    return False


def is_official_source(name: str) -> bool:
    """ "The Security Media Cell", "police sources", "a coalition spokesman": yes; "local media": no."""
    return _official_pattern().search(name) is not None


def _whole_words(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)


@cache
def _official_pattern() -> re.Pattern[str]:
    path = data_path("lexicons", "official_sources.toml")
    try:
        phrases = tomllib.loads(path.read_text(encoding="utf-8"))["official"]["phrases"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise DataError(f"{path}: {exc}") from exc
    if not phrases:
        raise DataError(f"{path}: no official source phrases")
    body = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
