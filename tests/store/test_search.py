"""The text search's index gives exactly what the LIKE scan gives, and stays so through every
write the store makes: ingest, re-ingest, linking, re-linking, replacing and clearing incidents.

The store holds the seed and dev corpora (English and Arabic wire reports) linked into
incidents. On PostgreSQL both conditions are the LIKE, so there the tests check the trigram
indexes are there and used."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitreps.link.cluster import link_new_reports, relink
from sitreps.store import copied, filters, search
from sitreps.store.filters import SORTS, Total, incident_condition, total_incidents
from sitreps.store.queries import IncidentFilter, count_incidents, find_incidents
from sitreps.store.schema import articles, incident_reports, incidents, reports, spans
from sitreps.store.search import like_text_condition, text_condition
from sitreps.store.store import Store, open_store

from .link_cases import analyses_of


def corpus_store(url: str) -> Store:
    store = open_store(url)
    store.add(analyses_of("seeds") + analyses_of("dev"))
    link_new_reports(store)
    return store


@pytest.fixture(scope="module")
def linked(module_database: str) -> Iterator[Store]:
    with corpus_store(module_database) as store:
        yield store


@pytest.fixture
def fresh(database: str) -> Iterator[Store]:
    """A linked corpus of its own, for tests that write."""
    with corpus_store(database) as store:
        yield store


def ids_where(store: Store, condition: sa.ColumnElement[bool]) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.scalars(sa.select(incidents.c.id).where(condition)))


def indexed(store: Store, needle: str) -> set[str]:
    return ids_where(store, text_condition(needle, store.engine.dialect.name))


def scanned(store: Store, needle: str) -> set[str]:
    return ids_where(store, like_text_condition(needle))


#: (needle, does the corpus mention it): real words of the reports, in both scripts, the
#: LIKE's own special characters, quotes, and needles too short for a trigram.
NEEDLES = [
    ("Yusufiya", True),  # a road, named in one article's text
    ("YUSUFIYA", True),  # the same, shouted
    ("logistics convoy", True),
    ("Ain al-Asad", True),  # a base, in several outlets' texts
    ("Ashab al-Kahf", True),  # a claimant: the incidents' own column too
    ("Basra", True),  # a governorate: the incidents' own column too
    ("مطار بغداد", True),  # "Baghdad airport"
    ("رتل", True),  # "convoy": three Arabic letters, one trigram
    ("سرية قاصم الجبارين", True),  # a claimant as an Arabic article names it
    ("خورمور", True),  # the Khor Mor gas field
    ("ال", True),  # two letters: too short for a trigram, so scanned
    ("a", True),
    ("ي", True),
    ('"', True),  # the FTS5 string quote
    ("'", True),
    ("%", False),  # LIKE's wildcards are only characters
    ("_", True),  # in some texts, as a character
    ("50%", False),
    ("al_Asad", False),
    ('" OR "', False),
    ("x' OR '1'='1", False),
    ("*", True),  # FTS5 query syntax inside a string is a literal character
    ("convoy*", False),
    ("NEAR(convoy rocket)", False),
    ("zzzqqq", False),
]


@pytest.mark.parametrize(("needle", "mentioned"), NEEDLES)
def test_the_index_finds_what_the_scan_finds(linked: Store, needle: str, mentioned: bool) -> None:
    found = indexed(linked, needle)
    assert found == scanned(linked, needle)
    assert bool(found) is mentioned


@pytest.mark.parametrize("needle", ["logistics convoy", "ال"])  # from the index; by the scan
def test_a_page_and_its_count_agree_with_the_scan(linked: Store, needle: str) -> None:
    filt = IncidentFilter(text=needle)
    expected = scanned(linked, needle)
    assert {i.id for i in find_incidents(linked, filt)} == expected
    assert count_incidents(linked, filt) == len(expected)  # the search alone: counted from the index
    in_baghdad = replace(filt, admin1="Baghdad")  # with another filter: counted over the incidents
    assert count_incidents(linked, in_baghdad) == len(find_incidents(linked, in_baghdad))
    page = find_incidents(linked, filt, limit=2, sort="-date")
    assert [i.id for i in page] == [i.id for i in find_incidents(linked, filt, sort="-date")][:2]


def test_a_search_with_other_filters_keeps_them(linked: Store) -> None:
    everywhere = {i.id for i in find_incidents(linked, IncidentFilter(text="rocket"))}
    in_baghdad = {i.id for i in find_incidents(linked, IncidentFilter(text="rocket", admin1="Baghdad"))}
    assert in_baghdad and in_baghdad < everywhere


# -- any substring of any stored text: the index agrees with the scan -----------------------


@pytest.fixture(scope="module")
def sqlite_linked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with corpus_store(str(tmp_path_factory.mktemp("search") / "corpus.db")) as store:
        yield store


@pytest.fixture(scope="module")
def stored_texts(sqlite_linked: Store) -> list[str]:
    """Every text a search reads: titles and bodies of reported articles, place texts,
    governorates and claimants."""
    with sqlite_linked.engine.connect() as conn:
        reported = sa.select(articles.c.title, articles.c.text).where(
            articles.c.id.in_(sa.select(reports.c.article_id))
        )
        texts = [t for row in conn.execute(reported) for t in row if t]
        texts += [t for t in conn.scalars(sa.select(reports.c.location_text)) if t]
        texts += [
            t for row in conn.execute(sa.select(incidents.c.admin1, incidents.c.claimed_by)) for t in row if t
        ]
    return texts


@st.composite
def substrings(draw: st.DrawFn, texts: list[str]) -> str:
    text = draw(st.sampled_from(texts))
    start = draw(st.integers(0, len(text) - 1))
    needle = text[start : start + draw(st.integers(1, 14))]
    return draw(st.sampled_from([needle, needle.upper(), needle.swapcase(), needle + "%", needle[:-1] + "_"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_substring_is_found_as_the_scan_finds_it(
    sqlite_linked: Store, stored_texts: list[str], data: st.DataObject
) -> None:
    needle = data.draw(substrings(stored_texts))
    assert indexed(sqlite_linked, needle) == scanned(sqlite_linked, needle)


# -- the index follows every write ----------------------------------------------------------

#: Words whose incidents change as incidents are re-linked, replaced or cleared.
PROBES = ["Yusufiya", "Basra", "Ashab al-Kahf", "رتل", "مطار بغداد", "rocket", "convoy", "Kirkuk"]


def assert_index_agrees(store: Store) -> dict[str, set[str]]:
    """Searches find what the scan finds, and on SQLite each part of the index holds exactly
    the rows it should (a stale entry can hide behind a rowid no row has yet), the copy of the
    incidents' columns included."""
    found = {needle: indexed(store, needle) for needle in PROBES}
    assert found == {needle: scanned(store, needle) for needle in PROBES}
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as conn:
            assert set(conn.exec_driver_sql("SELECT * FROM search_links")) == set(conn.exec_driver_sql(LINKS))
            copies = conn.exec_driver_sql(f"SELECT * FROM {copied.incident_columns.name}")
            assert set(copies) == set(conn.exec_driver_sql(COPIED))
            for needle in PROBES:
                for fts, like in INDEXED_ROWS.items():
                    hits = conn.exec_driver_sql(
                        f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?", (f'"{needle.lower()}"',)
                    )
                    rows = conn.exec_driver_sql(like, (f"%{needle.lower()}%",) * like.count("?"))
                    assert set(hits.scalars()) == set(rows.scalars()), (fts, needle)
    return found


#: What the copy of the incidents' flat columns should hold (every incident, as it now reads).
COPIED = f"SELECT rowid, {', '.join(copied.COPIED_COLUMNS)} FROM incidents"
#: What `search_links` should hold, and the rows each FTS table should find for a needle.
LINKS = """SELECT r.rowid, a.rowid, i.rowid FROM incident_reports ir JOIN reports r ON r.id = ir.report_id
    JOIN articles a ON a.id = r.article_id JOIN incidents i ON i.id = ir.incident_id"""
INDEXED_ROWS = {
    "search_articles": "SELECT rowid FROM articles a WHERE (lower(title) LIKE ? OR lower(text) LIKE ?) "
    "AND EXISTS (SELECT 1 FROM reports r WHERE r.article_id = a.id)",
    "search_reports": "SELECT rowid FROM reports WHERE lower(location_text) LIKE ?",
    "search_incidents": "SELECT rowid FROM incidents WHERE lower(admin1) LIKE ? OR lower(claimed_by) LIKE ?",
}


def test_relinking_everything_keeps_the_index(fresh: Store) -> None:
    before = assert_index_agrees(fresh)
    relink(fresh)
    after = assert_index_agrees(fresh)
    assert {n: len(ids) for n, ids in after.items()} == {n: len(ids) for n, ids in before.items()}
    assert all(after[n] for n in PROBES)


def test_ingesting_the_same_articles_again_changes_nothing(fresh: Store) -> None:
    before = assert_index_agrees(fresh)
    summary = fresh.add(analyses_of("seeds") + analyses_of("dev"))
    assert summary.duplicate == summary.total
    link_new_reports(fresh)
    assert assert_index_agrees(fresh) == before


def test_replacing_an_incident_replaces_what_it_is_found_by(fresh: Store) -> None:
    (claimed,) = find_incidents(fresh, IncidentFilter(text="Ashab al-Kahf", admin1="Basra"))
    renamed = replace(claimed, id="inc-renamed", claimed_by=("Qabdat al-Huda",))
    fresh.save_incidents([renamed], replaced_ids=[claimed.id])
    assert "inc-renamed" in indexed(fresh, "qabdat al-huda")
    assert claimed.id not in indexed(fresh, "Basra")
    assert "inc-renamed" in indexed(fresh, "Basra")  # the governorate and the articles came along
    assert_index_agrees(fresh)


def test_clearing_the_incidents_empties_every_search(fresh: Store) -> None:
    fresh.clear_incidents()
    assert all(not ids for ids in assert_index_agrees(fresh).values())
    link_new_reports(fresh)
    assert all(assert_index_agrees(fresh).values())


def test_rows_changed_in_place_are_indexed_as_they_now_read(fresh: Store) -> None:
    """No code of ours updates these columns, but a hand-made fix must not corrupt the index."""
    road = find_incidents(fresh, IncidentFilter(text="Yusufiya"))[0]
    renamed = {
        name: sa.func.replace(articles.c[name], "Yusufiya", "Yousifiyah") for name in ("title", "text")
    }
    with fresh.engine.begin() as conn:
        conn.execute(articles.update().values(renamed))
        conn.execute(
            reports.update().values(location_text="Camp Taji").where(reports.c.location_text.is_not(None))
        )
        conn.execute(incidents.update().values(admin1="Salah al-Din").where(incidents.c.id == road.id))
    assert indexed(fresh, "Yusufiya") == set()
    assert indexed(fresh, "yousifiyah")
    assert road.id in indexed(fresh, "salah al-din")
    assert indexed(fresh, "camp taji")
    assert_index_agrees(fresh)


def test_a_report_moved_to_another_article_or_incident_is_found_there(fresh: Store) -> None:
    """Moves no code of ours makes, done by hand: h023's first report said to be read in d005,
    and d005's first report put in the incident of h024."""
    with fresh.engine.begin() as conn:
        conn.execute(reports.update().values(article_id="d005").where(reports.c.id == "h023:0"))
        holder = conn.scalar(
            sa.select(incident_reports.c.incident_id).where(incident_reports.c.report_id == "h024:0")
        )
        conn.execute(
            incident_reports.update()
            .values(incident_id=holder)
            .where(incident_reports.c.report_id == "d005:0")
        )
    assert holder in indexed(fresh, "مطار بغداد")  # d005 tells of Baghdad airport
    assert_index_agrees(fresh)


def test_an_article_stays_indexed_until_its_last_report_goes(fresh: Store) -> None:
    """h023 (Arabic) tells two convoy attacks: one report deleted, its text is still searched."""
    for report_id in ("h023:0", "h023:1"):
        fresh.clear_incidents()
        with fresh.engine.begin() as conn:
            conn.execute(spans.delete().where(spans.c.report_id == report_id))
            conn.execute(reports.delete().where(reports.c.id == report_id))
        link_new_reports(fresh)
        assert_index_agrees(fresh)
    told_by_h023 = indexed(fresh, "السماوة واللطيفية")  # two towns only h023 names together
    assert told_by_h023 == scanned(fresh, "السماوة واللطيفية") == set()


def test_vacuum_keeps_the_rows_the_index_points_at(tmp_path: Path) -> None:
    with corpus_store(str(tmp_path / "vacuumed.db")) as store:
        store.clear_incidents()  # leaves holes in the rowids that VACUUM could close
        link_new_reports(store)
        before = assert_index_agrees(store)
        with store.engine.connect() as conn:
            conn.exec_driver_sql("COMMIT")  # VACUUM runs outside a transaction
            conn.exec_driver_sql("VACUUM")
        assert assert_index_agrees(store) == before


def test_rebuilding_the_index_gives_the_same_answers(fresh: Store) -> None:
    before = assert_index_agrees(fresh)
    with fresh.engine.begin() as conn:
        search.rebuild_text_search(conn)
    assert assert_index_agrees(fresh) == before


# -- PostgreSQL: trigram indexes ------------------------------------------------------------


def _plan(store: Store, query: sa.Select[str]) -> str:
    """PostgreSQL's plan for the query as our code sends it."""
    compiled = query.compile(dialect=store.engine.dialect)
    with store.engine.connect() as conn:
        for scan in ("seqscan", "indexscan"):  # a tiny table is otherwise read whole
            conn.exec_driver_sql(f"SET enable_{scan} = off")
        return "\n".join(conn.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params).scalars())


def _trigram_indexes(store: Store) -> set[str]:
    query = sa.text(
        "SELECT indexname FROM pg_indexes WHERE indexname LIKE :names AND schemaname = current_schema()"
    )
    with store.engine.connect() as conn:
        return set(conn.scalars(query, {"names": "%trgm"}))


def test_postgres_answers_the_like_from_trigram_indexes(linked: Store) -> None:
    if linked.engine.dialect.name != "postgresql":
        pytest.skip("SQLite answers from its FTS5 index")
    assert _trigram_indexes(linked) == {name for name, _, _ in search.TRIGRAM_INDEXES}
    plan = _plan(linked, sa.select(incidents.c.id).where(like_text_condition("Yusufiya")))
    assert all(name in plan for name, _, _ in search.TRIGRAM_INDEXES), plan


def test_postgres_without_pg_trgm_searches_by_scanning(
    database: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    if not database.startswith("postgresql"):
        pytest.skip("a PostgreSQL extension")
    monkeypatch.setattr(search, "TRIGRAM_EXTENSION", "pg_trgm_not_installed")
    search._warn_once.cache_clear()
    with caplog.at_level(logging.WARNING, logger=search.__name__), corpus_store(database) as store:
        assert _trigram_indexes(store) == set()
        assert indexed(store, "Yusufiya") == scanned(store, "Yusufiya") != set()
    assert "cannot create the pg_trgm_not_installed extension" in caplog.text


# -- a page of a common needle is walked, not listed; its total is capped --------------------

#: Needles most of the corpus's incidents mention (walked), some (walked a while), and few.
PAGE_NEEDLES = ["convoy", "the", "rocket", "Basra", "Yusufiya", "رتل", "al", "zzzqqq"]
PAGES = [(None, 0), (3, 0), (3, 4), (5, 20), (50, 0)]


def listed_page(store: Store, filt: IncidentFilter, limit: int | None, offset: int, sort: str) -> list[str]:
    """The page as the index's list of every match gives it (the walk turned off)."""
    walk_rows = filters.WALK_ROWS
    filters.WALK_ROWS = 0
    try:
        return [i.id for i in find_incidents(store, filt, limit, offset, sort)]
    finally:
        filters.WALK_ROWS = walk_rows


@pytest.mark.parametrize("needle", PAGE_NEEDLES)
@pytest.mark.parametrize("sort", SORTS)
def test_a_walked_page_is_the_listed_page(linked: Store, needle: str, sort: str) -> None:
    for filt in (IncidentFilter(text=needle), IncidentFilter(text=needle, target="convoy")):
        for limit, offset in PAGES:
            walked = [i.id for i in find_incidents(linked, filt, limit, offset, sort)]
            assert walked == listed_page(linked, filt, limit, offset, sort), (filt, limit, offset)
        assert set(listed_page(linked, filt, None, 0, sort)) == scanned(linked, needle) & ids_where(
            linked, incident_condition(linked, replace(filt, text=None))
        )


def test_a_common_needle_is_walked_without_the_index(linked: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk reads incidents, never the list of every match (which would fail here)."""

    def unlisted(needle: str, dialect: str) -> sa.ColumnElement[bool]:
        raise AssertionError(f"listed every match of {needle!r}")

    expected = listed_page(linked, IncidentFilter(text="convoy"), 5, 3, "-killed")
    monkeypatch.setattr(filters, "text_condition", unlisted)
    assert [i.id for i in find_incidents(linked, IncidentFilter(text="convoy"), 5, 3, "-killed")] == expected
    with pytest.raises(AssertionError, match="listed every match"):  # too deep a page to walk
        find_incidents(linked, IncidentFilter(text="convoy"), 5, filters.WALK_ROWS)


@pytest.mark.parametrize(("walk_rows", "first_step"), [(2, 1), (6, 2), (12, 3)])
def test_a_walk_that_runs_out_gives_way_to_the_index(
    linked: Store, monkeypatch: pytest.MonkeyPatch, walk_rows: int, first_step: int
) -> None:
    """Walks too short for the page, or for a needle this rare, hand over to the index's list."""
    pages = {
        (needle, sort): listed_page(linked, IncidentFilter(text=needle), 4, 1, sort)
        for needle in ("convoy", "Basra", "Yusufiya")
        for sort in ("date", "-sources")
    }
    monkeypatch.setattr(filters, "WALK_ROWS", walk_rows)
    monkeypatch.setattr(filters, "FIRST_STEP", first_step)
    for (needle, sort), expected in pages.items():
        assert [i.id for i in find_incidents(linked, IncidentFilter(text=needle), 4, 1, sort)] == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_substring_walks_to_the_listed_page(
    sqlite_linked: Store, stored_texts: list[str], data: st.DataObject
) -> None:
    filt = IncidentFilter(text=data.draw(substrings(stored_texts)))
    sort = data.draw(st.sampled_from(SORTS))
    limit, offset = data.draw(st.integers(1, 30)), data.draw(st.integers(0, 40))
    walked = [i.id for i in find_incidents(sqlite_linked, filt, limit, offset, sort)]
    assert walked == listed_page(sqlite_linked, filt, limit, offset, sort)


@pytest.mark.parametrize("needle", ["convoy", "rocket", "Basra", "ال", "zzzqqq"])
@pytest.mark.parametrize("cap", [0, 1, 5, 1_000])
def test_a_text_search_is_counted_up_to_the_cap(linked: Store, needle: str, cap: int) -> None:
    for filt in (IncidentFilter(text=needle), IncidentFilter(text=needle, target="convoy")):
        exact = count_incidents(linked, filt)
        assert total_incidents(linked, filt, cap) == Total(min(exact, cap), exact=exact <= cap)


def test_a_total_without_text_stays_exact_past_the_cap(linked: Store) -> None:
    everything = count_incidents(linked)
    assert everything > 5
    assert total_incidents(linked, IncidentFilter(), 5) == Total(everything, exact=True)
    assert total_incidents(linked, None, 5) == Total(everything, exact=True)
