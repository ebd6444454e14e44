"""The OpenAPI document (``/openapi.json``), listing the statuses the server really sends.

FastAPI documents a ``422`` validation error on every route with parameters; this server answers
those with ``400 bad-request`` in its one error shape, so the document is rewritten: ``422`` and
FastAPI's validation schemas go, and every operation lists the error statuses it can answer with
(:data:`COMMON` for all, more by path), each with the :data:`ERROR` schema. ``/sparql``, which
:class:`~policykg.api.front.Front` answers outside FastAPI's routing, is described here.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string", "description": "stable name, see docs/sparql.md"},
                "message": {"type": "string"},
            },
        }
    },
}
REASONS = {
    400: "bad request (bad-request, bad-encoding, bad-format, query-syntax, refused, too-complex, "
    "dataset-conflict, rdf-syntax)",
    401: "no valid bearer token for a write (unauthorized)",
    403: "writes on a read-only server (read-only)",
    404: "no such entity, graph, question or path (not-found)",
    405: "method not allowed; Allow lists the methods (method-not-allowed)",
    406: "no acceptable format (not-acceptable)",
    413: "request body or query string over the limit (too-large)",
    414: "URL over the server's limit (uri-too-long)",
    415: "unsupported Content-Type or charset (unsupported-media-type)",
    500: "the store, a query worker or the server failed (store-error, worker-crashed, "
    "internal-error)",
    501: "not supported for this store (not-supported)",
    502: "the remote SPARQL server failed (store-error)",
    503: "busy (Retry-After), stopped at the time limit (timeout), or no store (no-store)",
}
COMMON = (400, 414, 500)
BY_PATH = {
    "/api/": (404, 503),
    "/query/bindings/": (404,),
    "/store": (401, 403, 404, 406, 413, 415, 501, 502, 503),
}
SPARQL_ERRORS = (400, 401, 403, 405, 406, 413, 414, 415, 500, 502, 503)


def _error(status: int) -> dict:
    return {
        "description": REASONS[status],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _sparql() -> dict:
    """The ``/sparql`` operations (SPARQL 1.1 Protocol)."""
    query_params = [
        {"name": "query", "in": "query", "schema": {"type": "string"}, "description": "a query"},
        {"name": "default-graph-uri", "in": "query", "schema": {"type": "string"}},
        {"name": "named-graph-uri", "in": "query", "schema": {"type": "string"}},
        {
            "name": "format",
            "in": "query",
            "schema": {"type": "string"},
            "description": "json, xml, csv, tsv; turtle, ntriples, rdfxml, jsonld, nquads, trig "
            "(overrides Accept)",
        },
    ]
    ok = {
        "description": "SPARQL results (JSON, XML, CSV, TSV) or RDF (Turtle, N-Triples, RDF/XML, "
        "JSON-LD, N-Quads, TriG), as negotiated"
    }
    errors = {str(s): _error(s) for s in SPARQL_ERRORS}
    return {
        "get": {
            "tags": ["sparql"],
            "summary": "SPARQL 1.1 Protocol: query, or the service description without a query",
            "operationId": "sparql_get",
            "parameters": query_params,
            "responses": {"200": ok, "303": {"description": "a browser is sent to /query"}}
            | errors,
        },
        "post": {
            "tags": ["sparql"],
            "summary": "SPARQL 1.1 Protocol: query or update (form, or the text itself)",
            "operationId": "sparql_post",
            "requestBody": {
                "content": {
                    "application/x-www-form-urlencoded": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "query": {"type": "string"},
                                "update": {"type": "string"},
                            },
                        }
                    },
                    "application/sparql-query": {"schema": {"type": "string"}},
                    "application/sparql-update": {"schema": {"type": "string"}},
                }
            },
            "responses": {"200": ok, "204": {"description": "the update was applied"}} | errors,
        },
    }


def install(app: FastAPI) -> None:
    """Make ``app.openapi()`` build the rewritten document (once)."""

    def build() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        spec = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas["Error"] = ERROR
        for path, operations in spec["paths"].items():
            extra = next((s for prefix, s in BY_PATH.items() if path.startswith(prefix)), ())
            for operation in operations.values():
                responses = operation["responses"]
                responses.pop("422", None)
                for status in sorted({*COMMON, *extra}):
                    responses.setdefault(str(status), _error(status))
        spec["paths"] = {"/sparql": _sparql(), **spec["paths"]}
        app.openapi_schema = spec
        return spec

    app.openapi = build  # type: ignore[method-assign]
