"""Incident status from what the sources say: reported, claimed, disputed, confirmed."""

from __future__ import annotations

import pytest

from sitreps.link.status import confirms, incident_status, is_official_source
from sitreps.model import Report, Status

from .cases import make_report


@pytest.mark.parametrize(
    ("reports", "status"),
    [
        ([make_report("a:0")], Status.REPORTED),
        ([make_report("a:0", cited=("local media",))], Status.REPORTED),
        ([make_report("a:0", claimed="Ashab al-Kahf")], Status.CLAIMED),
        ([make_report("a:0", cited=("Security Media Cell",)), make_report("b:0")], Status.CONFIRMED),
        ([make_report("a:0", claimed="Ashab al-Kahf"), make_report("b:0", cited=("the Iraqi military",))],
         Status.CONFIRMED),
        ([make_report("a:0", target="other", owner="Dana Gas", cited=("Dana Gas",))], Status.CONFIRMED),
        # seed-000: claimed by Ashab al-Kahf, denied by the Iraqi military.
        ([make_report("a:0", claimed="Ashab al-Kahf", denied="Iraqi military", cited=("Reuters",))],
         Status.DISPUTED),
    ],
)  # fmt: skip
def test_status(reports: list[Report], status: Status) -> None:
    assert incident_status(reports) is status


@pytest.mark.parametrize(
    ("source", "official"),
    [
        ("Security Media Cell", True),
        ("police sources", True),
        ("a coalition spokesman", True),
        ("خلية الإعلام الأمني", True),
        ("local media", False),
        ("Sabereen News", False),
        ("eyewitnesses", False),
        ("policemen's union", False),
    ],
)
def test_official_sources(source: str, official: bool) -> None:
    assert is_official_source(source) is official


def test_the_targeted_party_speaking_confirms_without_a_lexicon_row() -> None:
    """d010: Dana Gas, which runs the Khor Mor field, confirmed the attack on it."""
    assert confirms(make_report("d010:0", target="other", owner="Dana Gas", cited=("Dana Gas said",)))
    assert not confirms(make_report("d010:0", target="other", owner="Dana Gas", cited=("Rudaw",)))
