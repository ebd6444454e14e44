"""``/query``: the query page (YASGUI editor, named questions as examples) and its question list."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from policykg.analysis.questions import question, questions
from policykg.model.errors import NotFoundError, QueryError
from policykg.model.vocab import PREFIXES

from ..dependencies import get_settings
from ..errors import ApiError
from ..settings import Settings
from .graph import describe_question

router = APIRouter(tags=["pages"])


@router.get(
    "/query", response_class=HTMLResponse, name="query_page", summary="The SPARQL query page"
)
async def query_page() -> HTMLResponse:
    page = resources.files("policykg.api").joinpath("static/query/index.html")
    return HTMLResponse(page.read_text("utf-8"))


@router.get(
    "/query/questions.json",
    name="query_questions",
    summary="The named questions of queries/ with their parameters",
)
async def query_questions(settings: Settings = Depends(get_settings)) -> dict:
    return {
        "max_rows": settings.max_rows,
        "prefixes": PREFIXES,
        "questions": [
            {
                **describe_question(q),
                "sparql": q.sparql,
            }
            for q in questions().values()
        ],
    }


@router.get(
    "/query/bindings/{name}",
    name="query_bindings",
    summary="A named question's parameters as RDF terms (N-Triples) to bind as $name",
)
async def query_bindings(name: str, request: Request) -> dict[str, str]:
    try:
        bound = question(name).bindings(dict(request.query_params))
    except NotFoundError as exc:
        raise ApiError(404, "not-found", str(exc)) from None
    except QueryError as exc:
        raise ApiError(400, "bad-request", str(exc)) from None
    return {k: str(term) for k, term in bound.items()}
