from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from sitreps.errors import StoreError
from sitreps.model import Analysis, DateValue, Incident, Merged, Precision
from sitreps.store import copied, migrations, search
from sitreps.store.migrations import MIGRATIONS, Migration, current_version, migrate
from sitreps.store.queries import IncidentFilter, find_incidents
from sitreps.store.schema import incidents, schema_migrations, week_period
from sitreps.store.store import open_store


def recorded_versions(engine: sa.Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.scalars(sa.text("SELECT version FROM schema_migrations ORDER BY version")))


def add_sources_table(conn: sa.Connection) -> None:
    conn.execute(sa.text("CREATE TABLE sources (name TEXT PRIMARY KEY)"))


def test_a_new_database_is_stamped_with_every_migration(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "new.db")) as store:
        assert recorded_versions(store.engine) == [m.version for m in MIGRATIONS]
        assert set(sa.inspect(store.engine).get_table_names()) >= {
            "articles",
            "failures",
            "reports",
            "spans",
            "incidents",
            "incident_reports",
            "schema_migrations",
        }


def test_reopening_applies_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "again.db")
    open_store(path).close()
    with open_store(path) as store, store.engine.begin() as conn:
        assert migrate(conn) == []


def test_an_older_database_runs_only_the_steps_it_lacks(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "old.db")) as store:
        newer = (*MIGRATIONS, Migration(len(MIGRATIONS) + 1, "sources", add_sources_table))
        with store.engine.begin() as conn:
            assert migrate(conn, newer) == [len(MIGRATIONS) + 1]
        assert recorded_versions(store.engine)[-1] == len(MIGRATIONS) + 1
        assert "sources" in sa.inspect(store.engine).get_table_names()


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    def broken(conn: sa.Connection) -> None:
        add_sources_table(conn)
        raise RuntimeError("half done")

    with open_store(str(tmp_path / "safe.db")) as store:
        with pytest.raises(RuntimeError), store.engine.begin() as conn:
            migrate(conn, (*MIGRATIONS, Migration(len(MIGRATIONS) + 1, "broken", broken)))
        assert "sources" not in sa.inspect(store.engine).get_table_names()
        with store.engine.connect() as conn:
            assert current_version(conn) == len(MIGRATIONS)


def test_a_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    path = str(tmp_path / "future.db")
    with open_store(path) as store, store.engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO schema_migrations VALUES (999, 'from the future', CURRENT_TIMESTAMP)")
        )
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_migrations_must_be_numbered_in_order() -> None:
    with pytest.raises(StoreError):
        migrations._check_order([Migration(2, "skips one", add_sources_table)])


def test_a_version_1_database_gains_the_incident_indexes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        migrate(conn, MIGRATIONS[:1])
        for index in ("ix_incidents_date_cover", "ix_incidents_killed"):
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")  # as a version-1 database had none
    with engine.begin() as conn:
        assert migrate(conn) == [2, 3, 4, 5]
        names = {index["name"] for index in sa.inspect(conn).get_indexes("incidents")}
    assert {
        "ix_incidents_date_cover",
        "ix_incidents_place_cover",
        "ix_incidents_killed",
        "ix_incidents_sources",
    } <= names


def test_a_version_2_database_gains_a_text_search_over_what_it_holds(
    database: str, seed_analysis: Analysis, seed_incident: Incident
) -> None:
    with open_store(database) as store:
        store.add([seed_analysis])
        store.save_incidents([seed_incident])
        with store.engine.begin() as conn:  # as a version-2 database was: no search index
            search.drop_text_search(conn)
            conn.execute(schema_migrations.delete().where(schema_migrations.c.version >= 3))
    with open_store(database) as store:
        assert recorded_versions(store.engine)[-1] == len(MIGRATIONS)
        for words in ("Jraischan crossing", "ashab al-kahaf militia", "Basra"):  # place, text, governorate
            assert [i.id for i in find_incidents(store, IncidentFilter(text=words))] == [seed_incident.id]
        store.save_incidents([], replaced_ids=[seed_incident.id])  # and the triggers keep it
        assert find_incidents(store, IncidentFilter(text="Jraischan crossing")) == []


def test_a_version_3_database_gains_the_linking_page_index(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v3.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        migrate(conn, MIGRATIONS[:3])
        conn.exec_driver_sql("DROP INDEX ix_reports_date_article")  # as a version-3 database had:
        conn.exec_driver_sql("CREATE INDEX ix_reports_date ON reports (date)")  # the date alone
    with engine.begin() as conn:
        assert migrate(conn) == [4, 5]
        names = {index["name"] for index in sa.inspect(conn).get_indexes("reports")}
    assert "ix_reports_date_article" in names and "ix_reports_date" not in names


def test_a_version_4_database_gains_the_week_periods_of_what_it_holds(
    database: str, seed_analysis: Analysis, seed_incident: Incident
) -> None:
    """Every precision, and no date: the migration writes what `incident_row` would have."""
    dates = [
        DateValue(date(2020, 12, 31), Precision.DAY),  # ISO week 2020-W53
        DateValue(date(2021, 1, 4), Precision.WEEK),
        DateValue(date(2020, 7, 1), Precision.MONTH),
        DateValue(date(2021, 1, 1), Precision.YEAR),
        None,
    ]
    made = [
        replace(seed_incident, id=f"inc-{n}", date=Merged(when, seed_incident.report_ids))
        for n, when in enumerate(dates)
    ]
    with open_store(database) as store:
        store.add([seed_analysis])
        store.save_incidents(made)
        with store.engine.begin() as conn:  # as a version-4 database was: no period, no copy
            copied.drop(conn)
            conn.exec_driver_sql("DROP INDEX IF EXISTS ix_incidents_timeline")
            conn.exec_driver_sql("ALTER TABLE incidents DROP COLUMN week_period")
            conn.execute(schema_migrations.delete().where(schema_migrations.c.version >= 5))
    with open_store(database) as store, store.engine.connect() as conn:
        assert recorded_versions(store.engine)[-1] == 5
        stored = {
            row.id: row.week_period
            for row in conn.execute(sa.select(incidents.c.id, incidents.c.week_period))
        }
        assert stored == {
            "inc-0": "2020-W53", "inc-1": "2021-W01", "inc-2": "2020-07", "inc-3": "2021", "inc-4": None,
        }  # fmt: skip
        assert stored == {i.id: week_period(i.date.value) for i in made}
        indexes = {index["name"] for index in sa.inspect(conn).get_indexes("incidents")}
        assert ("ix_incidents_timeline" in indexes) is (conn.dialect.name == "sqlite")  # SQLite's own
        if conn.dialect.name == "sqlite":
            copies = conn.execute(sa.select(copied.incident_columns.c.week_period))
            assert sorted(copies.scalars(), key=str) == sorted(stored.values(), key=str)
