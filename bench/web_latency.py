"""How fast do the dashboard and the API answer on a large database?

Generates a database of 100,000 incidents (synthetic English reports, one article each, linked
by hand into incidents of one to three sources), serves it with `sitreps serve` on loopback,
and prints the p50 and p95 latency of the page and of every API call, over a bounded number of
sequential requests with varied parameters:

    .venv/bin/python bench/web_latency.py                  # 100,000 incidents, 200 requests each
    .venv/bin/python bench/web_latency.py --incidents 20000 --requests 50 --db /tmp/bench.db
    .venv/bin/python bench/web_latency.py --db /tmp/bench.db --calls text   # the text searches only

The database is written with bulk inserts through the store's own row functions (the same rows
`Store.add` and `Store.save_incidents` write), so its columns, JSON and indexes are the real
ones, and the store's triggers fill its text-search index as the rows go in; `--db` keeps it for
another run (an existing file is reused as it is, and migrated if the code is newer).
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

from sitreps.geo.gazetteer import load_gazetteer
from sitreps.link.merge import merge_incident
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
    content_id,
)
from sitreps.store.schema import (
    article_row,
    articles,
    incident_reports,
    incident_row,
    incidents,
    report_row,
    reports,
    span_rows,
    spans,
)
from sitreps.store.store import open_store

TYPE_WORDS = {
    AttackType.IED: "A roadside bomb",
    AttackType.ROCKET: "Three Katyusha rockets",
    AttackType.DRONE: "An explosives-laden drone",
    AttackType.ARMED_ASSAULT: "Gunmen",
    AttackType.ARSON: "Unidentified men set fire to and",
    AttackType.SUICIDE: "A suicide bomber",
    AttackType.OTHER: "An attack",
}
TARGET_WORDS = {
    Target.CONVOY: "a logistics convoy of the US-led coalition",
    Target.BASE: "a base hosting coalition troops",
    Target.EMBASSY: "the US embassy compound",
    Target.AIRPORT: "the international airport",
    Target.OTHER: "an Iraqi army checkpoint",
}
GROUPS = [
    "Ashab al-Kahf",
    "Saraya Qasim al-Jabbarin",
    "Islamic State",
    "Saraya Awliya al-Dam",
    "Qabdat al-Huda",
]
OUTLETS = ["Reuters", "AFP", "Rudaw", "Shafaq News", "Al-Monitor", "Kurdistan 24", "The National", "Xinhua"]
#: Background sentences: real reports are 2-4 kB, and the `text` filter reads all of it.
BACKGROUND = [
    "Attacks on convoys carrying supplies for the US-led coalition have become frequent since early 2020.",
    "Most of the trucks are driven by Iraqi contractors, and the attacks rarely cause casualties.",
    "Iran-aligned armed factions have demanded the withdrawal of foreign forces from the country.",
    "The coalition says its troops are in Iraq at the invitation of the government to fight the Islamic State.",
    "Iraqi security forces opened an investigation and cordoned off the area, an officer said.",
    "No further details were immediately available, and officials declined to comment on the record.",
    "The route is used by contractors moving equipment from the southern ports to bases in the west and north.",
    "Previous attacks on the same road damaged several vehicles but did not stop the supply lines.",
    "Analysts say the little-known groups that claim such attacks act as fronts for larger factions.",
    "Parliament voted last year on a non-binding resolution asking the government to end the foreign presence.",
    "A spokesman for the Joint Operations Command said the incident was under review.",
    "Local residents reported hearing a loud explosion followed by gunfire in the early hours.",
]
#: Searches that match a large share of the incidents (their page must not sort every match).
BROAD_WORDS = ["coalition", "rockets", "convoy", "security"]
FIRST_DAY, DAYS = date(2019, 1, 1), 5 * 365
PRECISIONS = [Precision.DAY] * 85 + [Precision.WEEK] * 6 + [Precision.MONTH] * 8 + [Precision.YEAR]
CHUNK = 5_000

# -- the database -----------------------------------------------------------------------------


def synthetic_report(
    rng: random.Random, index: int, places: list[Place], governorates: list[Place], days: int = DAYS
) -> Analysis:
    """One article of a few sentences and its report, every fact with its evidence span."""
    attack_type = rng.choice(list(AttackType))
    target = rng.choice(list(Target))
    roll = rng.random()
    place = rng.choice(places) if roll < 0.65 else rng.choice(governorates) if roll < 0.95 else None
    day = FIRST_DAY + timedelta(days=rng.randrange(days))
    precision = rng.choice(PRECISIONS)
    if precision is Precision.MONTH:
        day = day.replace(day=1)
    elif precision is Precision.YEAR:
        day = day.replace(month=1, day=1)
    group = rng.choice(GROUPS) if rng.random() < 0.3 else None
    killed = rng.choice([None, None, 0, 0, 1, 2, 5])
    where = f"near {place.name}" if place else "in Iraq"
    parts = [
        (TYPE_WORDS[attack_type], "attack_type"),
        (" struck ", None),
        (TARGET_WORDS[target], "target"),
        (f" {where} ", "place" if place else None),
        (f"on {day:%A, %d %B %Y}", "date"),
        (f", security sources said (report {index}). ", None),
        (
            f"{killed} people were killed. " if killed is not None else "There was no word on casualties. ",
            "killed" if killed is not None else None,
        ),
        (
            f"{group} claimed responsibility." if group else "No group claimed the attack.",
            "claimed_by" if group else None,
        ),
    ]
    text, evidence = "", {}
    for words, field in parts:
        if field:
            evidence[field] = (len(text), len(text) + len(words), words)
        text += words
    text += "\n" + " ".join(rng.sample(BACKGROUND, rng.randint(6, 10)))
    article = Article(
        id=content_id(text),
        source=f"bench:{index}",
        raw_text=text,
        text=text,
        outlet=rng.choice(OUTLETS),
        title=f"{TYPE_WORDS[attack_type]} hits {TARGET_WORDS[target]}",
        published=day + timedelta(days=1),
        language="en",
        external_id=f"bench-{index}",
    )

    def fact(field: str, value: object, confidence: float = 0.8) -> Fact:
        if field not in evidence or value is None:
            return Fact()
        start, end, words = evidence[field]
        return Fact(value, (Span(article.id, start, end, words),), confidence)

    report = Report(
        id=f"{article.id}:0",
        article_id=article.id,
        role=Role.MAIN,
        attack_type=fact("attack_type", attack_type),
        target=fact("target", target),
        date=fact("date", DateValue(day, precision)),
        place=fact("place", place),
        location_text=place.name if place else None,
        claimed_by=fact("claimed_by", group),
        killed=fact("killed", killed),
        confidence=0.9,
    )
    return Analysis(article, (report,))


def build_database(path: Path, n_incidents: int, seed: int = 7, days: int = DAYS) -> None:
    """`n_incidents` incidents of one to three reports (75/20/5 %) over `days` days from
    `FIRST_DAY`, written in bulk."""
    rng = random.Random(seed)
    gazetteer = load_gazetteer()
    places = [
        p
        for p in gazetteer.places()
        if p.country == "IQ" and p.lat is not None and p.level is PlaceLevel.LOCALITY
    ]
    governorates = [p for p in gazetteer.places() if p.country == "IQ" and p.level is PlaceLevel.ADMIN1]
    now = datetime.now(UTC)
    started = time.perf_counter()
    with open_store(str(path)) as store:
        for batch in _batches(n_incidents, CHUNK):
            article_rows, report_rows, span_list, incident_rows, links = [], [], [], [], []
            for index in batch:
                sources = 1 if rng.random() < 0.75 else 2 if rng.random() < 0.8 else 3
                analyses = [
                    synthetic_report(rng, index * 10 + k, places, governorates, days) for k in range(sources)
                ]
                for analysis in analyses:
                    article_rows.append(article_row(analysis, now))
                    report_rows.extend(report_row(r) for r in analysis.reports)
                    span_list.extend(s for r in analysis.reports for s in span_rows(r))
                incident = merge_incident([r for a in analyses for r in a.reports])
                incident_rows.append(incident_row(incident))
                links.extend({"incident_id": incident.id, "report_id": r} for r in incident.report_ids)
            with store.engine.begin() as conn:
                for table, rows in ((articles, article_rows), (reports, report_rows), (spans, span_list)):
                    conn.execute(table.insert(), rows)
                conn.execute(incidents.insert(), incident_rows)
                conn.execute(incident_reports.insert(), links)
            done = batch[-1] + 1
            print(f"\r  {done:,} incidents ({time.perf_counter() - started:.0f} s)", end="", file=sys.stderr)
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    print(file=sys.stderr)


def _batches(n: int, size: int) -> Iterator[list[int]]:
    for start in range(0, n, size):
        yield list(range(start, min(n, start + size)))


# -- the requests -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    name: str
    url: Callable[[random.Random], str]
    most: int | None = None  # fewer requests for a call known to take seconds


def calls(ids: list[str], article_ids: list[str]) -> list[Call]:
    filters = [
        "",
        "attack_type=rocket",
        "admin1=Basra",
        "status=claimed",
        "target=convoy&attack_type=ied",
        "date_from=2021-01-01&date_to=2021-03-31",
        "group=Ashab%20al-Kahf",
        "date_from=2020-06-01&date_to=2020-06-30&admin1=Baghdad",
        "text=airport",  # the dashboard's search box filters the map, timeline and tallies too
    ]
    sorts = ["date", "-date", "-killed", "-sources"]
    tally_keys = ["admin1", "attack_type", "target", "status", "group", "week", "month"]
    return [
        Call("page /", lambda r: "/"),
        Call("static main.js", lambda r: "/static/js/main.js"),
        Call(
            "incidents (filters, sort)",
            lambda r: f"/api/incidents?{r.choice(filters)}&sort={r.choice(sorts)}",
        ),
        Call("incidents (deep page)", lambda r: f"/api/incidents?offset={r.randrange(0, 10_000)}&limit=50"),
        Call(
            "incidents (text search)",
            lambda r: f"/api/incidents?text={r.choice(['Kirkuk', 'airport', 'Jabbarin'])}",
        ),
        Call(
            "incidents (text, many hits)",  # words in a third to all of the articles, any sort, a later page
            lambda r: (
                f"/api/incidents?text={r.choice(BROAD_WORDS)}&sort={r.choice(sorts)}&offset={r.choice([0, 50, 500])}"
            ),
        ),
        Call("incident detail", lambda r: f"/api/incidents/{r.choice(ids)}"),
        Call("tallies", lambda r: f"/api/tallies/{r.choice(tally_keys)}?{r.choice(filters)}"),
        Call("points (map)", lambda r: f"/api/points?{r.choice(filters)}"),
        Call("timeline", lambda r: f"/api/timeline?{r.choice(filters)}"),
        Call("articles", lambda r: f"/api/articles?offset={r.randrange(0, 10_000)}"),
        Call("article", lambda r: f"/api/articles/{r.choice(article_ids)}"),
    ]


def measure(base: str, call: Call, n: int, rng: random.Random) -> list[float]:
    times = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for i in range(n + 5):
            url = call.url(rng)
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{url}: {response.status_code} {response.text[:200]}")
            if i >= 5:  # the first few warm the caches
                times.append(elapsed)
    return times


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`sitreps serve` on 127.0.0.1, read-only, its log in a file (a pipe nobody reads fills up
    and stalls the server at its first burst of warnings, which would measure the pipe)."""
    command = [
        sys.executable,
        "-m",
        "sitreps",
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
        "--tiles",
        "off",
    ]
    env = {k: v for k, v in os.environ.items() if k != "SITREPS_API_TOKEN"}
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/incidents?limit=1", timeout=30).raise_for_status()
            return process
        except httpx.TransportError:
            if process.poll() is not None:
                raise SystemExit(f"sitreps serve failed:\n{log.read_text()}") from None
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("sitreps serve did not start within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="per kind of call")
    parser.add_argument("--db", type=Path, help="keep (or reuse) the database here")
    parser.add_argument("--calls", help="only the calls whose name holds this (e.g. 'text')")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory(prefix="sitreps-bench-")
    db = args.db or Path(folder.name) / "bench.db"
    if not db.exists():
        print(f"generating {args.incidents:,} incidents in {db}", file=sys.stderr)
        build_database(db, args.incidents)
    with open_store(str(db)) as store, store.engine.connect() as conn:
        ids = [
            row[0] for row in conn.exec_driver_sql("SELECT id FROM incidents ORDER BY random() LIMIT 2000")
        ]
        article_ids = [
            row[0] for row in conn.exec_driver_sql("SELECT id FROM articles ORDER BY random() LIMIT 2000")
        ]
        total = conn.exec_driver_sql("SELECT count(*) FROM incidents").scalar()
    port = free_port()
    process = serve(db, port, Path(folder.name) / "serve.log")
    rng = random.Random(11)
    try:
        print(f"\n{total:,} incidents, {args.requests} sequential requests per call, loopback\n")
        print(f"{'call':<28}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        everything: list[float] = []
        for call in calls(ids, article_ids):
            if args.calls and args.calls not in call.name:
                continue
            times = measure(
                f"http://127.0.0.1:{port}", call, min(args.requests, call.most or args.requests), rng
            )
            everything += times
            print(
                f"{call.name:<28}{percentile(times, 50):>9.1f}{percentile(times, 95):>9.1f}{max(times):>9.1f}"
            )
        print(
            f"{'all calls':<28}{percentile(everything, 50):>9.1f}{percentile(everything, 95):>9.1f}{max(everything):>9.1f}"
        )
    finally:
        process.terminate()
        process.wait(timeout=10)
        folder.cleanup()


if __name__ == "__main__":
    main()
