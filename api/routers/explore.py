"""The interactive graph page at ``/``.

The page (``api/static/graph/``) talks only to the JSON graph API under ``/api``. Its own files and
its libraries — vis-network and the Nanum Gothic web font, vendored under
``api/static/vendor/vis-network/`` and ``api/static/vendor/nanum-gothic/`` — are served by the
app's ``/static`` mount, so the page works with no network. The view's state (focus, expanded
nodes, filters, mode) lives in the page's query string, which the server ignores.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import FileResponse

router = APIRouter(tags=["graph page"])


@router.get("/", include_in_schema=False)
def graph_page() -> FileResponse:
    """The graph explorer (see ``docs/graph-page.md``)."""
    static = resources.files("policykg.api").joinpath("static")
    page = static.joinpath("graph").joinpath("index.html")
    return FileResponse(str(page), media_type="text/html", headers={"Cache-Control": "no-cache"})
