"""The browser of the page tests: Debian's chromium through Playwright (never ``playwright
install``), and a page that collects every console error, page error, failed request and request
leaving the server."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.sparql_server import running

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


@contextmanager
def page_server(store) -> Iterator[str]:
    """A real server process over ``store`` (one query worker); yields its base URL once the
    first API call has built the graph projection and the search index."""
    with running(store, "--workers", "1") as base:
        with urllib.request.urlopen(base + "/api/search?q=I-1-1", timeout=300) as res:
            assert res.status == 200
        yield base


@contextmanager
def chromium() -> Iterator:
    """Debian's chromium, headless, through Playwright."""
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
