"""Undated reports in a store linked batch by batch: whatever order reports arrive in, the store
ends up as `relink` leaves it — including when a later dated report gives an undated one its
first fitting incident, or a second one that makes the choice ambiguous."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from sitreps.link.cluster import link_new_reports, link_reports, relink
from sitreps.link.probe import Probe
from sitreps.model import Analysis, Article, Incident, Report
from sitreps.store.queries import (
    incidents_dated_near,
    linked_undated_whereabouts,
    reports_by_id,
    undated_reports_of_articles,
)
from sitreps.store.store import Store, open_store

from .cases import BASHIQA, KHOR_MOR, ZILKAN, make_report, undated_analyses

FRIDAY, SATURDAY = 4, 5


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "link.db")) as opened:
        yield opened


def page(*reports: Report) -> Analysis:
    """An article holding these reports (all of one article id)."""
    article_id = reports[0].article_id
    article = Article(id=article_id, source=f"test/{article_id}", raw_text=article_id, text=article_id)
    return Analysis(article, reports)


def khor_mor(report_id: str, day: str | None, weekday: int | None = None) -> Report:
    return make_report(report_id, attack="rocket", target="other", day=day, place=KHOR_MOR, weekday=weekday)


def stored(store: Store) -> list[Incident]:
    return sorted(store.incidents(), key=lambda i: i.id)


def relinked(store: Store) -> list[Incident]:
    relink(store)
    return stored(store)


def members(store: Store) -> set[tuple[str, ...]]:
    return {i.report_ids for i in store.incidents()}


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_incremental_linking_with_undated_reports_equals_relink(store: Store, seed: int) -> None:
    """The dev corpus with its 16 undated pages undated, ingested in four random batches."""
    analyses = undated_analyses("dev")
    shuffled = random.Random(seed).sample(analyses, len(analyses))
    for batch in (shuffled[i::4] for i in range(4)):
        store.add(batch)
        link_new_reports(store)
    incremental = stored(store)
    everything = [r for a in analyses for r in a.reports]
    assert incremental == sorted(link_reports(everything), key=lambda i: i.id)
    assert relinked(store) == incremental
    assert any(
        len(i.report_ids) > 1 and any(r.endswith(":0") and r.startswith("d004") for r in i.report_ids)
        for i in incremental
    )  # the undated Arabic repost of K001 did join


def test_a_second_fitting_incident_makes_a_joined_report_leave(store: Store) -> None:
    store.add([page(khor_mor("d009:2", "2022-06-25")), page(khor_mor("d015:0", None))])
    link_new_reports(store)
    assert ("d009:2", "d015:0") in members(store)
    store.add([page(khor_mor("d012:0", "2022-06-22"))])  # the field was shelled on the 22nd too
    link_new_reports(store)
    assert members(store) == {("d012:0",), ("d009:2",), ("d015:0",)}
    assert stored(store) == sorted(link_reports(store.reports()), key=lambda i: i.id) == relinked(store)


def test_the_first_fitting_incident_may_come_after_the_undated_report(store: Store) -> None:
    store.add([page(khor_mor("d010:0", None, weekday=SATURDAY))])
    link_new_reports(store)
    store.add([page(khor_mor("d012:0", "2022-06-22"))])  # a Wednesday: not what d010 tells
    link_new_reports(store)
    assert members(store) == {("d012:0",), ("d010:0",)}
    store.add([page(khor_mor("d009:2", "2022-06-25"))])  # the Saturday
    summary = link_new_reports(store)
    assert members(store) == {("d012:0",), ("d009:2", "d010:0")}
    assert (summary.reports_linked, summary.incidents_removed) == (1, 1)  # d010's own incident went
    assert stored(store) == relinked(store)


def test_an_article_s_undated_reports_are_judged_together(store: Store) -> None:
    """Two undated reports of one page fit the 25 June shelling equally (one gives the toll,
    the other the Saturday), so neither joins. When the 22 June shelling arrives, the one with
    no weekday fits two incidents and drops out: the other, untouched itself, may now join."""
    by_toll = make_report("x:0", attack="rocket", target="other", day=None, place=KHOR_MOR, killed=3)
    by_weekday = khor_mor("x:1", None, weekday=SATURDAY)
    store.add(
        [
            page(
                make_report(
                    "d009:2", attack="rocket", target="other", day="2022-06-25", place=KHOR_MOR, killed=3
                )
            ),
            page(by_toll, by_weekday),
        ]
    )
    link_new_reports(store)
    assert members(store) == {("d009:2",), ("x:0",), ("x:1",)}
    store.add([page(khor_mor("d012:0", "2022-06-22"))])
    link_new_reports(store)
    assert members(store) == {("d009:2", "x:1"), ("d012:0",), ("x:0",)}
    assert stored(store) == relinked(store)


def test_a_joined_report_follows_its_incident_when_a_dated_report_joins_it(store: Store) -> None:
    store.add([page(khor_mor("d009:2", "2022-06-25")), page(khor_mor("d010:0", None, weekday=SATURDAY))])
    link_new_reports(store)
    (before,) = store.incidents()
    store.add([page(khor_mor("d011:0", "2022-06-25"))])
    link_new_reports(store)
    (after,) = store.incidents()
    assert after.id == before.id and after.report_ids == ("d009:2", "d011:0", "d010:0")
    assert stored(store) == relinked(store)


def test_the_queries_look_where_a_fitting_report_must_be(store: Store) -> None:
    """The SQL of `incidents_dated_near` selects what `Probe.points_at` says, and the undated
    reports' whereabouts are read for a governorate only once they are in an incident."""
    elsewhere = make_report("d013:0", attack="rocket", target="other", day=None, place=ZILKAN)
    bashiqa = make_report("d014:0", attack="rocket", target="base", day="2022-06-09", place=BASHIQA)
    store.add(
        [
            page(khor_mor("d009:2", "2022-06-25")),
            page(khor_mor("d015:0", None), khor_mor("d015:1", None)),
            page(elsewhere),
            page(bashiqa),
        ]
    )
    assert linked_undated_whereabouts(store, ["Sulaymaniyah", "Nineveh"]) == []  # none linked yet
    link_new_reports(store)
    seen = linked_undated_whereabouts(store, ["Sulaymaniyah", "Nineveh"])
    assert [w.report_id for w in seen] == ["d013:0", "d015:0", "d015:1"]
    assert [w.place_id for w in seen] == [ZILKAN.id, KHOR_MOR.id, KHOR_MOR.id]
    assert linked_undated_whereabouts(store, ["Erbil", None]) == []
    assert [r.id for r in reports_by_id(store, ["d015:1", "d013:0"])] == ["d013:0", "d015:1"]
    assert [r.id for r in undated_reports_of_articles(store, ["d015", "d009"])] == ["d015:0", "d015:1"]

    (candidate,) = incidents_dated_near(store, Probe.around_reports([khor_mor("x:0", None)])).values()
    assert [r.id for r in candidate] == ["d009:2"]
    near_zilkan = Probe.around_reports([elsewhere])
    (candidate,) = incidents_dated_near(store, near_zilkan).values()
    assert [r.id for r in candidate] == ["d013:0", "d014:0"]  # Bashiqa, 1 km away: d013 joined it
    assert (
        incidents_dated_near(store, [replace(p, attack_types=("drone", "other")) for p in near_zilkan]) == {}
    )
    assert incidents_dated_near(store, [replace(p, governorate="Erbil") for p in near_zilkan]) == {}
