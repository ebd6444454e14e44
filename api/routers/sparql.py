"""``/sparql``: the SPARQL 1.1 Protocol endpoint (query, update, service description)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    parse_query_results,
    serialize,
)

from .. import guard, negotiation, protocol
from ..dependencies import get_sandbox, get_settings, require_writer
from ..errors import ApiError
from ..sandbox import Sandbox
from ..service_description import describe
from ..settings import Settings

router = APIRouter(tags=["sparql"])

TRUNCATED = "X-Result-Truncated"
ROW_LIMIT = "X-Result-Row-Limit"


def parse_term(name: str, text: str) -> NamedNode | Literal | BlankNode:
    """One RDF term in N-Triples syntax, read by pyoxigraph's SPARQL TSV reader."""
    if not text.strip() or any(c in text for c in "\t\r\n"):
        raise ApiError(400, "bad-request", f"${name}: not a single RDF term: {text!r}")
    try:
        results = parse_query_results(
            b"?x\n" + text.strip().encode("utf-8") + b"\n", format=QueryResultsFormat.TSV
        )
        assert isinstance(results, QuerySolutions)  # a TSV document holds solutions
        rows = list(results)
    except SyntaxError as exc:
        raise ApiError(
            400,
            "bad-request",
            f'${name}: not an RDF term in N-Triples syntax (e.g. "text" or <http://...>): {exc}',
        ) from None
    if len(rows) != 1 or rows[0][0] is None:
        raise ApiError(400, "bad-request", f"${name}: not a single RDF term: {text!r}")
    return rows[0][0]


def parse_bindings(raw: dict[str, str]) -> dict[str, object]:
    return {name: parse_term(name, value) for name, value in raw.items()}


def checked(reply: dict) -> dict:
    """A worker reply, or the error it reports raised in the one error shape."""
    if "code" in reply:
        raise ApiError(reply["status"], reply["code"], reply["message"])
    return reply


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


async def sparql(
    request: Request,
    settings: Settings = Depends(get_settings),
    sandbox: Sandbox = Depends(get_sandbox),
) -> Response:
    op = await protocol.read(request, settings.max_request_bytes)
    endpoint = str(request.url_for("sparql"))
    if op.kind == "describe":
        return await _service_description(request, op, endpoint, settings, sandbox)
    if op.kind == "update":
        require_writer(request)
        text = guard.inspect_update(op.text, op.default_graphs, op.named_graphs)
        checked(await sandbox.write({"op": "update", "text": text, "base_iri": endpoint}))
        return Response(status_code=204)
    info = guard.inspect_query(op.text)
    fmt = negotiation.choose(
        negotiation.for_query_form(info.form), request.headers.get("accept"), op.format
    )
    req = {
        "op": "query",
        "text": op.text,
        "base_iri": endpoint,
        "format": fmt.name,
        "max_rows": settings.max_rows,
        "bindings": parse_bindings(op.bindings),
    }
    if op.has_dataset:  # the protocol's dataset overrides FROM / FROM NAMED
        req.update(default_graph=op.default_graphs, named_graphs=op.named_graphs)
    else:  # without a dataset of its own, a query sees the union of the named graphs
        req["union"] = not info.names_dataset
    reply = checked(await sandbox.run(req))
    headers = {"Vary": "Accept"}
    if reply["truncated"]:
        headers.update({TRUNCATED: "true", ROW_LIMIT: str(settings.max_rows)})
    return Response(reply["body"], media_type=fmt.content_type, headers=headers)


add_per_method(
    router,
    "/sparql",
    sparql,
    ["GET", "POST"],
    name="sparql",
    summary="SPARQL 1.1 Protocol: query, update, service description",
)


async def _service_description(
    request: Request, op: protocol.Operation, endpoint: str, settings: Settings, sandbox: Sandbox
) -> Response:
    accept = request.headers.get("accept") or ""
    if not op.format and accept.lstrip().startswith("text/html"):
        return RedirectResponse(request.url_for("query_page"), status_code=303)
    fmt = negotiation.choose(negotiation.GRAPHS, accept, op.format)
    reply = checked(
        await sandbox.run(
            {
                "op": "query",
                "text": "SELECT DISTINCT ?g WHERE { GRAPH ?g {} } ORDER BY ?g",
                "format": "TSV",
                "max_rows": settings.max_rows,
                "union": False,
            }
        )
    )
    solutions = parse_query_results(reply["body"], format=QueryResultsFormat.TSV)
    assert isinstance(solutions, QuerySolutions)  # a TSV document holds solutions
    # Virtuoso answers an empty store with one unbound row
    graphs = [row["g"].value for row in solutions if row["g"] is not None]
    triples = describe(endpoint, update=settings.allow_update, graphs=graphs)
    body = serialize(
        triples,
        format=getattr(RdfFormat, fmt.name),
        prefixes={"sd": "http://www.w3.org/ns/sparql-service-description#"}
        if fmt.name == "TURTLE"
        else None,
    )
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})
