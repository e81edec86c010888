"""Undated reports join the one dated incident they fit: modelled on the dev corpus's pages that
give no date (ESTA, Rudaw, Arabic reposts of AFP), whose gold dates come from other outlets."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.link.cluster import link_reports
from sitreps.link.compare import agreement_apart_from_date
from sitreps.link.merge import merge_incident
from sitreps.link.undated import CandidateIndex, Told, _agreements, attach_undated, fit, report_key
from sitreps.model import AttackType, DateValue, Precision, Report

from .cases import (
    AZIM,
    BAGHDAD,
    BASHIQA,
    BIAP,
    CONSULATE,
    KHIDR,
    KHOR_MOR,
    MUTHANNA,
    SAMAWAH,
    ZILKAN,
    gold_reports,
    make_report,
    reports_of,
    undated_where_pages_are,
)
from .test_cluster import bcubed, cluster_of

FRIDAY, SATURDAY, MONDAY, THURSDAY = 4, 5, 0, 3


def told(*reports: Report) -> Told:
    return Told(merge_incident(reports), reports)


def airport_attack(report_id: str = "d001:0", **kwargs: object) -> Report:
    """K001: rockets on Baghdad airport, Friday 28 January 2022 (Reuters)."""
    fields = {"attack": "rocket", "target": "airport", "day": "2022-01-28", "place": BIAP} | kwargs
    return make_report(report_id, **fields)  # type: ignore[arg-type]


def undated_airport(report_id: str = "d004:0", **kwargs: object) -> Report:
    """The same attack on a page with no date: "on Friday, rockets fell on the airport"."""
    fields = {"attack": "rocket", "target": "airport", "day": None, "place": BIAP, "weekday": FRIDAY} | kwargs
    return make_report(report_id, **fields)  # type: ignore[arg-type]


# (case, undated report, the dated incident's reports, a reason it joins — None: it may not)
FITS = [
    (
        "the same airport on the Friday the text names",
        undated_airport(),
        [airport_attack()],
        "same place (Baghdad International Airport)",
    ),
    (
        "the base and the town beside it",
        make_report("d023:0", attack="rocket", target="base", day=None, place=BASHIQA),
        [make_report("d022:0", attack="rocket", target="base", day="2022-06-09", place=ZILKAN)],
        "places 1 km apart",
    ),
    (
        "two towns 28 km apart are too far without a date",
        make_report("x:0", day=None, place=KHIDR),
        [make_report("h023:0", place=SAMAWAH)],
        None,
    ),
    (
        "the governorate alone says too little",
        make_report("x:0", day=None, place=MUTHANNA),
        [make_report("h021:0", place=MUTHANNA)],
        None,
    ),
    (
        "the governorate and the group that claimed both",
        make_report("x:0", day=None, place=MUTHANNA, claimed="Qasem al-Jabbarin"),
        [make_report("h023:0", place=MUTHANNA, claimed="سرية قاصم الجبارين")],
        "same governorate (Muthanna) and claimant",
    ),
    ("a drone is not a rocket", undated_airport(attack="drone"), [airport_attack()], None),
    ("no method given", undated_airport(attack="other"), [airport_attack()], "same place"),
    ("a base is not the airport", undated_airport(target="base"), [airport_attack()], None),
    ("no target given", undated_airport(target="other"), [airport_attack()], "same place"),
    ("a Monday is not that Friday", undated_airport(weekday=MONDAY), [airport_attack()], None),
    (
        "a weekday inside a week-precise date",
        undated_airport(weekday=MONDAY),
        [airport_attack(precision="week")],
        "same place",
    ),
    (
        "the article's own dated report told another incident",
        undated_airport("d001:1"),
        [airport_attack()],
        None,
    ),
    (
        "a year is too vague to date by",
        undated_airport(weekday=None),
        [airport_attack(day="2022-01-01", precision="year")],
        None,
    ),
    ("no place", undated_airport(place=None), [airport_attack()], None),
    (
        "the governorate, the attack type and the same death toll",
        make_report("d005:1", attack="armed_assault", target="other", day=None, place=AZIM, killed=11),
        [make_report("d006:0", attack="armed_assault", target="base", day="2022-01-21", place=AZIM, killed=11)],
        "same governorate (Diyala), attack type and death toll (11)",
    ),
    (
        "one dead is too common a toll",
        make_report("x:0", attack="armed_assault", day=None, place=MUTHANNA, killed=1),
        [make_report("h021:0", attack="armed_assault", place=MUTHANNA, killed=1)],
        None,
    ),
    (
        "a weekday in the governorate, with no frame of time, says too little",
        make_report("x:0", day=None, place=MUTHANNA, weekday=THURSDAY),
        [make_report("h021:0", place=MUTHANNA)],
        None,
    ),
]


@pytest.mark.parametrize(("case", "report", "dated", "reason"), FITS, ids=[c[0] for c in FITS])
def test_fit(case: str, report: Report, dated: list[Report], reason: str | None) -> None:
    found = fit(report, told(*dated))
    if reason is None:
        assert found is None
    else:
        assert found is not None and found.reasons[0].startswith(reason)


def test_a_weekday_ties_a_report_in_its_governorate_only_inside_its_article_s_frame() -> None:
    convoy = make_report("h024:0", day="2020-12-25", place=MUTHANNA)  # a Friday
    undated = make_report("h025:0", day=None, place=MUTHANNA, weekday=FRIDAY)
    inside = fit(undated, told(convoy), frame=(dt.date(2020, 11, 1), dt.date(2021, 1, 1)))
    assert inside is not None and "on the Friday named" in inside.reasons[0]
    assert fit(undated, told(convoy), frame=(dt.date(2021, 3, 1), dt.date(2021, 4, 1))) is None
    assert fit(undated, told(convoy)) is None


def test_an_article_s_report_joined_by_place_gives_the_frame_its_weekday_needs() -> None:
    embassy = make_report("h021:0", attack="rocket", target="embassy", day="2020-11-18", place=CONSULATE)
    convoy = make_report("h024:0", day="2020-12-25", place=MUTHANNA)
    recalled = make_report("h025:1", role="background", attack="rocket", target="embassy", day=None, place=CONSULATE)
    news = make_report("h025:0", day=None, place=MUTHANNA, weekday=FRIDAY)
    joined = attach_undated([news, recalled], CandidateIndex([told(embassy), told(convoy)]))
    assert joined == {"h025:0": merge_incident([convoy]).id, "h025:1": merge_incident([embassy]).id}
    alone = attach_undated([news], CandidateIndex([told(embassy), told(convoy)]))
    assert alone == {}  # nothing else of the article dates it: a Friday in Muthanna could be any


def test_a_named_weekday_that_agrees_counts_in_the_score() -> None:
    with_day = fit(undated_airport(), told(airport_attack()))
    without = fit(undated_airport(weekday=None), told(airport_attack()))
    assert with_day is not None and without is not None
    assert with_day.score > without.score and "on the Friday the text names" in with_day.reasons


def test_the_index_offers_incidents_of_the_governorate_types_and_place_that_fit() -> None:
    incidents = [
        told(airport_attack()),
        told(make_report("h022:0", attack="ied", place=BIAP)),
        told(make_report("h041:0", attack="other", target="other", day="2021-05-26", place=BIAP)),
        told(make_report("h031:0", attack="rocket", target="airport", place=BAGHDAD)),  # no site
        told(make_report("h021:0", attack="ied", place=MUTHANNA, claimed="Qasem al-Jabbarin")),
    ]
    index = CandidateIndex(incidents)
    probes = [
        undated_airport(),
        undated_airport("x:0", attack="other"),
        undated_airport("y:0", attack="drone"),
        make_report("z:0", day=None, place=MUTHANNA, claimed="سرية قاصم الجبارين"),
    ]
    offered = {r.id: [t.reports[0].id for t in index.candidates(r)] for r in probes}
    by_id = {t.reports[0].id: t.incident.id for t in incidents}
    assert {r: sorted(found, key=by_id.__getitem__) for r, found in offered.items()} == offered
    assert {r: set(found) for r, found in offered.items()} == {
        "d004:0": {"d001:0", "h041:0"},
        "x:0": {"d001:0", "h022:0", "h041:0"},
        "y:0": {"h041:0"},
        "z:0": {"h021:0"},
    }
    assert report_key(undated_airport()) == ("Baghdad", AttackType.ROCKET)


# -- one incident or none -----------------------------------------------------------------------

KHOR_MOR_22 = make_report("d012:0", attack="rocket", target="other", day="2022-06-22", place=KHOR_MOR)
KHOR_MOR_25 = make_report("d009:2", attack="rocket", target="other", day="2022-06-25", place=KHOR_MOR)


def test_two_fitting_incidents_leave_the_report_alone() -> None:
    """d015 (AFP in Arabic, no date) tells a Khor Mor shelling; the field was shelled on 22 and
    25 June: with nothing to choose between them, the report stays an incident of its own."""
    undated = make_report("d015:0", attack="rocket", target="other", day=None, place=KHOR_MOR)
    incidents = link_reports([KHOR_MOR_22, KHOR_MOR_25, undated])
    assert sorted(len(i.report_ids) for i in incidents) == [1, 1, 1]


def test_the_weekday_chooses_between_two_days_at_one_place() -> None:
    """d010 (ESTA, no date) says Saturday: 25 June 2022 was one, 22 June a Wednesday."""
    undated = make_report(
        "d010:0", attack="rocket", target="other", day=None, place=KHOR_MOR, weekday=SATURDAY
    )
    incidents = link_reports([KHOR_MOR_22, KHOR_MOR_25, undated])
    joined = next(i for i in incidents if "d010:0" in i.report_ids)
    assert joined.report_ids == ("d009:2", "d010:0")
    assert joined.date.value == DateValue(dt.date(2022, 6, 25), Precision.DAY)


def test_two_reports_of_one_article_never_share_an_incident() -> None:
    """d003 tells the airport attack (on Friday) and recalls an earlier one near the airport:
    both fit the one dated airport incident; the one whose weekday agrees keeps it."""
    main = undated_airport("d003:0")
    recalled = undated_airport("d003:1", role="background", weekday=None)
    airport = told(airport_attack())
    index = CandidateIndex([airport])
    assert attach_undated([main, recalled], index) == {"d003:0": airport.incident.id}
    assert attach_undated([undated_airport("d003:0", weekday=None), recalled], index) == {}  # a tie: neither


# -- linking with undated reports ---------------------------------------------------------------


def test_an_undated_report_adds_what_it_says_but_not_a_date() -> None:
    """d018 (Epoch Times, no date) names Iran as the claimant of the Erbil consulate attack."""
    dated = [
        make_report("d016:0", attack="rocket", target="embassy", day="2022-03-13", place=CONSULATE),
        make_report(
            "d017:0", attack="rocket", target="embassy", day="2022-03-13", place=CONSULATE, injured=0
        ),
    ]
    undated = make_report(
        "d018:0", attack="rocket", target="embassy", day=None, place=CONSULATE, claimed="Iran", injured=1
    )
    (alone,) = link_reports(dated)
    (incident,) = link_reports([undated, *dated])
    assert incident.id == alone.id  # named after its earliest dated report, as before
    assert incident.report_ids == ("d016:0", "d017:0", "d018:0")
    assert incident.date == alone.date and incident.date.report_ids == ("d016:0", "d017:0")
    assert incident.claimed_by == ("Iran",) and incident.injured.high == 1


def test_the_dev_pages_without_a_date_join_their_incidents_and_never_a_wrong_one() -> None:
    """36 reports of 16 dev articles lose their date; those whose incident another outlet dates
    and whose place pins it (the airport, the consulate, Diyala with its claimant) join it."""
    reports = undated_where_pages_are(reports_of("dev"))
    gold = gold_reports("dev")
    clusters = cluster_of(link_reports(reports))
    precision, recall = bcubed(clusters, gold)
    assert precision == 1.0 and recall >= 0.79  # 0.69 when every undated report stays alone
    assert clusters["d004:0"] == clusters["d005:0"] == clusters["d001:0"]  # K001, Arabic reposts
    assert clusters["d018:0"] == clusters["d016:0"]  # K009


DEV_UNDATED = undated_where_pages_are(reports_of("dev"))
DEV_GOLD = gold_reports("dev")


@settings(max_examples=20, deadline=None)
@given(st.permutations([r for r in DEV_UNDATED if DEV_GOLD[r.id][0] == "K"]))
def test_order_independence_with_undated_reports(reports: list[Report]) -> None:
    assert link_reports(reports) == link_reports(sorted(reports, key=lambda r: r.id))


def test_one_report_of_each_kind_gives_every_verdict_the_whole_incident_gives() -> None:
    """`_agreements` looks at one report per kind (facts, article, order by id) instead of each
    of an incident's hundreds of wire copies: the verdicts must be those of every report. It
    reads no date, so dev reports stand for the undated ones, with ids before, among and after
    the incident's (the kinds differ by order too)."""
    dev = reports_of("dev")
    incidents = link_reports(dev)[:20]
    compared = 0
    for judged in dev[::7]:
        for report in (judged, replace(judged, id=f"0-{judged.id}"), replace(judged, id=f"~{judged.id}")):
            for incident in incidents:
                members = [r for r in dev if r.id in incident.report_ids and r.id != judged.id]
                if not members:
                    continue
                copies = [
                    replace(r, id=f"{r.id}-{k}", article_id=f"{r.article_id}-{k}")
                    for r in members
                    for k in "ab"
                ]
                mate = replace(
                    members[0], id=f"{report.id}-mate", article_id=report.article_id
                )  # its own article
                for others in (members, [*members, *copies], [*members, mate]):
                    every = {
                        (d.score, d.same, d.conflict)
                        for d in (agreement_apart_from_date(report, o) for o in others)
                    }
                    each_kind = {
                        (d.score, d.same, d.conflict) for d in _agreements(report, told(*others), None)
                    }
                    assert each_kind == every
                    compared += 1
    assert compared > 500
