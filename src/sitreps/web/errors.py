"""One error shape for every failed request: `{"ok": false, "error": "...", "status": 400}`.

Clients (the dashboard, scripts, curl) then handle every failure the same way, whichever layer
refused: a parameter FastAPI could not parse, a filter the query layer rejects, an unknown id,
a route that does not exist, the database being down, or a bug. A bad parameter is always a
400 whose message names the parameter and says what is allowed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..errors import SitrepsError, StoreError
from ..store.queries import QueryError
from ..store.store import NotFoundError

log = logging.getLogger(__name__)

BAD_REQUEST = 400


def error_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"ok": False, "error": message, "status": status}, status_code=status, headers=headers
    )


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _bad_parameters)  # type: ignore[arg-type]
    app.add_exception_handler(SitrepsError, _sitreps_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _bug)


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    message = str(exc.detail)
    if exc.status_code == 404 and message == "Not Found":  # the router's own words: say which
        message = f"nothing at {request.url.path}"
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
    return error_response(exc.status_code, message, exc.headers)


async def _bad_parameters(_: Request, exc: RequestValidationError) -> JSONResponse:
    return error_response(BAD_REQUEST, validation_message(exc.errors()))


def validation_message(errors: Sequence[Any]) -> str:
    """ "limit: Input should be less than or equal to 500" — the parameter, then the rule."""
    parts = []
    for error in errors:
        name = _parameter_name(error.get("loc", ()))
        given = error.get("input")
        shown = f" (got {given!r})" if isinstance(given, str | int | float) and len(repr(given)) <= 60 else ""
        parts.append(f"{name}: {error.get('msg', 'invalid')}{shown}")
    return "bad parameter: " + "; ".join(parts)


def _parameter_name(loc: Sequence[str | int]) -> str:
    """ "limit" for a query or path parameter, "body[0].text" for a field of a posted record."""
    source, *rest = loc or ("request",)
    name = "" if source in ("query", "path", "header", "cookie") else str(source)
    for part in rest:
        name += f"[{part}]" if isinstance(part, int) else f".{part}" if name else str(part)
    return name or "request"


async def _sitreps_error(_: Request, exc: SitrepsError) -> JSONResponse:
    if isinstance(exc, NotFoundError):
        return error_response(404, str(exc))
    if isinstance(exc, QueryError):
        return error_response(BAD_REQUEST, str(exc))
    if isinstance(exc, StoreError):
        log.error("database error: %s", exc)
        return error_response(503, f"database unavailable: {exc}")
    return error_response(BAD_REQUEST, str(exc))


async def _bug(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return error_response(500, f"internal error ({type(exc).__name__}); the server log has the details")


def document_errors(app: FastAPI) -> None:
    """Make the OpenAPI document tell the truth about errors: FastAPI documents a 422 with its
    own shape for every endpoint that takes parameters, but we answer 400 with ours."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas["Error"] = ERROR_SCHEMA
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.get("responses", {})
                if responses.pop("422", None) is not None:
                    responses["400"] = _error_response("Bad parameter: the message names it")
                for status, response in responses.items():
                    if status[0] in "45":
                        response["content"] = {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["ok", "error", "status"],
    "properties": {
        "ok": {"type": "boolean", "const": False},
        "error": {"type": "string", "description": "What went wrong, in one line"},
        "status": {"type": "integer", "description": "The HTTP status code, repeated"},
    },
}


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description}
