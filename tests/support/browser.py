"""The browser of the page tests: Debian's chromium through Playwright (never ``playwright
install``), and a page that collects every console error, page error, failed request and request
leaving the server."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def watched_page(context, allowed: tuple[str, ...] = ("http://127.0.0.1", "data:")):
    """A new page of ``context`` whose problems gather in ``page.errors``."""
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: pg.errors.append(f"page error: {e}"))
    pg.on("requestfailed", lambda r: pg.errors.append(f"request failed: {r.url}"))
    pg.on(
        "request",
        lambda r: r.url.startswith(allowed) or pg.errors.append(f"outside request: {r.url}"),
    )
    return pg
