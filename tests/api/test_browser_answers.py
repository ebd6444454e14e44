"""Answer pages, the question box, the data-quality page, the graph panel and a shared query link
in a real browser: Debian's chromium through Playwright against a real ``policykg serve`` over the
store built from the bundled corpus. Screenshots go to ``tests/artifacts/answers-*.png`` (the ones
looked at are kept in ``docs/screenshots/``). No console error, failed request or request leaving
127.0.0.1 is allowed.
"""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from tests.support.browser import CHROMIUM, chromium, page_server, watched_page
from tests.support.paths import ARTIFACTS

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/setup installs it)"
)

PAGES = {
    "budgets-for-agenda": "agenda=20&scheme=2022&year=2024",
    "budget-cut": "program=3231&cut=0.3&year=2024",
    "tasks-by-cooperation": "a1=MOTIE&a2=ME&a3=none&successors=no",
    "agenda-coverage": "task=30&scheme=2025",
    "task-budget": "task=I-2-1",
    "program-uses": "program=3231&year=2024",
    "law-timeline": "law=석유화학 특별법",
    "documents-mentioning": "entity=대외무역법",
}
CITE = re.compile(r"\S+ \d+(–\d+)?행")


@pytest.fixture(scope="module")
def server(built_store):
    with page_server(built_store[0]) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return watched_page(context)


def shot(pg, name: str, **kw) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"answers-{name}.png"), **kw)


def ready(pg) -> None:
    pg.wait_for_selector("body[data-ready='1']", timeout=60_000)
    pg.evaluate("document.fonts.ready.then(() => true)")


def api(server: str, path: str) -> dict:
    with urllib.request.urlopen(server + path, timeout=120) as res:
        return json.load(res)


@pytest.mark.parametrize("name", list(PAGES))
def test_answer_page(page, server, name):
    pg = page
    pg.goto(f"{server}/answers/{name}?{PAGES[name]}")
    ready(pg)
    assert pg.evaluate("document.fonts.check('15px \"Nanum Gothic\"', '국정과제')")
    sentences = pg.locator(".sentences .ko").inner_text()
    assert sentences.strip() and pg.locator(".sentences .en").inner_text().strip()
    assert pg.locator("svg.chart").count() >= 1
    assert pg.locator("table.data tbody tr").count() >= 1
    assert pg.locator("form.params input").count() >= 1
    shot(pg, name)
    # a figure's source control shows the quote with its document and lines
    pg.locator("button.src").first.click()
    pop = pg.locator(".src-pop")
    pop.wait_for()
    assert CITE.search(pop.locator("cite").first.inner_text())
    shot(pg, f"{name}-source")
    if name == "budgets-for-agenda":
        assert "3조 692억원" in sentences and "30,692.48억원" in sentences
        assert "3조 1,013억원" in sentences
        assert pg.locator("#chart-programs").count() == pg.locator("#chart-change").count() == 1
        assert pg.locator("#chart-programs text.label", has_text="◆").count() >= 10  # shared
        pg.locator("#chart-programs").scroll_into_view_if_needed()
        shot(pg, f"{name}-charts")
        pg.locator("#table-rows").scroll_into_view_if_needed()
        shot(pg, f"{name}-table")
        flag = pg.locator("a.flag").first
        flag.click()
        assert pg.locator("article.finding:target").count() == 1
    if name == "budget-cut":
        assert "4,441억원" in sentences and "29.5%" in sentences
    assert pg.errors == []


def test_share_url_reproduces_the_page_whatever_the_browser_stored(browser, server):
    first = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = watched_page(first)
    pg.goto(f"{server}/answers/budgets-for-agenda?agenda=20&year=2024")
    ready(pg)
    pg.locator("#table-rows th a", has_text="금액").click()  # sort by amount (a link: the URL)
    ready(pg)
    pg.locator("#table-rows th a", has_text="금액").click()  # descending
    ready(pg)
    shared = pg.locator("#share-url").input_value()
    assert "sort=rows%3A-amount" in shared and "scheme=2022" in shared
    shown = pg.locator("#answer").text_content()  # all of it, laid out or not yet
    first.close()
    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    other.add_init_script("localStorage.setItem('yagui__config', '{\"garbage\": 1}');")
    pg2 = watched_page(other)
    pg2.goto(f"{server}/answers/budgets-for-agenda?agenda=24&year=2023")  # something else first
    ready(pg2)
    pg2.goto(shared)
    ready(pg2)
    assert pg2.locator("#answer").text_content() == shown
    amounts = pg2.locator("#table-rows td.num:nth-child(6)").all_text_contents()[:5]
    numbers = [float(re.match(r"[\d,.]+", a).group(0).replace(",", "")) for a in amounts]
    assert numbers == sorted(numbers, reverse=True)
    assert pg2.errors == []
    other.close()


def test_print_layout(page, server):
    pg = page
    pg.goto(f"{server}/answers/budgets-for-agenda?agenda=20-1&year=2024")
    ready(pg)
    pg.emulate_media(media="print")
    for hidden in ("header.top", "form.params", ".actions", "button.src"):
        assert not pg.locator(hidden).first.is_visible(), hidden
    assert pg.locator(".print-only").is_visible()
    assert pg.locator("svg.chart").first.is_visible()
    shot(pg, "print", full_page=False)
    assert len(pg.pdf(format="A4")) > 10_000
    assert pg.errors == []


def test_question_box_on_the_graph_page_and_on_answer_pages(page, server):
    pg = page
    pg.goto(server + "/")
    pg.wait_for_function("document.body.dataset.busy === '0'", timeout=60_000)
    pg.fill("#ask", "국정과제 20번 관련 예산은?")
    preview = pg.locator(".ask-preview")
    preview.locator("a.go").wait_for(timeout=60_000)
    assert "국정과제 20" in preview.inner_text() and "2024년 예산" in preview.inner_text()
    shot(pg, "question-box")
    with pg.expect_navigation():
        pg.press("#ask", "Enter")
    ready(pg)
    assert "/answers/budgets-for-agenda?agenda=20&scheme=2022&year=2024" in pg.url
    understood = pg.locator("#understood")
    assert "이렇게 이해했습니다" in understood.inner_text()
    shot(pg, "understood")
    # correcting it: the form holds every parameter
    pg.fill("input[name=year]", "2023")
    with pg.expect_navigation():
        pg.click("form.params button[type=submit]")
    ready(pg)
    assert "year=2023" in pg.url and "2023년" in pg.locator(".sentences .ko").inner_text()
    # an English question from an answer page's box, old and new ministry names
    pg.fill("#ask", "tasks where MOTIR and MCEE work together")
    with pg.expect_navigation():
        pg.press("#ask", "Enter")
    ready(pg)
    assert "/answers/tasks-by-cooperation?a1=MOTIR&a2=MCEE" in pg.url and "successors=yes" in pg.url
    # what maps to nothing goes to search results
    pg.fill("#ask", "탄소국경")
    with pg.expect_navigation():
        pg.press("#ask", "Enter")
    pg.wait_for_selector("ul.hits li")
    assert "/ask?q=" in pg.url and "CBAM" in pg.locator("ul.hits").inner_text()
    shot(pg, "search-results")
    assert pg.errors == []


def test_autocomplete_shows_titles(page, server):
    pg = page
    pg.goto(f"{server}/answers/budgets-for-agenda")
    ready(pg)
    box = pg.locator("input[name=agenda]")
    box.fill("공급망")
    pg.locator("ul.suggest li").first.wait_for(timeout=60_000)
    listed = pg.locator("ul.suggest").first.inner_text()
    assert "20-1" in listed and "공급망" in listed
    shot(pg, "autocomplete")
    pg.locator("ul.suggest li", has_text="20-1").first.dispatch_event("mousedown")
    assert box.input_value() == "20-1" and pg.locator("input[name=scheme]").input_value() == "2022"
    assert "공급망" in pg.locator('[data-title-for="agenda"]').inner_text()
    assert pg.errors == []


def test_data_quality_page_links_both_ways(page, server):
    pg = page
    pg.goto(f"{server}/data-quality?kind=budget-whole-conflict")
    ready(pg)
    cards = pg.locator("article.finding")
    assert cards.count() == 10
    card = pg.locator("article.finding", has_text="program 6332: the whole-program amount for 2024")
    readings = card.locator(".readings blockquote")
    assert readings.count() == 2
    a, b = (readings.nth(i).bounding_box() for i in (0, 1))
    assert abs(a["y"] - b["y"]) < 2 and b["x"] > a["x"] + 100  # side by side
    assert "(80.05) (54.82)" in readings.nth(0).inner_text()
    assert "(996) (1,083)" in readings.nth(1).inner_text()
    shot(pg, "data-quality")
    with pg.expect_navigation():
        card.locator(".entities a", has_text="6332").first.click()
    pg.wait_for_function("document.body.dataset.busy === '0'", timeout=60_000)
    back = pg.locator("#panel-findings a").first
    back.wait_for(timeout=60_000)
    with pg.expect_navigation():
        back.click()
    ready(pg)
    assert "entity=program%2Fmotie%2F6332" in pg.url or "entity=program/motie/6332" in pg.url
    assert pg.locator("article.finding:target").count() == 1
    assert pg.errors == []


def test_graph_panel_totals_names_and_columns(page, server):
    pg = page
    pg.goto(f"{server}/?focus=plan/motie-2024/task/I-2-1&sel=plan/motie-2024/task/I-2-1")
    pg.locator("#panel-budget-years").wait_for(timeout=60_000)
    pg.wait_for_function("document.body.dataset.busy === '0'", timeout=60_000)
    year_2024 = pg.locator('#panel-budget-years tr[data-year="2024"]').inner_text()
    assert "11,606.62억원" in year_2024 and "23,213" not in year_2024
    figures = pg.locator("#panel-figures")
    assert not re.search(r"\b[0-9a-f]{16}\b", figures.inner_text())  # names, not hashes
    assert "전략핵심소재자립화기술개발(R&D) 통합" in figures.inner_text()
    # amounts and accounts each on one line (they were clipped to a character per line)
    lines = pg.evaluate("""() => [...document.querySelectorAll(
        '#panel-figures td.num, #panel-figures td.account')].filter(td => td.textContent.trim())
        .map(td => { const r = document.createRange(); r.selectNodeContents(td);
                     return [td.textContent, r.getClientRects().length]; })""")
    assert lines and all(n == 1 for _text, n in lines), lines
    shot(pg, "panel")
    assert pg.errors == []


@pytest.mark.parametrize(
    "view",
    [
        "mode=impact&program=program/motie/3231&cut=30&year=2024",
        "mode=path&from=program/motie/3231&to=agenda/2022/20",
    ],
    ids=["impact", "path"],
)
def test_shared_views_have_no_empty_hint(page, server, view):
    pg = page
    pg.goto(f"{server}/?{view}")
    pg.locator("#panel-body h1").wait_for(timeout=60_000)
    pg.wait_for_function("document.body.dataset.busy === '0'", timeout=60_000)
    assert not pg.locator("#empty-hint").is_visible()
    shot(pg, f"shared-{view.split('&')[0].split('=')[1]}")
    assert pg.errors == []


def test_every_task_panel_total_in_the_browser(page, server):
    pg = page
    pg.goto(server + "/")
    pg.wait_for_function("document.body.dataset.busy === '0'", timeout=60_000)
    rows = api(server, "/api/search?q=-&type=ManagementTask&limit=200")["rows"]
    tasks = sorted(r["code"] for r in rows if re.fullmatch(r"[IVX]+-\d+-\d+", r["code"] or ""))
    assert len(tasks) > 80
    checked = 0
    for task in tasks:
        years = api(server, f"/api/questions/task-budget?task={task}")["summary"]["years"]
        shown = pg.evaluate(
            """async id => {
                await window.policykgExplorer.showEntity(id);
                return [...document.querySelectorAll('#panel-budget-years tr[data-year]')]
                  .map(tr => [tr.dataset.year, tr.querySelector('td.num').firstChild.textContent]);
            }""",
            f"plan/motie-2024/task/{task}",
        )
        assert dict(shown) == {y: t["dedup_total"] for y, t in years.items()}, task
        checked += len(shown)
    assert checked > 100
    assert pg.errors == []


def test_query_page_runs_a_shared_link_not_the_saved_editor(context, server):
    first = watched_page(context)
    first.goto(f"{server}/query?question=task-budget&task=I-2-1")  # saves the editor's state
    first.wait_for_function("document.querySelector('#status').textContent.includes('20행')")
    pg = watched_page(context)  # the same browser, with what the first page saved
    pg.goto(f"{server}/query?question=budgets-for-agenda&agenda=20")
    # the notice shows once the link's own query is running; then its row count
    pg.wait_for_function(
        "!document.querySelector('#shared').hidden"
        " && /^\\d+행$/.test(document.querySelector('#status').textContent)"
    )
    assert pg.locator("#status").inner_text() == "85행"
    shared = pg.locator("#shared")
    assert shared.is_visible() and "그대로" in shared.inner_text()
    assert "question=budgets-for-agenda" in pg.url and "agenda=20" in pg.url
    shot(pg, "query-shared-link")
    assert pg.errors == []
    assert [e for e in first.errors if not e.startswith("request failed")] == []
