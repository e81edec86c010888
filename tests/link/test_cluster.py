"""Linking reports into incidents: the dev corpus's real incidents come back, in any order, and
linking a store bit by bit gives exactly what linking it all at once gives."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.link.cluster import (
    FETCH_STEP,
    candidate_pairs,
    component_of,
    judge,
    link_new_reports,
    link_reports,
    relink,
)
from sitreps.link.compare import same_incident
from sitreps.model import Analysis, Article, Incident, Report
from sitreps.store.queries import reports_in_window
from sitreps.store.store import Store, open_store

from .cases import BASRA, BIAP, MUTHANNA, analyses_of, gold_reports, make_report, reports_of, undated_analyses

DEV = reports_of("dev")
DEV_GOLD = gold_reports("dev")


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float]:
    """B-cubed precision and recall of predicted clusters against gold ones (report -> cluster)."""
    members_p, members_g = defaultdict(set), defaultdict(set)
    for report, cluster in predicted.items():
        members_p[cluster].add(report)
    for report, cluster in gold.items():
        members_g[cluster].add(report)
    precision = recall = 0.0
    for report in gold:
        same_p, same_g = members_p[predicted[report]], members_g[gold[report]]
        precision += len(same_p & same_g) / len(same_p)
        recall += len(same_p & same_g) / len(same_g)
    return precision / len(gold), recall / len(gold)


def cluster_of(incidents: Sequence[Incident]) -> dict[str, str]:
    return {report: incident.id for incident in incidents for report in incident.report_ids}


def test_the_dev_corpus_incidents_come_back() -> None:
    """79 events of 46 articles from 35 outlets, 44 real incidents: a perfect extraction must link
    into those incidents, never merging two (precision 1) and splitting almost none."""
    precision, recall = bcubed(cluster_of(link_reports(DEV)), DEV_GOLD)
    assert precision == 1.0
    assert recall >= 0.97


def test_two_convoys_on_one_day_stay_two_incidents_across_outlets() -> None:
    """I007/I008: Reuters (h021), AP (h022) and Shafaq (h023) each tell an IED on a convoy in
    Muthanna and one near Baghdad on 10 December 2020."""
    reports = [
        r for r in DEV if r.article_id in {"h021", "h022", "h023"} and DEV_GOLD[r.id] in {"I007", "I008"}
    ]
    incidents = link_reports(reports)
    assert sorted(len(i.report_ids) for i in incidents) == [3, 3]
    for incident in incidents:
        assert len({DEV_GOLD[r] for r in incident.report_ids}) == 1


def test_days_apart_at_one_gas_field_stay_apart_even_when_chained() -> None:
    """Khor Mor was hit on 22, 24 and 25 June 2022 (K004/K005/K006); 24 and 25 are a day apart
    and d009 tells all three, so they must not collapse into one."""
    reports = [r for r in DEV if DEV_GOLD[r.id] in {"K004", "K005", "K006"}]
    by_gold = {DEV_GOLD[r] for i in link_reports(reports) for r in i.report_ids[:1]}
    assert len(link_reports(reports)) == 3 and by_gold == {"K004", "K005", "K006"}


def test_a_background_mention_joins_the_incident_another_article_reports() -> None:
    """h026 recalls the 10 December Samawah convoy attack that h021 reports as news."""
    reports = [r for r in DEV if DEV_GOLD[r.id] == "I007"]
    (incident,) = link_reports(reports)
    assert "h026:2" in incident.report_ids and "h021:0" in incident.report_ids


def test_a_day_after_another_convoy_links_to_the_earlier_incident() -> None:
    """seed-002: the 27 December Basra bombing came "a day after another US military convoy was
    attacked in the same region"; another outlet's report of the 26th is that earlier one."""
    main = make_report("seed-002:0", day="2021-12-27", place=BASRA)
    earlier = make_report("seed-002:1", role="background", day="2021-12-26", place=BASRA)
    other_outlet = make_report("x777:0", day="2021-12-26", place=BASRA)
    incidents = {frozenset(i.report_ids) for i in link_reports([main, earlier, other_outlet])}
    assert incidents == {frozenset({"seed-002:0"}), frozenset({"seed-002:1", "x777:0"})}


def test_a_month_precise_mention_joins_one_report_not_two_that_do_not_match() -> None:
    """A mention, "Ashab al-Kahf fired rockets at the airport in January", matches a rocket attack on its base
    on the 5th and one, claimed by that group, on a convoy there on the 6th; those two do not
    match each other (another target). The mention tells one attack: it joins its best match,
    and does not glue the two into one incident."""
    mention = make_report("m:1", role="background", attack="rocket", target="base", day="2021-01-01",
                          precision="month", place=BIAP, claimed="Ashab al-Kahf")  # fmt: skip
    on_base = make_report("a:0", attack="rocket", target="base", day="2021-01-05", place=BIAP)
    on_convoy = make_report(
        "b:0", attack="rocket", target="convoy", day="2021-01-06", place=BIAP, claimed="Ashab al-Kahf"
    )
    assert same_incident(mention, on_base).same and same_incident(mention, on_convoy).same
    assert not same_incident(on_base, on_convoy).same and not same_incident(on_base, on_convoy).conflict
    incidents = {frozenset(i.report_ids) for i in link_reports([mention, on_base, on_convoy])}
    assert incidents == {frozenset({"m:1", "a:0"}), frozenset({"b:0"})}


def test_monthly_mentions_of_one_base_do_not_chain_a_year_into_one_component() -> None:
    """A base hit on the 15th of every month, each attack also recalled "in <month>" by another
    outlet: what linking December's report must read (`component_of`, the reports whose
    incidents it may change) is December's, not the eleven months before. Month-precise
    mentions used to link across months by a day of slack, and to every report they matched,
    so that a busy store was one component a year long, re-read by every batch."""
    reports = []
    for month in range(1, 13):
        reports.append(make_report(f"m{month}:1", role="background", attack="rocket", target="base",
                                   day=f"2021-{month:02d}-01", precision="month", place=BIAP))  # fmt: skip
        reports.append(
            make_report(f"d{month}:0", attack="rocket", target="base", day=f"2021-{month:02d}-15", place=BIAP)
        )
    december = reports[-1]
    members, _ = component_of([december], reports[:-1])
    assert [r.id for r in members] == ["d12:0", "m12:1"]
    incidents = {frozenset(i.report_ids) for i in link_reports(reports)}
    assert incidents == {frozenset({f"m{m}:1", f"d{m}:0"}) for m in range(1, 13)}


def test_an_undated_report_is_not_dated_by_its_governorate_alone() -> None:
    """A governorate sees many attacks: without a date, the place must be a site or a town."""
    undated = make_report("a:0", role="background", day=None, place=MUTHANNA)
    dated = make_report("b:0", place=MUTHANNA)
    assert len(link_reports([undated, dated])) == 2


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_order_gives_the_same_incidents(seed: int) -> None:
    shuffled = list(DEV)
    random.Random(seed).shuffle(shuffled)
    assert link_reports(shuffled) == link_reports(DEV)


@settings(max_examples=20, deadline=None)
@given(st.permutations([r for r in DEV if DEV_GOLD[r.id].startswith("K")]))
def test_order_independence_for_any_permutation(reports: list[Report]) -> None:
    assert link_reports(reports) == link_reports(sorted(reports, key=lambda r: r.id))


def test_blocking_misses_no_pair_that_could_link() -> None:
    """Every pair a full comparison would not rule out is among the candidates."""
    candidates = {frozenset((a.id, b.id)) for a, b in candidate_pairs(DEV)}
    possible = {frozenset((a.id, b.id)) for a, b in combinations(DEV, 2) if not same_incident(a, b).conflict}
    assert possible <= candidates
    assert len(candidates) < len(DEV) * (len(DEV) - 1) / 2 / 4  # and it prunes most pairs


# -- against a store ------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "link.db")) as opened:
        yield opened


def stored_incidents(store: Store) -> list[Incident]:
    return sorted(store.incidents(), key=lambda i: i.id)


def in_batches(analyses: list[Analysis], seed: int, n: int) -> list[list[Analysis]]:
    shuffled = list(analyses)
    random.Random(seed).shuffle(shuffled)
    return [shuffled[i::n] for i in range(n)]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_incremental_linking_equals_linking_from_scratch(store: Store, seed: int) -> None:
    analyses = analyses_of("dev")
    for batch in in_batches(analyses, seed, 3):  # ingest A, link; ingest B, link; ...
        store.add(batch)
        link_new_reports(store)
    incremental = stored_incidents(store)
    reports_b_then_a = [r for a in reversed(analyses) for r in a.reports]
    assert incremental == sorted(link_reports(reports_b_then_a), key=lambda i: i.id)
    summary = relink(store)
    assert stored_incidents(store) == incremental
    assert summary.reports_linked == len(DEV) and summary.incidents_created == len(incremental)
    assert store.reports_without_incident() == []


def test_a_later_report_joins_the_stored_incident(store: Store) -> None:
    analyses = {a.article.id: a for a in analyses_of("dev")}
    store.add([analyses["h021"], analyses["h022"]])
    first = link_new_reports(store)
    assert (first.reports_linked, first.incidents_created) == (6, 3)
    store.add([analyses["h023"]])  # the Arabic outlet's version of both convoy attacks
    second = link_new_reports(store)
    assert (second.reports_linked, second.incidents_created, second.incidents_updated) == (2, 0, 2)
    assert sorted(len(i.report_ids) for i in store.incidents()) == [2, 3, 3]
    assert link_new_reports(store).reports_linked == 0  # nothing left to do


def test_a_batch_fetches_a_few_days_past_where_its_components_reach(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two months of new reports, one of them recalled by a stored "in March" mention: linking
    must read the stored reports to the end of March and a step beyond (`FETCH_STEP`), not as
    much again as the batch spans, since every report read has its pairs judged."""

    def analysis(report: Report) -> Analysis:
        text = f"Report {report.id}."
        article = Article(id=report.article_id, source="test", raw_text=text, text=text, language="en")
        return Analysis(article, (report,))

    mention = make_report("m:1", role="background", attack="rocket", target="base", day="2021-03-01",
                          precision="month", place=BIAP)  # fmt: skip
    store.add([analysis(mention)])
    link_new_reports(store)
    start = dt.date(2021, 1, 1)
    days = [start + dt.timedelta(days=5 * n) for n in range(13)]  # 1 January to 2 March
    store.add([analysis(make_report(f"n{n}:0", day=str(day), place=MUTHANNA)) for n, day in enumerate(days)])
    store.add([analysis(make_report("last:0", attack="rocket", target="base", day="2021-03-02", place=BIAP))])
    windows: list[tuple[dt.date, dt.date]] = []

    def recorded(store: Store, date_from: dt.date, date_to: dt.date) -> list[Report]:
        windows.append((date_from, date_to))
        return reports_in_window(store, date_from, date_to)

    monkeypatch.setattr("sitreps.link.cluster.reports_in_window", recorded)
    link_new_reports(store)
    assert {frozenset(i.report_ids) for i in store.incidents()} >= {frozenset({"m:1", "last:0"})}
    assert max(end for _, end in windows) == dt.date(2021, 3, 31) + dt.timedelta(days=1) + FETCH_STEP


def test_a_backlog_read_page_by_page_links_as_if_read_whole(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages and batches far smaller than the backlog (the dev corpus with its 16 undated pages
    undated) give the incidents of linking it all at once, and nothing reads the backlog whole."""
    monkeypatch.setattr("sitreps.link.cluster.PAGE_SIZE", 3)
    monkeypatch.setattr("sitreps.link.cluster.MAX_BATCH", 4)
    monkeypatch.setattr(store, "reports_without_incident", lambda: pytest.fail("read the whole backlog"))
    analyses = undated_analyses("dev")
    everything = [r for a in analyses for r in a.reports]
    assert any(r.date.value is None for r in everything)
    store.add(analyses)
    summary = link_new_reports(store)
    assert stored_incidents(store) == sorted(link_reports(everything), key=lambda i: i.id)
    assert summary.reports_linked == len(everything) and store.count_unlinked_reports() == 0


def test_verdicts_shared_by_reports_with_the_same_facts_are_the_verdicts_of_each_pair() -> None:
    """`judge` computes one verdict per pair of fact sets: a wire copy of every dev report (same
    facts, another article) must get, pair by pair, what `same_incident` says of it."""
    reports = reports_of("dev")
    copies = [replace(r, id=f"copy-{r.id}", article_id=f"copy-{r.article_id}") for r in reports]
    decisions = judge([*reports, *copies])
    by_id = {r.id: r for r in [*reports, *copies]}
    assert len(decisions) > len(reports)
    for (a, b), decision in decisions.items():
        told = same_incident(by_id[a], by_id[b])
        assert (decision.score, decision.same, decision.conflict) == (told.score, told.same, told.conflict)


def wire_copies(report: Report, n: int) -> list[Report]:
    """`n` outlets' copies of one report: the same facts, each in an article of its own."""
    return [
        replace(report, id=f"{report.id}-copy{k:03d}", article_id=f"{report.article_id}-copy{k:03d}")
        for k in range(n)
    ]


def test_wire_copies_are_judged_as_one_report_and_end_in_one_incident() -> None:
    """A story copied by 150 outlets made 11,175 candidate pairs among the copies alone, all with
    one verdict; as a twin class it costs the one verdict that makes the class."""
    dated = next(r for r in DEV if r.date.value is not None and r.place.value is not None)
    copies = wire_copies(dated, 150)
    decisions = judge(copies)
    assert len(decisions) == 1 and next(iter(decisions.values())).same
    (incident,) = link_reports(copies)
    assert sorted(incident.report_ids) == sorted(r.id for r in copies)


def test_wire_copies_of_the_dev_corpus_link_like_the_dev_corpus_itself() -> None:
    """Every dev report and three copies of each: each copy joins its original's incident, and
    the incidents are otherwise those of the dev reports alone."""
    copies = [c for r in DEV for c in wire_copies(r, 3)]
    original_of = {c.id: c.id.rsplit("-copy", 1)[0] for c in copies}
    alone = {frozenset(i.report_ids) for i in link_reports(DEV)}
    together = {frozenset(original_of.get(r, r) for r in i.report_ids) for i in link_reports([*DEV, *copies])}
    assert together == alone


def test_two_reports_of_one_article_with_the_same_facts_are_never_twins() -> None:
    """An article that tells two attacks alike (two convoys, same road, same day) told two."""
    dated = next(r for r in DEV if r.date.value is not None and r.place.value is not None)
    second = replace(dated, id=f"{dated.id}-second")
    outlet = wire_copies(dated, 1)
    incidents = link_reports([dated, second, *outlet])
    assert len(incidents) == 2
    assert all(not {dated.id, second.id} <= set(i.report_ids) for i in incidents)
