"""Commands about articles: ingest them, list them, show one, list what failed, run the demo."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from ..settings import Settings, load_settings
from .app import (
    EXIT_SOME_INPUTS_FAILED,
    MAX_FAILURES_LISTED,
    AsJson,
    Db,
    Verbose,
    app,
    err,
    opened,
    out,
    print_json,
)

if TYPE_CHECKING:
    from ..model import Article
    from ..pipeline import RunSummary
    from ..store.store import Store


@app.command()
def ingest(
    sources: Annotated[
        list[str], typer.Argument(metavar="PATH|URL|-...", help="Files, folders, URLs; - reads stdin.")
    ],
    db: Db = None,
    published: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Publication date for articles that give none."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Processes; 0 = all cores, 1 = in this process.")
    ] = None,
    engine: Annotated[
        str | None,
        typer.Option(help="Where analysis runs: local (this machine's cores) or dask (a Dask cluster)."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --engine dask; none starts a local cluster).",
        ),
    ] = None,
    verbose: Verbose = False,
) -> None:
    """Read articles, extract the attacks they report, store them and link them into incidents."""
    settings = load_settings(
        db=db,
        workers=workers,
        published=published.date() if published else None,
        engine=engine,
        scheduler=scheduler,
    )
    with opened(settings) as store:
        summary = _run_with_progress(sources, store, settings)
    _print_summary(summary)
    if summary.failed:
        raise typer.Exit(EXIT_SOME_INPUTS_FAILED)


@app.command()
def articles(
    db: Db = None,
    as_json: AsJson = False,
    limit: Annotated[int, typer.Option(help="Most articles shown; 0 for all.")] = 50,
    verbose: Verbose = False,
) -> None:
    """List stored articles, oldest first."""
    with opened(load_settings(db=db)) as store:
        found = store.articles(limit=limit or None)
    if as_json:
        print_json([_article_summary(article) for article in found])
    else:
        out.print(_articles_table(found))


@app.command()
def article(
    key: Annotated[str, typer.Argument(help="Article id, a unique start of it, or the record's own id.")],
    db: Db = None,
    as_json: AsJson = False,
    verbose: Verbose = False,
) -> None:
    """Show one article: where it came from, its metadata and its clean text."""
    from ..store.serialize import article_to_json

    with opened(load_settings(db=db)) as store:
        found = store.article(key)
    if as_json:
        print_json(article_to_json(found))
        return
    out.print(_metadata_table(found))
    out.rule()
    out.print(found.text, markup=False, highlight=False)


@app.command()
def failures(db: Db = None, as_json: AsJson = False, verbose: Verbose = False) -> None:
    """List inputs that could not be read or analysed, with the reason."""
    with opened(load_settings(db=db)) as store:
        found = store.failures()
    if as_json:
        print_json([{"source": f.source, "stage": f.stage, "reason": f.reason} for f in found])
        return
    table = Table("source", "stage", "reason", title=f"{len(found)} failures", title_justify="left")
    for failure in found:
        table.add_row(failure.source, failure.stage, failure.reason)
    out.print(table)


@app.command()
def demo(db: Db = None, verbose: Verbose = False) -> None:
    """Ingest the bundled sample articles and show what sitreps made of them."""
    from ..pipeline import run
    from ..resources import data_path
    from ..store.queries import incidents_of_articles
    from .incidents import incidents_table

    settings = load_settings(db=db, workers=1)  # five articles: starting worker processes costs more
    sample = data_path("samples", "corpus.jsonl")
    with opened(settings) as store:
        sample_ids: list[str] = []
        summary = run(
            [str(sample)], store, settings, progress=lambda batch: sample_ids.extend(batch.article_ids)
        )
        shown = store.articles(ids=sample_ids)
    out.print(f"Sample articles from {sample} stored in {settings.db}")
    out.print(_articles_table(shown))
    with opened(settings) as store:
        told = incidents_of_articles(store, sample_ids)
    out.print(incidents_table(told, f"Incidents they report ({len(told)})"))
    _print_summary(summary)
    out.print("Next: sitreps incidents · sitreps incident ID · sitreps tally · sitreps ingest PATH|URL|-")


def _run_with_progress(sources: Sequence[str], store: Store, settings: Settings) -> RunSummary:
    from ..pipeline import run

    columns = (
        SpinnerColumn(),
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("articles", total=None)
        return run(sources, store, settings, progress=lambda batch: progress.advance(task, batch.total))


def _print_summary(summary: RunSummary) -> None:
    out.print(
        f"ingested {summary.ingested} · duplicate {summary.duplicate} · "
        f"skipped {summary.skipped} · failed {summary.failed}"
    )
    out.print(f"reports {summary.reports} · incidents {summary.incidents}")
    for failure in summary.failures[:MAX_FAILURES_LISTED]:
        out.print(
            Text(f"failed {failure.source} ({failure.stage}): {failure.reason}", style="yellow"),
            soft_wrap=True,
        )
    if summary.failed > MAX_FAILURES_LISTED:
        out.print(f"… and {summary.failed - MAX_FAILURES_LISTED} more: sitreps failures")


def _article_summary(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "external_id": article.external_id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "title": article.title,
        "length": len(article.text),
    }


def _articles_table(found: Sequence[Article]) -> Table:
    table = Table(
        "id",
        "outlet",
        "published",
        "lang",
        "length",
        "title",
        title=f"{len(found)} articles",
        title_justify="left",
    )
    for item in found:
        published = item.published.isoformat() if item.published else "—"
        table.add_row(
            item.id[:10],
            item.outlet or "—",
            published,
            item.language or "—",
            str(len(item.text)),
            item.title or "—",
        )
    return table


def _metadata_table(item: Article) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")  # URLs and sources are long; show them whole
    summary = _article_summary(item)
    for name in ("id", "external_id", "source", "url", "outlet", "published", "language", "title", "length"):
        table.add_row(name, Text(str(summary[name] if summary[name] is not None else "—")))
    return table
