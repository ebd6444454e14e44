"""Request dependencies: the settings, the sandbox, and the write guard. Tests may override them."""

from __future__ import annotations

import hmac

from fastapi import Request

from .errors import ApiError
from .sandbox import Sandbox
from .settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_sandbox(request: Request) -> Sandbox:
    return request.app.state.sandbox


def require_writer(request: Request) -> None:
    """Writes need ``--allow-update`` and ``Authorization: Bearer <token>``."""
    settings = get_settings(request)
    if not settings.allow_update:
        raise ApiError(
            403,
            "read-only",
            "this endpoint is read-only; updates and the Graph Store "
            "Protocol need `policykg serve --allow-update --token`",
        )
    assert settings.token  # Settings refuses allow_update without a token
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), settings.token.encode()
    ):
        raise ApiError(
            401,
            "unauthorized",
            "a valid bearer token is required for writes",
            {"WWW-Authenticate": 'Bearer realm="policykg"'},
        )
