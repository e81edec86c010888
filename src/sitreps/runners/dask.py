"""Analyse articles on a Dask cluster (dask.distributed): `sitreps ingest --engine dask`.

The parent plans partitions (`runners.partitions`: files, or byte ranges of big JSONL corpora)
and the workers read, clean and extract them, so the articles' text never travels through the
parent. The workers must therefore see the input at the same paths (a shared filesystem on a
real cluster) and have the same sitreps installed; see docs/scaling.md.

Every worker runs the same `pipeline.analyse_safely` as the local engine, loading the gazetteer
and lexicons once per worker process on first use. Partitions are collected in input order, at
most a few per worker thread at a time, so memory stays flat and the store sees the articles in
the same order as with the local engine: the same input gives the same database, incidents
included (linking runs afterwards, in the parent).
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..model import Analysis, Failure
from ..settings import Settings
from .partitions import LineNumbers, Partition, plan_partitions, read_piece

if TYPE_CHECKING:
    from distributed import Client, Future

Result = Analysis | Failure

#: Input bytes per task: big enough that scheduling costs nothing next to the analysis (a few
#: seconds of work per task), small enough to spread a single corpus file over every worker.
PARTITION_BYTES = 4 * 2**20

#: Tasks submitted but not yet collected, per worker thread: one running, one queued.
TASKS_IN_FLIGHT_PER_THREAD = 2

#: How long to keep trying to reach a scheduler before saying it cannot be reached.
SCHEDULER_TIMEOUT_S = 10

#: What a worker returns for each piece of its partition: the results, and the piece's lines.
PieceResult = tuple[list[Result], int]


def map_analyse_on_dask(sources: Iterable[str], settings: Settings) -> Iterator[list[Result]]:
    """Yield the analysis of `sources` in batches of `settings.batch_size`, in input order.

    Connects to `settings.scheduler`, or starts a `LocalCluster` of `settings.workers` processes
    (0: one per core) for the duration of the run.
    """
    with dask_client(settings) as client:
        limit = TASKS_IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
        partitions = plan_partitions(sources, settings, PARTITION_BYTES)
        numbers = LineNumbers()
        for partition, outcome in _collected_in_order(client, partitions, settings, limit):
            if partition.items:
                results = outcome[0][0]
            else:
                results = [
                    result
                    for piece, (piece_results, lines) in zip(partition.pieces, outcome, strict=True)
                    for result in numbers.from_file_start(piece, piece_results, lines)
                ]
            size = max(1, settings.batch_size)
            for start in range(0, len(results), size):
                yield results[start : start + size]


@contextmanager
def dask_client(settings: Settings) -> Iterator[Client]:
    """A client of the scheduler at `settings.scheduler`, or of a new local cluster."""
    try:
        from distributed import Client, LocalCluster
    except ModuleNotFoundError as exc:
        raise ConfigError("engine=dask needs dask.distributed: pip install 'sitreps[dask]'") from exc
    if settings.scheduler:
        try:
            client = Client(settings.scheduler, timeout=SCHEDULER_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {settings.scheduler}: {exc}") from exc
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=settings.workers or os.cpu_count() or 1,
            threads_per_worker=1,  # the analysis is pure Python: one process per core
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def analyse_partition(partition: Partition, settings: Settings) -> list[PieceResult]:
    """Read and analyse one partition: the task each worker runs."""
    from ..pipeline import analyse_safely

    if partition.items:
        return [([analyse_safely(item, settings.published) for item in partition.items], 0)]
    outcome: list[PieceResult] = []
    for piece in partition.pieces:
        items, lines = read_piece(piece, settings)
        outcome.append(([analyse_safely(item, settings.published) for item in items], lines))
    return outcome


def _collected_in_order(
    client: Client, partitions: Iterator[Partition], settings: Settings, limit: int
) -> Iterator[tuple[Partition, list[PieceResult]]]:
    """Each partition with its outcome, in input order, with at most `limit` tasks pending."""
    pending: deque[tuple[Partition, Future]] = deque()
    for partition in partitions:
        pending.append((partition, client.submit(analyse_partition, partition, settings, pure=False)))
        if len(pending) >= limit:
            yield _outcome(*pending.popleft())
    while pending:
        yield _outcome(*pending.popleft())


def _outcome(partition: Partition, future: Future) -> tuple[Partition, list[PieceResult]]:
    """The task's results. A task the cluster lost (its worker killed again and again, the
    scheduler gone) fails its inputs, each recorded with the reason, and the run goes on."""
    try:
        return partition, future.result()
    except Exception as exc:  # noqa: BLE001 - recorded with its reason, not swallowed
        reason = f"dask task failed: {type(exc).__name__}: {exc}"
        if partition.items:
            failed: list[Result] = [
                i if isinstance(i, Failure) else Failure(i.source, "analyse", reason) for i in partition.items
            ]
            return partition, [(failed, 0)]
        return partition, [([Failure(piece.label, "analyse", reason)], 0) for piece in partition.pieces]
