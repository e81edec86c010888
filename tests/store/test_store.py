from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sitreps.errors import StoreError
from sitreps.model import (
    Analysis,
    Article,
    DateValue,
    Fact,
    Failure,
    Incident,
    Precision,
    Range,
    Report,
    content_id,
)
from sitreps.store.queries import IncidentFilter, find_incidents
from sitreps.store.schema import DATA_TABLES
from sitreps.store.store import BatchSummary, NotFoundError, Store, database_url, open_store


def table_rows(store: Store) -> dict[str, list[tuple]]:
    with store.engine.connect() as conn:
        return {
            t.name: [tuple(row) for row in conn.execute(sa.select(t).order_by(*t.primary_key))]
            for t in DATA_TABLES
        }


def test_articles_and_reports_come_back_as_they_went_in(store: Store, seed_analyses: list[Analysis]) -> None:
    summary = store.add(seed_analyses)
    assert (summary.ingested, summary.duplicate, summary.skipped, summary.failed) == (5, 0, 0, 0)
    assert summary.reports == 2
    assert summary.article_ids == tuple(a.article.id for a in seed_analyses)
    stored = {article.id: article for article in store.articles()}
    assert stored == {a.article.id: a.article for a in seed_analyses}
    assert store.reports(article_id=seed_analyses[0].article.id) == list(seed_analyses[0].reports)


def test_flat_columns_and_evidence_spans_match_the_report(store: Store, seed_analysis: Analysis) -> None:
    store.add([seed_analysis])
    main = seed_analysis.reports[0]
    with store.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM reports WHERE id = :id"), {"id": main.id}).mappings().one()
        spans = conn.execute(
            sa.text("SELECT field, text FROM spans WHERE report_id = :id"), {"id": main.id}
        ).all()
    assert (row["role"], row["attack_type"], row["target"], row["admin1"], row["country"]) == (
        "main",
        "ied",
        "convoy",
        "Basra",
        "IQ",
    )
    assert (str(row["date"]), row["date_precision"], row["claimed_by"], row["killed"]) == (
        "2020-08-10",
        "day",
        "Ashab al-Kahf",
        0,
    )
    assert ("claimed_by", "Ashab al-Kahaf militia group") in spans
    assert ("trigger", "An explosion") in spans
    assert ("cited_sources", "Reuters reported") in spans


def test_second_ingest_changes_no_row(store: Store, seed_analyses: list[Analysis]) -> None:
    failure = Failure("broken.jsonl:3", "read", "JSONDecodeError: Expecting value")
    store.add([*seed_analyses, failure])
    before = table_rows(store)
    again = store.add([*seed_analyses, failure])
    assert (again.ingested, again.duplicate, again.failed) == (0, 5, 1)
    assert table_rows(store) == before


def test_the_same_article_twice_in_one_batch_is_stored_once(store: Store, seed_analysis: Analysis) -> None:
    summary = store.add([seed_analysis, seed_analysis])
    assert (summary.ingested, summary.duplicate) == (1, 1)
    assert store.counts()["articles"] == 1


def test_failed_input_is_recorded_and_the_rest_of_the_batch_lands(
    store: Store, seed_analyses: list[Analysis]
) -> None:
    failure = Failure("feed.xml", "read", "not a feed")
    summary = store.add([seed_analyses[0], failure, seed_analyses[1]])
    assert (summary.ingested, summary.failed, summary.failures) == (2, 1, (failure,))
    assert store.failures() == [failure]
    assert store.counts()["articles"] == 2


def test_article_the_database_rejects_becomes_a_store_failure(
    store: Store, seed_analyses: list[Analysis]
) -> None:
    unstorable = Analysis(replace(seed_analyses[1].article, id="x" * 20, text="lone surrogate \ud800"))
    summary = store.add([seed_analyses[0], unstorable, seed_analyses[2]])
    assert (summary.ingested, summary.failed) == (2, 1)
    assert summary.failures[0].stage == "store" and summary.failures[0].source == unstorable.article.source
    assert "x" * 20 not in {a.id for a in store.articles()}


def test_not_extracted_articles_are_stored_and_counted_as_skipped(
    store: Store, seed_analysis: Analysis
) -> None:
    arabic = Analysis(replace(seed_analysis.article, id="a" * 20, language="ar"), extracted=False)
    summary = store.add([arabic])
    assert (summary.ingested, summary.skipped) == (0, 1)
    assert store.article("a" * 20).language == "ar"


def test_article_is_found_by_id_prefix_or_record_id(store: Store, seed_analyses: list[Analysis]) -> None:
    store.add(seed_analyses)
    article = seed_analyses[2].article
    assert store.article(article.id) == article
    assert store.article(article.id[:8]) == article
    assert store.article("seed-002") == article
    with pytest.raises(NotFoundError):
        store.article("no-such-article")
    with pytest.raises(NotFoundError):
        store.article(article.id[:2])  # too short to be a useful prefix


def test_articles_are_listed_by_date_with_limit(store: Store, seed_analyses: list[Analysis]) -> None:
    store.add(seed_analyses)
    listed = store.articles()
    dates = [a.published for a in listed if a.published]
    assert dates == sorted(dates)
    assert store.articles(limit=2) == listed[:2]
    assert store.articles(ids=[listed[3].id]) == [listed[3]]


def test_incidents_are_saved_replaced_and_cleared(
    store: Store, seed_analysis: Analysis, seed_incident: Incident
) -> None:
    store.add([seed_analysis])
    main, background = seed_analysis.reports
    assert store.reports_without_incident() == [main, background]

    store.save_incidents([seed_incident])
    assert store.incident(seed_incident.id) == seed_incident
    assert store.reports_without_incident() == [background]
    assert store.incidents_between(date(2020, 8, 1), date(2020, 8, 31)) == [seed_incident]
    assert store.incidents_between(date(2020, 9, 1), date(2020, 9, 30)) == []

    merged = replace(seed_incident, id="inc-2", report_ids=(main.id, background.id), killed=Range(0, 1, 2))
    store.save_incidents([merged], replaced_ids=[seed_incident.id])
    assert store.incidents() == [merged]
    assert store.reports_without_incident() == []
    with pytest.raises(NotFoundError):
        store.incident(seed_incident.id)

    store.clear_incidents()
    assert store.counts()["incidents"] == store.counts()["incident_reports"] == 0
    assert len(store.reports_without_incident()) == 2


def test_an_incident_saved_again_is_updated_in_place(
    store: Store, seed_analysis: Analysis, seed_incident: Incident
) -> None:
    """A report joining a stored incident adds one link; the others and the row stay as they
    are (SQLite: the same rowids, under which the search index knows them)."""
    main, background = seed_analysis.reports
    later = replace(background, id=f"{seed_analysis.article.id}:9")
    store.add([replace(seed_analysis, reports=(main, background, later))])
    alone = replace(seed_incident, report_ids=(main.id,))
    store.save_incidents([alone])
    store.save_incidents([replace(seed_incident, id="inc-later", report_ids=(later.id,))])  # rows after its
    before = _rows(store)
    grown = replace(seed_incident, report_ids=(main.id, background.id), killed=Range(0, 1, 2))
    store.save_incidents([grown], replaced_ids=[alone.id])
    assert store.incident(grown.id) == grown
    assert store.reports_without_incident() == []
    after = _rows(store)
    assert after["links"] == {*before["links"], (grown.id, background.id)}
    if store.engine.dialect.name == "sqlite":
        assert after["rowids"] == before["rowids"] | {
            ("link", grown.id, background.id): after["rowids"][("link", grown.id, background.id)]
        }
        found = {i.id for i in find_incidents(store, IncidentFilter(text="kahaf"))}
        assert found == {grown.id, "inc-later"}  # still in the search index
    shrunk = replace(grown, report_ids=(background.id,))
    store.save_incidents([shrunk], replaced_ids=[grown.id])
    assert store.incident(shrunk.id) == shrunk
    assert _rows(store)["links"] == {(shrunk.id, background.id), ("inc-later", later.id)}
    assert store.reports_without_incident() == [main]


def _rows(store: Store) -> dict[str, Any]:
    with store.engine.connect() as conn:
        links = {
            tuple(row) for row in conn.execute(sa.text("SELECT incident_id, report_id FROM incident_reports"))
        }
        rowids = {}
        if store.engine.dialect.name == "sqlite":
            rowids = {("incident", i): n for i, n in conn.execute(sa.text("SELECT id, rowid FROM incidents"))}
            rowids |= {
                ("link", i, r): n
                for i, r, n in conn.execute(
                    sa.text("SELECT incident_id, report_id, rowid FROM incident_reports")
                )
            }
    return {"links": links, "rowids": rowids}


#: (article, day, precision) of each report: days shared by several articles, every precision.
PAGED = [
    (0, date(2020, 8, 10), Precision.DAY),
    (0, date(2020, 8, 9), Precision.MONTH),
    (1, date(2020, 8, 10), Precision.WEEK),
    (1, None, None),
    (2, date(2020, 8, 10), Precision.DAY),
    (2, date(2021, 1, 3), Precision.YEAR),
    (2, None, None),
    (3, date(2020, 1, 1), Precision.YEAR),
    (4, date(2020, 8, 9), Precision.DAY),
    (4, None, None),
]


def paged_analyses(seed_analyses: list[Analysis]) -> list[Analysis]:
    template = seed_analyses[0].reports[0]
    reports: dict[int, list[Report]] = {n: [] for n in range(len(seed_analyses))}
    for n, day, precision in PAGED:
        article_id = seed_analyses[n].article.id
        when = DateValue(day, precision) if day and precision else None
        reports[n].append(
            replace(template, id=f"{article_id}:{len(reports[n])}", article_id=article_id, date=Fact(when))
        )
    return [replace(a, reports=tuple(reports[n])) for n, a in enumerate(seed_analyses)]


def key_of(report: Report) -> tuple[date | None, str, str]:
    return report.date.value.day if report.date.value else None, report.article_id, report.id


def all_pages(store: Store, linkable: bool, limit: int) -> list[Report]:
    found: list[Report] = []
    while page := store.unlinked_reports_page(
        linkable=linkable, after=key_of(found[-1]) if found else None, limit=limit
    ):
        assert len(page) <= limit
        found += page
    return found


def test_unlinked_reports_come_page_by_page_in_the_linkers_order(
    store: Store, seed_analyses: list[Analysis], seed_incident: Incident
) -> None:
    """Days, weeks and months (which link) by date, article, id; then years, then the undated."""
    analyses = paged_analyses(seed_analyses)
    store.add(analyses)
    every = [r for a in analyses for r in a.reports]
    in_order = sorted(every, key=lambda r: (key_of(r)[0] or date.max, *key_of(r)[1:]))
    linkable = [r for r in in_order if r.date.value and r.date.value.precision is not Precision.YEAR]
    others = [r for r in in_order if r not in linkable]
    for limit in (1, 2, 3, 100):
        assert all_pages(store, linkable=True, limit=limit) == linkable
        assert all_pages(store, linkable=False, limit=limit) == others
    assert store.count_unlinked_reports() == len(every) == 10

    first = store.unlinked_reports_page(linkable=True, after=None, limit=2)
    store.save_incidents([replace(seed_incident, report_ids=(linkable[3].id,))])  # linked meanwhile
    rest = store.unlinked_reports_page(linkable=True, after=key_of(first[-1]), limit=100)
    assert first + rest == linkable[:3] + linkable[4:]
    assert store.count_unlinked_reports() == len(every) - 1


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0


def test_a_batch_of_reports_goes_into_sqlite_as_one_statement(
    sqlite_store: Store, seed_analysis: Analysis
) -> None:
    """Not one statement per report: each statement that fires the search triggers makes FTS5
    write a segment of its own, which doubled the cost of indexing a batch's articles."""
    article = seed_analysis.article
    batch = [
        Analysis(
            replace(article, id=f"{n:064x}", text=f"{article.text} ({n})"),
            tuple(
                replace(r, id=f"{n:064x}:{i}", article_id=f"{n:064x}")
                for i, r in enumerate(seed_analysis.reports)
            ),
        )
        for n in range(1, 31)
    ]
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.startswith("INSERT INTO reports"):
            statements.append(statement)

    sa.event.listen(sqlite_store.engine, "before_cursor_execute", record)
    sqlite_store.add(batch)
    stored = sqlite_store.counts()["reports"]
    assert stored == 30 * len(seed_analysis.reports) > 30
    assert len(statements) == 1 and statements[0].count("(?,") == stored  # one row of values each


def test_a_report_of_an_unknown_article_is_refused_by_the_foreign_key(
    store: Store, seed_analysis: Analysis
) -> None:
    orphan = replace(seed_analysis.reports[0], id="nobody:0", article_id="nobody")
    with store.engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):
        conn.execute(
            sa.text(
                "INSERT INTO reports (id, article_id, role, confidence, pipeline_version, data) "
                "VALUES (:id, :a, 'main', 0, 'x', '{}')"
            ),
            {"id": orphan.id, "a": orphan.article_id},
        )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@db/sitreps", "postgresql+psycopg://u:***@db/sitreps"),
        ("sqlite:///tmp/x.db", "sqlite:///tmp/x.db"),
        (":memory:", "sqlite://"),
    ],
)
def test_database_urls(given: str, expected: str) -> None:
    assert database_url(given).render_as_string(hide_password=True) == expected


def test_a_bare_path_is_a_sqlite_file(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "plain.db")):
        pass
    assert (tmp_path / "plain.db").exists()


def test_an_unreachable_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open|unable to open"):
        open_store(str(tmp_path / "no" / "such" / "folder" / "x.db"))


def test_two_writers_on_one_sqlite_file_queue_instead_of_failing(tmp_path: Path) -> None:
    """Two `sitreps ingest` at once: BEGIN IMMEDIATE and the busy timeout make the second wait."""
    path = str(tmp_path / "shared.db")
    open_store(path).close()
    batches = [
        [Analysis(Article(content_id(f"{who} {i}"), who, f"{who} {i}", f"{who} {i}")) for i in range(200)]
        for who in ("first", "second")
    ]

    def write(batch: list[Analysis]) -> BatchSummary:
        with open_store(path) as store:
            return store.add(batch)

    with ThreadPoolExecutor(max_workers=2) as pool:
        summaries = list(pool.map(write, batches))
    assert [s.ingested for s in summaries] == [200, 200]
    with open_store(path) as store:
        assert store.counts()["articles"] == 400
