"""Model values to plain JSON and back, exactly.

The store keeps the whole `Report` and `Incident` in a JSON column (the flat columns beside it
are for queries), so the round trip must be exact: `from_json(T, to_json(x)) == x` for every
value of the model. Rather than one hand-written codec per class, which drifts the day someone
adds a field, the conversion follows the dataclasses' own type hints: a new field with a default
is serialised and read back with no change here, and JSON written before it was added still
loads (the missing key takes the default).

Enums are written as their values (the gold format's strings), dates in ISO format, tuples as
lists; `Fact[T]` and `Merged[T]` are read back with `T` resolved from the hint that holds them.
"""

from __future__ import annotations

import dataclasses
import types
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from ..model import Analysis, Article, Incident, Report

JSON = Any  # dict | list | str | int | float | bool | None, nested
T = TypeVar("T")


def to_json(value: Any) -> JSON:
    """A model value (any dataclass of `sitreps.model`, nested) as JSON-ready data."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):  # datetime is a date too; both keep their ISO form
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    raise TypeError(f"cannot serialise {type(value).__name__}: {value!r}")


def from_json(hint: Any, data: JSON) -> Any:
    """Rebuild a value of type `hint` (a class or a typing form such as `Fact[Target]`)."""
    if data is None:
        return None
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return _from_union(get_args(hint), data)
    if origin is tuple:
        return _from_tuple(get_args(hint), data)
    cls = origin or hint
    if dataclasses.is_dataclass(cls):
        return _from_dataclass(cls, get_args(hint), data)
    if isinstance(cls, type) and issubclass(cls, Enum):
        return cls(data)
    if cls is datetime:
        return datetime.fromisoformat(data)
    if cls is date:
        return date.fromisoformat(data)
    if cls is float:
        return float(data)
    if cls in (int, str, bool) or cls is Any:
        return data
    raise TypeError(f"cannot read {hint!r} from JSON")


def report_to_json(report: Report) -> JSON:
    return to_json(report)


def report_from_json(data: JSON) -> Report:
    return from_json(Report, data)


def incident_to_json(incident: Incident) -> JSON:
    return to_json(incident)


def incident_from_json(data: JSON) -> Incident:
    return from_json(Incident, data)


def article_to_json(article: Article) -> JSON:
    return to_json(article)


def article_from_json(data: JSON) -> Article:
    return from_json(Article, data)


def analysis_to_json(analysis: Analysis) -> JSON:
    return to_json(analysis)


def analysis_from_json(data: JSON) -> Analysis:
    return from_json(Analysis, data)


def _from_union(options: tuple[Any, ...], data: JSON) -> Any:
    """`X | None` is the only union the model uses; `None` was handled by the caller."""
    concrete = [option for option in options if option is not type(None)]
    if len(concrete) != 1:
        raise TypeError(f"ambiguous union {options!r}")
    return from_json(concrete[0], data)


def _from_tuple(args: tuple[Any, ...], data: JSON) -> tuple[Any, ...]:
    if len(args) == 2 and args[1] is Ellipsis:  # tuple[X, ...]
        return tuple(from_json(args[0], item) for item in data)
    if len(args) != len(data):
        raise ValueError(f"expected {len(args)} items, got {len(data)}: {data!r}")
    return tuple(from_json(arg, item) for arg, item in zip(args, data, strict=True))


def _from_dataclass(cls: type, type_args: tuple[Any, ...], data: JSON) -> Any:
    hints = _field_hints(cls)
    bindings = dict(zip(getattr(cls, "__parameters__", ()), type_args, strict=False))
    values = {
        name: from_json(_bind(hints[name], bindings), item) for name, item in data.items() if name in hints
    }
    return cls(**values)


@cache
def _field_hints(cls: type) -> dict[str, Any]:
    """The resolved type of each init field (the model's annotations are strings)."""
    hints = get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.init}


def _bind(hint: Any, bindings: dict[Any, Any]) -> Any:
    """Replace type variables (the `T` of `Fact[T]`) by the argument the outer hint gave."""
    if isinstance(hint, TypeVar):
        return bindings.get(hint, Any)
    args = get_args(hint)
    if not args or not bindings:
        return hint
    bound = tuple(_bind(arg, bindings) for arg in args)
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return Union[bound]  # noqa: UP007 - rebuilt from parts, the operator form cannot splat
    return origin[bound] if origin is not tuple else tuple[bound]  # type: ignore[index]
