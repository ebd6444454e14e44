"""``/docs`` in a real browser with no network: Swagger UI from the vendored assets renders the
operations (it once loaded from a CDN and was blank offline). Debian's chromium through Playwright,
against a real ``policykg serve``; every request outside the server is aborted and counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.paths import ARTIFACTS
from tests.support.sparql_server import running, scratch_store

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/setup installs it)"
)


def test_the_docs_page_renders_offline(tmp_path):
    store = scratch_store(tmp_path / "store")
    outside: list[str] = []
    errors: list[str] = []
    with running(store, "--workers", "1") as base, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1300, "height": 900})

        def only_the_server(route):
            if route.request.url.startswith((base, "data:")):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", only_the_server)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=30_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "docs-offline.png"))
        browser.close()
    assert "/sparql" in [t.strip() for t in paths] and any("/api/search" in t for t in paths)
    assert not outside and not errors
