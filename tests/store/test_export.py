"""Exports of the linked seed and dev corpora: ACLED-style CSV and Parquet, GeoJSON, JSONL."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from shapely.geometry import shape

from sitreps.geo.gazetteer import load_gazetteer
from sitreps.link.cluster import link_new_reports
from sitreps.model import AttackType
from sitreps.store.export import ACLED_COLUMNS, COLUMNS, ExportError, export, load_acled_mapping
from sitreps.store.queries import IncidentFilter, count_incidents
from sitreps.store.store import Store, open_store

from .link_cases import analyses_of


@pytest.fixture(scope="module")
def linked(module_database: str) -> Iterator[Store]:
    with open_store(module_database) as store:
        store.add(analyses_of("seeds") + analyses_of("dev"))
        link_new_reports(store)
        yield store


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_the_csv_starts_with_acleds_columns(linked: Store) -> None:
    out = io.BytesIO()
    assert export(linked, "csv", out) == count_incidents(linked)
    header = out.getvalue().decode("utf-8").splitlines()[0].split(",")
    acled = (
        "event_id_cnty event_date year time_precision event_type sub_event_type actor1 assoc_actor_1 actor2 "
        "country admin1 admin2 location latitude longitude geo_precision source source_scale notes fatalities"
    )
    ours = (
        "sitreps_id attack_type target status injured killed_low killed_high n_sources claimed_by denied_by"
    )
    assert header == acled.split() + ours.split() == list(COLUMNS)
    assert header[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)


def test_a_claimed_convoy_bombing_as_an_acled_row(linked: Store) -> None:
    """seed-003: an IED on the Yusufiya road, 10 February 2021, claimed by Saraya Qasim al-Jabbarin."""
    out = io.BytesIO()
    export(linked, "csv", out, IncidentFilter(text="Yusufiya", attack_type="ied"))
    (row,) = csv_rows(out.getvalue())
    assert row["event_id_cnty"].startswith("IRQ")
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2021-02-10", "2021", "1")
    assert (row["event_type"], row["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    )
    assert (row["actor1"], row["admin1"], row["country"]) == ("Saraya Qasim al-Jabbarin", "Baghdad", "Iraq")
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == ("33.06", "44.25", "1")
    assert (row["fatalities"], row["killed_low"], row["killed_high"], row["injured"]) == ("0", "0", "0", "0")
    assert (row["status"], row["n_sources"], row["source"]) == (
        "claimed",
        "1",
        "South Front (reposted on LiveJournal)",
    )
    assert "Claimed by Saraya Qasim al-Jabbarin" in row["notes"]


def test_an_unclaimed_attack_has_acleds_unidentified_actor_and_a_tally_of_sources(linked: Store) -> None:
    """K001: rockets on Baghdad airport, 28 January 2022, told by five outlets."""
    out = io.BytesIO()
    export(linked, "csv", out, IncidentFilter(target="airport"))
    (row,) = csv_rows(out.getvalue())
    assert row["actor1"] == "Unidentified Armed Group (Iraq)"
    assert row["sub_event_type"] == "Shelling/artillery/missile attack"
    assert row["n_sources"] == "5" and len(row["source"].split("; ")) == 5


def test_the_geojson_is_valid_points(linked: Store) -> None:
    out = io.BytesIO()
    placed = export(linked, "geojson", out)
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == placed > 0
    for feature in collection["features"]:
        point = shape(feature["geometry"])
        assert point.geom_type == "Point" and point.is_valid
        assert (point.y, point.x) == (feature["properties"]["latitude"], feature["properties"]["longitude"])
        assert 29 < point.y < 38 and 38 < point.x < 49  # in Iraq


def test_governorate_centroids_place_the_rest_on_the_map(linked: Store) -> None:
    plain, with_seats = io.BytesIO(), io.BytesIO()
    export(linked, "geojson", plain)
    gaz = load_gazetteer()
    export(linked, "geojson", with_seats, centroid=gaz.governorate_point)
    added = {f["id"] for f in json.loads(with_seats.getvalue())["features"]} - {
        f["id"] for f in json.loads(plain.getvalue())["features"]
    }
    assert added
    for feature in json.loads(with_seats.getvalue())["features"]:
        if feature["id"] in added:
            assert feature["properties"]["geo_precision"] == 3
            seat = gaz.governorate_point("IQ", feature["properties"]["admin1"])
            assert tuple(feature["geometry"]["coordinates"][::-1]) == seat


def test_parquet_reads_back_with_pyarrow_and_duckdb(linked: Store, tmp_path: Path) -> None:
    path, csv_out = tmp_path / "incidents.parquet", io.BytesIO()
    written = export(linked, "parquet", path)
    export(linked, "csv", csv_out)
    table = pq.read_table(path)
    assert table.num_rows == written == count_incidents(linked)
    assert table.column_names == list(COLUMNS)
    from_arrow = sorted(tuple(row.values()) for row in table.to_pylist())
    from_duckdb = sorted(duckdb.sql(f"SELECT * FROM read_parquet('{path}')").fetchall())
    assert from_duckdb == from_arrow
    assert sorted(r["sitreps_id"] for r in table.to_pylist()) == sorted(
        r["sitreps_id"] for r in csv_rows(csv_out.getvalue())
    )


def test_jsonl_holds_each_incident_with_its_reports_and_evidence(linked: Store) -> None:
    out = io.BytesIO()
    assert export(linked, "jsonl", out, IncidentFilter(admin1="Sulaymaniyah")) == 5
    lines = [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]
    for line in lines:
        assert line["incident"]["place"]["value"]["admin1"] == "Sulaymaniyah"
        assert [r["id"] for r in line["reports"]] == line["incident"]["report_ids"]
    spans = [span for line in lines for r in line["reports"] for span in r["place"]["evidence"]]
    assert spans and all(set(span) == {"article_id", "start", "end", "text"} for span in spans)


def test_a_path_and_a_stream_get_the_same_bytes(linked: Store, tmp_path: Path) -> None:
    stream = io.BytesIO()
    export(linked, "csv", stream)
    export(linked, "csv", tmp_path / "incidents.csv")
    assert (tmp_path / "incidents.csv").read_bytes() == stream.getvalue()


def test_an_empty_selection_still_writes_a_valid_file(linked: Store, tmp_path: Path) -> None:
    nothing = IncidentFilter(admin1="Halabja")
    assert export(linked, "parquet", tmp_path / "none.parquet", nothing) == 0
    assert pq.read_table(tmp_path / "none.parquet").num_rows == 0
    out = io.BytesIO()
    export(linked, "geojson", out, nothing)
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


@pytest.mark.parametrize(
    ("attack_type", "event_type", "sub_event_type"),
    [
        (AttackType.IED, "Explosions/Remote violence", "Remote explosive/landmine/IED"),
        (AttackType.ROCKET, "Explosions/Remote violence", "Shelling/artillery/missile attack"),
        (AttackType.DRONE, "Explosions/Remote violence", "Air/drone strike"),
        (AttackType.SUICIDE, "Explosions/Remote violence", "Suicide bomb"),
        (AttackType.ARMED_ASSAULT, "Battles", "Armed clash"),
        (AttackType.ARSON, "Strategic developments", "Looting/property destruction"),
        (AttackType.OTHER, "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ],
)
def test_acled_event_types(attack_type: AttackType, event_type: str, sub_event_type: str) -> None:
    assert load_acled_mapping().event_types[attack_type] == (event_type, sub_event_type)


def test_an_unknown_format_is_refused(linked: Store) -> None:
    with pytest.raises(ExportError):
        export(linked, "xlsx", io.BytesIO())
