"""The one settings object of the HTTP server.

Every knob of ``policykg serve`` lives here, documented once; the CLI options map onto these fields
one to one (see ``docs/sparql.md``). The object is immutable: build a new one to change a value.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from policykg.store.remote import is_remote
from policykg.store.policy_store import default_store_path, store_location


@dataclass(frozen=True)
class Settings:
    """How the server runs.

    Attributes
    ----------
    store:
        Store directory (``<store>/current -> gen-*``), as written by ``policykg build``, or
        the URL of a SPARQL server holding the store (see ``docs/performance.md``).
    host, port:
        Where uvicorn listens. The default binds to the loopback interface only.
    allow_update:
        Accept SPARQL Update on ``/sparql`` and writes on ``/store`` (Graph Store Protocol).
        Off by default; when on, ``token`` is required and every write must carry
        ``Authorization: Bearer <token>``.
    token:
        The bearer token for writes (only meaningful with ``allow_update``).
    query_timeout:
        Seconds a query or update may run. The evaluation runs in a worker process that is
        killed at the limit, so the limit really stops the work.
    max_rows:
        Most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) returned; a longer result is cut and
        the response carries ``X-Result-Truncated: true`` and ``X-Result-Row-Limit``.
    max_request_bytes:
        Largest accepted request body (and query string); larger requests get 413.
    workers:
        Number of query worker processes, each with the store open read-only. With
        ``allow_update`` there is a single worker with the store open read-write instead (RocksDB
        cannot be read safely by other processes while it is written).
    cors_origins:
        Origins allowed by CORS; ``("*",)`` lets any web page query the endpoint.
    """

    store: Path | str = field(default_factory=default_store_path)
    host: str = "127.0.0.1"
    port: int = 8000
    allow_update: bool = False
    token: str | None = None
    query_timeout: float = 30.0
    max_rows: int = 10_000
    max_request_bytes: int = 1_000_000
    workers: int = field(default_factory=lambda: max(2, min(4, os.cpu_count() or 2)))
    cors_origins: tuple[str, ...] = ("*",)

    def __post_init__(self) -> None:
        object.__setattr__(self, "store", store_location(self.store))
        if self.allow_update and is_remote(self.store):
            raise ValueError("a remote store takes writes itself: send updates to the SPARQL "
                             "server, not through policykg serve --allow-update")
        if self.allow_update and not self.token:
            raise ValueError("allow_update needs a token "
                             "(policykg serve --allow-update --token ...)")
        if self.query_timeout <= 0 or self.max_rows <= 0 or self.max_request_bytes <= 0:
            raise ValueError("query_timeout, max_rows and max_request_bytes must be positive")
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
