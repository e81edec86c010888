"""The web application: the dashboard page, the REST API under `/api`, and the static files.

`create_app` opens the store once and shares it between requests (the store is thread-safe and
FastAPI runs plain `def` endpoints in a thread pool). Every response carries a strict
Content-Security-Policy: scripts, styles, data and fonts come only from this server, so text an
article smuggled into the page could not run even if an escaping bug let it through; the one
exception is the optional map tile server, allowed for images only.

The interactive OpenAPI pages (Swagger UI, ReDoc) are turned off because they load their
scripts from a CDN; the OpenAPI document itself is at `/api/openapi.json`.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import ConfigError
from ..settings import Settings, load_settings
from ..store.store import Store, open_store
from .errors import add_error_handlers, document_errors, error_response

WEB_DIR = Path(__file__).parent
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"
#: The largest request body read: far more than a post of articles needs, and little enough that
#: no client, with the token or without, can make the server hold gigabytes.
MAX_REQUEST_BYTES = 32 * 1024 * 1024
#: A tile server's host (a name or a bracketed IPv6 address) and port: what may stand in a policy.
_HOST_AND_PORT = re.compile(r"(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


@dataclass(frozen=True, slots=True)
class WebSettings:
    """What only the web server needs (the pipeline's `Settings` hold the rest).

    `api_token` switches on `POST /api/articles`: with no token the API is read-only. `tiles_url`
    is an online tile server the browser may use when it can reach it; empty means the offline
    outlines only."""

    api_token: str | None = None
    tiles_url: str = OSM_TILES
    tiles_attribution: str = OSM_ATTRIBUTION

    def __repr__(self) -> str:  # never print the token into a log
        shown = "set" if self.api_token else None
        return f"WebSettings(api_token={shown!r}, tiles_url={self.tiles_url!r})"


def load_web_settings(**overrides: Any) -> WebSettings:
    """Defaults, then `SITREPS_API_TOKEN` / `SITREPS_TILES_URL` / `SITREPS_TILES_ATTRIBUTION`,
    then explicit overrides (CLI flags) that are not None."""
    values: dict[str, Any] = {}
    for name in ("api_token", "tiles_url", "tiles_attribution"):
        env = os.environ.get(f"SITREPS_{name.upper()}")
        if env is not None:
            values[name] = env.strip()
    values.update({k: v for k, v in overrides.items() if v is not None})
    if values.get("api_token") == "":
        values["api_token"] = None
    if values.get("tiles_url", OSM_TILES) and not _tile_origin(values.get("tiles_url", OSM_TILES)):
        raise ConfigError(f"the tile server must be an http(s) URL template, not {values['tiles_url']!r}")
    return replace(WebSettings(), **values)


@dataclass(frozen=True, slots=True)
class AppState:
    """What the endpoints share: the open store, the settings, and one lock for writers."""

    store: Store
    settings: Settings
    web: WebSettings
    write_lock: threading.Lock


def create_app(store_url: str, settings: Settings | None = None, web: WebSettings | None = None) -> FastAPI:
    """The dashboard and API over the database at `store_url` (a path or a database URL)."""
    from .api import router as api_router
    from .pages import router as pages_router

    settings = settings or load_settings(db=store_url)
    web = web or load_web_settings()
    store = open_store(store_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="sitreps",
        version=__version__,
        summary="Incidents reported in the news, with the sources and the words behind every field.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.sitreps = AppState(store, settings, web, threading.Lock())
    add_error_handlers(app)
    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    app.add_middleware(RequestSizeLimit, limit=MAX_REQUEST_BYTES)
    app.add_middleware(SecurityHeaders, policy=content_security_policy(web))  # outermost: on every answer
    document_errors(app)
    return app


def content_security_policy(web: WebSettings) -> str:
    """Everything from this server only; images also from the tile server, if there is one."""
    tiles = _tile_origin(web.tiles_url)
    images = "'self'" + (f" {tiles}" if tiles else "")
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {images}",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def _tile_origin(url: str) -> str | None:
    """scheme://host:port of the tile server, or None if there is none that a policy can name:
    a host with ";" or a space in it would add directives of its own, and a password there
    would be published in every response."""
    parts = urlsplit(url.replace("{", "").replace("}", ""))
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    if not _HOST_AND_PORT.fullmatch(parts.netloc):
        return None
    return f"{parts.scheme}://{parts.netloc}"


class SecurityHeaders:
    """Adds the security headers to every response, pages, API and errors alike (pure ASGI
    middleware, which passes bodies through untouched, unlike Starlette's BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp, policy: str) -> None:
        self.app = app
        self._headers = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self._headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestSizeLimit:
    """Refuses a request body over `limit` bytes with a 413 before the app sees it. FastAPI
    reads and parses a body before it checks the API token, so without this any client could
    make even a read-only server hold whatever it sends."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        body, more = bytearray(), True
        while more:  # at most `limit` bytes, whether the client declared a length or not
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                await self._refuse(scope, receive, send)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"request body too large: the limit is {self.limit:,} bytes"
        await error_response(413, message, {"Connection": "close"})(scope, receive, send)


def app_state(request: Request) -> AppState:
    """The shared state, as a FastAPI dependency."""
    return request.app.state.sitreps  # type: ignore[no-any-return]
