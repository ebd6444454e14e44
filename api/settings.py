"""The one settings object of the HTTP server.

Every knob of ``policykg serve`` lives here, documented once: the CLI makes its options from these
fields (:func:`serve_options`), and ``docs/sparql.md`` lists them. The object is immutable: build a
new one to change a value.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any, get_type_hints

from policykg.store.policy_store import default_store_path, store_location
from policykg.store.remote import is_remote


def option(
    default: object = MISSING,
    *,
    help: str,
    flag: str | None = None,
    default_factory: Callable[[], object] | None = None,
) -> Any:
    """A setting that ``policykg serve`` takes as an option (``--name-with-dashes`` unless
    ``flag`` says otherwise), documented once by ``help``."""
    meta = {"help": help, "flag": flag}
    if default_factory is not None:
        return field(default_factory=default_factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Settings:
    """How the server runs.

    Every field but ``store`` (the global ``--store``) is an option of ``policykg serve``
    (:func:`serve_options`); its help text is the documentation.

    ``allow_update``: with it there is a single worker with the store open read-write instead of
    ``workers`` (RocksDB cannot be read safely by other processes while it is written), and
    ``token`` is required. ``client_queries`` and ``client_queue``: fair sharing of the workers
    among clients (see :mod:`policykg.api.sandbox`). ``query_timeout``: the evaluation runs in a
    worker process that is killed at the limit, so the limit really stops the work.
    ``max_rows``: a longer result is cut and the response carries ``X-Result-Truncated: true``
    and ``X-Result-Row-Limit``.
    """

    store: Path | str = field(default_factory=default_store_path)
    host: str = option("127.0.0.1", help="interface to bind; the default serves this machine only")
    port: int = option(8000, help="port")
    allow_update: bool = option(
        False,
        help="accept SPARQL Update on /sparql and writes on /store "
        "(Graph Store Protocol); needs --token",
    )
    token: str | None = option(
        help="bearer token every write must carry (default $POLICYKG_TOKEN)",
        default_factory=lambda: os.environ.get("POLICYKG_TOKEN") or None,
    )
    query_timeout: float = option(30.0, flag="--timeout", help="seconds a query or update may run")
    max_rows: int = option(
        10_000, help="most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) returned"
    )
    max_request_bytes: int = option(
        1_000_000, help="largest request body or query string accepted; larger gets 413"
    )
    workers: int = option(
        help="query worker processes, each with the store open read-only "
        "(default: one more than the CPUs, 2 to 5)",
        default_factory=lambda: max(2, min(5, (os.cpu_count() or 1) + 1)),
    )
    client_queries: int = option(
        0,
        help="most queries one client (address, and bearer token if given) runs at once while "
        "other clients wait (default: half the workers, at least 1)",
    )
    client_queue: int = option(
        64,
        help="most requests one client may have waiting for a worker; more get 503 with "
        "Retry-After",
    )
    cors_origins: tuple[str, ...] = option(
        ("*",),
        flag="--cors-origin",
        help="an origin allowed by CORS, repeated for several (* lets any web page query)",
    )
    log_level: str = option("warning", help="uvicorn log level")

    def __post_init__(self) -> None:
        object.__setattr__(self, "store", store_location(self.store))
        if self.allow_update and is_remote(self.store):
            raise ValueError(
                "a remote store takes writes itself: send updates to the SPARQL "
                "server, not through policykg serve --allow-update"
            )
        if self.allow_update and not self.token:
            raise ValueError(
                "allow_update needs a token (policykg serve --allow-update --token ...)"
            )
        if self.query_timeout <= 0 or self.max_rows <= 0 or self.max_request_bytes <= 0:
            raise ValueError("query_timeout, max_rows and max_request_bytes must be positive")
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        if self.client_queries < 0 or self.client_queue < 1:
            raise ValueError("client_queries must not be negative and client_queue positive")
        if not self.client_queries:
            object.__setattr__(self, "client_queries", max(1, self.workers // 2))


def serve_options() -> list[tuple[str, str, dict[str, Any]]]:
    """``(field, flag, argparse keywords)`` for each setting ``policykg serve`` takes.

    Every option defaults to ``None`` (not given), so the :class:`Settings` default applies.

    >>> [flag for _name, flag, _kw in serve_options()][:3]
    ['--host', '--port', '--allow-update']
    """
    hints = get_type_hints(Settings)
    out = []
    for f in fields(Settings):
        if "help" not in f.metadata:
            continue
        flag = f.metadata["flag"] or "--" + f.name.replace("_", "-")
        kind = hints[f.name]
        shown = ",".join(f.default) if isinstance(f.default, tuple) else f.default
        default = "" if f.default in (MISSING, None, False) else f" (default {shown})"
        kw: dict[str, Any] = {
            "help": f.metadata["help"] + default,
            "dest": f.name,
            "default": None,
            "metavar": flag[2:].upper().replace("-", "_"),
        }
        if kind is bool:
            kw["action"] = "store_true"
            del kw["metavar"]
        elif kind == tuple[str, ...]:
            kw["action"] = "append"
        else:
            kw["type"] = next((t for t in (int, float, str) if kind is t), str)
        out.append((f.name, flag, kw))
    return out


def settings_from(given: dict[str, Any]) -> Settings:
    """Settings from the options given (``None`` and missing ones take their default)."""
    values: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in given.items() if v is not None
    }
    return Settings(**values)
