"""Incidents out of the store, in the shapes other tools read.

* CSV: ACLED's columns first (so ACLED users and scripts can read it as they read ACLED), then
  ours, which keep what ACLED's columns cannot hold (our attack type and target, the casualty
  range, status, sources). The attack-type mapping is data (`data/lexicons/acled_mapping.toml`,
  reasons in `docs/acled-mapping.md`).
* Parquet: the same rows, typed (dates as dates, counts as integers), for pandas/duckdb/R.
* GeoJSON: a FeatureCollection of Points with the same properties, for maps; incidents with
  no coordinates use their governorate's centroid when a `centroid` lookup is given.
* JSONL: one incident per line with every report and its evidence spans — the full record.

Incidents are read a page at a time, so an export of a large store streams.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import IO, Any

import pyarrow as pa  # type: ignore[import-untyped]  # no stubs published
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from ..errors import DataError, SitrepsError
from ..model import AttackType, Incident, PlaceLevel, Precision, Report
from ..resources import data_path
from .queries import IncidentFilter, article_sources, find_incidents, reports_of_incidents
from .serialize import to_json
from .store import Store

FORMATS: tuple[str, ...] = ("csv", "geojson", "jsonl", "parquet")
#: Finds a governorate's centroid, (lat, lon), from (country, admin1); the gazetteer has one.
Centroid = Callable[[str, str], tuple[float, float] | None]

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "country", "admin1", "admin2", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
)  # fmt: skip
SITREPS_COLUMNS: tuple[str, ...] = (
    "sitreps_id", "attack_type", "target", "status", "injured", "killed_low", "killed_high",
    "n_sources", "claimed_by", "denied_by",
)  # fmt: skip
COLUMNS = ACLED_COLUMNS + SITREPS_COLUMNS

#: Parquet keeps types; every column not named here is text.
_TYPED_COLUMNS: dict[str, pa.DataType] = {
    "event_date": pa.date32(), "year": pa.int32(), "time_precision": pa.int8(), "latitude": pa.float64(),
    "longitude": pa.float64(), "geo_precision": pa.int8(), "fatalities": pa.int32(), "injured": pa.int32(),
    "killed_low": pa.int32(), "killed_high": pa.int32(), "n_sources": pa.int32(),
}  # fmt: skip
PARQUET_SCHEMA = pa.schema([(name, _TYPED_COLUMNS.get(name, pa.string())) for name in COLUMNS])

#: ACLED's time_precision: 1 = the day is known, 2 = within a week, 3 = the month or coarser.
TIME_PRECISION = {Precision.DAY: 1, Precision.WEEK: 2, Precision.MONTH: 3, Precision.YEAR: 3}
#: ACLED's geo_precision: 1 = the site or town, 2 = near it or its district, 3 = the region.
GEO_PRECISION = {
    PlaceLevel.SITE: 1,
    PlaceLevel.LOCALITY: 1,
    PlaceLevel.ADMIN2: 2,
    PlaceLevel.ADMIN1: 3,
    PlaceLevel.COUNTRY: 3,
}
PAGE = 1000  # incidents read per query


class ExportError(SitrepsError):
    """An export that cannot be written (unknown format, unwritable destination)."""


@dataclass(frozen=True, slots=True)
class AcledMapping:
    event_types: dict[AttackType, tuple[str, str]]  # our attack type -> (event_type, sub_event_type)
    countries: dict[str, tuple[str, str]]  # ISO alpha-2 -> (alpha-3, name)
    unidentified_actor: str  # with "{country}"


def export(
    store: Store,
    fmt: str,
    out: str | Path | IO[bytes],
    filt: IncidentFilter | None = None,
    centroid: Centroid | None = None,
) -> int:
    """Write the incidents the filter selects to a path or a binary stream; how many written
    (for GeoJSON, the incidents that could be placed on a map)."""
    if fmt not in FORMATS:
        raise ExportError(f"cannot export as {fmt!r}; choose one of {', '.join(FORMATS)}")
    records = _records(store, filt)
    with _binary(out) as stream:
        if fmt == "jsonl":
            return _write_jsonl(records, stream)
        rows = (incident_row(incident, reports, sources, centroid) for incident, reports, sources in records)
        if fmt == "csv":
            return _write_csv(rows, stream)
        if fmt == "geojson":
            return _write_geojson(rows, stream)
        return _write_parquet(rows, stream)


Record = tuple[Incident, list[Report], dict[str, str]]  # an incident, its reports, article -> source


def _records(store: Store, filt: IncidentFilter | None) -> Iterator[Record]:
    offset = 0
    while page := find_incidents(store, filt, limit=PAGE, offset=offset):
        offset += len(page)
        reports = reports_of_incidents(store, [i.id for i in page])
        sources = article_sources(store, sorted({r.article_id for rs in reports.values() for r in rs}))
        for incident in page:
            yield incident, reports[incident.id], sources


def incident_row(
    incident: Incident, reports: Sequence[Report], sources: dict[str, str], centroid: Centroid | None = None
) -> dict[str, Any]:
    """One incident as an ACLED-style row (plus our columns), with typed values; None = empty."""
    mapping = load_acled_mapping()
    when, place = incident.date.value, incident.place.value
    country = place.country if place else None
    iso3, country_name = mapping.countries.get(country or "", (country or "", country or ""))
    event_type, sub_event_type = mapping.event_types[incident.attack_type.value or AttackType.OTHER]
    lat, lon, geo_precision = _coordinates(incident, centroid)
    outlets = list(dict.fromkeys(sources.get(r.article_id, r.article_id) for r in reports))
    claimants = list(incident.claimed_by)
    return {
        "event_id_cnty": f"{iso3}{incident.id.removeprefix('inc-')[:10].upper()}",
        "event_date": when.day if when else None,
        "year": when.day.year if when else None,
        "time_precision": TIME_PRECISION[when.precision] if when else None,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": claimants[0]
        if claimants
        else mapping.unidentified_actor.format(country=country_name or "unknown"),
        "assoc_actor_1": "; ".join(claimants[1:]) or None,
        "actor2": _most_told([r.target_owner.value for r in reports]),
        "country": country_name or None,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "location": place.name if place else _most_told([r.location_text for r in reports]),
        "latitude": lat,
        "longitude": lon,
        "geo_precision": geo_precision,
        "source": "; ".join(outlets) or None,
        "source_scale": None,  # ACLED's National/Regional/...: we do not know an outlet's reach
        "notes": notes(incident, reports),
        "fatalities": incident.killed.best or 0,  # ACLED writes 0 when no death is reported
        "sitreps_id": incident.id,
        "attack_type": str(incident.attack_type.value) if incident.attack_type.value else None,
        "target": str(incident.target.value) if incident.target.value else None,
        "status": str(incident.status),
        "injured": incident.injured.best,
        "killed_low": incident.killed.low,
        "killed_high": incident.killed.high,
        "n_sources": len({r.article_id for r in reports}) or len(incident.report_ids),
        "claimed_by": "; ".join(claimants) or None,
        "denied_by": "; ".join(incident.denied_by) or None,
    }


def _coordinates(
    incident: Incident, centroid: Centroid | None
) -> tuple[float | None, float | None, int | None]:
    """The place's own coordinates, else its governorate's centroid (then precision 3)."""
    place = incident.place.value
    if place is None:
        return None, None, None
    if place.lat is not None and place.lon is not None:
        return place.lat, place.lon, GEO_PRECISION[place.level]
    found = centroid(place.country, place.admin1) if centroid and place.admin1 else None
    if found:
        return found[0], found[1], GEO_PRECISION[PlaceLevel.ADMIN1]
    return None, None, GEO_PRECISION[place.level]


def notes(incident: Incident, reports: Sequence[Report]) -> str:
    """A short summary in ACLED's style, saying what the sources disagree on."""
    what = str(incident.attack_type.value or AttackType.OTHER).replace("_", " ")
    sentence = f"On {incident.date.value}: {what} attack" if incident.date.value else f"Undated {what} attack"
    if incident.target.value and incident.target.value != "other":
        sentence += f" on a {incident.target.value}"
    if incident.place.value:
        sentence += f" at {incident.place.value.name}"
    parts = [sentence + "."]
    if incident.claimed_by:
        parts.append(f"Claimed by {' and '.join(incident.claimed_by)}.")
    if incident.denied_by:
        parts.append(f"Denied by {' and '.join(incident.denied_by)}.")
    for label, toll in (("killed", incident.killed), ("injured", incident.injured)):
        if toll.best is not None:
            told = (
                str(toll.best) if toll.low == toll.high else f"{toll.best} (sources: {toll.low}-{toll.high})"
            )
            parts.append(f"{told} {label}.")
    if incident.disagreements:
        parts.append("Sources differ on " + ", ".join(d.field for d in incident.disagreements) + ".")
    parts.append(f"{len(reports) or len(incident.report_ids)} report(s).")
    return " ".join(parts)


def _most_told(values: Sequence[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return max(counts, key=lambda v: (counts[v], -values.index(v))) if counts else None


# -- writers ----------------------------------------------------------------------------------


def _write_csv(rows: Iterator[dict[str, Any]], stream: IO[bytes]) -> int:
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    writer = csv.DictWriter(text, fieldnames=COLUMNS)
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _csv_value(v) for k, v in row.items()})
        n += 1
    text.flush()
    text.detach()  # the caller owns the stream
    return n


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _write_parquet(rows: Iterator[dict[str, Any]], stream: IO[bytes]) -> int:
    n = 0
    with pq.ParquetWriter(stream, PARQUET_SCHEMA) as writer:
        for batch in _chunked(rows, PAGE):
            writer.write_table(pa.Table.from_pylist(batch, schema=PARQUET_SCHEMA))
            n += len(batch)
        if n == 0:
            writer.write_table(PARQUET_SCHEMA.empty_table())
    return n


def _write_geojson(rows: Iterator[dict[str, Any]], stream: IO[bytes]) -> int:
    """Written feature by feature, so a large export never sits in memory as one document."""
    stream.write(b'{"type": "FeatureCollection", "features": [\n')
    n = 0
    for row in rows:
        if row["latitude"] is None or row["longitude"] is None:
            continue  # a map cannot show it; the CSV and JSONL still have it
        feature = {
            "type": "Feature",
            "id": row["sitreps_id"],
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": {k: _csv_value(v) if isinstance(v, date) else v for k, v in row.items()},
        }
        stream.write((",\n" if n else "").encode() + json.dumps(feature, ensure_ascii=False).encode("utf-8"))
        n += 1
    stream.write(b"\n]}\n")
    return n


def _write_jsonl(records: Iterator[Record], stream: IO[bytes]) -> int:
    n = 0
    for incident, reports, sources in records:
        line = {
            "incident": to_json(incident),
            "reports": [{"source": sources.get(r.article_id), **to_json(r)} for r in reports],
        }
        stream.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
        n += 1
    return n


def _chunked(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextmanager
def _binary(out: str | Path | IO[bytes]) -> Iterator[IO[bytes]]:
    if not isinstance(out, str | Path):
        yield out
        return
    try:
        stream = open(out, "wb")  # noqa: SIM115 - closed below, after the writer is done
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror}") from exc
    with stream:
        yield stream


@cache
def load_acled_mapping() -> AcledMapping:
    path = data_path("lexicons", "acled_mapping.toml")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        event_types = {
            AttackType(name): (row["event_type"], row["sub_event_type"])
            for name, row in raw["attack_type"].items()
        }
        countries = {code: (row["iso3"], row["name"]) for code, row in raw["country"].items()}
        unidentified = raw["actors"]["unidentified"]
    except (OSError, tomllib.TOMLDecodeError, KeyError, ValueError) as exc:
        raise DataError(f"{path}: {type(exc).__name__}: {exc}") from exc
    missing = set(AttackType) - set(event_types)
    if missing:
        raise DataError(f"{path}: no ACLED event type for {', '.join(sorted(missing))}")
    return AcledMapping(event_types, countries, unidentified)
