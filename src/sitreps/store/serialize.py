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
import json
import types
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from functools import cache, lru_cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from ..model import Analysis, Article, Incident, Report

JSON = Any  # dict | list | str | int | float | bool | None, nested
T = TypeVar("T")

#: Reports `report_from_text` keeps built: ~5 KB each with its text, so ~80 MB at most, for
#: a window of a few busy weeks of wire copies without reading any report twice.
REMEMBERED_REPORTS = 16384


def to_json(value: Any) -> JSON:
    """A model value (any dataclass of `sitreps.model`, nested) as JSON-ready data. Most of a
    report's ~40 values (offsets, names, counts) are plain: checked by exact type, they skip the
    per-class lookup (str enums still go through it, and come out as they are)."""
    return value if type(value) in _PLAIN_TYPES else _encoder(type(value))(value)


def from_json(hint: Any, data: JSON) -> Any:
    """Rebuild a value of type `hint` (a class or a typing form such as `Fact[Target]`)."""
    return _decoder(hint)(data)


def report_to_json(report: Report) -> JSON:
    return to_json(report)


def report_from_json(data: JSON) -> Report:
    return from_json(Report, data)


@lru_cache(maxsize=REMEMBERED_REPORTS)
def report_from_text(text: str) -> Report:
    """A report from its stored JSON text. Linking reads the same stored reports again and again
    (each batch fetches the days around it, and undated reports fetch their candidates), and
    building a report costs ~0.1 ms; the text is the key, so a report read back is always
    exactly what is stored, whatever happened to the database in between."""
    return report_from_json(json.loads(text))


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


Encoder = Callable[[Any], JSON]


@cache
def _encoder(cls: type) -> Encoder:
    """How to write a value of this class, chosen once per class (a report holds ~40 values)."""
    if cls is type(None) or issubclass(cls, bool | int | float | str):  # str enums stay as they are
        return _as_is
    if issubclass(cls, Enum):
        return _enum_value
    if issubclass(cls, date):  # datetime is a date too; both keep their ISO form
        return _iso_format
    if issubclass(cls, tuple | list):
        return _list_of
    if dataclasses.is_dataclass(cls):
        names = field_names(cls)
        return lambda value: {name: to_json(getattr(value, name)) for name in names}
    return _refuse_to_write


#: Types written as they are.
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def _enum_value(value: Enum) -> JSON:
    return value.value


def _iso_format(value: date) -> str:
    return value.isoformat()


def _list_of(values: tuple[Any, ...] | list[Any]) -> list[JSON]:
    return [to_json(value) for value in values]


def _refuse_to_write(value: Any) -> JSON:
    raise TypeError(f"cannot serialise {type(value).__name__}: {value!r}")


Decoder = Callable[[JSON], Any]


@cache
def _decoder(hint: Any) -> Decoder:
    """The function that reads JSON into a `hint`, built once per hint from the type hints.

    Walking the hints anew for every value (origin, arguments, type variables) cost ~0.5 ms per
    report; the walk is now done once, and reading a value is a call per field."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        concrete = [option for option in get_args(hint) if option is not type(None)]
        if len(concrete) != 1:  # `X | None` is the only union the model uses
            return _refuse(TypeError(f"ambiguous union {get_args(hint)!r}"))
        return _decoder(concrete[0])
    if origin is tuple:
        return _optional(_tuple_decoder(get_args(hint)))
    cls = origin or hint
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        return _optional(_dataclass_decoder(cls, get_args(hint)))
    if isinstance(cls, type) and issubclass(cls, Enum):
        return _optional(_enum_decoder(cls))
    readers: dict[Any, Decoder] = {datetime: datetime.fromisoformat, date: date.fromisoformat, float: float}
    if cls in readers:
        return _optional(readers[cls])
    if cls in (int, str, bool) or cls is Any:
        return _as_is
    return _refuse(TypeError(f"cannot read {hint!r} from JSON"))


def _as_is(data: JSON) -> Any:
    return data


def _optional(read: Decoder) -> Decoder:
    """JSON null is None whatever the hint (the model's optional fields)."""

    def read_or_none(data: JSON) -> Any:
        return None if data is None else read(data)

    return read_or_none


def _refuse(error: Exception) -> Decoder:
    """A hint we cannot read fails when a value is read with it, not when the model loads."""

    def refuse(data: JSON) -> Any:
        if data is None:
            return None
        raise error

    return refuse


def _tuple_decoder(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:  # tuple[X, ...]
        item = _decoder(args[0])
        return lambda data: tuple([item(value) for value in data])
    items = [_decoder(arg) for arg in args]

    def read_fixed(data: JSON) -> tuple[Any, ...]:
        if len(items) != len(data):
            raise ValueError(f"expected {len(items)} items, got {len(data)}: {data!r}")
        return tuple([read(value) for read, value in zip(items, data, strict=True)])

    return read_fixed


def _dataclass_decoder(cls: type, type_args: tuple[Any, ...]) -> Decoder:
    bindings = dict(zip(getattr(cls, "__parameters__", ()), type_args, strict=False))
    fields = {name: _decoder(_bind(hint, bindings)) for name, hint in _field_hints(cls).items()}

    def read_dataclass(data: JSON) -> Any:
        return cls(**{name: fields[name](item) for name, item in data.items() if name in fields})

    return read_dataclass


def _enum_decoder(cls: type[Enum]) -> Decoder:
    members = cls._value2member_map_

    def read_enum(data: JSON) -> Enum:
        try:
            return members[data]
        except (KeyError, TypeError):
            return cls(data)  # raises the Enum's own ValueError for an unknown value

    return read_enum


@cache
def field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, read once per class."""
    return tuple(f.name for f in dataclasses.fields(cls))


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
    return origin[bound] if origin is not tuple else tuple[bound]  # type: ignore[index, valid-type]
