"""The JSON graph API under ``/api``: search, entities, neighbours, paths, impact, questions.

Tabular answers (search, neighbours, paths, impact, budget cut, named questions) come as JSON,
CSV or XLSX (``format=`` or ``Accept``). Every failure has the one error shape of
:mod:`policykg.api.errors`; parameters reach SPARQL only by binding (through
:class:`~policykg.graph.PolicyGraph` and the named questions).
"""

from __future__ import annotations

import inspect
import itertools
from contextlib import contextmanager
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from policykg.analysis.projection import KINDS
from policykg.analysis.questions import Question, questions
from policykg.graph import MAX_PATHS, PolicyGraph
from policykg.model.errors import KGError, NotFoundError, StoreError

from .. import tabular
from ..errors import ApiError
from ..following import Following

SEARCH_COLUMNS = ("iri", "type", "code", "label", "score", "matched", "text")
NEIGHBOR_COLUMNS = ("iri", "type", "code", "label", "relation", "kind", "direction")
PATH_COLUMNS = ("path", "step", "iri", "type", "code", "label", "relation", "direction")
MAX_NEIGHBORS = 500

Format = Annotated[
    str | None, Query(alias="format", description="json (default), csv or xlsx; overrides Accept")
]
Kinds = Annotated[
    list[str] | None,
    Query(alias="kind", description=f"edge kinds to follow, repeatable: {', '.join(KINDS)}"),
]


def following_graph(store: FilePath | str) -> Following[PolicyGraph]:
    """The :class:`PolicyGraph` over ``store``, opened on first use and reopened after a build."""
    return Following(store, lambda: PolicyGraph.open(store))


async def get_graph(request: Request) -> PolicyGraph:
    """The app's :class:`PolicyGraph` (``app.state.graph``); tests override this dependency.

    Asynchronous, so that a request does not cross to a worker thread for it (FastAPI runs a
    plain function dependency there): only opening a generation a build swapped in does."""
    following: Following[PolicyGraph] = request.app.state.graph
    with library_errors():
        opened = following.opened()
        return opened if opened is not None else await run_in_threadpool(following.get)


Graph = Annotated[PolicyGraph, Depends(get_graph)]


@contextmanager
def library_errors():
    """Library errors as the one error shape: unknown things 404, no store 503, others 400."""
    try:
        yield
    except NotFoundError as exc:
        raise ApiError(404, "not-found", str(exc)) from None
    except StoreError as exc:
        raise ApiError(503, "no-store", str(exc)) from None
    except KGError as exc:
        raise ApiError(400, "bad-request", str(exc)) from None


def _kinds(kinds: list[str] | None) -> tuple[str, ...] | None:
    if not kinds:
        return None
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ApiError(
            400,
            "bad-request",
            f"unknown edge kind(s) {', '.join(unknown)}; known: {', '.join(KINDS)}",
        )
    return tuple(kinds)


def _table(
    request: Request, fmt: str | None, columns, rows, *, name: str, extra: dict | None = None
) -> Response:
    chosen = tabular.choose(fmt, request.headers.get("accept"))
    return tabular.render(columns, rows, chosen, name=name, extra=extra)


router = APIRouter(prefix="/api", tags=["graph"])


@router.get("/search", summary="Search entities by name, alias, code or quoted text")
def search(
    request: Request,
    graph: Graph,
    q: Annotated[str, Query(min_length=1, description="text, code or alias")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    types: Annotated[
        list[str] | None, Query(alias="type", description="keep only these types")
    ] = None,
    fmt: Format = None,
) -> Response:
    with library_errors():
        hits = graph.search(q, limit=limit, types=tuple(types) if types else None)
    return _table(
        request, fmt, SEARCH_COLUMNS, [h.row() for h in hits], name="search", extra={"query": q}
    )


@router.get("/entity/{ref:path}", summary="Types, labels, properties, neighbours and sources")
def entity(
    graph: Graph,
    ref: Annotated[
        str, Path(description="an IRI, a path under id/ (program/motie/3231) or a code (I-2-1)")
    ],
) -> dict:
    with library_errors():
        return graph.entity(ref).to_dict()


@router.get("/neighbors", summary="Entities one edge away, with the relation (paged)")
def neighbors(
    request: Request,
    graph: Graph,
    ref: Annotated[str, Query(alias="id", description="IRI, path under id/ or code")],
    kinds: Kinds = None,
    relation: Annotated[str | None, Query(description="e.g. funds, serves-goal")] = None,
    direction: Annotated[str, Query(pattern="^(both|in|out)$")] = "both",
    limit: Annotated[int, Query(ge=1, le=MAX_NEIGHBORS)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    fmt: Format = None,
) -> Response:
    with library_errors():
        source = graph.resolve(ref)
        found = graph.neighbors(source, kinds=_kinds(kinds), direction=direction, relation=relation)
    page = found[offset : offset + limit]
    edges = [
        {
            "source": source if n.direction == "out" else n.node,
            "target": n.node if n.direction == "out" else source,
            "relation": n.relation,
            "kind": n.kind,
        }
        for n in page
    ]
    return _table(
        request,
        fmt,
        NEIGHBOR_COLUMNS,
        [n.row() for n in page],
        name="neighbors",
        extra={
            "iri": source,
            "total": len(found),
            "offset": offset,
            "has_more": offset + len(page) < len(found),
            "nodes": _nodes(graph, [source, *(n.node for n in page)]),
            "edges": edges,
        },
    )


@router.get("/path", summary="Shortest paths between two entities, either edge direction (capped)")
def path(
    request: Request,
    graph: Graph,
    source: Annotated[str, Query(description="IRI, path under id/ or code")],
    target: Annotated[str, Query(description="IRI, path under id/ or code")],
    most: Annotated[
        int, Query(alias="max", ge=1, le=MAX_PATHS, description="most paths returned")
    ] = 5,
    kinds: Kinds = None,
    fmt: Format = None,
) -> Response:
    with library_errors():
        a, b = graph.resolve(source), graph.resolve(target)
        paths = graph.path(a, b, max_paths=most, kinds=_kinds(kinds))
    rows = [
        {"path": i, "step": j, **step} for i, p in enumerate(paths, 1) for j, step in enumerate(p)
    ]
    edges = {}
    for p in paths:
        for prev, step in itertools.pairwise(p):
            s, t = (
                (prev["iri"], step["iri"])
                if step["direction"] == "out"
                else (step["iri"], prev["iri"])
            )
            edges[s, t, step["relation"]] = {"source": s, "target": t, "relation": step["relation"]}
    return _table(
        request,
        fmt,
        PATH_COLUMNS,
        rows,
        name="path",
        extra={
            "source": a,
            "target": b,
            "paths": [[step["iri"] for step in p] for p in paths],
            "nodes": _nodes(graph, [step["iri"] for p in paths for step in p]),
            "edges": list(edges.values()),
        },
    )


def _nodes(graph: PolicyGraph, iris) -> list[dict]:
    G, out = graph.networkx, {}
    for n in iris:
        if n not in out and n in G:
            a = G.nodes[n]
            out[n] = {"iri": n, "type": a["type"], "code": a["code"], "label": a["label"]}
    return list(out.values())


def _path_edges(affected, downstream: bool = True) -> list[dict]:
    edges = {}
    for a in affected:
        for u, v, relation in zip(a.path, a.path[1:], a.relations, strict=False):
            s, t = (u, v) if downstream else (v, u)
            edges[s, t, relation] = {"source": s, "target": t, "relation": relation}
    return list(edges.values())


@router.get("/impact", summary="What a node affects (downstream) or depends on (upstream)")
def impact(
    request: Request,
    graph: Graph,
    ref: Annotated[str, Query(alias="id", description="IRI, path under id/ or code")],
    direction: Annotated[str, Query(pattern="^(downstream|upstream)$")] = "downstream",
    depth: Annotated[int | None, Query(ge=1, le=20)] = None,
    year: Annotated[
        int | None, Query(ge=1900, le=2100, description="follow fundings of this year")
    ] = None,
    kinds: Kinds = None,
    fmt: Format = None,
) -> Response:
    with library_errors():
        result = graph.impact(
            ref, direction=direction, depth=depth, year=year, kinds=_kinds(kinds) or ("dependency",)
        )
    return _table(
        request,
        fmt,
        result.COLUMNS,
        result.rows(),
        name="impact",
        extra={
            "source": result.source,
            "direction": direction,
            "counts": result.counts,
            "nodes": _nodes(graph, [result.source, *(a.node for a in result.affected)]),
            "edges": _path_edges(result.affected, direction == "downstream"),
        },
    )


@router.get("/impact/budget-cut", summary="Cut a program or sub-project: who loses what share")
def budget_cut(
    request: Request,
    graph: Graph,
    program: Annotated[str, Query(description="program/motie/3231, or a code")],
    cut: Annotated[float, Query(gt=0, le=1, description="fraction cut, 0.3 = 30%")],
    year: Annotated[int, Query(ge=1900, le=2100)],
    depth: Annotated[int | None, Query(ge=1, le=20)] = None,
    fmt: Format = None,
) -> Response:
    with library_errors():
        result = graph.impact(program, cut=cut, year=year, depth=depth)
    affected = [e.affected for e in result.effects]
    return _table(
        request,
        fmt,
        result.COLUMNS,
        result.rows(),
        name="budget-cut",
        extra={
            "program": result.program,
            "cut": result.cut,
            "year": result.year,
            "units": list(result.units),
            "lost_krw": result.lost_krw,
            "counts": result.counts,
            "nodes": _nodes(graph, [*result.units, *(a.node for a in affected)]),
            "edges": _path_edges(affected),
        },
    )


@router.get("/questions", summary="The named questions and their parameters")
def list_questions() -> list[dict]:
    return [describe_question(q) for q in questions().values()]


def describe_question(q: Question) -> dict:
    """A named question with its parameters, Korean beside English (the question list's items)."""
    return {
        "name": q.name,
        "title": q.title,
        "title_ko": q.title_ko,
        "description": q.description,
        "description_ko": q.description_ko,
        "columns": list(q.columns),
        "url": f"/api/questions/{q.name}",
        "page": f"/answers/{q.name}",
        "params": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "description": p.description,
                "label_ko": p.label_ko,
                "description_ko": p.description_ko,
            }
            for p in q.params
        ],
    }


def _answer(request: Request, graph: PolicyGraph, name: str, fmt: str | None) -> Response:
    with library_errors():
        q = questions().get(name)
        if q is None:
            raise NotFoundError(f"no named question {name!r}; available: {', '.join(questions())}")
        given = {k: v for k, v in request.query_params.items() if k != "format"}
        answer = graph.ask(name, **given)
    return _table(
        request,
        fmt,
        answer.columns,
        answer.rows,
        name=name,
        extra={"question": name, "summary": answer.summary},
    )


def _question_route(q: Question):
    """A GET endpoint for one question whose signature lists its parameters (for OpenAPI)."""

    def endpoint(
        request: Request, graph: PolicyGraph, fmt: str | None = None, **_params: str | None
    ) -> Response:
        return _answer(request, graph, q.name, fmt)

    kw = inspect.Parameter.KEYWORD_ONLY
    params = [
        inspect.Parameter("request", kw, annotation=Request),
        inspect.Parameter("graph", kw, annotation=Graph),
    ]
    for i, p in enumerate(q.params):
        default = Query(
            ... if p.required else p.default,
            alias=p.name,
            description=f"{p.description} ({p.type})".strip(),
        )
        params.append(inspect.Parameter(f"p{i}", kw, default=default, annotation=str | None))
    params.append(inspect.Parameter("fmt", kw, default=None, annotation=Format))
    # inspect.signature (and so FastAPI) reads __signature__; typeshed's functions lack it
    endpoint.__signature__ = inspect.Signature(params, return_annotation=Response)  # type: ignore[attr-defined]
    endpoint.__name__ = "question_" + q.name.replace("-", "_")
    return endpoint


def build_router() -> APIRouter:
    """The router, with one documented route per named question (reads ``queries/``)."""
    full = APIRouter()
    full.include_router(router)
    per_question = APIRouter(prefix="/api/questions", tags=["questions"])
    for q in questions().values():
        per_question.add_api_route(
            f"/{q.name}",
            _question_route(q),
            methods=["GET"],
            summary=q.title,
            description=q.description,
            response_class=JSONResponse,
        )

    @per_question.get("/{name}", include_in_schema=False)
    def unknown_question(request: Request, graph: Graph, name: str, fmt: Format = None) -> Response:
        return _answer(request, graph, name, fmt)

    full.include_router(per_question)
    return full
