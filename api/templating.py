"""The HTML pages' templates (``api/templates/``), rendered on the server with Jinja2.

Autoescaping is on: every text from the graph is escaped; charts are SVG markup made by
:mod:`policykg.api.charts`, which escapes its texts itself.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from . import charts


@lru_cache(maxsize=1)
def environment() -> Environment:
    folder = resources.files("policykg.api").joinpath("templates")
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["svg"] = lambda chart: Markup(charts.svg(chart))
    return env


class Sources:
    """The source quotes of a page's figures, sent once as JSON at the end of the page: a
    figure's source control names its entry (``data-src``), and the page script shows the
    quotes when it is pressed — a table of hundreds of figures stays light to draw."""

    def __init__(self) -> None:
        self.entries: list[list[dict[str, object]]] = []
        self._index: dict[tuple, int] = {}

    def __call__(self, cell) -> int:
        key = (*((s.document, s.start, s.end) for s in cell.sources), cell.note)
        if key not in self._index:
            self._index[key] = len(self.entries)
            self.entries.append(
                [{"where": s.where, "quote": s.quote} for s in cell.sources]
                + ([{"note": cell.note}] if cell.note else [])
            )
        return self._index[key]

    def json(self) -> Markup:
        """The entries as a ``<script type="application/json">`` body (``</`` escaped)."""
        text = json.dumps(self.entries, ensure_ascii=False).replace("</", "<\\/")
        return Markup(text)


def page(template: str, status: int = 200, **context: object) -> HTMLResponse:
    """A rendered page; pages are never cached, so a rebuild shows at once."""
    html = environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-cache"})
