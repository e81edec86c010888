"""How articles become reports and reports become incidents. Read this file first.

`analyse()` is everything that can be done to one article alone: it is pure and deterministic,
so any runner (this process, a process pool, a Dask cluster) gives the same answer.
`run()` does what needs the database: store and link, in one writer, one transaction per batch.

    read ──▶ clean ──▶ metadata ──▶ prefilter ──▶ extract ──▶ store ──▶ link
    (ingest/)  (ingest/clean)        (extract/prefilter) (extract/, geo/) (store/)  (link/)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from .errors import ConfigError
from .extract import extract_reports
from .extract.prefilter import may_describe_attack
from .ingest.clean import clean
from .ingest.metadata import add_metadata
from .model import Analysis, Article, Failure
from .resources import Resources, load_resources

if TYPE_CHECKING:
    from .settings import Settings
    from .store.store import BatchSummary, Store

#: Languages the extractor reads; others are stored and marked as not extracted.
EXTRACTED_LANGUAGES = frozenset({"en", "ar"})


def analyse(article: Article, res: Resources, published: date | None = None) -> Analysis:
    """Clean one article, find its metadata, and extract the incidents it reports.

    `published` is the fallback publication date (`--published`) for articles that give none.
    """
    article = clean(article)  # 1. strip boilerplate and repeats, keep an offset map
    article = add_metadata(article, published)  # 2. publication date, outlet, language
    if article.language not in EXTRACTED_LANGUAGES:  # 3. stored and marked, never mis-read
        return Analysis(article, extracted=False)
    if not may_describe_attack(article.text):  # 4. cheap prefilter (recall 100% by test)
        return Analysis(article)
    reports = extract_reports(article, res)  # 5. incidents, fields, evidence, places
    return Analysis(article, tuple(reports))


def analyse_safely(item: Article | Failure, published: date | None = None) -> Analysis | Failure:
    """One bad article must never stop the batch: its error becomes a recorded `Failure`."""
    if isinstance(item, Failure):
        return item
    try:
        return analyse(item, load_resources(), published)
    except Exception as exc:  # noqa: BLE001 - recorded with its reason, not swallowed
        return Failure(item.source, stage="analyse", reason=f"{type(exc).__name__}: {exc}")


def analyse_all(items: Iterable[Article | Failure], published: date | None = None) -> Iterator[Analysis | Failure]:
    """Analyse in this process, in order (the reference the parallel runners must match)."""
    for item in items:
        yield analyse_safely(item, published)


def with_published(article: Article, published: date | None) -> Article:
    return article if article.published or not published else replace(article, published=published)


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What `run` did. Every input is counted once: ingested (new, extracted), duplicate (already
    stored), skipped (new, stored, not extracted: another language) or failed."""

    ingested: int = 0
    duplicate: int = 0
    skipped: int = 0
    failed: int = 0
    reports: int = 0
    incidents: int = 0  # in the store after linking
    failures: tuple[Failure, ...] = ()


def run(
    sources: Iterable[str],
    store: Store,
    settings: Settings,
    progress: Callable[[BatchSummary], None] | None = None,
) -> RunSummary:
    """Read, analyse, store and link everything in `sources`.

    One transaction per batch: a run that is interrupted keeps every batch it finished, and
    running it again stores only the rest (the finished articles come back as duplicates).
    `progress` is called after each batch is stored. Linking runs once, after the last batch,
    over every report not yet in an incident.
    """
    summary = RunSummary()
    batches = _analysed_batches(sources, settings)
    for batch in batches:
        stored = store.add(batch)
        summary = _add_batch(summary, stored)
        if progress is not None:
            progress(stored)
    _link(store)
    return replace(summary, incidents=store.counts()["incidents"])


def _analysed_batches(sources: Iterable[str], settings: Settings) -> Iterator[list[Analysis | Failure]]:
    """The analysis of every source, in input order, by the engine the settings name."""
    # Imported here, not at the top: worker processes import this module for `analyse_safely`
    # and need neither the readers (HTTP, feeds) nor the runners.
    if settings.engine == "dask":
        from .runners.dask import map_analyse_on_dask

        return map_analyse_on_dask(sources, settings)
    if settings.engine != "local":
        raise ConfigError(f"engine {settings.engine!r} is not available; use local or dask")
    from .ingest.readers import read
    from .runners.local import map_analyse

    return map_analyse(
        read(sources, settings),
        workers=settings.workers,
        published=settings.published,
        batch_size=settings.batch_size,
    )


def _add_batch(summary: RunSummary, batch: BatchSummary) -> RunSummary:
    return replace(
        summary,
        ingested=summary.ingested + batch.ingested,
        duplicate=summary.duplicate + batch.duplicate,
        skipped=summary.skipped + batch.skipped,
        failed=summary.failed + batch.failed,
        reports=summary.reports + batch.reports,
        failures=summary.failures + batch.failures,
    )


def _link(store: Store) -> None:
    from .geo.gazetteer import load_gazetteer
    from .link.cluster import link_new_reports

    link_new_reports(store, load_gazetteer())
