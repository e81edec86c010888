"""The frame every `sitreps` command shares: the typer app, its one error boundary, options.

Errors are handled in one place, `_ErrorBoundary`: an error we raise on purpose (`SitrepsError`)
is one red line and exit 1; anything else is a bug, said as such in one line. `--verbose` adds
the traceback. Exit codes: 0 all inputs landed, 1 error, 2 usage (typer's), 3 some inputs failed.

The library is imported inside the commands that need it, so that `sitreps --help` is instant
and a command that only lists articles never loads the extractor.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

from ..errors import SitrepsError
from ..settings import Settings

if TYPE_CHECKING:
    from ..store.store import Store

EXIT_ERROR = 1
EXIT_SOME_INPUTS_FAILED = 3
MAX_FAILURES_LISTED = 20
_VERBOSE = "sitreps.verbose"

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class _ErrorBoundary(TyperGroup):
    """The one place where exceptions become messages and exit codes."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):  # exit codes, usage errors (2)
            raise
        except SitrepsError as exc:
            _fail(ctx, f"error: {exc}")
        except Exception as exc:  # noqa: BLE001 - a bug still gets one clear line, not a crash
            _fail(
                ctx, f"bug: {type(exc).__name__}: {exc} (please report it; re-run with --verbose for details)"
            )


def _fail(ctx: typer.Context, message: str) -> None:
    err.print(Text(message, style="red"), soft_wrap=True)
    if ctx.meta.get(_VERBOSE):
        err.print_exception()
    raise typer.Exit(EXIT_ERROR)


def _remember_verbose(ctx: typer.Context, value: bool) -> bool:
    if value:
        ctx.meta[_VERBOSE] = True
        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
    return value


app = typer.Typer(
    cls=_ErrorBoundary,
    help="Turn news reports of attacks into an evidence-backed incident database.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

Db = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLite file or sqlite:///, postgresql:// URL  (default: sitreps.db; env SITREPS_DB)"
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
Verbose = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="Debug logging; tracebacks on errors.",
        callback=_remember_verbose,
        expose_value=False,
    ),
]


@contextmanager
def opened(settings: Settings) -> Iterator[Store]:
    """The store named by the settings, closed when the command is done."""
    from ..store.store import open_store

    with open_store(settings.db) as store:
        yield store


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
