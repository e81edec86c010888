"""The annotated-corpus format (`tests/data/corpus/README.md`) as typed values, read and written.

Gold files and prediction files share one shape (`{"id": ..., "events": [...]}` per line), so
one parser reads both: a predictions file written by `sitreps eval --predictions`, or by any
other tool, can be scored offline exactly like a live run. Records may carry extra keys (the
negatives add `kind`, gold events add `notes`); they are kept where useful and never rejected.
Anything that would make a score meaningless (no id, an unreadable date, an unknown role) is a
`DataError` naming the file and line, because a silently skipped record skews every figure.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..model import Precision, Role

_PRECISION_OF_SHAPE = {4: Precision.YEAR, 7: Precision.MONTH, 10: Precision.DAY}


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """The scored keys every gold or predicted event has; `date` is a day whose meaning is
    bounded by `date_precision` (month precision: the first of the month)."""

    incident: str | None = None
    role: Role = Role.MAIN
    date: dt.date | None = None
    date_precision: Precision | None = None
    location: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    attack_type: str | None = None
    target: str | None = None
    claimed_by: str | None = None
    killed: int | None = None
    injured: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldEvent(Event):
    """An annotated event: `admin1_alt` holds other governorates the text equally supports."""

    admin1_alt: tuple[str, ...] = ()
    notes: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PredictedEvent(Event):
    """An event a run found, in the gold shape; `incident` is the run's own incident id and
    `evidence` maps a field name to the quoted words it came from (for `--predictions`)."""

    evidence: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The gold-format event, so that any other scorer can reproduce our figures."""
        record = event_to_json(self)
        if self.evidence:
            record["evidence"] = dict(self.evidence)
        return record


@dataclass(frozen=True, slots=True)
class CorpusRecord:
    """One input article of a corpus folder, as the folder stores it."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    title: str | None = None


def event_to_json(event: Event) -> dict[str, Any]:
    return {
        "incident": event.incident,
        "role": str(event.role),
        "date": event.date.isoformat() if event.date else None,
        "date_precision": str(event.date_precision) if event.date_precision else None,
        "location": event.location,
        "admin1": event.admin1,
        "country": event.country,
        "lat": event.lat,
        "lon": event.lon,
        "attack_type": event.attack_type,
        "target": event.target,
        "claimed_by": event.claimed_by,
        "killed": event.killed,
        "injured": event.injured,
    }


def gold_to_predicted(event: GoldEvent) -> PredictedEvent:
    """A gold event as a run would report it (for checking the scorer against itself)."""
    return PredictedEvent(**{name: getattr(event, name) for name in Event.__dataclass_fields__})


def corpus_files(folder: Path) -> tuple[Path, Path]:
    """The `corpus.jsonl` and `gold.jsonl` of a corpus folder."""
    corpus, gold = folder / "corpus.jsonl", folder / "gold.jsonl"
    for path in (corpus, gold):
        if not path.is_file():
            raise DataError(f"{path}: missing (a corpus folder holds corpus.jsonl and gold.jsonl)")
    return corpus, gold


def load_corpus(path: Path) -> list[CorpusRecord]:
    """The articles of a `corpus.jsonl`, in file order."""
    records: list[CorpusRecord] = []
    for where, raw in _json_lines(path):
        text = raw.get("text")
        if not isinstance(text, str):
            raise DataError(f"{where}: 'text' must be a string")
        records.append(
            CorpusRecord(
                id=_record_id(raw, where),
                text=text,
                url=_text(raw, "url", where),
                outlet=_text(raw, "outlet", where),
                published=_parse_date(raw.get("published"), where)[0],
                title=_text(raw, "title", where),
            )
        )
    return records


def load_gold(path: Path) -> dict[str, list[GoldEvent]]:
    """Gold events per article id, every article of the file present (even with no events)."""
    return {
        article_id: [_gold_event(e, where) for e in events] for article_id, events, where in _articles(path)
    }


def predictions_from_jsonl(path: Path) -> dict[str, list[PredictedEvent]]:
    """Predicted events per article id from a gold-format file (ours or anyone's)."""
    return {
        article_id: [_predicted_event(e, where) for e in events]
        for article_id, events, where in _articles(path)
    }


def write_predictions(predicted: Mapping[str, list[PredictedEvent]], path: Path) -> None:
    """One gold-format line per article, in the mapping's order."""
    with path.open("w", encoding="utf-8") as out:
        for article_id, events in predicted.items():
            record = {"id": article_id, "events": [e.to_json() for e in events]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _articles(path: Path) -> Iterator[tuple[str, list[dict[str, Any]], str]]:
    seen: set[str] = set()
    for where, raw in _json_lines(path):
        article_id = _record_id(raw, where)
        if article_id in seen:
            raise DataError(f"{where}: article id {article_id!r} appears twice")
        seen.add(article_id)
        events = raw.get("events") or []
        if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
            raise DataError(f"{where}: 'events' must be a list of objects")
        yield article_id, events, where


def _json_lines(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot be read ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{where}: not JSON ({exc.msg})") from exc
        if not isinstance(raw, dict):
            raise DataError(f"{where}: each line must be a JSON object")
        yield where, raw


def _record_id(raw: Mapping[str, Any], where: str) -> str:
    value = raw.get("id")
    if not isinstance(value, (str, int)) or isinstance(value, bool) or str(value) == "":
        raise DataError(f"{where}: every record needs an 'id'")
    return str(value)


def _event_fields(raw: Mapping[str, Any], where: str) -> dict[str, Any]:
    day, precision = _parse_date(raw.get("date"), where, raw.get("date_precision"))
    return {
        "incident": _incident(raw.get("incident"), where),
        "role": _role(raw.get("role"), where),
        "date": day,
        "date_precision": precision,
        "location": _text(raw, "location", where),
        "admin1": _text(raw, "admin1", where),
        "country": (_text(raw, "country", where) or "").upper() or None,
        "lat": _number(raw, "lat", where),
        "lon": _number(raw, "lon", where),
        "attack_type": _text(raw, "attack_type", where),
        "target": _text(raw, "target", where),
        "claimed_by": _text(raw, "claimed_by", where),
        "killed": _count(raw, "killed", where),
        "injured": _count(raw, "injured", where),
    }


def _gold_event(raw: Mapping[str, Any], where: str) -> GoldEvent:
    alt = raw.get("admin1_alt") or ()
    if isinstance(alt, str):
        alt = (alt,)
    if not isinstance(alt, (list, tuple)) or not all(isinstance(a, str) for a in alt):
        raise DataError(f"{where}: 'admin1_alt' must be a list of names")
    return GoldEvent(**_event_fields(raw, where), admin1_alt=tuple(alt), notes=_text(raw, "notes", where))


def _predicted_event(raw: Mapping[str, Any], where: str) -> PredictedEvent:
    evidence = raw.get("evidence") or {}
    if not isinstance(evidence, dict):
        raise DataError(f"{where}: 'evidence' must map field names to quoted text")
    quotes = {str(k): " | ".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in evidence.items()}
    return PredictedEvent(**_event_fields(raw, where), evidence=quotes)


def _parse_date(value: Any, where: str, precision: Any = None) -> tuple[dt.date | None, Precision | None]:
    """A date in any of the format's shapes, with its precision: the stated one, but never
    finer than the shape allows ("2021-03" cannot be day-precise)."""
    if value is None or value == "":
        return None, None
    text = str(value).strip()
    shape = _PRECISION_OF_SHAPE.get(len(text))
    try:
        padded = {4: f"{text}-01-01", 7: f"{text}-01"}.get(len(text), text)
        day = dt.date.fromisoformat(padded) if shape else None
    except ValueError:
        day = None
    if day is None or shape is None:
        raise DataError(f"{where}: date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if precision is None or precision == "":
        return day, shape
    try:
        stated = Precision(str(precision))
    except ValueError as exc:
        raise DataError(f"{where}: date_precision {precision!r} is not day, week, month or year") from exc
    return day, stated if stated.rank >= shape.rank else shape


def _role(value: Any, where: str) -> Role:
    try:
        return Role(str(value))
    except ValueError as exc:
        raise DataError(f"{where}: role {value!r} is not 'main' or 'background'") from exc


def _incident(value: Any, where: str) -> str | None:
    if value is None or (isinstance(value, (str, int)) and not isinstance(value, bool)):
        return None if value is None else str(value)
    raise DataError(f"{where}: 'incident' must be an id")


def _text(raw: Mapping[str, Any], key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise DataError(f"{where}: {key!r} must be text or null")
    return value.strip() or None


def _number(raw: Mapping[str, Any], key: str, where: str) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise DataError(f"{where}: {key!r} must be a number or null")
    return float(value)


def _count(raw: Mapping[str, Any], key: str, where: str) -> int | None:
    """A casualty count; whole-number floats and digit strings are accepted from other tools."""
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise DataError(f"{where}: {key!r} must be a whole number or null")
