"""Request dependencies: the settings, the sandbox, and the write guard. Tests may override them.

They are asynchronous and never wait: FastAPI runs a plain function dependency on a worker
thread, a crossing per dependency and request."""

from __future__ import annotations

import hmac
from collections.abc import Hashable

from fastapi import Depends, Request

from .errors import ApiError
from .sandbox import Sandbox, client_key
from .settings import Settings


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_sandbox(request: Request) -> Sandbox:
    return request.app.state.sandbox


async def get_client(request: Request) -> Hashable:
    """Who sent the request, for fair sharing of the query workers."""
    address = request.client.host if request.client else None
    return client_key(address, request.headers.get("authorization"))


def check_writer(settings: Settings, authorization: str | None) -> None:
    """Writes need ``--allow-update`` and ``Authorization: Bearer <token>``."""
    if not settings.allow_update:
        raise ApiError(
            403,
            "read-only",
            "this endpoint is read-only; updates and the Graph Store "
            "Protocol need `policykg serve --allow-update --token`",
        )
    assert settings.token  # Settings refuses allow_update without a token
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), settings.token.encode()
    ):
        raise ApiError(
            401,
            "unauthorized",
            "a valid bearer token is required for writes",
            {"WWW-Authenticate": 'Bearer realm="policykg"'},
        )


async def require_writer(request: Request, settings: Settings = Depends(get_settings)) -> None:
    """The write guard as a dependency (see :func:`check_writer`)."""
    check_writer(settings, request.headers.get("authorization"))
