"""Where the map draws an incident, which timeline period counts it, and that the timeline and
the map count exactly what a plain recount of the filter's incidents gives, on SQLite (where a
text search is counted on a copy of the incidents' columns) and on PostgreSQL."""

from __future__ import annotations

import importlib.util
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from sitreps.model import (
    Analysis,
    Article,
    AttackType,
    DateValue,
    Fact,
    Incident,
    Merged,
    Place,
    PlaceLevel,
    Precision,
    Report,
    Role,
    Status,
    Target,
)
from sitreps.store.filters import IncidentFilter, incident_condition
from sitreps.store.queries import period_key
from sitreps.store.schema import incidents
from sitreps.store.search import like_text_condition
from sitreps.store.store import Store, open_store
from sitreps.web.queries import UNKNOWN_TYPE, _period_bounds, _point, map_points, weekly_timeline


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2021-W06", date(2021, 2, 8), date(2021, 2, 14)),
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3)),  # an ISO week across New Year
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),  # a leap February
        ("2021-12", date(2021, 12, 1), date(2021, 12, 31)),
        ("2022", date(2022, 1, 1), date(2022, 12, 31)),
    ],
)
def test_period_bounds(key: str, start: date, end: date) -> None:
    assert _period_bounds(key) == (start, end)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)), st.sampled_from(list(Precision)))
def test_the_period_an_incident_is_counted_in_holds_its_day(day: date, precision: Precision) -> None:
    start, end = _period_bounds(period_key(day, precision, Precision.WEEK))
    assert start <= day <= end
    length = (end - start).days + 1
    assert length == 7 if precision in (Precision.DAY, Precision.WEEK) else length >= 28


def test_a_point_with_coordinates_is_exact() -> None:
    assert _point(33.06, 44.25, "IQ", "Baghdad") == (33.06, 44.25, False)


def test_a_governorate_only_incident_is_drawn_at_its_seat() -> None:
    lat, lon, approximate = _point(None, None, "IQ", "Basra")
    assert approximate
    assert abs(lat - 30.5) < 0.2 and abs(lon - 47.8) < 0.2  # Basra city


@pytest.mark.parametrize(
    ("country", "admin1"), [("IQ", "Atlantis"), ("SY", "Deir ez-Zor"), (None, None), ("IQ", None)]
)
def test_an_incident_without_a_drawable_place_has_no_point(country: str | None, admin1: str | None) -> None:
    assert _point(None, None, country, admin1) is None


# -- the timeline and the map against a plain recount ---------------------------------------


def _store_backends() -> ModuleType:
    """tests/store's scratch databases (a SQLite file, a PostgreSQL schema), loaded from their
    file: the test folders are packages of their own."""
    spec = importlib.util.spec_from_file_location(
        "store_backends", Path(__file__).parents[1] / "store" / "conftest.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BACKENDS = _store_backends()

#: Wire-report leads of the kinds the dashboard's search box is used on, with what they tell:
#: a place with coordinates, a governorate only (drawn at its seat), or no place.
LEADS: list[tuple[str, AttackType | None, Target | None, Place | None]] = [
    (
        "Three Katyusha rockets struck the international airport",
        AttackType.ROCKET,
        Target.AIRPORT,
        Place(
            "site:bgw",
            "Baghdad International Airport",
            PlaceLevel.SITE,
            "IQ",
            "Baghdad",
            lat=33.26,
            lon=44.23,
        ),
    ),
    (
        "A roadside bomb hit a logistics convoy of the US-led coalition",
        AttackType.IED,
        Target.CONVOY,
        Place("gov:basra", "Basra", PlaceLevel.ADMIN1, "IQ", "Basra"),
    ),
    (
        "An explosives-laden drone targeted a base near Erbil airport",
        AttackType.DRONE,
        Target.BASE,
        Place("gov:erbil", "Erbil", PlaceLevel.ADMIN1, "IQ", "Erbil"),
    ),
    (
        "Gunmen opened fire on an Iraqi army checkpoint",
        AttackType.ARMED_ASSAULT,
        Target.OTHER,
        Place("gov:diyala", "Diyala", PlaceLevel.ADMIN1, "IQ", "Diyala"),
    ),
    ("Security sources reported an attack but gave no details", None, None, None),
]
#: Every precision a date can have, and none: the timeline keeps each in its own period.
PRECISIONS: list[Precision | None] = [
    Precision.DAY,
    Precision.DAY,
    Precision.WEEK,
    Precision.MONTH,
    Precision.YEAR,
    None,
]


def one_incident(index: int) -> tuple[Analysis, Incident]:
    """An article of one report and its incident, the lead, date and claim varying with `index`
    (from December 2020, across the ISO week 2020-W53, into 2022)."""
    lead, attack_type, target, place = LEADS[index % len(LEADS)]
    precision = PRECISIONS[index % len(PRECISIONS)]
    day = date(2020, 12, 20) + timedelta(days=11 * index)
    claimant = "Ashab al-Kahf" if index % 4 == 0 else None
    text = f"{lead} on {day:%d %B %Y}, security sources said." + (
        f" {claimant} claimed it." if claimant else ""
    )
    article = Article(id=f"art-{index:02d}", source="tests/web", raw_text=text, text=text, title=lead)
    when = DateValue(day, precision) if precision else None
    report = Report(
        id=f"{article.id}:0",
        article_id=article.id,
        role=Role.MAIN,
        attack_type=Fact(attack_type),
        target=Fact(target),
        date=Fact(when),
        place=Fact(place),
        location_text=place.name if place else None,
        claimed_by=Fact(claimant),
        confidence=0.9,
    )
    sources = (report.id,)
    incident = Incident(
        id=f"inc-{index:02d}",
        report_ids=sources,
        attack_type=Merged(attack_type, sources),
        target=Merged(target, sources),
        date=Merged(when, sources),
        place=Merged(place, sources),
        claimed_by=(claimant,) if claimant else (),
        status=Status.CLAIMED if claimant else Status.REPORTED,
    )
    return Analysis(article, (report,)), incident


@pytest.fixture(scope="module", params=BACKENDS.BACKENDS)
def varied(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """60 incidents of every lead, precision and claim, on each backend."""
    folder = tmp_path_factory.mktemp("varied")
    with BACKENDS.scratch_database(request.param, folder) as url, open_store(url) as store:
        made = [one_incident(index) for index in range(60)]
        store.add([analysis for analysis, _ in made])
        store.save_incidents([incident for _, incident in made])
        yield store


def plainly_selected(store: Store, filt: IncidentFilter) -> list[Incident]:
    """The filter's incidents by the definitions alone: the scan's `LIKE` for the text (no index,
    no copy), the plain condition over `incidents` for the rest."""
    others = incident_condition(store, replace(filt, text=None))
    text = like_text_condition(filt.text) if filt.text else sa.true()
    with store.engine.connect() as conn:
        ids = set(conn.scalars(sa.select(incidents.c.id).where(others, text)))
    return [incident for incident in store.incidents() if incident.id in ids]


#: Filters the bench's dashboard sends, a text search alone and with others among them.
FILTERS = [
    IncidentFilter(),
    IncidentFilter(text="airport"),  # two leads of five
    IncidentFilter(text="AIRPORT", attack_type="rocket"),
    IncidentFilter(text="Basra"),  # a governorate: the incidents' own column and the place text
    IncidentFilter(text="ashab al-kahf", date_from=date(2021, 1, 1)),  # a claimant, in a year
    IncidentFilter(text="on"),  # too short for a trigram: the scan
    IncidentFilter(text="zzzqqq"),
    IncidentFilter(admin1="basra"),
    IncidentFilter(group="Ashab al-Kahf"),
    IncidentFilter(status="claimed", target="convoy"),
    IncidentFilter(date_from=date(2021, 1, 1), date_to=date(2021, 6, 30)),
]


@pytest.mark.parametrize("filt", FILTERS, ids=str)
def test_the_timeline_counts_what_a_recount_finds(varied: Store, filt: IncidentFilter) -> None:
    chosen = plainly_selected(varied, filt)
    expected: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for incident in chosen:
        when = incident.date.value
        if when is not None:
            kind = str(incident.attack_type.value) if incident.attack_type.value else UNKNOWN_TYPE
            expected[period_key(when.day, when.precision, Precision.WEEK)][kind] += 1
    found = weekly_timeline(varied, filt)
    periods = found.weeks + found.coarser
    assert {p.key: p.counts for p in periods} == {key: dict(counts) for key, counts in expected.items()}
    assert found.undated == sum(1 for incident in chosen if incident.date.value is None)
    assert all((p.start, p.end) == _period_bounds(p.key) for p in periods)
    assert [p.start for p in found.weeks] == sorted(p.start for p in found.weeks)
    assert all("-W" in p.key for p in found.weeks) and not any("-W" in p.key for p in found.coarser)


@pytest.mark.parametrize("filt", FILTERS, ids=str)
def test_the_map_counts_what_a_recount_finds(varied: Store, filt: IncidentFilter) -> None:
    chosen = plainly_selected(varied, filt)
    grouped = map_points(varied, filt, limit=0)  # counted per spot, not drawn one by one
    assert grouped.total == len(chosen)
    drawn: Counter[tuple[float, float, bool, str | None]] = Counter()
    for incident in chosen:
        place = incident.place.value
        spot = _point(place.lat, place.lon, place.country, place.admin1) if place else None
        if spot is not None:
            drawn[(*spot, str(incident.attack_type.value) if incident.attack_type.value else None)] += 1
    assert grouped.mapped == sum(drawn.values())
    assert {(g.lat, g.lon, g.approximate, g.attack_type): g.count for g in grouped.groups} == dict(drawn)


def test_the_varied_store_has_every_kind_of_period(varied: Store) -> None:
    """The recounts above are worth something only if the store has each kind of period."""
    found = weekly_timeline(varied, None)
    keys = {p.key for p in found.weeks + found.coarser}
    assert "2020-W53" in keys  # an ISO week across New Year (28 December 2020 - 3 January 2021)
    assert any(len(key) == 7 for key in keys) and any(len(key) == 4 for key in keys)  # months, years
    assert found.undated == 10 and UNKNOWN_TYPE in {kind for p in found.weeks for kind in p.counts}
