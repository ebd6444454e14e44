"""The query page /query in a real browser (Debian's chromium via Playwright), fully offline."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from policykg.analysis.questions import questions
from tests.support.sparql_server import running, scratch_store

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/setup installs it)"
)
LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    quads = [
        Quad(
            NamedNode(f"https://w3id.org/policykg/id/plan/motie-2024/task/I-1-{i}"),
            LABEL,
            Literal(f"반도체 초격차 과제 {i}", language="ko"),
            NamedNode("https://w3id.org/policykg/id/doc/test"),
        )
        for i in range(1, 4)
    ]
    store = scratch_store(tmp_path_factory.mktemp("page") / "store", quads)
    with running(store, "--workers", "1") as url:
        yield url


@pytest.fixture
def page(base):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        pg = browser.new_page(viewport={"width": 1300, "height": 900}, locale="ko-KR")
        pg.outside = []
        pg.errors = []
        pg.on(
            "request",
            lambda r: (
                pg.outside.append(r.url) if not r.url.startswith((base, "data:", "blob:")) else None
            ),
        )
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        yield pg
        browser.close()


def test_shared_query_url_runs_and_shows_a_table_with_links(base, page):
    query = "SELECT ?task ?label WHERE { ?task rdfs:label ?label } ORDER BY ?task"
    page.goto(f"{base}/query?query={quote(query)}")
    page.wait_for_function(
        "document.querySelectorAll('.yasr table tbody tr').length >= 3", timeout=30_000
    )
    text = page.inner_text(".yasr table")
    assert "반도체 초격차 과제 1" in text
    assert page.locator(".yasr table a[href*='task/I-1-2']").count() >= 1
    assert page.inner_text("#status") == "3행"
    assert page.outside == [] and page.errors == []


def test_named_questions_are_examples_with_parameters(base, page):
    page.goto(f"{base}/query?question=task-budget&task=I-1-1")
    page.wait_for_selector(".question")
    assert page.locator(".question").count() == len(questions())
    page.wait_for_function("document.querySelector('#bound').innerText.includes('I-1-1')")
    assert '?task = "I-1-1"' in page.inner_text("#bound")
    assert (
        page.locator(".question[data-name='task-budget'] input[name='task']").input_value()
        == "I-1-1"
    )
    assert "# name: task-budget" in page.evaluate(
        "document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.getValue()"
    )
    assert page.outside == [] and page.errors == []


def test_korean_font_stack(base, page):
    page.goto(f"{base}/query")
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Nanum Gothic", "Noto Sans CJK KR"')
