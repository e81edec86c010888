"""The `sitreps` command. Each module registers one group of commands on the shared app; each
command parses its options, calls one library function and renders the result."""

from __future__ import annotations

from . import (  # noqa: F401 - importing registers the commands
    articles,
    evaluate,
    incidents,
    web,
)
from .app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `sitreps` script."""
    app(prog_name="sitreps")
