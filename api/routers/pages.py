"""``/query``: the query page (YASGUI editor, named questions as examples) and its question list."""
from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from policykg.questions import questions

router = APIRouter(tags=["pages"])


@router.get("/query", response_class=HTMLResponse, name="query_page",
            summary="The SPARQL query page")
async def query_page() -> HTMLResponse:
    page = resources.files("policykg.api").joinpath("static/query/index.html")
    return HTMLResponse(page.read_text("utf-8"))


@router.get("/query/questions.json", name="query_questions",
            summary="The named questions of queries/ with their parameters")
async def query_questions() -> list[dict]:
    return [{"name": q.name, "title": q.title, "description": q.description,
             "columns": list(q.columns), "sparql": q.sparql,
             "params": [{"name": p.name, "type": p.type, "required": p.required,
                         "default": p.default, "description": p.description}
                        for p in q.params]}
            for q in questions().values()]
