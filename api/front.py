"""The first layer of the application: ``/sparql`` answered directly, and what no route can read.

``/sparql`` is the server's hot path, so it does not go through FastAPI's middleware, routing,
dependency injection and response classes: :class:`Front` wraps the application's whole middleware
stack (see :class:`~policykg.api.main.App`), answers the SPARQL 1.1 Protocol endpoint itself
(query, update, service description) and hands every other request on. A request is read
(:mod:`.protocol`), handed to a query worker as it is (:mod:`.sandbox`; the guard, the engine,
content negotiation and the serialisation all run there, inside the time limit), and the worker's
bytes are written back. A request with an ``Origin`` header goes through the same CORS middleware
as the rest of the application; every error is the one JSON shape (:mod:`.errors`), the
unexpected included.

For every other path, a query string that is not UTF-8 (raw or in a ``%``-escape) is refused
with ``400 bad-encoding`` here rather than silently replaced by the routers.
"""

from __future__ import annotations

import logging
from urllib.parse import unquote_to_bytes

from pyoxigraph import RdfFormat, serialize
from starlette.middleware.cors import CORSMiddleware

from . import negotiation, protocol
from .dependencies import check_writer
from .errors import ApiError, error_bytes
from .sandbox import Sandbox, client_key
from .service_description import describe
from .settings import Settings

PATH = "/sparql"
ALLOW = "GET, POST"
TRUNCATED = "X-Result-Truncated"
ROW_LIMIT = "X-Result-Row-Limit"
_JSON = b"application/json"
_LOG = logging.getLogger("policykg.api")


class Front:
    """ASGI layer around ``app``: answers ``/sparql``; checks query strings of everything else.

    ``cors`` are the keyword arguments of the application's ``CORSMiddleware``: requests to
    ``/sparql`` that carry an ``Origin`` go through one configured the same way.
    """

    def __init__(self, app, cors: dict) -> None:
        self.app = app
        self.cors = CORSMiddleware(self.sparql, **cors)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] != PATH:
            query = scope["query_string"]
            if b"%" in query or not query.isascii():
                try:
                    unquote_to_bytes(query).decode("utf-8")
                except UnicodeDecodeError as exc:
                    await _send_error(
                        send,
                        ApiError(400, "bad-encoding", f"the query string is not UTF-8: {exc}"),
                    )
                    return
            await self.app(scope, receive, send)
            return
        if any(name == b"origin" for name, _ in scope["headers"]):
            await self.cors(scope, receive, send)
        else:
            await self.sparql(scope, receive, send)

    async def sparql(self, scope, receive, send) -> None:
        """The endpoint itself."""
        try:
            status, headers, body = await _answer(scope, receive)
        except ApiError as exc:
            await _send_error(send, exc)
            return
        except Exception as exc:  # the last handler: never a plain-text traceback
            _LOG.error("unexpected error on %s %s", scope["method"], PATH, exc_info=exc)
            await _send_error(
                send,
                ApiError(
                    500, "internal-error", f"the server failed unexpectedly: {type(exc).__name__}"
                ),
            )
            return
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _send_error(send, exc: ApiError) -> None:
    body = error_bytes(exc.status, exc.code, exc.message)
    headers = [(b"content-type", _JSON), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in exc.headers.items()]
    await send({"type": "http.response.start", "status": exc.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _headers(scope) -> dict[bytes, bytes]:
    return dict(scope["headers"])


def _base_url(scope, headers: dict[bytes, bytes]) -> str:
    """``scheme://host/root_path/``, as Starlette's ``Request.base_url`` has it."""
    host = headers.get(b"host", b"").decode("latin-1")
    if not host:
        server = scope.get("server") or ("localhost", None)
        host = server[0] if server[1] in (None, 80, 443) else f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}/"


async def _answer(scope, receive) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    method = scope["method"]
    if method not in ("GET", "POST"):
        raise ApiError(
            405,
            "method-not-allowed",
            f"{method} is not allowed on {PATH}; allowed: {ALLOW}",
            {"Allow": ALLOW},
        )
    app = scope["app"]
    settings: Settings = app.state.settings
    sandbox: Sandbox = app.state.sandbox
    headers = _headers(scope)
    limit = settings.max_request_bytes
    body = b""
    content_type = None
    if method == "POST":
        declared = headers.get(b"content-length")
        length = declared.decode("latin-1") if declared else None
        body = await protocol.read_body(receive, length, limit)
        content_type = headers.get(b"content-type", b"").decode("latin-1")
    op = protocol.read(method, scope["query_string"], content_type, body, limit)
    authorization = headers.get(b"authorization", b"").decode("latin-1") or None
    client = client_key((scope.get("client") or (None,))[0], authorization)
    endpoint = _base_url(scope, headers) + PATH[1:]
    accept = headers.get(b"accept", b"").decode("latin-1") or None
    if op.kind == "update":
        check_writer(settings, authorization)
        update = {
            "op": "update",
            "text": op.text,
            "base_iri": endpoint,
            "using": op.default_graphs,
            "using_named": op.named_graphs,
        }
        await sandbox.write(update, client)
        return 204, [], b""
    if op.kind == "describe":
        return await _service_description(scope, headers, op, endpoint, accept, settings, client)
    request: dict[str, object] = {
        "op": "sparql",
        "text": op.text,
        "base_iri": endpoint,
        "accept": accept,
        "format": op.format,
        "max_rows": settings.max_rows,
        "bindings": op.bindings,
    }
    if op.has_dataset:  # the protocol's dataset overrides FROM / FROM NAMED
        request.update(default_graph=op.default_graphs, named_graphs=op.named_graphs)
    reply = await sandbox.run(request, client, lambda: _left(receive))
    out = [(b"content-type", reply["media_type"].encode()), (b"vary", b"Accept")]
    if reply["truncated"]:
        out += [
            (TRUNCATED.lower().encode(), b"true"),
            (ROW_LIMIT.lower().encode(), str(settings.max_rows).encode()),
        ]
    return 200, out, reply["body"]


async def _left(receive) -> None:
    """Returns once the client has disconnected (the request's body has been read)."""
    while (await receive())["type"] != "http.disconnect":
        pass


async def _service_description(
    scope, headers, op: protocol.Operation, endpoint: str, accept, settings: Settings, client
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    if not op.format and (accept or "").lstrip().startswith("text/html"):
        location = _base_url(scope, headers) + "query"
        return 303, [(b"location", location.encode())], b""
    fmt = negotiation.choose(negotiation.GRAPHS, accept, op.format)
    sandbox: Sandbox = scope["app"].state.sandbox
    reply = await sandbox.run({"op": "graphs"}, client)
    triples = describe(endpoint, update=settings.allow_update, graphs=reply["graphs"])
    body = serialize(
        triples,
        format=getattr(RdfFormat, fmt.name),
        prefixes={"sd": "http://www.w3.org/ns/sparql-service-description#"}
        if fmt.name in ("TURTLE", "TRIG")
        else None,
    )
    assert body is not None  # without an output, serialize returns the bytes
    return 200, [(b"content-type", fmt.content_type.encode()), (b"vary", b"Accept")], body
