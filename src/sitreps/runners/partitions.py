"""Cut the input into partitions that workers elsewhere can read on their own.

A distributed runner should not push every article's text through one process: it hands out
*pieces* of the input (whole files, or byte ranges of a big JSONL corpus cut at line ends) and
lets each worker read its own. Reading a piece must give exactly what reading the whole input
gives, in the same order, so a run is the same database whatever the partitioning.

Record sources name their line (`corpus.jsonl:1234`). A worker reading a byte range numbers its
lines from the start of the range and counts them; the parent, which gets the ranges back in
order, adds the lines of the ranges before (`LineNumbers`). Sources that are not local files
(stdin, URLs, missing paths) are read by the parent, as the local engine reads them.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import IO, TypeVar, cast

from ..errors import SitrepsError
from ..ingest.decode import bom_encoding, looks_binary
from ..ingest.jsonl import articles_from_jsonl
from ..ingest.readers import PrefixedStream, read, walk_folder
from ..ingest.sniff import SNIFF_BYTES, Kind, is_url, sniff
from ..model import Analysis, Article, Failure
from ..settings import Settings

Item = Article | Failure
T = TypeVar("T", bound=Article | Analysis | Failure)

#: Put before a byte range that starts mid-file: the JSONL reader decides from a file's first
#: record whether the file is a corpus at all, and a range's first record is not the file's.
_STAND_IN_RECORD = b'{"text": "-"}\n'


@dataclass(frozen=True, slots=True)
class Piece:
    """A whole file (`end` None), or the lines of a JSONL file in bytes [start, end)."""

    path: str
    start: int = 0
    end: int | None = None

    @property
    def label(self) -> str:
        return self.path if self.end is None else f"{self.path}@{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Partition:
    """One task's input: pieces of files the worker reads, or items the parent read."""

    pieces: tuple[Piece, ...] = ()
    items: tuple[Item, ...] = ()


# -- planning (in the parent) -------------------------------------------------------------------


def plan_partitions(sources: Iterable[str], settings: Settings, partition_bytes: int) -> Iterator[Partition]:
    """The partitions of `sources`, lazily, in the order `ingest.readers.read` reads them: local
    files grouped (or split) to about `partition_bytes`, other sources read here in batches."""
    pieces: list[Piece] = []
    pieces_bytes = 0
    for source in sources:
        if not _is_local(source):
            if pieces:
                yield Partition(pieces=tuple(pieces))
                pieces, pieces_bytes = [], 0
            yield from _item_partitions(read([source], settings), settings.batch_size)
            continue
        for piece, size in _pieces(Path(source), partition_bytes):
            pieces.append(piece)
            pieces_bytes += size
            if pieces_bytes >= partition_bytes:
                yield Partition(pieces=tuple(pieces))
                pieces, pieces_bytes = [], 0
    if pieces:
        yield Partition(pieces=tuple(pieces))


def split_points(path: Path, size: int, partition_bytes: int) -> Iterator[tuple[int, int]]:
    """Byte ranges of about `partition_bytes` that cover the file, each ending after a newline."""
    with path.open("rb") as stream:
        start = 0
        while start < size:
            end = _next_line_start(stream, start + partition_bytes, size)
            yield start, end
            start = end


def _is_local(source: str) -> bool:
    path = Path(source)
    return source != "-" and not is_url(source) and (path.is_dir() or path.is_file())


def _pieces(path: Path, partition_bytes: int) -> Iterator[tuple[Piece, int]]:
    for file in walk_folder(path) if path.is_dir() else iter([path]):
        size = file.stat().st_size
        if size > partition_bytes and _is_splittable_corpus(file):
            for start, end in split_points(file, size, partition_bytes):
                yield Piece(str(file), start, end), end - start
        else:
            yield Piece(str(file)), size


def _is_splittable_corpus(path: Path) -> bool:
    """A UTF-8 JSONL corpus whose first record has a text: only such a file reads the same in
    pieces as whole (anything else is one piece, and the reader says what is wrong with it)."""
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
    if looks_binary(head) or bom_encoding(head) not in (None, "utf-8-sig"):
        return False
    if sniff(head, path.suffix) is not Kind.JSONL or b"\n" not in head:
        return False
    try:
        first = json.loads(head.split(b"\n", 1)[0].decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(first, dict) and isinstance(first.get("text"), str)


def _next_line_start(stream: IO[bytes], position: int, size: int) -> int:
    """The first offset at or after `position` that starts a line (or the end of the file),
    found by reading in chunks: a huge line is never held whole."""
    if position >= size:
        return size
    stream.seek(position - 1)
    offset = position - 1
    while chunk := stream.read(SNIFF_BYTES):
        newline = chunk.find(b"\n")
        if newline >= 0:
            return offset + newline + 1
        offset += len(chunk)
    return size


def _item_partitions(items: Iterable[Item], size: int) -> Iterator[Partition]:
    iterator = iter(items)
    while chunk := tuple(islice(iterator, max(1, size))):
        yield Partition(items=chunk)


# -- reading (in a worker) ----------------------------------------------------------------------


def read_piece(piece: Piece, settings: Settings) -> tuple[list[Item], int]:
    """The items of a piece, record lines numbered from the piece's first line, and the number
    of lines the piece holds (0 for a whole file, whose lines are numbered already)."""
    if piece.end is None:
        return list(read([piece.path], settings)), 0
    with open(piece.path, "rb") as file:
        file.seek(piece.start)
        mid_file = piece.start > 0
        byte_range = _CountingRange(file, piece.end - piece.start, _STAND_IN_RECORD if mid_file else b"")
        records = articles_from_jsonl(
            io.BufferedReader(byte_range), piece.path, max_chars=settings.max_text_chars
        )
        if mid_file:
            next(records)  # the stand-in record: line 1, so that a first record without a text is
            # that line's Failure, as when reading the whole file (not "this file is no corpus")
        shift = -1 if mid_file else 0
        items = [renumbered(item, piece.path, shift) for item in _until_error(records, piece.path)]
        byte_range.drain()
    return items, byte_range.newlines


def _until_error(items: Iterator[Item], source: str) -> list[Item]:
    """The items, then a read error as the source's Failure (as `ingest.readers.read` does)."""
    collected: list[Item] = []
    try:
        collected.extend(items)
    except SitrepsError as exc:
        collected.append(Failure(source, "read", str(exc)))
    except OSError as exc:
        collected.append(Failure(source, "read", exc.strerror or str(exc)))
    except Exception as exc:  # noqa: BLE001 - recorded with its reason, the batch goes on
        collected.append(Failure(source, "read", f"{type(exc).__name__}: {exc}"))
    return collected


class _CountingRange(PrefixedStream):
    """`head`, then at most `length` bytes of a file, counting the newlines of the file's part."""

    def __init__(self, file: IO[bytes], length: int, head: bytes = b"") -> None:
        super().__init__(head, file)
        self._left = length
        self.newlines = 0

    def _read_rest(self, size: int) -> bytes:
        data = self._rest.read(min(size, self._left))
        self._left -= len(data)
        self.newlines += data.count(b"\n")
        return data

    def drain(self) -> None:
        """Count the lines a reader stopped short of (an error), so that the next range is
        numbered right all the same."""
        while self.readinto(bytearray(SNIFF_BYTES)):
            pass


# -- numbering (in the parent) ------------------------------------------------------------------


@dataclass
class LineNumbers:
    """Renumbers the results of consecutive pieces of a file from the file's first line."""

    _lines_before: dict[str, int] = field(default_factory=dict)

    def from_file_start(self, piece: Piece, results: list[T], lines: int) -> list[T]:
        if piece.end is None:
            return results
        shift = self._lines_before.pop(piece.path, 0) if piece.start else 0
        self._lines_before[piece.path] = shift + lines
        return [renumbered(result, piece.path, shift) for result in results]


def renumbered(value: T, path: str, shift: int) -> T:
    """An article, analysis or failure with its `path:LINE` source moved by `shift` lines (any
    other source unchanged)."""
    if shift == 0:
        return value
    if isinstance(value, Analysis):
        return cast(T, replace(value, article=renumbered(value.article, path, shift)))
    prefix, _, line = value.source.rpartition(":")
    if prefix != path or not line.isdigit():
        return value
    return replace(value, source=f"{path}:{int(line) + shift}")
