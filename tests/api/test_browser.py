"""The graph page in a real browser: Debian's chromium driven by Playwright, against a real
``policykg serve`` (uvicorn) on a free loopback port over the store built from the bundled corpus.

One scenario, in order, with a screenshot of each step in ``tests/artifacts/`` (gitignored; CI keeps
it as an artefact): load the page, search "국정 20", expand a node, read a source line in the side
panel, switch to impact mode for program 3231, reload the shared URL, then 2,000 nodes on screen.
No console errors are allowed at any step. Never run ``playwright install``: the browser is
``/usr/bin/chromium`` (``.ci/setup`` installs it with ``fonts-nanum``).
"""

from __future__ import annotations

import re

import pytest

from tests.support.browser import CHROMIUM, chromium, page_server, watched_page
from tests.support.paths import ARTIFACTS

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/setup installs it)"
)


@pytest.fixture(scope="module")
def server(built_store):
    with page_server(built_store[0]) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, server):
    """A fresh page; every console error, page error and failed request is collected."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ko-KR")
    pg = watched_page(context)
    yield pg
    context.close()


def idle(pg, timeout=30_000):
    """Wait until no request is pending and the layout has settled (physics off)."""
    pg.wait_for_function("document.body.dataset.busy === '0'", timeout=timeout)


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.mouse.move(2, 890)  # no tooltip over the graph
    pg.screenshot(path=str(ARTIFACTS / f"graph-{name}.png"))


def node_count(pg) -> int:
    return pg.evaluate("window.policykgExplorer.view.counts().nodes")


def click_node(pg, node_id: str) -> None:
    """Click a node where the canvas drew it."""
    x, y = pg.evaluate(
        """id => {
        const net = window.policykgExplorer.view.network;
        const p = net.canvasToDOM(net.getPosition(id));
        const box = document.querySelector('#graph').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""",
        node_id,
    )
    pg.mouse.click(x, y)


def search_and_choose(pg, text: str, node_id: str) -> None:
    """Type ``text`` into the search box and pick ``node_id`` from the results."""
    pg.fill("#search", text)
    pg.locator("#search-results li[data-id]").first.wait_for(timeout=30_000)
    hit = pg.locator(f'#search-results li[data-id="{node_id}"]')
    assert hit.count() == 1, pg.locator("#search-results").inner_text()
    hit.dispatch_event("mousedown")


def test_explore_agenda_20_then_impact_of_3231(page, server):
    pg = page
    pg.goto(server + "/")
    idle(pg)
    assert pg.title().startswith("policykg")
    pg.evaluate("document.fonts.ready.then(() => true)")
    shot(pg, "1-start")

    # Search "국정 20": the 2022 agenda task 20 comes first; choosing it focuses it.
    search_and_choose(pg, "국정 20", "agenda/2022/20")
    idle(pg)
    assert pg.evaluate("document.fonts.check('13px \"Nanum Gothic\"', '국정과제')")
    first = node_count(pg)
    assert 3 <= first <= 13, "a focus shows its neighbours, capped"
    assert "focus=agenda/2022/20" in pg.url
    legend = pg.locator("#legend").inner_text()
    assert "국정과제" in legend
    shot(pg, "2-agenda-20")

    # Expand a sub-task by clicking it: more nodes, and the URL records the expansion.
    neighbours = pg.evaluate("window.policykgExplorer.view.nodes.getIds()")
    sub = sorted(n for n in neighbours if re.fullmatch(r"agenda/2022/20-\d", n))[0]
    click_node(pg, sub)
    idle(pg)
    assert node_count(pg) > first
    assert f"expand={sub}" in pg.url
    shot(pg, "3-expanded")

    # Filters: hiding a type hides its nodes and goes into the URL; showing it brings them back.
    visible = "window.policykgExplorer.view.nodeView.length"
    before = pg.evaluate(visible)
    pg.click('#legend li[data-type="ManagementTask"]')
    assert pg.evaluate(visible) < before and "hideTypes=ManagementTask" in pg.url
    pg.click('#legend li[data-type="ManagementTask"]')
    assert pg.evaluate(visible) == before and "hideTypes" not in pg.url

    # The side panel of the clicked node quotes its source line with document and line number.
    pg.locator("#panel-title").wait_for()
    quote = pg.locator("#panel blockquote.source").first
    quote.wait_for()
    cite = quote.locator("cite").inner_text()
    assert re.search(r"\S+ \d+(–\d+)?행", cite), cite
    assert sub.rsplit("/", 1)[1] in quote.inner_text()
    quote.scroll_into_view_if_needed()
    shot(pg, "4-panel")

    # Impact mode for program 3231 cut by 30% in 2024.
    pg.click("#modes button[data-mode=impact]")
    search_and_choose(pg, "3231", "program/motie/3231")
    pg.fill("#impact-cut", "30")
    pg.fill("#impact-year", "2024")
    pg.click("#impact-run")
    pg.locator("#impact-list tr td").first.wait_for(timeout=30_000)
    idle(pg)
    listed = pg.locator("#impact-list").inner_text()
    for code in ("I-2-1", "I-2-3"):
        assert code in listed, listed
    coloured = pg.evaluate("window.policykgExplorer.view.highlight.size")
    assert coloured >= 4
    assert "mode=impact" in pg.url and "program=program/motie/3231" in pg.url
    shot(pg, "5-impact-3231")

    # The URL is the view: opening it again replays focus, expansion and the impact answer.
    shown = sorted(pg.evaluate("window.policykgExplorer.view.nodes.getIds()"))
    pg.goto(pg.url)
    pg.locator("#impact-list tr td").first.wait_for(timeout=30_000)
    idle(pg)
    assert "I-2-1" in pg.locator("#impact-list").inner_text()
    assert sorted(pg.evaluate("window.policykgExplorer.view.nodes.getIds()")) == shown
    shot(pg, "6-shared-url")

    # Path mode: the shortest paths from program 3231 to agenda task 20, highlighted and listed.
    pg.click("#modes button[data-mode=path]")
    pg.click("#path-from")
    search_and_choose(pg, "3231", "program/motie/3231")
    pg.click("#path-to")
    search_and_choose(pg, "국정 20", "agenda/2022/20")
    pg.click("#path-run")
    pg.locator("#panel ol.links").first.wait_for(timeout=30_000)
    idle(pg)
    steps = pg.locator("#panel ol.links").first.inner_text()
    assert "3231" in steps and "20 " in steps
    assert "mode=path" in pg.url and "to=agenda/2022/20" in pg.url
    shot(pg, "7-path")

    assert pg.errors == []


def test_two_thousand_nodes_settle_and_stop(page, server):
    """2,000 nodes: a bounded stabilisation, then physics off and the page still answers."""
    pg = page
    pg.goto(server + "/")
    idle(pg)
    took = pg.evaluate("""() => new Promise(resolve => {
        const view = window.policykgExplorer.view;
        const nodes = [], edges = [];
        for (let i = 0; i < 2000; i++) {
            nodes.push({ id: `n${i}`, label: `과제 ${i}`, code: `${i}`,
                         type: ["ManagementTask", "Program", "Agency",
                                "NationalAgendaTask"][i % 4] });
            if (i) edges.push({ id: `e${i}`, from: `n${Math.floor((i - 1) / 3)}`, to: `n${i}`,
                                relation: "part-of" });
        }
        document.querySelector("#empty-hint").hidden = true;
        const t0 = performance.now();
        view.addNodes(nodes);
        view.addEdges(edges);
        view.network.once("stabilized", () => resolve(performance.now() - t0));
        view.settle();
    })""")
    assert took < 60_000
    pg.wait_for_function("!window.policykgExplorer.view.network.physics.physicsEnabled")
    frames = pg.evaluate("""() => new Promise(resolve => {
        const net = window.policykgExplorer.view.network;
        let n = 0; const t0 = performance.now();
        const tick = () => {
            n += 1; net.moveTo({ position: { x: n * 5, y: 0 } });
            if (performance.now() - t0 < 2000) requestAnimationFrame(tick); else resolve(n / 2);
        };
        requestAnimationFrame(tick);
    })""")
    shot(pg, "8-2000-nodes")
    print(f"2,000 nodes: stabilised in {took:.0f} ms, then {frames:.1f} frames/s while panning")
    assert frames >= 4, f"{frames} frames/s while panning 2,000 nodes"
    assert pg.errors == []


def test_exported_page_opens_offline(browser, built_store, tmp_path):
    """``policykg export --format html`` opens from disk with the network off, Korean and all."""
    from policykg.cli.main import main

    out = tmp_path / "agenda-20.html"
    assert (
        main(
            [
                "--store",
                str(built_store[0]),
                "export",
                "--format",
                "html",
                "--focus",
                "agenda/2022/20",
                "--depth",
                "2",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    pg = context.new_page()
    problems = []
    pg.on("console", lambda m: m.type == "error" and problems.append(m.text))
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.on("request", lambda r: r.url.startswith(("file:", "data:")) or problems.append(r.url))
    pg.goto(out.as_uri())
    pg.wait_for_selector("body[data-stable='1']", timeout=60_000)
    assert pg.evaluate("document.fonts.check('13px \"Nanum Gothic\"', '산업경쟁력')")
    assert "agenda/2022/20" in pg.locator("header .meta").inner_text()
    shot(pg, "9-export-agenda-20")
    context.close()
    assert problems == []
