"""Answer pages, the question box and the data-quality page over HTTP, on the corpus store.

The headline totals a page shows are the API's (``/api/questions/…``) for every agenda item of both
agenda lists and both fiscal years; each graph panel's yearly total is the ``task-budget``
summary for every task; downloads hold exactly what the page shows; bad input is the request's
fault, named.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from policykg import PolicyGraph
from policykg.api.main import create_app
from policykg.api.settings import Settings

YEARS = (2023, 2024)
ERROR_KEYS = {"status", "code", "message"}


@pytest.fixture(scope="module")
def client(built_store) -> TestClient:
    return TestClient(create_app(Settings(store=built_store[0])))


@pytest.fixture(scope="module")
def graph(built_store) -> PolicyGraph:
    return PolicyGraph.open(built_store[0])


def _figures(page: str) -> dict[str, str]:
    """``data-key`` → ``data-value`` of the headline figures of an answer page."""
    return dict(re.findall(r'class="figure" data-key="([^"]+)" data-value="([^"]*)"', page))


def _agenda_items(graph) -> list[tuple[int, str]]:
    rows = graph.query(
        "SELECT ?list ?code WHERE { ?a a pk:NationalAgendaTask ; skos:inScheme ?list ;"
        " pk:code ?code }"
    ).rows
    return sorted((int(str(r["list"]).rsplit("/", 1)[-1]), str(r["code"])) for r in rows)


def test_every_agenda_item_of_both_lists_and_years_shows_the_api_totals(client, graph):
    items = _agenda_items(graph)
    assert {s for s, _ in items} == {2022, 2025} and len(items) > 30
    funded = 0
    for scheme, code in items:
        for year in YEARS:
            params = {"agenda": code, "scheme": scheme, "year": year}
            api = client.get("/api/questions/budgets-for-agenda", params=params).json()
            api = api["summary"]
            page = client.get("/answers/budgets-for-agenda", params=params)
            assert page.status_code == 200, (params, page.text[:300])
            shown = _figures(page.text)
            if api["tasks_with_amounts"]:
                funded += 1
                assert int(shown["dedup_total"]) == api["dedup_total_krw"], params
                assert int(shown["gross_total"]) == api["gross_total_krw"], params
                assert api["dedup_total"] in html.unescape(page.text)
                assert int(shown["shared_programs"]) == len(api["shared_programs"])
            else:
                # no figure is stated: the page says so instead of showing 0 as if measured
                assert "dedup_total" not in shown and "gross_total" not in shown, params
                assert (
                    "0원이 아니라" in page.text or "연결된 관리과제나 항목이 없습니다" in page.text
                )
    assert funded > 20


def test_the_2025_list_states_no_budget_figures(client):
    page = client.get(
        "/answers/budgets-for-agenda", params={"agenda": "30", "scheme": "2025", "year": "2024"}
    ).text
    text = html.unescape(page)
    assert "예산 금액이 적혀 있지 않습니다" in text and "0원이 아니라" in text
    assert "예산표는 2022년 국정과제 목록에 연결된 문서에만 있습니다" in text
    assert _figures(page)["amounts"] == ""
    assert "0억원" not in text


def test_every_task_panel_total_is_the_task_budget_summary(client, graph):
    tasks = [
        str(r["code"])
        for r in graph.query("SELECT ?code WHERE { ?t a pk:ManagementTask ; pk:code ?code }").rows
    ]
    assert len(tasks) > 80
    with_budget = 0
    for task in tasks:
        entity = client.get(f"/api/entity/{task}").json()
        summary = client.get("/api/questions/task-budget", params={"task": task}).json()
        years = summary["summary"]["years"]
        shown = {str(b["year"]): b for b in entity["budget"]}
        assert set(shown) == set(years), task
        for year, totals in years.items():
            with_budget += 1
            assert shown[year]["counted_once_krw"] == totals["dedup_total_krw"], (task, year)
            assert shown[year]["counted_once"] == totals["dedup_total"]
    assert with_budget > 100
    i_2_1 = {b["year"]: b["counted_once"] for b in client.get("/api/entity/I-2-1").json()["budget"]}
    assert i_2_1[2024] == "11,606.62억원"


def test_panel_fundings_name_what_they_draw_on(client):
    fundings = client.get("/api/entity/I-2-1").json()["fundings"]
    item = next(f for f in fundings if f["program"].endswith("/480e0661268e17bb"))
    assert item["programLabel"] == "전략핵심소재자립화기술개발(R&D) 통합"
    assert item["level"] == "item" and item["ofProgramCode"] == "3231"
    assert all(f.get("programLabel") or f.get("programCode") for f in fundings)


def test_budget_page_sources_findings_and_sort(client):
    url = "/answers/budgets-for-agenda?agenda=20&scheme=2022&year=2024"
    view = client.get("/api/answers/budgets-for-agenda?agenda=20&scheme=2022&year=2024").json()
    rows = next(t for t in view["tables"] if t["id"] == "rows")["rows"]
    amounts = [r["amount"] for r in rows if "value" in r["amount"]]
    assert amounts and all(a["sources"] for a in amounts)  # every figure shows where it was read
    first = next(r for r in rows if r["task"]["value"] == "I-2-1")["amount"]["sources"][0]
    assert first["document"] == "motie-2024-performance-plan" and "1,141,045" in first["quote"]
    ids = {f["id"] for f in view["findings"]}
    flagged = {i for r in rows for c in r.values() for i in c.get("findings", [])}
    assert flagged and flagged <= ids  # each flag on a figure is listed on the page
    kinds = {f["kind"] for f in view["findings"]}
    assert "budget-sum-mismatch" in kinds
    page = client.get(url).text
    assert "출처" in page and "motie-2024-performance-plan 5114행" in html.unescape(page)
    for fid in flagged:
        assert f'href="#finding-{fid}"' in page and f'id="finding-{fid}"' in page
    ordered = client.get(url + "&sort=rows:-amount").text
    values = [
        float(v.replace(",", ""))
        for v in re.findall(
            r'<td class="num[^"]*">([\d,]+(?:\.\d+)?)\s*<button class="src"', ordered
        )
    ]
    assert values[:3] == sorted(values[:3], reverse=True)
    bad = client.get(url + "&sort=rows:nope")
    assert bad.status_code == 400 and "no column" in bad.text


def test_downloads_are_exactly_what_is_shown(client):
    query = "agenda=20&scheme=2022&year=2024&sort=rows:-amount"
    view = client.get(f"/api/answers/budgets-for-agenda?{query}").json()
    table = next(t for t in view["tables"] if t["id"] == "rows")
    headers = [c["header"] for c in table["columns"]]
    got = client.get(f"/api/answers/budgets-for-agenda?{query}&format=csv&table=rows")
    assert got.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert lines[0] == headers and len(lines) == len(table["rows"]) + 1
    amount = headers.index("금액 (억원) (amount, 100 million won)")
    shown = [r["amount"] for r in table["rows"]]
    for line, cell in zip(lines[1:], shown, strict=True):
        assert line[amount] == (str(cell["value"]) if "value" in cell else cell["text"])
    book = load_workbook(
        io.BytesIO(client.get(f"/api/answers/budgets-for-agenda?{query}&format=xlsx").content)
    )
    assert book.sheetnames == [t["ko"] for t in view["tables"]]
    sheet = book[table["ko"]]
    assert [c.value for c in sheet[1]] == headers and sheet.max_row == len(table["rows"]) + 1
    as_json = client.get(f"/api/answers/budgets-for-agenda?{query}&format=json")
    assert json.loads(as_json.content) == view


PAGES = {
    "budget-cut": {"program": "3231", "cut": "0.3", "year": "2024"},
    "tasks-by-cooperation": {"a1": "MOTIE", "a2": "ME"},
    "agenda-coverage": {"task": "30"},
    "task-budget": {"task": "I-2-1"},
    "program-uses": {"program": "3231"},
    "law-timeline": {"law": "석유화학 특별법"},
    "documents-mentioning": {"entity": "대외무역법"},
}


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_answers_in_words_with_sources(client, name):
    params = PAGES[name]
    view = client.get(f"/api/answers/{name}", params=params).json()
    assert view["sentences_ko"] and view["sentences_en"], view
    assert view["tables"] and view["tables"][0]["rows"]
    cells = [c for t in view["tables"] for r in t["rows"] for c in r.values()]
    assert any(c.get("sources") for c in cells)
    page = client.get(f"/answers/{name}", params=params)
    assert page.status_code == 200 and "<svg" in page.text


def test_budget_cut_page_is_the_apis_budget_cut(client):
    cut = client.get("/api/answers/budget-cut?program=3231&cut=0.3&year=2024").json()
    api = client.get("/api/impact/budget-cut?program=3231&cut=0.3&year=2024").json()
    assert next(f for f in cut["figures"] if f["key"] == "lost")["value"] == api["lost_krw"]
    i_2_1 = next(r for r in cut["tables"][0]["rows"] if r["node"]["value"] == "I-2-1")
    assert i_2_1["funding"]["text"] == "11,606.62" and i_2_1["share"]["text"] == "29.5%"


def test_bad_input_is_named(client):
    page = client.get("/answers/budgets-for-agenda", params={"agenda": "20; DROP", "year": "2024"})
    assert page.status_code == 400 and "not a code" in page.text
    missing = client.get("/answers/budgets-for-agenda?agenda=99&scheme=2022")
    assert (
        missing.status_code == 404
        and "2022년 국정과제 목록에 99번이 없습니다 — the" in missing.text
    )
    unasked = client.get("/api/answers/budget-cut?program=3231&year=2024").json()["error"]
    assert unasked["message"].startswith("budget-cut: 삭감 비율(cut) 값을 넣어 주세요 — parameter")
    unasked = client.get("/query/bindings/agenda-coverage").json()["error"]  # the query page's
    assert "국정과제 번호(task) 값을 넣어 주세요 — parameter 'task'" in unasked["message"]
    assert client.get("/answers/no-such-question").status_code == 404
    for url, status in [
        ("/api/answers/budget-cut?program=3231&cut=2&year=2024", 400),
        ("/api/answers/budget-cut?program=3231&year=2024", 400),
        ("/api/answers/task-budget?task=I-2-1&bogus=1", 400),
        ("/api/answers/nope", 404),
        ("/api/findings?entity=no-such-thing-9", 404),
        ("/api/interpret?q=", 400),
    ]:
        r = client.get(url)
        assert r.status_code == status, (url, r.text)
        assert set(r.json()) == {"error"} and set(r.json()["error"]) == ERROR_KEYS
    # the form keeps what was typed, so the person can correct it
    assert 'value="20; DROP"' in page.text


def test_question_box_lands_on_the_answer_page(client):
    r = client.get("/ask", params={"q": "국정과제 20번 관련 예산은?"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith(
        "/answers/budgets-for-agenda?agenda=20&scheme=2022&year=2024&asked="
    )
    page = client.get(r.headers["location"]).text
    assert "이렇게 이해했습니다" in page and "2024년 예산" in page
    found = client.get("/api/interpret", params={"q": "산업부랑 환경부가 같이 하는 과제"}).json()
    assert found["question"] == "tasks-by-cooperation"
    assert found["params"] == {"a1": "MOTIE", "a2": "ME", "a3": "none", "successors": "yes"}
    assert found["understood"]
    lost = client.get("/api/interpret", params={"q": "점심 메뉴 추천해줘"}).json()
    assert lost["question"] is None and lost["params"] == {} and "search" in lost
    unknown = client.get("/ask", params={"q": "환경"})
    assert unknown.status_code == 200 and "찾은 항목" in unknown.text


def test_data_quality_page_and_api(client, graph):
    everything = client.get("/api/findings").json()
    assert everything["total"] == everything["matching"] == len(everything["rows"]) > 200
    conflict = client.get("/api/findings", params={"kind": "budget-whole-conflict"}).json()
    rows = conflict["rows"]
    assert rows and all(r["kind"] == "budget-whole-conflict" for r in rows)
    six = next(r for r in rows if "program 6332" in r["message"])
    readings = {(x["line"], x["text"]) for x in six["readings"]}
    assert readings == {(3738, "(80.05) (54.82)"), (13393, "(996) (1,083)")}
    assert "https://w3id.org/policykg/id/program/motie/6332" in six["entities"]
    about = client.get("/api/findings", params={"entity": "program/motie/6332"}).json()["rows"]
    assert six["id"] in {r["id"] for r in about}
    by_code = client.get("/api/findings", params={"entity": "6332"}).json()["rows"]
    assert [r["id"] for r in by_code] == [r["id"] for r in about]
    warnings = client.get("/api/findings?severity=warning&document=motie-2024-performance-plan")
    assert all(r["severity"] == "warning" for r in warnings.json()["rows"])
    as_csv = client.get("/api/findings", params={"kind": "budget-whole-conflict", "format": "csv"})
    assert len(list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))) == len(rows) + 1
    page = client.get("/data-quality", params={"entity": "program/motie/6332"})
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert f'id="finding-{six["id"]}"' in page.text and "(80.05) (54.82)" in text
    assert "/?focus=program/motie/6332" in text  # to the entity in the graph, and back (panel)
    panel = client.get("/api/entity/program/motie/6332").json()["findings"]
    assert six["id"] in {f["id"] for f in panel}
    bad = client.get("/data-quality", params={"entity": "no-such-thing-9"})
    assert bad.status_code == 404 and "no-such-thing-9" in bad.text


def test_a_finding_about_a_law_flags_only_the_rows_of_its_own_lines(client):
    """A contradiction between two stated dates of a law is about the law, but it concerns the two
    statements it cites: only their rows are flagged, while the page lists it once."""
    view = client.get("/api/answers/law-timeline", params={"law": "석유화학 특별법"}).json()
    conflict = next(f for f in view["findings"] if f["kind"] == "contradictory-dates")
    cited = {(conflict["document"], line) for line in conflict["lines"]}
    rows = view["tables"][0]["rows"]
    flagged = {
        (r["document"]["text"], r["line"]["value"]) for r in rows if r["date"].get("findings")
    }
    assert flagged == cited and len(rows) > len(cited)  # a row of the law's not cited: no flag
    page = client.get("/answers/law-timeline", params={"law": "석유화학 특별법"}).text
    assert page.count(f'id="finding-{conflict["id"]}"') == 1
    assert page.count(f'class="flag warning" href="#finding-{conflict["id"]}"') == len(cited)


def test_an_entitys_links_lead_to_it_whatever_its_name(client, graph):
    """Links to an entity whose IRI holds escaped Korean (a law) land on it: on the graph page,
    on the data-quality page, and in the API given the entity's ``id`` as its answers write it."""
    from urllib.parse import parse_qs, urlsplit

    from policykg.analysis.answers.common import graph_href, quality_href, short

    view = client.get("/api/answers/law-timeline", params={"law": "석유화학 특별법"}).json()
    law = next(n for f in view["findings"] for n in f["entities"] if "/law/" in n)
    assert "%" in short(law)  # its name is escaped in the IRI
    focus = parse_qs(urlsplit(graph_href(law)).query)["focus"][0]  # what the graph page reads
    assert graph.resolve(focus) == law
    name = graph.names([law])[law]
    assert name == "석유화학 특별법" or "석유화학" in name
    landed = client.get(quality_href(law))
    assert landed.status_code == 200 and f"“{html.escape(name)}”에 관한" in landed.text
    by_id = client.get("/api/findings", params={"entity": short(law)})  # the id, escapes and all
    assert by_id.status_code == 200 and by_id.json()["filters"]["entity"] == law
    page = client.get("/answers/law-timeline", params={"law": "석유화학 특별법"}).text
    assert "%25" not in page  # no escape escaped again
    assert f">{html.escape(name)}</a>" in page  # the finding names the law, not its path


def test_the_query_pages_links_lead_somewhere_else(built_store):
    """Each link of the query page's toolbar, followed by a browser, gives a page of its own: the
    service description is Turtle, not a redirect back to the query page."""
    with TestClient(create_app(Settings(store=built_store[0]))) as running:  # query workers
        page = running.get("/query", headers={"accept": "text/html"}).text
        links = re.findall(r"<nav>(.*?)</nav>", page, re.S)[0]
        for href in re.findall(r'href="([^"]+)"', links):
            r = running.get(href, headers={"accept": "text/html"}, follow_redirects=False)
            assert r.status_code == 200, (href, r.status_code, r.headers.get("location"))
        described = running.get("/sparql?format=turtle", headers={"accept": "text/html"})
        assert described.headers["content-type"].startswith("text/turtle")
        assert "sd:Service" in described.text


def test_every_type_relation_and_finding_kind_of_the_corpus_has_a_korean_name(graph):
    """The graph page names types and relations from its palette, the data-quality page kinds
    of finding from ``KIND_KO``: none of those the corpus has is shown by its English key."""
    from importlib import resources

    from policykg.analysis.findings import KIND_KO
    from policykg.analysis.projection import DEPENDENCY_KO

    palette = json.loads(
        resources.files("policykg.api").joinpath("static/graph/palette.json").read_text("utf-8")
    )
    G = graph.networkx
    types = {a["type"] for _, a in G.nodes(data=True) if a.get("type")}
    relations = {e["relation"].split(":")[-1] for *_, e in G.edges(data=True) if e.get("relation")}
    assert types - palette["types"].keys() == set()
    assert relations - palette["relations"].keys() == set()
    assert set(graph.findings.counts()["kind"]) - KIND_KO.keys() == set()
    # a path's steps: the graph page and the pages built in Python name them alike
    assert {k: palette["relations"][k] for k in DEPENDENCY_KO} == DEPENDENCY_KO
    cut = graph.impact("program/motie/3231", cut=0.3, year=2024).rows()
    agenda = next(r for r in cut if r["code"] == "24-1")
    assert agenda["path_text"] == "3231 —funds→ I-2-1 —supports→ 24-1"
    assert agenda["path_text_ko"] == "3231 —재원 지원→ I-2-1 —국정과제 연계→ 24-1"


def test_a_share_counting_once_leaves_out_is_named_with_its_amount(client, graph):
    """Program 3231 in 2024: I-4-2's table prints 160억원 for it, and its sub-project 302 with no
    amount ("內 -", plan lines 8256-8257), which the figure counted once leaves out as part of
    what I-2-1 prints for 302; the page says so, and the gross less that figure is that share."""
    summary = graph.ask("program-uses", program="3231", year="2024").summary
    program = summary["programs"][0]
    assert program["not_added"] == ["I-4-2"] and program["by_task"]["I-4-2"] == 160 * 10**8
    assert summary["gross_total_krw"] - summary["dedup_total_krw"] == 160 * 10**8
    page = client.get("/answers/program-uses", params={"program": "3231", "year": "2024"}).text
    assert "I-4-2(160억원)의 표는 3231의 금액을 세부사업별 금액 없이 적어" in page
