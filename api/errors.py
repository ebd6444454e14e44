"""One JSON error shape for every failure the HTTP API reports.

Every error response, whatever raised it, has the body::

    {"error": {"status": 400, "code": "query-syntax", "message": "SPARQL syntax error: ..."}}

with ``Content-Type: application/json``. ``code`` is a stable machine-readable name (listed in
``docs/sparql.md``); ``message`` is meant for people. That holds for the server's own limits too
(:mod:`.server`: a URL over the limit, a request the HTTP parser rejects) and for the unexpected
(a last handler answers 500 ``internal-error`` in the same shape, never a plain-text traceback).

This module imports no web framework at module level: the query workers raise :class:`ApiError`
too.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    """An error with an HTTP status, a stable code and a message."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_body(status: int, code: str, message: str) -> dict:
    return {"error": {"status": status, "code": code, "message": message}}


def error_bytes(status: int, code: str, message: str) -> bytes:
    """The error body, encoded (for the parts of the server that write raw HTTP)."""
    return json.dumps(
        error_body(status, code, message), ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    from fastapi.responses import JSONResponse

    return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)


_HTTP_CODES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "too-large",
    415: "unsupported-media-type",
}


async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, exc.headers)


def allowed_methods(request: Request) -> list[str]:
    """The methods some route of the app answers at the request's path (for ``Allow``)."""
    from starlette.routing import Match

    return [
        method
        for method in ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL
            for route in request.app.router.routes
        )
    ]


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(exc.status_code, "http-error")
    headers = dict(getattr(exc, "headers", None) or {})
    message = str(exc.detail)
    if exc.status_code == 405:  # Starlette names the methods of one route; a path may have more
        allowed = allowed_methods(request)
        headers["Allow"] = ", ".join(allowed)
        message = f"{request.method} is not allowed here; allowed: {', '.join(allowed)}"
    return error_response(exc.status_code, code, message, headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    where = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
    return error_response(400, "bad-request", where or "invalid request")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logging.getLogger("policykg.api").error(
        "unexpected error on %s %s", request.method, request.url.path, exc_info=exc
    )
    return error_response(
        500, "internal-error", f"the server failed unexpectedly: {type(exc).__name__}"
    )


def install(app: FastAPI) -> None:
    """Route every error through the one shape.

    ``app.exception_handler(cls)(handler)`` is ``app.add_exception_handler(cls, handler)``, typed
    to take a handler of that one exception class (Starlette's types want a handler of any).
    A handler for ``Exception`` is Starlette's last resort (its ``ServerErrorMiddleware``).
    """
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    app.exception_handler(ApiError)(_api_error)
    app.exception_handler(StarletteHTTPException)(_http_error)
    app.exception_handler(RequestValidationError)(_validation_error)
    app.exception_handler(Exception)(_unexpected)
