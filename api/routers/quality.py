"""The data-quality findings for people: ``GET /data-quality`` and ``GET /api/findings``.

Every finding the build recorded (``pk:Finding``), with its kind, severity, message, both
readings side by side (each line it names with the text the graph quotes) and the entities it is
about, grouped by kind. Filters (all optional, combined): ``document`` (a file stem), ``kind``,
``severity`` and ``entity`` (an IRI, a path under ``id/`` or a code). Entities link to the graph
page, and the graph page's panel links an entity's findings back here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from policykg.analysis.answers.common import graph_href, quality_href
from policykg.analysis.findings import SEVERITY_KO, kind_ko

from .. import tabular
from ..errors import ApiError
from ..templating import page
from .graph import Format, Graph, library_errors

router = APIRouter(tags=["data quality"])

COLUMNS = (
    "id",
    "document",
    "line",
    "lines",
    "kind",
    "kind_ko",
    "severity",
    "severity_ko",
    "message",
    "about",
    "entities",
    "readings",
)
Document = Annotated[str | None, Query(description="a document's file stem")]
Kind = Annotated[str | None, Query(description="a kind of finding, e.g. budget-whole-conflict")]
Severity = Annotated[str | None, Query(description="error, warning or info")]
Entity = Annotated[str | None, Query(description="an IRI, a path under id/ or a code")]


def _select(graph, document, kind, severity, entity):
    node = graph.resolve(entity) if entity else None
    return node, graph.findings.select(
        document=document or None, kind=kind or None, severity=severity or None, entity=node
    )


@router.get("/api/findings", summary="Data-quality findings, with both readings and entities")
def findings(
    request: Request,
    graph: Graph,
    document: Document = None,
    kind: Kind = None,
    severity: Severity = None,
    entity: Entity = None,
    fmt: Format = None,
) -> Response:
    with library_errors():
        node, found = _select(graph, document, kind, severity, entity)
        counts = graph.findings.counts()
    chosen = tabular.choose(fmt, request.headers.get("accept"))
    return tabular.render(
        COLUMNS,
        [e.row() for e in found],
        chosen,
        name="findings",
        extra={
            "total": len(graph.findings),
            "matching": len(found),
            "filters": {"document": document, "kind": kind, "severity": severity, "entity": node},
            "counts": {k: dict(v) for k, v in counts.items()},
        },
    )


@router.get("/data-quality", response_class=HTMLResponse, summary="The data-quality page")
def data_quality(
    graph: Graph,
    document: Document = None,
    kind: Kind = None,
    severity: Severity = None,
    entity: Entity = None,
) -> HTMLResponse:
    error, node, found, status = "", None, [], 200
    try:
        with library_errors():
            node, found = _select(graph, document, kind, severity, entity)
    except ApiError as exc:  # the page shows the request's fault above its form
        error, status = exc.message, exc.status
    groups: dict[str, list] = {}
    for e in found:
        groups.setdefault(e.finding.kind, []).append(e)
    names = graph.names({n: None for e in found for n in [*e.entities, node] if n})
    counts = graph.findings.counts()
    return page(
        "data-quality.html",
        status,
        groups=sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])),
        total=len(graph.findings),
        matching=len(found),
        counts=counts,
        filters={
            "document": document or "",
            "kind": kind or "",
            "severity": severity or "",
            "entity": entity or "",
        },
        entity_node=node,
        entity_name=names[node] if node else "",
        names=names,
        kind_ko=kind_ko,
        severity_ko=SEVERITY_KO,
        graph_href=graph_href,
        quality_href=quality_href,
        error=error,
    )
