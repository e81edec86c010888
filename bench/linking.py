"""Does linking scale with the news it links, not with the store it links into?

Builds stores of one, two and four years of synthetic reports at one density (`web_latency`'s
generator: 20,000 incidents of one to three independent reports a year, ~71 reports a day, 8%
dated to a month and 6% to a week, places from the gazetteer), then relinks each from scratch
(`sitreps.link.cluster.relink`, what `sitreps relink` runs) in a fresh process, and prints the
CPU time per report and the peak RSS of each, with the ratios of the largest to the smallest.
Linear linking keeps the time per report and the peak flat as the years grow:

    .venv/bin/python bench/linking.py                          # 1, 2 and 4 years (~10 min)
    .venv/bin/python bench/linking.py --years 1 2 --per-year 5000 --keep /tmp/linking

The reports are synthetic, and denser in distinct incidents than real news (no wire copies),
which makes them the hard case for linking: every report has its own pairs to judge.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from web_latency import build_database  # noqa: E402


def relink_once(db: Path) -> None:
    """In this process: relink the store and print the figures as one JSON line."""
    from sitreps.geo.gazetteer import load_gazetteer
    from sitreps.link.cluster import relink
    from sitreps.store.store import open_store

    gazetteer = load_gazetteer()
    with open_store(str(db)) as store:
        started, cpu = time.perf_counter(), time.process_time()
        summary = relink(store, gazetteer)
        figures = {
            "reports": summary.reports_linked,
            "incidents": summary.incidents_created,
            "cpu_s": time.process_time() - cpu,
            "wall_s": time.perf_counter() - started,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--per-year", type=int, default=20_000, help="incidents a year")
    parser.add_argument("--keep", type=Path, help="build (or reuse) the stores in this folder")
    parser.add_argument("--relink", type=Path, help=argparse.SUPPRESS)  # the child's job
    args = parser.parse_args()
    if args.relink:
        relink_once(args.relink)
        return
    temporary = tempfile.TemporaryDirectory(prefix="sitreps-linking-")
    folder = args.keep or Path(temporary.name)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for years in sorted(args.years):
        db = folder / f"linking-{years}y-{args.per_year}.db"
        if not db.exists():
            print(f"generating {years} year(s), {years * args.per_year:,} incidents: {db}", file=sys.stderr)
            build_database(db, years * args.per_year, days=365 * years)
        print(f"relinking {db.name}", file=sys.stderr)
        child = subprocess.run(
            [sys.executable, __file__, "--relink", str(db)], check=True, capture_output=True, text=True
        )
        rows.append((years, json.loads(child.stdout.strip().splitlines()[-1])))
    print(f"\n{'years':>5}{'reports':>10}{'incidents':>11}{'CPU s':>9}{'ms/report':>11}{'peak MB':>9}")
    for years, f in rows:
        per_report = f["cpu_s"] / f["reports"] * 1000
        print(
            f"{years:>5}{f['reports']:>10,}{f['incidents']:>11,}{f['cpu_s']:>9.1f}{per_report:>11.2f}{f['peak_mb']:>9.0f}"
        )
    (small_years, small), (large_years, large) = rows[0], rows[-1]
    if large_years > small_years:
        ms = [f["cpu_s"] / f["reports"] for f in (small, large)]
        print(
            f"\n{large_years} years against {small_years}: {large['reports'] / small['reports']:.1f}x the reports, "
            f"{ms[1] / ms[0]:.2f}x the CPU per report, {large['peak_mb'] / small['peak_mb']:.2f}x the peak RSS"
        )
    temporary.cleanup()


if __name__ == "__main__":
    main()
