"""Answer pages for people, and the question box.

* ``GET /answers`` — the questions one can ask, with examples;
* ``GET /answers/{name}?…`` — one answer: sentences, headline figures, charts, a sortable table
  whose figures show their sources, the findings touching them, downloads, a share URL;
* ``GET /api/answers/{name}?…&format=json|csv|xlsx`` — exactly what the page shows (``table=``
  picks the table of a CSV; an XLSX has every table as a sheet);
* ``GET /ask?q=…`` — the question box: to the answer page it understands (``asked=`` keeps the
  question, so the page says how it understood it), else to search results;
* ``GET /api/interpret?q=…`` — the same reading as JSON.

The view is :func:`policykg.analysis.answers.answer_view`'s (``PolicyGraph.answer``): the page
draws it and computes nothing. A page's state is its URL (parameters and ``sort=table:column``);
nothing is kept in the browser, so a shared URL shows the same page.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from policykg.analysis.answers import Page, pages
from policykg.analysis.answers.common import graph_href, quality_href, type_ko
from policykg.analysis.answers.view import AnswerView
from policykg.graph import PolicyGraph
from policykg.model.errors import KGError, NotFoundError, QueryError

from .. import tabular
from ..errors import ApiError
from ..following import Following
from ..templating import Sources, environment, page
from .graph import Format, Graph, library_errors

router = APIRouter(tags=["answers"])


def warm(graph: Following[PolicyGraph]) -> None:
    """Read once, as the server starts, what every answer page needs: the lines the graph
    quotes, the findings and the page templates (a store not built yet is left for later)."""
    for name in ("answer.html", "answers-index.html", "data-quality.html"):
        environment().get_template(name)
    try:
        opened = graph.get()
        _ = opened.lines, opened.findings
    except (KGError, OSError):
        pass


RESERVED = ("sort", "format", "table", "asked")
#: What a form field autocompletes from (``/api/search`` types), by parameter type or page.
SEARCH_TYPES = {
    "agenda-code": ("NationalAgendaTask",),
    "task-code": ("ManagementTask",),
    "program-code": ("Program", "SubProject"),
    "agency": ("Agency",),
    ("law-timeline", "law"): ("Law",),
    ("documents-mentioning", "entity"): ("Law", "Strategy", "Region", "Industry", "Agency"),
}
#: One example per page for the list of questions.
EXAMPLES = {
    "budgets-for-agenda": {"agenda": "20", "scheme": "2022", "year": "2024"},
    "budget-cut": {"program": "3231", "cut": "0.3", "year": "2024"},
    "tasks-by-cooperation": {"a1": "MOTIE", "a2": "ME", "a3": "none", "successors": "no"},
    "agenda-coverage": {"task": "30", "scheme": "2025"},
    "task-budget": {"task": "I-2-1"},
    "program-uses": {"program": "3231", "year": "2024"},
    "law-timeline": {"law": "석유화학 특별법"},
    "documents-mentioning": {"entity": "대외무역법"},
}


def _request_params(request: Request) -> tuple[dict[str, str], dict[str, str]]:
    """The page's parameters, and the sort of each table (``sort=rows:-amount``)."""
    params = {
        k: v.strip() for k, v in request.query_params.items() if k not in RESERVED and v.strip()
    }
    sorts = {}
    for value in request.query_params.getlist("sort"):
        table, _, key = value.partition(":")
        if not key:
            raise QueryError(f"sort takes table:column (e.g. rows:-amount), not {value!r}")
        sorts[table] = key
    return params, sorts


def _view(graph, name: str, params: dict[str, str], sorts: dict[str, str]) -> AnswerView:
    view = graph.answer(name, **params)
    known = {t.id for t in view.tables}
    unknown = set(sorts) - known
    if unknown:
        raise QueryError(
            f"no table {', '.join(sorted(unknown))} to sort; tables: {', '.join(known) or 'none'}"
        )
    view.tables = [t.sorted_by(sorts.get(t.id)) for t in view.tables]
    return view


def _query(view: AnswerView, sorts: dict[str, str], **extra: str) -> str:
    items = [(p.name, p.value) for p in view.params if p.value != ""]
    items += [("sort", f"{t}:{k}") for t, k in sorts.items()]
    items += list(extra.items())
    return urlencode(items)


def _field(page_def: Page, view: AnswerView | None, given: dict[str, str]) -> list[dict]:
    shown = {p.name: p for p in view.params} if view else {}
    fields = []
    for p in page_def.params:
        value = shown[p.name].value if p.name in shown else given.get(p.name, p.default or "")
        fields.append(
            {
                "param": p,
                "value": value,
                "title": shown[p.name].title if p.name in shown else "",
                "search": ",".join(
                    SEARCH_TYPES.get((page_def.name, p.name)) or SEARCH_TYPES.get(p.type) or ()
                ),
            }
        )
    return fields


@router.get("/answers", response_class=HTMLResponse, summary="The questions one can ask")
def answers_index() -> HTMLResponse:
    listed = [
        (p, f"/answers/{p.name}?{urlencode(EXAMPLES.get(p.name, {}))}") for p in pages().values()
    ]
    return page("answers-index.html", pages=listed)


@router.get("/answers/{name}", response_class=HTMLResponse, summary="One answer, for people")
def answer_page(name: str, request: Request, graph: Graph) -> HTMLResponse:
    page_def = pages().get(name)
    if page_def is None:
        return page(
            "answers-index.html",
            404,
            pages=[(p, f"/answers/{p.name}") for p in pages().values()],
            error=f"질문 {name!r}이(가) 없습니다 — no question {name!r}",
        )
    view, error, status = None, "", 200
    try:
        params, sorts = _request_params(request)
        if params or not any(p.required for p in page_def.params):
            view = _view(graph, name, params, sorts)
    except NotFoundError as exc:
        error, status = str(exc), 404
    except KGError as exc:
        error, status = str(exc), 400
        params, sorts = {k: v for k, v in request.query_params.items() if k not in RESERVED}, {}
    asked = request.query_params.get("asked", "").strip()
    understood = None
    if asked:
        with library_errors():
            understood = graph.interpret(asked)
    context: dict[str, object] = {
        "page": page_def,
        "view": view,
        "error": error,
        "fields": _field(page_def, view, params),
        "asked": asked,
        "understood": understood,
        "findings": {f["id"]: f for f in view.findings} if view else {},
        "pages": pages(),
        "graph_href": graph_href,
        "quality_href": quality_href,
        "names": graph.names({n: None for f in view.findings for n in f["entities"]})
        if view
        else {},
        "sources": Sources(),
    }
    if view is not None:
        query = _query(view, sorts)
        context["share"] = f"{str(request.base_url).rstrip('/')}/answers/{name}?{query}"
        context["api"] = f"/api/answers/{name}?{query}"
        context["sorts"] = sorts
        context["sort_href"] = lambda table, key: _sort_href(name, view, sorts, table, key)
    return page("answer.html", status, **context)


def _sort_href(name: str, view: AnswerView, sorts: dict[str, str], table: str, key: str) -> str:
    current = sorts.get(table) or next((t.sort for t in view.tables if t.id == table), "")
    wanted = f"-{key}" if current == key else key
    return f"/answers/{name}?{_query(view, {**sorts, table: wanted})}#table-{table}"


@router.get("/api/answers/{name}", summary="An answer page's content: JSON, or its tables")
def answer_data(
    name: str,
    request: Request,
    graph: Graph,
    fmt: Format = None,
    table: Annotated[
        str | None, Query(description="the table of a CSV (default the first)")
    ] = None,
) -> Response:
    with library_errors():
        params, sorts = _request_params(request)
        view = _view(graph, name, params, sorts)
        chosen = tabular.choose(fmt, request.headers.get("accept"))
        if chosen == "json":
            return JSONResponse(jsonable_encoder(view.to_dict()))
        if not view.tables:
            raise ApiError(404, "not-found", f"the answer {name} has no table to download")
        if chosen == "csv":
            t = view.table(table) if table else view.tables[0]
            return tabular.render(
                [c.header for c in t.columns], t.records(), "csv", name=f"{name}-{t.id}"
            )
    sheets = [(t.ko, [c.header for c in t.columns], t.records()) for t in view.tables]
    return Response(
        tabular.to_workbook(sheets),
        media_type=tabular.XLSX,
        headers=tabular.download_headers(name, "xlsx"),
    )


@router.get("/api/interpret", summary="What a question typed in Korean or English asks")
def interpret(
    graph: Graph, q: Annotated[str, Query(min_length=1, description="the question")]
) -> dict:
    with library_errors():
        found = graph.interpret(q)
    out = found.to_dict()
    if found.question is None:
        out["search"] = _search(graph, q)
    return out


def _search(graph, q: str) -> list[dict]:
    try:
        return [h.row() for h in graph.search(q, limit=12)]
    except QueryError:
        return []


@router.get("/ask", response_class=HTMLResponse, summary="The question box: to its answer page")
def ask(graph: Graph, q: str = "") -> Response:
    if not q.strip():
        return RedirectResponse("/answers", status_code=303)
    with library_errors():
        found = graph.interpret(q)
    if found.url is not None:
        return RedirectResponse(f"{found.url}&{urlencode({'asked': q})}", status_code=303)
    return page(
        "ask.html",
        q=q,
        asked=q,
        understood=found,
        hits=_search(graph, q),
        pages=pages(),
        type_ko=type_ko,
    )
