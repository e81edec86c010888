"""Does the API hold up under load? 50 clients at once against `/api/incidents` for 60 seconds.

Serves a database of 100,000 incidents (generated as `bench/web_latency.py` generates it, and
reusable with `--db`) with `sitreps serve` on 127.0.0.1, then runs 50 concurrent clients, each
sending its next request as soon as the last is answered, with varied filters, sorts, text
searches and pages. Prints the throughput, the latency percentiles per kind of request and
every error (the target is none: no 5xx, no "database is locked", no refused connection, no
answer slower than 60 s):

    .venv/bin/python bench/load.py                          # 100,000 incidents, 50 clients, 60 s
    .venv/bin/python bench/load.py --clients 20 --seconds 10 --incidents 20000 --db /tmp/bench.db
    .venv/bin/python bench/load.py --db /tmp/bench.db --without-text  # no search of article text

Bounded and local by construction: the server is started here on a free loopback port and
stopped at the end, the clients send nothing after the deadline (a request still open then is
waited for, up to the 60 s client timeout), and there is no option to aim it anywhere else.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from web_latency import build_database, free_port, percentile, serve

FILTERS = (
    "",
    "attack_type=rocket",
    "admin1=Basra",
    "status=claimed",
    "target=convoy&attack_type=ied",
    "date_from=2021-01-01&date_to=2021-03-31",
    "group=Ashab%20al-Kahf",
    "date_from=2020-06-01&date_to=2020-06-30&admin1=Baghdad",
    "text=Kirkuk",
    "text=airport&target=airport",
)
SORTS = ("date", "-date", "killed", "-killed", "sources", "-sources")
CLIENT_TIMEOUT_S = 60.0  # an answer slower than this counts as an error (ReadTimeout)


def incidents_url(rng: random.Random, filters: tuple[str, ...]) -> tuple[str, str]:
    """One dashboard-like list request (a filter, a sort, a page among the first hundred) and
    its kind: a text search reads the full-text index, the other filters incident columns."""
    offset = rng.choice([0, 0, 0, 50, rng.randrange(0, 5_000, 50)])
    chosen = rng.choice(filters)
    kind = "text search" if "text=" in chosen else "filtered" if chosen else "unfiltered"
    return f"/api/incidents?{chosen}&sort={rng.choice(SORTS)}&limit=50&offset={offset}", kind


@dataclass
class Tally:
    """What the clients saw: the latency of every answer, by kind of request, and every failure."""

    latencies_ms: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)

    def every_latency(self) -> list[float]:
        return [ms for values in self.latencies_ms.values() for ms in values]


async def client(base: str, deadline: float, seed: int, filters: tuple[str, ...], tally: Tally) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=CLIENT_TIMEOUT_S, trust_env=False) as http:
        while time.monotonic() < deadline:
            url, kind = incidents_url(rng, filters)
            started = time.perf_counter()
            try:
                response = await http.get(url)
            except httpx.HTTPError as exc:
                tally.errors[f"{type(exc).__name__} ({kind})"] += 1
                continue
            tally.latencies_ms.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                tally.errors[f"HTTP {response.status_code}: {response.text[:120]}"] += 1


async def load(base: str, clients: int, seconds: float, filters: tuple[str, ...]) -> tuple[Tally, float]:
    tally = Tally()
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(client(base, deadline, seed, filters, tally) for seed in range(clients)))
    return tally, time.monotonic() - started


def report(tally: Tally, elapsed: float, clients: int, total_incidents: int) -> None:
    every = tally.every_latency()
    failed = sum(tally.errors.values())
    print(
        f"\n{total_incidents:,} incidents · {clients} clients · {elapsed:.1f} s · loopback · {os.cpu_count()} cores\n"
    )
    print(f"requests      {len(every) + failed:>10,}")
    print(f"throughput    {len(every) / elapsed:>10.1f} req/s")
    print(f"errors        {failed:>10,}")
    for kind, count in tally.errors.most_common():
        print(f"  {count:>6,}  {kind}")
    print(f"\n{'latency, ms':<16}{'answers':>9}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}")
    for kind, values in sorted(tally.latencies_ms.items()) + [("all", every)]:
        if values:
            cells = [percentile(values, 50), percentile(values, 95), percentile(values, 99), max(values)]
            print(f"{kind:<16}{len(values):>9,}" + "".join(f"{v:>9.0f}" for v in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000, help="when generating the database")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--db", type=Path, help="keep (or reuse) the database here")
    parser.add_argument("--without-text", action="store_true", help="leave text searches out of the mix")
    args = parser.parse_args()
    if not (1 <= args.clients <= 500 and 0 < args.seconds <= 3600):
        parser.error("--clients must be 1-500 and --seconds at most 3600")
    folder = tempfile.TemporaryDirectory(prefix="sitreps-load-")
    db = args.db or Path(folder.name) / "bench.db"
    if not db.exists():
        print(f"generating {args.incidents:,} incidents in {db}", file=sys.stderr)
        build_database(db, args.incidents)
    port = free_port()
    log = Path(folder.name) / "serve.log"
    process = serve(db, port, log)
    try:
        base = f"http://127.0.0.1:{port}"
        total = httpx.get(f"{base}/api/incidents?limit=1", timeout=60).json()["total"]
        filters = tuple(f for f in FILTERS if not (args.without_text and "text=" in f))
        tally, elapsed = asyncio.run(load(base, args.clients, args.seconds, filters))
        report(tally, elapsed, args.clients, total)
        if tally.errors:
            print(f"\nthe server's log ends:\n{log.read_text()[-3000:]}")
    finally:
        process.terminate()
        process.wait(timeout=10)
        folder.cleanup()
    if tally.errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
