"""Reports built from the annotated corpora, so linking is tested on real incidents told by
real outlets (different spellings, tolls, date precisions) before the extractor exists.

Each gold event of an article becomes the `Report` a perfect extractor would give: the same
date and precision, type, target, claimant and tolls, and a place as a gazetteer would resolve
it — a point place when the gold has coordinates (the same coordinates are the same gazetteer
row), else the governorate, else the country. Report ids are "<article id>:<event index>".
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from sitreps.model import (
    Analysis,
    Article,
    AttackType,
    DateValue,
    Fact,
    Place,
    PlaceLevel,
    Precision,
    Report,
    Role,
    Span,
    Target,
)

CORPORA = Path(__file__).parents[1] / "data" / "corpus"


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_records(folder: str) -> list[dict[str, Any]]:
    return _jsonl(CORPORA / folder / "gold.jsonl")


def analyses_of(folder: str = "dev", country: str = "IQ") -> list[Analysis]:
    """Every article of the folder (its id is the record id) with its gold events as reports,
    the location text as evidence where the article has it word for word."""
    gold = {record["id"]: record["events"] for record in gold_records(folder)}
    analyses = []
    for record in _jsonl(CORPORA / folder / "corpus.jsonl"):
        article = Article(
            id=record["id"],
            source=f"{folder}/corpus.jsonl#{record['id']}",
            raw_text=record["text"],
            text=record["text"],
            url=record.get("url"),
            outlet=record.get("outlet"),
            title=record.get("title"),
            published=dt.date.fromisoformat(record["published"]) if record.get("published") else None,
            language="en",
            external_id=record["id"],
        )
        reports = tuple(
            report_of(article.id, i, event, article.text)
            for i, event in enumerate(gold.get(record["id"], []))
            if event.get("country") == country
        )
        analyses.append(Analysis(article, reports))
    return analyses


def gold_reports(folder: str = "dev", country: str = "IQ") -> dict[str, str]:
    """{report id: gold incident id} for the folder's events in `country`; see `report_of`."""
    return {
        f"{record['id']}:{i}": event["incident"]
        for record in gold_records(folder)
        for i, event in enumerate(record["events"])
        if event.get("country") == country
    }


def reports_of(folder: str = "dev", country: str = "IQ") -> list[Report]:
    return [
        report_of(record["id"], i, event)
        for record in gold_records(folder)
        for i, event in enumerate(record["events"])
        if event.get("country") == country
    ]


def report_of(article_id: str, index: int, event: dict[str, Any], text: str = "") -> Report:
    """The report a perfect extractor would give for one gold event."""
    place = place_of(event)
    where = text.find(event["location"]) if event.get("location") else -1
    evidence = (
        (Span(article_id, where, where + len(event["location"]), event["location"]),) if where >= 0 else ()
    )
    return Report(
        id=f"{article_id}:{index}",
        article_id=article_id,
        role=Role(event["role"]),
        attack_type=Fact(AttackType(event["attack_type"]), confidence=0.9),
        target=Fact(Target(event["target"]), confidence=0.9),
        date=Fact(_date(event), confidence=0.9) if event.get("date") else Fact(),
        place=Fact(place, evidence, confidence=0.9) if place else Fact(),
        location_text=event.get("location"),
        claimed_by=Fact(event.get("claimed_by"), confidence=0.8) if event.get("claimed_by") else Fact(),
        killed=Fact(event.get("killed"), confidence=0.8) if event.get("killed") is not None else Fact(),
        injured=Fact(event.get("injured"), confidence=0.8) if event.get("injured") is not None else Fact(),
        confidence=0.9,
    )


def undated_where_pages_are(reports: list[Report], folder: str = "dev") -> list[Report]:
    """The reports as an extractor gives them for pages with no publication date: the reports of
    such articles lose their date (the gold took it from other outlets), and keep only the
    weekday of a day-precise one, as a text that says "on Friday" gives it."""
    undated_pages = {r["id"] for r in _jsonl(CORPORA / folder / "corpus.jsonl") if not r.get("published")}
    return [_undated(r) if r.article_id in undated_pages else r for r in reports]


def undated_analyses(folder: str = "dev") -> list[Analysis]:
    """`analyses_of` with the reports of undated pages undated (`undated_where_pages_are`)."""
    return [
        replace(a, reports=tuple(undated_where_pages_are(list(a.reports), folder)))
        for a in analyses_of(folder)
    ]


def _undated(report: Report) -> Report:
    when = report.date.value
    weekday = when.day.weekday() if when and when.precision is Precision.DAY else None
    return replace(report, date=Fact(), weekday=weekday)


def _date(event: dict[str, Any]) -> DateValue:
    precision = Precision(event.get("date_precision") or "day")
    text = event["date"]
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return DateValue(dt.date(parts[0], parts[1], parts[2]), precision)


def place_of(event: dict[str, Any]) -> Place | None:
    country, admin1 = event.get("country"), event.get("admin1")
    name = event.get("location") or admin1 or country
    if event.get("lat") is not None and event.get("lon") is not None:
        lat, lon = event["lat"], event["lon"]
        return Place(f"pt:{lat:.2f},{lon:.2f}", name, PlaceLevel.SITE, country, admin1, lat=lat, lon=lon)
    if admin1:
        return Place(f"admin1:{admin1}", admin1, PlaceLevel.ADMIN1, country, admin1)
    if country:
        return Place(f"country:{country}", country, PlaceLevel.COUNTRY, country)
    return None


# -- hand-built reports -------------------------------------------------------------------------
# Places as the gazetteer gives them (coordinates rounded, from GeoNames / the gold files).

MUTHANNA = Place("admin1:Muthanna", "Muthanna", PlaceLevel.ADMIN1, "IQ", "Muthanna", lat=30.5, lon=45.0)
SAMAWAH = Place(
    "loc:samawah", "Samawah", PlaceLevel.LOCALITY, "IQ", "Muthanna", "Samawah", 31.31, 45.28, "city"
)
KHIDR = Place(
    "loc:al-khidr", "Al-Khidr", PlaceLevel.LOCALITY, "IQ", "Muthanna", "Samawah", 31.20, 45.54, "town"
)
SALMAN = Place(
    "loc:salman", "Al-Salman", PlaceLevel.LOCALITY, "IQ", "Muthanna", "Al-Salman", 30.50, 44.54, "town"
)
BAGHDAD = Place("admin1:Baghdad", "Baghdad", PlaceLevel.ADMIN1, "IQ", "Baghdad", lat=33.34, lon=44.40)
LATIFIYA = Place(
    "loc:latifiya", "Latifiya", PlaceLevel.LOCALITY, "IQ", "Baghdad", "Mahmudiya", 33.03, 44.34, "town"
)
BATHA = Place("adm2:al-batha", "Al-Batha", PlaceLevel.ADMIN2, "IQ", "Dhi Qar", "Al-Batha")
BATHA_ROAD = Place(
    "site:batha-road", "Batha highway", PlaceLevel.SITE, "IQ", "Dhi Qar", "Al-Batha", kind="road"
)
ERBIL = Place("loc:erbil", "Erbil", PlaceLevel.LOCALITY, "IQ", "Erbil", "Erbil", 36.19, 44.01, "city")
AZIM = Place("adm2:al-azim", "Al-Azim", PlaceLevel.ADMIN2, "IQ", "Diyala", "Al-Azim")
ZILKAN = Place(
    "site:zilkan", "Zilkan base", PlaceLevel.SITE, "IQ", "Nineveh", "Bashiqa", 36.45, 43.35, "base"
)
BASHIQA = Place(
    "loc:bashiqa", "Bashiqa", PlaceLevel.LOCALITY, "IQ", "Nineveh", "Bashiqa", 36.46, 43.34, "town"
)
BIAP = Place(
    "site:biap",
    "Baghdad International Airport",
    PlaceLevel.SITE,
    "IQ",
    "Baghdad",
    "Karkh",
    33.26,
    44.23,
    "airport",
)
KHOR_MOR = Place(  # the curated row has no coordinates: only its id can match
    "site:khor-mor",
    "Khor Mor gas field",
    PlaceLevel.SITE,
    "IQ",
    "Sulaymaniyah",
    "Chamchamal",
    kind="gasfield",
)
CONSULATE = Place(
    "site:us-consulate-erbil",
    "US consulate",
    PlaceLevel.SITE,
    "IQ",
    "Erbil",
    "Erbil",
    36.19,
    44.01,
    "embassy",
)
BASRA = Place("admin1:Basra", "Basra", PlaceLevel.ADMIN1, "IQ", "Basra", lat=30.51, lon=47.81)
IRAQ = Place("country:IQ", "Iraq", PlaceLevel.COUNTRY, "IQ")
KUWAIT = Place("country:KW", "Kuwait", PlaceLevel.COUNTRY, "KW")


def make_report(
    report_id: str,
    *,
    role: str = "main",
    attack: str = "ied",
    target: str = "convoy",
    day: str | None = "2020-12-10",
    precision: str = "day",
    weekday: int | None = None,
    place: Place | None = None,
    claimed: str | None = None,
    denied: str | None = None,
    killed: int | None = None,
    injured: int | None = None,
    cited: tuple[str, ...] = (),
    owner: str | None = None,
) -> Report:
    """A report with only the facts a test cares about; "<article>:<n>" ids as the extractor's."""
    return Report(
        id=report_id,
        article_id=report_id.rpartition(":")[0],
        role=Role(role),
        attack_type=Fact(AttackType(attack), confidence=0.9),
        target=Fact(Target(target), confidence=0.9),
        target_owner=Fact(owner) if owner else Fact(),
        date=Fact(DateValue(dt.date.fromisoformat(day), Precision(precision))) if day else Fact(),
        weekday=weekday,
        place=Fact(place) if place else Fact(),
        claimed_by=Fact(claimed) if claimed else Fact(),
        denied_by=Fact(denied) if denied else Fact(),
        killed=Fact(killed) if killed is not None else Fact(),
        injured=Fact(injured) if injured is not None else Fact(),
        cited_sources=tuple(Fact(c) for c in cited),
    )
