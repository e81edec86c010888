"""Filters and tallies over a store holding the seed and dev corpora, linked into incidents."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

import pytest
import sqlalchemy as sa

from sitreps.link.cluster import link_new_reports
from sitreps.model import Analysis, Article, Incident, Precision, Report
from sitreps.store.queries import (
    TALLY_KEYS,
    IncidentFilter,
    QueryError,
    count_incidents,
    count_window,
    find_incidents,
    incident_detail,
    incident_detail_to_json,
    incident_row_to_json,
    incidents_of_articles,
    list_incidents,
    period_key,
    reports_in_window,
    resolve_incident_id,
    tally,
    tally_summary,
    tally_to_json,
)
from sitreps.store.store import NotFoundError, Store, open_store

from .link_cases import analyses_of, gold_reports, make_report

GOLD = {**gold_reports("seeds"), **gold_reports("dev")}


@pytest.fixture(scope="module")
def linked(module_database: str) -> Iterator[Store]:
    with open_store(module_database) as store:
        store.add(analyses_of("seeds") + analyses_of("dev"))
        link_new_reports(store)
        yield store


def add_reports(store: Store, reports: list[Report]) -> None:
    """Each report in an article of its own (hand-built reports need no real text)."""
    store.add(
        [Analysis(Article(id=r.article_id, source="test", raw_text="-", text="-"), (r,)) for r in reports]
    )


def gold_of(incidents: list[Incident]) -> list[str]:
    """The gold incident each found incident is (the linker reproduces them on these corpora)."""
    return sorted("+".join(sorted({GOLD[r] for r in i.report_ids})) for i in incidents)


def test_convoy_attacks_in_the_seven_weeks_before_10_february_2021(linked: Store) -> None:
    """From 24 December 2020 to 10 February 2021: Diwaniyah (25 Dec), Babil (the week of 27 Dec),
    Diwaniyah and Muthanna (29 Dec), the Yusufiya road (10 Feb); not Babil on 21 December."""
    count, incidents = count_window(linked, dt.date(2021, 2, 10), 7, IncidentFilter(target="convoy"))
    assert count == 5
    assert gold_of(incidents) == ["I010", "I032", "I044", "I045", "S6"]


def test_a_window_keeps_the_filters_own_dates(linked: Store) -> None:
    filt = IncidentFilter(target="convoy", date_from=dt.date(2021, 1, 1))
    count, incidents = count_window(linked, dt.date(2021, 2, 10), 7, filt)
    assert (count, gold_of(incidents)) == (1, ["S6"])


@pytest.mark.parametrize(
    ("filt", "expected"),
    [
        (IncidentFilter(group="Qasem al-Jabbarin"), ["I007", "I008", "I032", "S6"]),  # an alias of the group
        (IncidentFilter(group="سرية قاصم الجبارين"), ["I007", "I008", "I032", "S6"]),
        (IncidentFilter(admin1="sulaymaniyah", date_to=dt.date(2022, 6, 30)), ["K004", "K005", "K006"]),
        (IncidentFilter(attack_type="drone"), ["K008", "K015", "K027"]),
        (IncidentFilter(target="airport", attack_type="rocket"), ["K001"]),
        (IncidentFilter(date_from=dt.date(2020, 12, 10), date_to=dt.date(2020, 12, 10)), ["I007", "I008"]),
        (IncidentFilter(text="Yusufiya"), ["S6", "S7"]),  # both told by the article that names the road
        (IncidentFilter(text="%"), []),  # a LIKE wildcard typed by a user is just a character
        (IncidentFilter(text="x' OR '1'='1"), []),
    ],
)
def test_filters(linked: Store, filt: IncidentFilter, expected: list[str]) -> None:
    assert gold_of(find_incidents(linked, filt)) == expected
    assert count_incidents(linked, filt) == len(expected)


def test_text_that_looks_like_sql_is_only_text(linked: Store) -> None:
    before = count_incidents(linked)
    assert find_incidents(linked, IncidentFilter(text="'); DROP TABLE incidents; --")) == []
    assert find_incidents(linked, IncidentFilter(admin1="Baghdad' OR 1=1 --")) == []
    assert count_incidents(linked) == before == 53


def test_pages_in_any_sort_cover_every_incident_once(linked: Store) -> None:
    everything = find_incidents(linked, sort="-killed")
    pages = [find_incidents(linked, sort="-killed", limit=7, offset=start) for start in range(0, 60, 7)]
    assert [i.id for page in pages for i in page] == [i.id for i in everything]
    tolls = [i.killed.best for i in everything if i.killed.best is not None]
    assert tolls == sorted(tolls, reverse=True) and tolls[0] == 13  # Khidr Jija, December 2021
    dated = [i.date.value.day for i in find_incidents(linked, sort="-date") if i.date.value]
    assert dated == sorted(dated, reverse=True)


@pytest.mark.parametrize("by", ["admin1", "attack_type", "target", "status"])
def test_tallies_count_what_the_filter_finds(linked: Store, by: str) -> None:
    filt = IncidentFilter(date_from=dt.date(2020, 12, 1), date_to=dt.date(2021, 3, 31))
    found = find_incidents(linked, filt)
    value = {
        "admin1": lambda i: i.place.value.admin1 if i.place.value else None,
        "attack_type": lambda i: str(i.attack_type.value),
        "target": lambda i: str(i.target.value),
        "status": lambda i: str(i.status),
    }[by]
    assert dict(tally(linked, by, filt)) == dict(Counter(value(i) for i in found))


def recounted(incidents: list[Incident], by: str) -> Counter[str | None]:
    """A tally counted again in Python from the incidents themselves, as the tally defines it."""
    counts: Counter[str | None] = Counter()
    for incident in incidents:
        when, place = incident.date.value, incident.place.value
        keys: list[str | None] = {
            "week": [period_key(when.day, when.precision, Precision.WEEK) if when else None],
            "month": [period_key(when.day, when.precision, Precision.MONTH) if when else None],
            "admin1": [place.admin1 if place else None],
            "attack_type": [str(incident.attack_type.value) if incident.attack_type.value else None],
            "target": [str(incident.target.value) if incident.target.value else None],
            "group": list(incident.claimed_by) or [None],
            "status": [str(incident.status)],
        }[by]
        counts.update(keys)
    return counts


#: Filters a text search narrows: on SQLite these are counted on the copy of the incidents'
#: columns at the index's matches (`counted_incidents`), not over `incidents` as a page is found.
COUNTED_FILTERS = [
    IncidentFilter(text="convoy"),  # most of the corpus
    IncidentFilter(text="Ashab al-Kahf"),  # a claimant, in the incidents' own column and in texts
    IncidentFilter(text="مطار بغداد"),  # "Baghdad airport", in Arabic articles
    IncidentFilter(text="rocket", admin1="Baghdad"),
    IncidentFilter(
        text="convoy", date_from=dt.date(2020, 12, 1), date_to=dt.date(2021, 3, 31), target="convoy"
    ),
    IncidentFilter(text="ال"),  # too short for a trigram: the scan
    IncidentFilter(text="zzzqqq"),  # nothing
    IncidentFilter(group="Saraya Qasim al-Jabbarin"),
]


@pytest.mark.parametrize("by", TALLY_KEYS)
@pytest.mark.parametrize("filt", COUNTED_FILTERS, ids=str)
def test_tallies_of_a_search_count_what_the_search_finds(
    linked: Store, by: str, filt: IncidentFilter
) -> None:
    found = find_incidents(linked, filt)
    assert dict(tally(linked, by, filt)) == dict(recounted(found, by))
    assert count_incidents(linked, filt) == len(found)


def test_tally_by_group_counts_each_claimant(linked: Store) -> None:
    counts = dict(tally(linked, "group"))
    assert counts["Saraya Qasim al-Jabbarin"] == 4
    assert counts["Islamic State"] == 2
    assert counts[None] == sum(1 for i in find_incidents(linked) if not i.claimed_by)


def test_tally_by_period_keeps_coarse_dates_in_their_own_period(linked: Store) -> None:
    weeks = tally(
        linked, "week", IncidentFilter(date_from=dt.date(2020, 12, 1), date_to=dt.date(2020, 12, 31))
    )
    assert weeks == [("2020-W50", 2), ("2020-W51", 1), ("2020-W52", 3), ("2020-W53", 2)]
    months = dict(tally(linked, "month"))
    assert months["2020-12"] == 8 and months["2020-07"] == 2  # seed-001 in July, and "late July"
    assert "2020-07" in dict(tally(linked, "week"))  # month-precise "late July": not spread over weeks
    assert sum(months.values()) == count_incidents(linked)


@pytest.mark.parametrize(
    "ask",
    [
        lambda s: tally(s, "weekday"),
        lambda s: find_incidents(s, sort="date; DROP TABLE incidents"),
        lambda s: find_incidents(s, IncidentFilter(attack_type="nuclear")),
        lambda s: find_incidents(s, IncidentFilter(status="rumoured")),
        lambda s: count_window(s, dt.date(2021, 2, 10), 0),
    ],
)
def test_questions_that_cannot_be_asked_say_so(linked: Store, ask) -> None:
    with pytest.raises(QueryError):
        ask(linked)


def test_status_filter_finds_a_disputed_attack(store: Store) -> None:
    """seed-000: Ashab al-Kahf claimed the Basra convoy bombing; the Iraqi military denied it."""
    claimed = make_report("seed-000:0", day="2020-08-10", claimed="Ashab al-Kahf", denied="Iraqi military")
    other = make_report("x1:0", attack="rocket", target="base", day="2020-08-10")
    add_reports(store, [claimed, other])
    link_new_reports(store)
    (disputed,) = find_incidents(store, IncidentFilter(status="disputed"))
    assert disputed.report_ids == ("seed-000:0",)
    assert tally(store, "status") == [("disputed", 1), ("reported", 1)]


def test_reports_in_a_window_include_coarser_dates_that_may_fall_in_it(store: Store) -> None:
    reports = [
        make_report("a:0", day="2021-02-10"),
        make_report("b:0", day="2021-02-01", precision="month"),  # "in February"
        make_report("c:0", day="2021-02-15", precision="week"),  # published the 15th, no day given
        make_report("d:0", day="2021-02-20"),
        make_report("e:0", day="2021-01-31"),
    ]
    add_reports(store, reports)
    found = reports_in_window(store, dt.date(2021, 2, 9), dt.date(2021, 2, 11))
    assert sorted(r.id for r in found) == ["a:0", "b:0", "c:0"]


# -- one incident, and rows for lists ---------------------------------------------------------


def incident_of(store: Store, gold_id: str) -> Incident:
    (found,) = [i for i in find_incidents(store) if {GOLD[r] for r in i.report_ids} == {gold_id}]
    return found


@pytest.fixture
def statements(linked: Store) -> Iterator[list[str]]:
    """The SQL statements the store runs while the test body does (BEGIN/COMMIT aside)."""
    seen: list[str] = []

    def record(conn: sa.Connection, cursor: object, statement: str, *args: object) -> None:
        if statement.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            seen.append(statement)

    sa.event.listen(linked.engine, "before_cursor_execute", record)
    yield seen
    sa.event.remove(linked.engine, "before_cursor_execute", record)


def test_incident_detail_has_every_report_with_its_article_and_evidence(linked: Store) -> None:
    """I007, the Muthanna convoy of 10 December 2020: AFP in two papers, IQ News, and Mehr
    recalling it in a later article (h026, as background)."""
    incident = incident_of(linked, "I007")
    detail = incident_detail(linked, incident.id)
    assert detail.incident == incident
    assert [r.report.id for r in detail.reports] == list(incident.report_ids)
    assert [r.article.external_id for r in detail.reports] == ["h021", "h022", "h023", "h026"]
    assert [str(r.report.role) for r in detail.reports] == ["main", "main", "main", "background"]
    assert detail.row.sources == (
        "The New Arab (AFP)", "The News International (AFP)", "IQ News", "Mehr News Agency",
    )  # fmt: skip
    assert detail.reports[0].article.published == dt.date(2020, 12, 11)
    assert detail.reports[0].article.url.startswith("https://newarab.com/")
    for report in detail.reports:
        for span in report.evidence:
            assert report.article.text[span.start : span.end] == span.text
    assert any(e.field == "place" for r in detail.reports for e in r.evidence)


def test_incident_detail_keeps_what_sources_disagree_on(linked: Store) -> None:
    """K025: AFP (d028) counts 9 killed in Kirkuk, World Bulletin (d029) 12."""
    shown = incident_detail_to_json(incident_detail(linked, incident_of(linked, "K025").id))
    assert shown["disagreements"] == [
        {
            "field": "killed",
            "values": [{"report_id": "d028:0", "value": "9"}, {"report_id": "d029:0", "value": "12"}],
        }
    ]
    assert shown["killed"] == {"low": 9, "best": 9, "high": 12}
    assert [r["article"]["outlet"] for r in shown["reports"]] == [
        "The Nation (Pakistan) (AFP)",
        "World Bulletin",
    ]
    assert json.loads(json.dumps(shown)) == shown  # plain JSON, nothing to coerce


def test_incident_detail_reads_a_few_statements_however_many_reports(
    linked: Store, statements: list[str]
) -> None:
    incident_id = incident_of(linked, "K001").id  # five outlets
    statements.clear()
    assert len(incident_detail(linked, incident_id).reports) == 5
    assert len(statements) <= 3


def test_list_incidents_reads_two_statements_for_a_page(linked: Store, statements: list[str]) -> None:
    rows = list_incidents(linked, limit=50)
    assert len(rows) == 50 and len(statements) == 2
    assert [row.incident for row in rows] == find_incidents(linked, limit=50)


@pytest.mark.parametrize("length", [4, 8, 16])
def test_an_incident_is_found_by_a_unique_start_of_its_id(linked: Store, length: int) -> None:
    incident_id = incident_of(linked, "S6").id
    assert resolve_incident_id(linked, incident_id[4 : 4 + length]) == incident_id
    assert resolve_incident_id(linked, incident_id[: 4 + length]) == incident_id


@pytest.mark.parametrize("key", ["inc-", "abc", "ffffffffffff", "inc-%", "%", "_"])
def test_ids_that_name_no_single_incident_are_not_found(linked: Store, key: str) -> None:
    with pytest.raises(NotFoundError):
        resolve_incident_id(linked, key)


def test_a_prefix_of_several_ids_says_so(
    store: Store, seed_analysis: Analysis, seed_incident: Incident
) -> None:
    store.add([seed_analysis])
    store.save_incidents(
        [replace(seed_incident, id="inc-abcd1111"), replace(seed_incident, id="inc-abcd2222")]
    )
    with pytest.raises(NotFoundError, match="several"):
        resolve_incident_id(store, "abcd")
    assert resolve_incident_id(store, "abcd2") == "inc-abcd2222"


def test_list_row_json_is_flat_and_names_the_sources(linked: Store) -> None:
    (row,) = list_incidents(linked, IncidentFilter(text="Yusufiya", target="convoy"))
    shown = incident_row_to_json(row)
    assert {
        k: shown[k] for k in ("date", "admin1", "attack_type", "target", "status", "claimed_by", "sources")
    } == {
        "date": "2021-02-10",
        "admin1": "Baghdad",
        "attack_type": "ied",
        "target": "convoy",
        "status": "claimed",
        "claimed_by": ["Saraya Qasim al-Jabbarin"],
        "sources": ["South Front (reposted on LiveJournal)"],
    }


def test_incidents_of_articles_are_every_incident_they_tell(linked: Store) -> None:
    rows = incidents_of_articles(linked, ["h021", "h022"])
    assert gold_of([row.incident for row in rows]) == ["I007", "I008", "I034"]  # h021 recalls I034
    assert incidents_of_articles(linked, []) == []


def test_a_tally_over_a_window_lists_its_incidents(linked: Store) -> None:
    summary = tally_summary(linked, "admin1", IncidentFilter(target="convoy"), dt.date(2021, 2, 10), 7)
    assert summary.window == (dt.date(2020, 12, 24), dt.date(2021, 2, 10))
    assert summary.total == 5 and gold_of([row.incident for row in summary.incidents]) == [
        "I010", "I032", "I044", "I045", "S6",
    ]  # fmt: skip
    assert sum(n for _, n in summary.counts) == 5
    shown = tally_to_json(summary)
    assert shown["window"] == {"from": "2020-12-24", "to": "2021-02-10"} and len(shown["incidents"]) == 5


def test_a_tally_without_a_window_counts_everything(linked: Store) -> None:
    summary = tally_summary(linked, "status")
    assert summary.window is None and summary.incidents == ()
    assert summary.total == count_incidents(linked) == sum(n for _, n in summary.counts)
