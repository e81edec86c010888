"""sitreps: news reports of attacks in, an evidence-backed incident database out.

    >>> import sitreps
    >>> store = sitreps.open_store("sitreps.db")
    >>> sitreps.run(["articles.jsonl"], store, sitreps.load_settings())

The model types and settings are imported at once (they are small); `analyse`, `run` and
`open_store` are imported on first use, so that `import sitreps` stays cheap for tools that only
need the types and worker processes do not pay for the database layer.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from .model import Analysis, Article, Failure, Incident, Place, Report, Span
from .settings import Settings, load_settings

if TYPE_CHECKING:
    from .pipeline import analyse, run
    from .store.store import open_store

try:
    __version__ = version("sitreps")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = [
    "Analysis",
    "Article",
    "Failure",
    "Incident",
    "Place",
    "Report",
    "Settings",
    "Span",
    "analyse",
    "load_settings",
    "open_store",
    "run",
]

_LAZY = {"analyse": ".pipeline", "run": ".pipeline", "open_store": ".store.store"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
