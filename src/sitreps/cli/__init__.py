"""The `sitreps` command. Each module registers one group of commands on the shared app; each
command parses its options, calls one library function and renders the result."""

from __future__ import annotations

from . import articles, evaluate, incidents  # noqa: F401 - importing registers the commands
from . import web  # noqa: F401 - `sitreps serve`
from .app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `sitreps` script."""
    app(prog_name="sitreps")
