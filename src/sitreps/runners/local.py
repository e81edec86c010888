"""Analyse articles on this machine's cores, in batches, in input order.

The input may be huge and lazy (a reader streaming a folder or a feed), so it is read one batch
at a time and at most `MAX_BATCHES_IN_FLIGHT` batches are ever held: while the store writes one
batch the pool works on the next, and memory stays flat whatever the input size. Results come
back in input order, so a run gives the same database whatever the number of workers.

Workers are started with `spawn`: a fresh interpreter that inherits no threads, locks or open
database connections from the parent (forking a process that runs a progress bar or a web
server can deadlock). Each worker loads the gazetteer and lexicons once, on first use.

An analysis comes back as msgpack (msgspec, typed by the model) rather than as a pickle: the
model's slotted dataclasses pickle through Python-level `__getstate__`/`__setstate__`, which cost
0.048 ms to write and 0.068 ms to read per article of the benchmark's mix, against 0.009 and
0.012 ms as msgpack; the parent reads every analysis, so that was a fifth of its time.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from functools import partial
from itertools import islice

import msgspec

from ..model import Analysis, Article, Failure

Item = Article | Failure
Result = Analysis | Failure
Packed = bytes | Failure  # what a worker sends back for one item: an analysis as msgpack bytes
Analyser = Callable[[Item, date | None], Result]

MAX_BATCHES_IN_FLIGHT = 2


def map_analyse(
    items: Iterable[Item],
    *,
    workers: int = 0,
    published: date | None = None,
    batch_size: int = 200,
    analyse: Analyser | None = None,
) -> Iterator[list[Result]]:
    """Yield the analysis of each batch of `items`, batches and items in input order.

    `workers=0` uses every core, `workers=1` runs in this process (no pickling; the reference
    the parallel path must match). `analyse` defaults to `pipeline.analyse_safely`; another
    function must be importable by name, since worker processes receive it by reference.
    """
    if analyse is None:
        from ..pipeline import analyse_safely as analyse
    workers = workers or os.cpu_count() or 1
    batches = _batches(items, max(1, batch_size))
    if workers == 1:
        for batch in batches:
            yield [analyse(item, published) for item in batch]
        return
    yield from _in_pool(batches, workers, partial(_analyse_chunk, analyse, published))


def _in_pool(
    batches: Iterator[list[Item]], workers: int, analyse_chunk: Callable[[list[Item]], list[Packed]]
) -> Iterator[list[Result]]:
    """Split each batch over the workers; keep a bounded queue of batches being worked on."""
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    pending: deque[tuple[list[list[Item]], list[Future[list[Packed]]]]] = deque()
    try:
        for batch in batches:
            chunks = _split(batch, workers)
            pending.append((chunks, [pool.submit(analyse_chunk, chunk) for chunk in chunks]))
            if len(pending) >= MAX_BATCHES_IN_FLIGHT:
                results, pool = _collect(*pending.popleft(), pool, workers, context)
                yield results
        while pending:
            results, pool = _collect(*pending.popleft(), pool, workers, context)
            yield results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(
    chunks: list[list[Item]],
    futures: list[Future[list[Packed]]],
    pool: ProcessPoolExecutor,
    workers: int,
    context: multiprocessing.context.BaseContext,
) -> tuple[list[Result], ProcessPoolExecutor]:
    """A batch's results in order. A worker that died (killed, out of memory) fails its chunk,
    recorded per article, and the pool is replaced so the run goes on."""
    results: list[Result] = []
    for chunk, future in zip(chunks, futures, strict=True):
        try:
            results.extend(map(_unpack, chunk, future.result()))
        except BrokenProcessPool as exc:
            results.extend(_failed(chunk, f"worker process died: {exc}"))
            if _is_broken(pool):
                pool.shutdown(wait=False, cancel_futures=True)
                pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    return results, pool


def _analyse_chunk(analyse: Analyser, published: date | None, chunk: list[Item]) -> list[Packed]:
    return [_pack(analyse(item, published)) for item in chunk]


_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(Analysis)


def _pack(result: Result) -> Packed:
    """A failure stays a (small, rare) pickled object; an analysis that cannot be written, such
    as text with a lone surrogate, becomes a failure of its own rather than failing its chunk."""
    if isinstance(result, Failure):
        return result
    try:
        return _ENCODER.encode(result)
    except (TypeError, ValueError, OverflowError, UnicodeError) as exc:
        return Failure(result.article.source, "analyse", f"cannot send the analysis back: {exc}")


def _unpack(item: Item, packed: Packed) -> Result:
    """The analysis of `item` as the worker sent it; one that does not read back as the model
    (a value of the wrong type in it) fails that article, not the batch."""
    if isinstance(packed, Failure):
        return packed
    try:
        return _DECODER.decode(packed)
    except msgspec.DecodeError as exc:  # ValidationError included
        return Failure(item.source, "analyse", f"cannot read the analysis back: {exc}")


def _failed(chunk: list[Item], reason: str) -> list[Result]:
    return [item if isinstance(item, Failure) else Failure(item.source, "analyse", reason) for item in chunk]


def _is_broken(pool: ProcessPoolExecutor) -> bool:
    return bool(getattr(pool, "_broken", False))


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _split(batch: list[Item], parts: int) -> list[list[Item]]:
    """Contiguous chunks of nearly equal size, so that joining them restores the batch."""
    size = math.ceil(len(batch) / parts)
    return [batch[start : start + size] for start in range(0, len(batch), size)]
