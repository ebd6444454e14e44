"""The HTML pages' templates (``api/templates/``), rendered on the server with Jinja2.

Autoescaping is on: every text from the graph is escaped; charts are SVG markup made by
:mod:`policykg.api.charts`, which escapes its texts itself.
"""

from __future__ import annotations

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


def page(template: str, status: int = 200, **context: object) -> HTMLResponse:
    """A rendered page; pages are never cached, so a rebuild shows at once."""
    html = environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-cache"})
