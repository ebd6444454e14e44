"""The interactive graph page at ``/`` and the static files it loads.

The page (``api/static/graph/``) talks only to the JSON graph API under ``/api``; its libraries
(vis-network, the Nanum Gothic web font) are vendored under ``api/static/vendor/`` and served from
here, so the page works with no network. Only the folders named in :data:`ASSET_ROOTS` are
served, and a path that leaves its folder is refused.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

STATIC = Path(__file__).resolve().parent.parent / "static"

#: URL prefix (under ``/static/``) → folder served there.
ASSET_ROOTS: dict[str, Path] = {
    "graph": STATIC / "graph",
    "vendor/vis-network": STATIC / "vendor" / "vis-network",
    "vendor/nanum-gothic": STATIC / "vendor" / "nanum-gothic",
}

#: Types the browser must see for ES modules and fonts, whatever the platform's mimetypes say.
MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html",
               ".woff2": "font/woff2", ".md": "text/markdown"}

#: Assets change with each release of the package, not while a server runs.
CACHE = {"Cache-Control": "public, max-age=3600"}

router = APIRouter(tags=["graph page"])


def _asset(root: Path, relative: str) -> FileResponse:
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()) or not target.is_file():
        raise HTTPException(status_code=404, detail=f"no such file: {relative}")
    return FileResponse(target, media_type=MEDIA_TYPES.get(target.suffix), headers=CACHE)


@router.get("/", include_in_schema=False)
def graph_page() -> FileResponse:
    """The graph explorer; its state (focus, expanded nodes, filters, mode) is in the query string."""
    return FileResponse(ASSET_ROOTS["graph"] / "index.html", media_type="text/html",
                        headers={"Cache-Control": "no-cache"})


@router.get("/static/graph/{relative:path}", include_in_schema=False)
def graph_asset(relative: str) -> FileResponse:
    return _asset(ASSET_ROOTS["graph"], relative)


@router.get("/static/vendor/vis-network/{relative:path}", include_in_schema=False)
def vis_network_asset(relative: str) -> FileResponse:
    return _asset(ASSET_ROOTS["vendor/vis-network"], relative)


@router.get("/static/vendor/nanum-gothic/{relative:path}", include_in_schema=False)
def font_asset(relative: str) -> FileResponse:
    return _asset(ASSET_ROOTS["vendor/nanum-gothic"], relative)
