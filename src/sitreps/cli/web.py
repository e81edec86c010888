"""`sitreps serve`: the web dashboard and REST API over a database."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer
from rich.text import Text

from ..settings import load_settings
from .app import Db, Verbose, app, err, out

TILES_OFF = ("off", "none", "")


@app.command()
def serve(
    db: Db = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; anything but loopback opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    tiles: Annotated[
        str | None,
        typer.Option(
            help="Online map tiles (URL template), or 'off' for the offline outlines only "
            "(default: OpenStreetMap, used when the browser can reach it; env SITREPS_TILES_URL)"
        ),
    ] = None,
    verbose: Verbose = False,
) -> None:
    """Serve the dashboard and the REST API (read-only unless SITREPS_API_TOKEN is set)."""
    import uvicorn

    from ..web.app import create_app, load_web_settings

    settings = load_settings(db=db)
    web = load_web_settings(tiles_url="" if tiles is not None and tiles.lower() in TILES_OFF else tiles)
    application = create_app(settings.db, settings, web)
    if not _is_loopback(host):
        err.print(
            Text(
                f"warning: listening on {host}: anyone who can reach it can read the database", style="yellow"
            )
        )
    out.print(
        f"sitreps: {settings.db} on http://{_url_host(host)}:{port}/ (API: /api, OpenAPI: /api/openapi.json)"
    )
    out.print(
        "ingest over the API is " + ("on (Bearer token required)" if web.api_token else "off (read-only)")
    )
    uvicorn.run(
        application, host=host, port=port, log_level="info" if verbose else "warning", access_log=verbose
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
