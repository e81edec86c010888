"""Scores for people (a rich table) and for programs (the README's JSON object, key for key).

The JSON keys are a contract with whoever compares runs, so `to_json` builds them from the
fixed README layout, never from whatever attributes `Scores` happens to have.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .fields import FIELDS
from .metrics import Scores

DETECTION_ROLES: tuple[str, ...] = ("main", "background", "all")


def to_json(scores: Scores) -> dict[str, Any]:
    """The README's JSON object: ratios in [0, 1] or null, counts as integers."""
    return {
        "articles": scores.articles,
        "detection": {role: scores.detection[role].to_dict() for role in DETECTION_ROLES},
        "fields": {name: scores.fields[name].value for name in FIELDS},
        "fields_n": {name: scores.fields[name].n for name in FIELDS},
        "dedup": scores.dedup.to_dict(),
        "predicted_events": scores.predicted_events,
    }


def render_table(scores: Scores) -> Group:
    """Detection, fields and deduplication as three small tables, for `console.print`."""
    return Group(_summary(scores), _detection(scores), _fields(scores), _dedup(scores))


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _summary(scores: Scores) -> Text:
    line = f"{scores.articles} articles, {scores.predicted_events} predicted events"
    if scores.outside_iraq:
        line += f" ({scores.outside_iraq} outside Iraq, set aside)"
    return Text(line, style="bold")


def _detection(scores: Scores) -> Table:
    table = Table(title="Detection", title_justify="left")
    for column in ("events", "tp", "fp", "fn", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "events" else "right")
    for role in DETECTION_ROLES:
        prf = scores.detection[role]
        table.add_row(
            role,
            str(prf.tp),
            str(prf.fp),
            str(prf.fn),
            _figure(prf.precision),
            _figure(prf.recall),
            _figure(prf.f1),
        )
    return table


def _fields(scores: Scores) -> Table:
    table = Table(title="Fields of matched main events", title_justify="left")
    for column in ("field", "agree", "pairs", "share"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for name in FIELDS:
        share = scores.fields[name]
        table.add_row(name, str(share.agreed), str(share.n), _figure(share.value))
    return table


def _dedup(scores: Scores) -> Table:
    dedup = scores.dedup
    table = Table(title="Deduplication (B-cubed, matched main events)", title_justify="left")
    for column in ("precision", "recall", "F1", "predicted incidents", "gold incidents"):
        table.add_column(column, justify="right")
    table.add_row(
        _figure(dedup.precision),
        _figure(dedup.recall),
        _figure(dedup.f1),
        str(dedup.predicted_incidents),
        str(dedup.gold_incidents),
    )
    return table
