"""Does the API hold up under load? 50 clients at once against `/api/incidents` for 60 seconds.

Serves a database of 100,000 incidents (generated as `bench/web_latency.py` generates it, and
reusable with `--db`) with `sitreps serve` on 127.0.0.1, then runs 50 concurrent clients, each
sending its next request as soon as the last is answered, with varied filters, sorts, text
searches and pages. Prints the throughput, the latency percentiles and every error (the target
is none: no 5xx, no "database is locked", no refused connection):

    .venv/bin/python bench/load.py                          # 100,000 incidents, 50 clients, 60 s
    .venv/bin/python bench/load.py --clients 20 --seconds 10 --incidents 20000 --db /tmp/bench.db

Bounded and local by construction: the server is started here on a free loopback port and
stopped at the end, the clients stop at the deadline (a request still open then counts, then
the run ends), and there is no option to aim it anywhere else.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from web_latency import build_database, free_port, serve  # noqa: E402 - a sibling script, not a package

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


def incidents_url(rng: random.Random) -> str:
    """One dashboard-like list request: a filter, a sort, and a page from the first hundred."""
    offset = rng.choice([0, 0, 0, 50, rng.randrange(0, 5_000, 50)])
    return f"/api/incidents?{rng.choice(FILTERS)}&sort={rng.choice(SORTS)}&limit=50&offset={offset}"


@dataclass
class Tally:
    """What the clients saw: one latency per answered request, and every failure by kind."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


async def client(base: str, deadline: float, seed: int, tally: Tally) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=60, trust_env=False) as http:
        while time.monotonic() < deadline:
            url = incidents_url(rng)
            started = time.perf_counter()
            try:
                response = await http.get(url)
            except httpx.HTTPError as exc:
                tally.errors[f"{type(exc).__name__}"] += 1
                continue
            tally.latencies_ms.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                tally.errors[f"HTTP {response.status_code}: {response.text[:120]}"] += 1


async def load(base: str, clients: int, seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(client(base, deadline, seed, tally) for seed in range(clients)))
    return tally, time.monotonic() - started


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report(tally: Tally, elapsed: float, clients: int, total_incidents: int) -> None:
    answered = len(tally.latencies_ms)
    failed = sum(tally.errors.values())
    print(f"\n{total_incidents:,} incidents · {clients} clients · {elapsed:.1f} s · loopback\n")
    print(f"requests      {answered + failed:>10,}")
    print(f"throughput    {answered / elapsed:>10.1f} req/s")
    if answered:
        lat = tally.latencies_ms
        for name, value in (
            ("p50", percentile(lat, 50)),
            ("p95", percentile(lat, 95)),
            ("p99", percentile(lat, 99)),
            ("max", max(lat)),
        ):
            print(f"latency {name}   {value:>10.1f} ms")
    print(f"errors        {failed:>10,}")
    for kind, count in tally.errors.most_common():
        print(f"  {count:>6,}  {kind}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000, help="when generating the database")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--db", type=Path, help="keep (or reuse) the database here")
    args = parser.parse_args()
    if not (1 <= args.clients <= 500 and 0 < args.seconds <= 3600):
        parser.error("--clients must be 1-500 and --seconds at most 3600")
    folder = tempfile.TemporaryDirectory(prefix="sitreps-load-")
    db = args.db or Path(folder.name) / "bench.db"
    if not db.exists():
        print(f"generating {args.incidents:,} incidents in {db}", file=sys.stderr)
        build_database(db, args.incidents)
    port = free_port()
    process = serve(db, port)
    try:
        base = f"http://127.0.0.1:{port}"
        total = httpx.get(f"{base}/api/incidents?limit=1", timeout=60).json()["total"]
        tally, elapsed = asyncio.run(load(base, args.clients, args.seconds))
        report(tally, elapsed, args.clients, total)
    finally:
        process.terminate()
        process.wait(timeout=10)
        folder.cleanup()
    if tally.errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
