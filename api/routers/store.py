"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol, for private stores only.

Mounted for every request but answered only when the server runs with ``--allow-update`` and the
request carries the bearer token (reads included: the Graph Store exposes raw graphs, and a private
store is private). Graphs are named indirectly (``/store?graph=IRI``, ``/store?default``) or
directly (``/store/any/path`` names the graph whose IRI is that URL). ``POST /store`` creates a
new graph and answers 201 with its IRI in ``Location``.
"""

from __future__ import annotations

import uuid
from collections.abc import Hashable

from fastapi import APIRouter, Depends, Request, Response
from pyoxigraph import NamedNode, RdfFormat

from .. import protocol
from ..dependencies import get_client, get_sandbox, get_settings, require_writer
from ..errors import ApiError
from ..sandbox import Sandbox
from ..settings import Settings

router = APIRouter(tags=["graph store"], dependencies=[Depends(require_writer)])
METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]


def add_per_method(
    target: APIRouter, path: str, endpoint, methods, *, name: str, summary: str
) -> None:
    """Register ``endpoint`` once per method, each with its own OpenAPI operation id."""
    for method in methods:
        target.add_api_route(
            path,
            endpoint,
            methods=[method],
            name=name,
            summary=summary,
            operation_id=f"{name}_{method.lower()}",
        )


async def indirect(
    request: Request,
    settings: Settings = Depends(get_settings),
    sandbox: Sandbox = Depends(get_sandbox),
    client: Hashable = Depends(get_client),
) -> Response:
    params = protocol.parameters(request.scope["query_string"], "the query string")
    names = [v for k, v in params if k == "graph"]
    default = any(k == "default" for k, _ in params)
    if len(names) + default > 1:
        raise ApiError(400, "bad-request", "name one graph: either ?graph=IRI or ?default")
    if not names and not default:
        if request.method != "POST":
            raise ApiError(400, "bad-request", "name a graph with ?graph=IRI or ?default")
        created = f"{request.url_for('store')}/{uuid.uuid4().hex}"
        await _handle(request, created, settings, sandbox, client)
        return Response(status_code=201, headers={"Location": created})
    graph = names[0] if names else None
    if graph is not None:
        try:
            NamedNode(graph)
        except ValueError as exc:
            raise ApiError(400, "bad-request", f"graph: {exc}") from None
    return await _handle(request, graph, settings, sandbox, client)


async def direct(
    path: str,
    request: Request,
    settings: Settings = Depends(get_settings),
    sandbox: Sandbox = Depends(get_sandbox),
    client: Hashable = Depends(get_client),
) -> Response:
    return await _handle(
        request, str(request.url.replace(query="", fragment="")), settings, sandbox, client
    )


add_per_method(
    router,
    "/store",
    indirect,
    METHODS,
    name="store",
    summary="Graph Store Protocol, indirect graph identification",
)
add_per_method(
    router,
    "/store/{path:path}",
    direct,
    METHODS,
    name="store_direct",
    summary="Graph Store Protocol, direct graph identification",
)


async def _handle(
    request: Request, graph: str | None, settings: Settings, sandbox: Sandbox, client: Hashable
) -> Response:
    method = request.method
    if method in ("GET", "HEAD"):
        read = {
            "op": "graph_read",
            "graph": graph,
            "accept": request.headers.get("accept"),
            "format": request.query_params.get("format"),
        }
        reply = await sandbox.run(read, client)
        body = b"" if method == "HEAD" else reply["body"]
        return Response(body, headers={"Vary": "Accept", "Content-Type": reply["media_type"]})
    if method == "DELETE":
        await sandbox.write({"op": "graph_delete", "graph": graph}, client)
        return Response(status_code=204)
    parts = await _payload(request, settings.max_request_bytes)
    reply = await sandbox.write(
        {
            "op": "graph_write",
            "graph": graph,
            "parts": parts,
            "replace": method == "PUT",
            "base_iri": graph,
        },
        client,
    )
    return Response(status_code=reply["status"])


def _rdf_media_type(header: str | None) -> str:
    mt, _ = protocol.media_type(header)
    if not mt or RdfFormat.from_media_type(mt) is None:
        raise ApiError(
            415,
            "unsupported-media-type",
            f"cannot read RDF sent as {mt or 'no Content-Type'}; send Turtle, "
            "N-Triples, RDF/XML, JSON-LD, N-Quads or TriG",
        )
    return mt


async def _payload(request: Request, limit: int) -> list[tuple[bytes, str]]:
    """The RDF documents of a PUT or POST: the body, or each file of a multipart form."""
    mt, _ = protocol.media_type(request.headers.get("content-type"))
    declared = request.headers.get("content-length")
    if mt != "multipart/form-data":
        body = await protocol.read_body(request.receive, declared, limit)
        return [(body, _rdf_media_type(mt))]
    if declared and declared.isdigit() and int(declared) > limit:
        raise protocol.too_large(limit)
    form = await request.form()
    parts = []
    for _, value in form.multi_items():
        if isinstance(value, str):
            raise ApiError(400, "bad-request", "multipart parts must be RDF files")
        parts.append((await value.read(), _rdf_media_type(value.content_type)))
    return parts
