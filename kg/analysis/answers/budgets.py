"""The budget questions as pages: ``budgets-for-agenda``, ``task-budget``, ``program-uses``.

Headline totals are the question's summary (:func:`policykg.analysis.budget_totals.budget_totals`,
the code ``/api/questions/…`` answers with); charts and tables show its parts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from policykg.analysis.labels import key
from policykg.analysis.money import english_amount, eok, korean_amount
from policykg.model.errors import NotFoundError

from .common import (
    Touches,
    agenda_node,
    answer_href,
    base_view,
    by_code,
    eok_cell,
    funding_key,
    fundings,
    graph_href,
    named,
)
from .programs import change_chart, not_added_sentences, program_table, stack_chart
from .view import AnswerView, Bar, Cell, Chart, Column, Figure, ParamValue, Segment, Table

LEVEL_KO = {"program": "단위사업", "sub-project": "세부사업", "item": "내역"}
_SCHEMES_WITH_FUNDINGS = """
SELECT DISTINCT ?list WHERE { ?t pk:supportsAgenda/skos:inScheme ?list ; pk:hasFunding ?f }"""
_FUNDING_YEARS = "SELECT DISTINCT ?year WHERE { ?f a pk:Funding ; pk:fiscalYear ?year }"


def fiscal_years(store) -> list[int]:
    """The fiscal years some budget table gives amounts for."""
    return sorted(int(r["year"].value) for r in store.select(_FUNDING_YEARS))


def _program_labels(summary) -> dict[str | None, str]:
    """Each program of a summary's label (its code, or its code and ministry), by its IRI."""
    return {p["program_iri"]: p["label"] for p in summary["programs"]}


def _row_cells(rows, summary, touches: Touches, found) -> list[dict[str, Cell]]:
    """The rows of a budget answer as table rows, each amount with its source and findings; a
    task or program named as the summary names it (its code, with its plan or ministry where the
    code names several)."""
    task_label, program_label = summary["task_labels"], _program_labels(summary)
    out = []
    for r in rows:
        code = str(r["task"])
        task = task_label[key(r, "task", "task_iri")]
        task_cell = Cell(
            named(task, str(r.get("task_title") or "")), task, answer_href("task-budget", task=code)
        )
        if r.get("amount_krw") is None:
            missing = "해당없음" if r.get("no_budget") else "금액 기재 없음"
            out.append(
                {
                    "task": task_cell,
                    "program": Cell("—"),
                    "part": Cell(""),
                    "level": Cell(""),
                    "account": Cell(""),
                    "amount": Cell(missing),
                    "printed": Cell(""),
                }
            )
            continue
        found_here = found.get(funding_key(r), [])
        sources = [f.source for f in found_here]
        nodes = {n for f in found_here for n in f.nodes[1:]}
        amount = touches.mark(eok_cell(int(r["amount_krw"]), sources), sources, nodes)
        level = str(r.get("level") or "program")
        part = named(str(r.get("sub_project_code") or ""), str(r.get("sub_project") or ""))
        if level == "item":
            part = f"{part} · {r.get('item') or ''}"
        # budgets-for-agenda and task-budget: program_code, program; program-uses: program, name
        program = str(r.get("program_code") or r.get("program") or "")
        name = str(r["program_name"] if "program_name" in r else r.get("program") or "")
        shown = program_label.get(str(r["program_iri"]), program)
        year = r.get("year")
        out.append(
            {
                "task": task_cell,
                "program": Cell(
                    named(shown, name),
                    shown,
                    answer_href("program-uses", program=program, year=year),
                ),
                "part": Cell(part if level != "program" else ""),
                "level": Cell(LEVEL_KO.get(level, level), level),
                "account": Cell(str(r.get("account") or "")),
                "amount": amount,
                "printed": Cell(str(r.get("amount_text") or "")),
            }
        )
    return out


ROW_COLUMNS = [
    Column("task", "관리과제", "task"),
    Column("program", "단위사업", "program"),
    Column("part", "세부사업·내역", "sub-project or item"),
    Column("level", "수준", "level", short=True),
    Column("account", "회계", "account", short=True),
    Column("amount", "금액 (억원)", "amount, 100 million won", numeric=True),
    Column("printed", "표기", "as printed"),
]


def _other_year(reader, name: str, params: dict[str, Any], year: int, years: list[int]):
    """The same question for the fiscal year before (or, failing that, after) ``year``."""
    for other in (year - 1, year + 1):
        if other in years:
            answer = reader.ask(name, **{**params, "year": other})
            if answer.summary.get("tasks_with_amounts"):
                return other, answer
    return None, None


def budgets_for_agenda(reader, given: dict[str, str]) -> AnswerView:
    store = reader.store
    answer = reader.ask("budgets-for-agenda", **given)
    s = answer.summary
    agenda, scheme, year = str(s["agenda"]), int(s["scheme"]), int(s["year"])
    node, title = agenda_node(store, scheme, agenda)
    params = {
        "agenda": ParamValue("agenda", agenda, title),
        "scheme": ParamValue("scheme", str(scheme), f"{scheme}년 국정과제 목록"),
        "year": ParamValue("year", str(year), f"{year}년 예산"),
    }
    view = base_view("budgets-for-agenda", params)
    view.links = [
        (
            "이 국정과제를 다루는 문서와 항목",
            answer_href("agenda-coverage", task=agenda, scheme=scheme),
        ),
        ("그래프에서 보기", graph_href(node)),
    ]
    touches = Touches(reader.findings)
    tasks = list(dict.fromkeys(s["task_labels"].values()))
    funded = [t for t in tasks if t not in s["tasks_without_amounts"]]
    budget_rows = [r for r in answer.rows if r.get("amount_krw") is not None]
    found_amounts = fundings(store, reader.lines, (str(r["task_iri"]) for r in budget_rows))
    rows = _row_cells(answer.rows, s, touches, found_amounts)
    touches.about(s["task_labels"].keys(), kind="budget-")
    sources_by_program: dict[str, list] = defaultdict(list)
    for r in budget_rows:
        for f in found_amounts.get(funding_key(r), []):
            sources_by_program[str(r["program_iri"])].append(f.source)
    item = f"{agenda}({title})" if title else agenda
    if not tasks:
        view.notice_ko = f"{scheme}년 국정과제 목록의 {item}에 연결된 관리과제나 항목이 없습니다."
        view.notice_en = f"Nothing is linked to item {agenda} of the {scheme} agenda list."
        view.sentences_ko, view.sentences_en = [view.notice_ko], [view.notice_en]
        return view
    if not s["tasks_with_amounts"]:
        lists = [r["list"].value.rsplit("/", 1)[-1] for r in store.select(_SCHEMES_WITH_FUNDINGS)]
        where_ko = (
            f" 예산표는 {', '.join(lists)}년 국정과제 목록에 연결된 문서에만 있습니다."
            if lists and str(scheme) not in lists
            else ""
        )
        where_en = (
            f" Budget tables are linked only to the {', '.join(lists)} agenda list."
            if lists and str(scheme) not in lists
            else ""
        )
        view.notice_ko = (
            f"{scheme}년 국정과제 목록의 {item}에 연결된 항목 {len(tasks)}개"
            f"({', '.join(tasks)}) 어디에도 {year}년 예산 금액이 적혀 있지 않습니다. "
            f"0원이 아니라 문서가 금액을 밝히지 않은 것입니다.{where_ko}"
        )
        view.notice_en = (
            f"None of the {len(tasks)} items linked to item {agenda} of the {scheme} "
            f"agenda list ({', '.join(tasks)}) states a {year} budget: not zero, "
            f"but no figure stated.{where_en}"
        )
        view.sentences_ko, view.sentences_en = [view.notice_ko], [view.notice_en]
        view.figures = [
            Figure("tasks", "연결된 항목", "linked items", len(tasks), f"{len(tasks)}개"),
            Figure("amounts", "예산 금액", "budget figures", None, "기재 없음", "stated nowhere"),
        ]
        view.tables = [Table("rows", "연결된 항목", "linked items", ROW_COLUMNS, rows)]
        view.findings = touches.rows()
        return view
    once, gross = s["dedup_total_krw"], s["gross_total_krw"]
    programs = s["programs"]
    shared = s["shared_programs"]
    view.figures = [
        Figure.amount("dedup_total", "사업마다 한 번 센 합계", "each program counted once", once),
        Figure.amount(
            "gross_total",
            "과제별 표를 그대로 더한 총액",
            "gross, as each task's table prints",
            gross,
        ),
        Figure(
            "tasks",
            "관리과제 (금액 있음)",
            "tasks (with amounts)",
            s["tasks"],
            f"{s['tasks']}개 ({s['tasks_with_amounts']}개)",
        ),
        Figure("programs", "단위사업", "programs", len(programs), f"{len(programs)}개"),
        Figure("shared_programs", "공유 사업", "shared programs", len(shared), f"{len(shared)}개"),
    ]
    overlap = [p for p in programs if p["gross_krw"] != p["counted_once_krw"]]
    outside = [p for p in programs if p["shared_with_outside"]]
    view.sentences_ko = [
        f"{scheme}년 국정과제 목록의 {item}을 지원하는 관리과제 {s['tasks']}개 가운데 "
        f"{s['tasks_with_amounts']}개에 {year}년 예산이 적혀 있습니다.",
        (
            f"단위사업 {len(programs)}개를 사업마다 한 번씩 세면 {korean_amount(once)}"
            f"({eok(once)}), 과제별 표를 그대로 더하면 {korean_amount(gross)}({eok(gross)})입니다. "
            f"차이 {eok(gross - once)}은 이 국정과제의 과제 여럿이 함께 쓰는 사업 "
            f"{len(overlap)}개를 두 번 이상 센 몫입니다."
            if overlap
            else f"단위사업 {len(programs)}개의 금액은 {korean_amount(once)}({eok(once)})입니다. "
            "이 국정과제의 과제끼리 겹치는 몫이 없어 사업마다 한 번 세어도 과제별 합과 같습니다."
        ),
    ]
    if outside:
        view.sentences_ko.append(
            f"공유 사업 {len(shared)}개 가운데 {len(outside)}개는 이 국정과제 밖의 과제도 씁니다."
        )
    view.sentences_en = [
        f"{s['tasks_with_amounts']} of the {s['tasks']} management tasks serving item {agenda} "
        f"of the {scheme} agenda list state a {year} budget.",
        f"Counting each of the {len(programs)} programs once they total {english_amount(once)} "
        f"({eok(once)}); adding every task's table as printed gives {english_amount(gross)} "
        f"({eok(gross)}); {len(shared)} programs are shared, {len(overlap)} of them counted "
        "more than once by this item's tasks.",
    ]
    view.charts = [
        stack_chart(
            s,
            funded,
            "programs",
            f"{year}년 단위사업별 금액 (과제별로 쌓음)",
            f"{year} amounts by program, stacked by task",
            year,
        )
    ]
    other, other_answer = _other_year(
        reader, "budgets-for-agenda", given, year, fiscal_years(store)
    )
    if other_answer is not None:
        y0, y1 = sorted((year, other))
        before, after = (other_answer.summary, s) if other < year else (s, other_answer.summary)
        view.charts.append(change_chart(before, after, y0, y1, year))
    view.tables = [
        program_table(s, sources_by_program, touches, year),
        Table("rows", "예산표의 줄", "rows of the budget tables", ROW_COLUMNS, rows),
    ]
    view.findings = touches.rows()
    return view


def task_budget(reader, given: dict[str, str]) -> AnswerView:
    store = reader.store
    answer = reader.ask("task-budget", **given)
    task = str(answer.summary["task"])
    found = by_code(store, "ManagementTask", task)
    if found is None:
        raise NotFoundError(f"no management task {task}; 관리과제 {task}가 없습니다")
    node, title = found
    years = answer.summary["years"]
    # one code, several plans' tasks (a store of many plans): named by their plans below
    several = sorted({t for v in years.values() for t in v["task_labels"].values()})
    if len(several) > 1:
        title = f"계획 {len(several)}개의 과제"
    view = base_view("task-budget", {"task": ParamValue("task", task, title)})
    view.links = [("그래프에서 보기", graph_href(node))]
    touches = Touches(reader.findings)
    if not years:
        view.notice_ko = f"관리과제 {task}의 예산표에는 금액이 없습니다 (해당없음이거나 표가 없음)."
        view.notice_en = f"Task {task}'s budget table states no amount (해당없음, or no table)."
        view.sentences_ko, view.sentences_en = [view.notice_ko], [view.notice_en]
        return view
    found_amounts = fundings(store, reader.lines, (str(r["task_iri"]) for r in answer.rows))
    touches.about(dict.fromkeys(str(r["task_iri"]) for r in answer.rows), kind="budget-")
    rows_by_year = []
    for r in answer.rows:
        year = int(str(r["year"]))
        cells = _row_cells([r], years[year], touches, found_amounts)[0]
        cells["year"] = Cell(str(year), year)
        rows_by_year.append(cells)
    for y, totals in years.items():
        view.figures.append(
            Figure.amount(
                f"total_{y}",
                f"{y}년 합계 (사업마다 한 번)",
                f"{y} total, each program once",
                totals["dedup_total_krw"],
            )
        )
    latest = max(years)
    t = years[latest]
    view.figures.append(
        Figure(
            "programs",
            f"{latest}년 단위사업",
            f"programs in {latest}",
            len(t["programs"]),
            f"{len(t['programs'])}개",
        )
    )
    view.sentences_ko = [
        f"관리과제 {task}({title})의 예산표는 "
        + ", ".join(
            f"{y}년 {korean_amount(v['dedup_total_krw'])}({eok(v['dedup_total_krw'])})"
            for y, v in years.items()
        )
        + "입니다 (단위사업마다 한 번 셈; 세부사업·내역 줄은 단위사업 금액을 나눈 것이라 "
        "더하지 않음).",
    ]
    view.sentences_en = [
        f"Task {task}'s budget table gives "
        + ", ".join(
            f"{english_amount(v['dedup_total_krw'])} in {y} ({eok(v['dedup_total_krw'])})"
            for y, v in years.items()
        )
        + " (each program once; sub-project and item rows break a program's row down and are "
        "not added to it).",
    ]
    if len(several) > 1:
        view.sentences_ko.append(
            f"코드 {task}는 관리과제 {len(several)}개를 가리키며, 합계는 그 모두의 것입니다: "
            f"{', '.join(several)}."
        )
        view.sentences_en.append(
            f"The code {task} names {len(several)} management tasks, and the totals are "
            f"theirs together: {', '.join(several)}."
        )
    for y, v in years.items():
        view.charts.append(
            stack_chart(
                v,
                several,  # the same series (and colours) every year
                f"programs_{y}",
                f"{y}년 단위사업별 금액",
                f"{y} amounts by program",
                y,
            )
        )
    if len(years) > 1:
        y0, y1 = sorted(years)[-2:]
        view.charts.append(change_chart(years[y0], years[y1], y0, y1, y1))
    columns = [Column("year", "연도", "year", short=True), *ROW_COLUMNS]
    view.tables = [Table("rows", "예산표의 줄", "rows of the budget table", columns, rows_by_year)]
    view.findings = touches.rows()
    return view


def program_uses(reader, given: dict[str, str]) -> AnswerView:
    store = reader.store
    answer = reader.ask("program-uses", **given)
    s = answer.summary
    code, year = str(s["program"]), int(s["year"])
    found = by_code(store, "Program", code)
    if found is None:
        raise NotFoundError(f"no program {code}; 단위사업 {code}가 없습니다")
    node, name = found
    if len(s["programs"]) > 1:  # one code, several ministries' programs (a store of many plans)
        name = f"부처 {len(s['programs'])}곳의 사업"
    view = base_view(
        "program-uses",
        {
            "program": ParamValue("program", code, name),
            "year": ParamValue("year", str(year), f"{year}년 예산"),
        },
    )
    view.links = [
        (
            f"{code} 사업을 30% 줄이면",
            answer_href("budget-cut", program=code, cut="0.3", year=year),
        ),
        ("그래프에서 보기", graph_href(node)),
    ]
    touches = Touches(reader.findings)
    tasks = list(dict.fromkeys(s["task_labels"].values()))
    found_amounts = fundings(store, reader.lines, (str(r["task_iri"]) for r in answer.rows))
    rows = _row_cells(answer.rows, s, touches, found_amounts)
    touches.about(s["task_labels"].keys(), kind="budget-")
    for r, cells in zip(answer.rows, rows, strict=True):
        cells["agenda"] = Cell(str(r.get("agenda_items") or ""))
    columns = [
        *ROW_COLUMNS[:4],
        ROW_COLUMNS[5],
        ROW_COLUMNS[6],
        Column("agenda", "국정과제", "agenda items"),
    ]
    view.tables = [Table("rows", "예산표의 줄", "rows of the budget tables", columns, rows)]
    if not answer.rows:
        view.notice_ko = f"{year}년에 단위사업 {code}({name})를 예산표에 적은 관리과제가 없습니다."
        view.notice_en = f"No task's budget table lists program {code} in {year}."
        view.sentences_ko, view.sentences_en = [view.notice_ko], [view.notice_en]
        return view
    once, gross = s["dedup_total_krw"], s["gross_total_krw"]
    view.figures = [
        Figure.amount("dedup_total", "사업 금액 (한 번 셈)", "counted once", once),
        Figure.amount("gross_total", "과제별 표를 그대로 더한 총액", "gross", gross),
        Figure("tasks", "관리과제", "tasks", s["tasks"], f"{s['tasks']}개"),
    ]
    view.sentences_ko = [
        f"단위사업 {code}({name})는 {year}년에 관리과제 {s['tasks']}개의 예산표에 나옵니다: "
        f"{', '.join(tasks)}.",
        f"과제별 금액을 그대로 더하면 {korean_amount(gross)}({eok(gross)}), "
        f"같은 돈을 한 번만 세면 {korean_amount(once)}({eok(once)})입니다.",
    ]
    view.sentences_en = [
        f"Program {code} appears in the {year} budget tables of {s['tasks']} management tasks: "
        f"{', '.join(tasks)}.",
        f"Their amounts add up to {english_amount(gross)} ({eok(gross)}); counting each won "
        f"once, {english_amount(once)} ({eok(once)}).",
    ]
    programs = s["programs"]
    for ko, en in not_added_sentences(programs):
        view.sentences_ko.append(ko)
        view.sentences_en.append(en)
    if len(programs) > 1:
        shown = ", ".join(p["label"] for p in programs)
        view.sentences_ko.append(
            f"코드 {code}는 단위사업 {len(programs)}개를 가리키며, 금액은 그 모두의 것입니다: "
            f"{shown}."
        )
        view.sentences_en.append(
            f"The code {code} names {len(programs)} programs, and the amounts are theirs "
            f"together: {shown}."
        )
    # each task's amount of each program: a bar named by the task ("I-1-1", "I-1-1 (me-2024)"),
    # and by the program too where one task uses two programs of the code
    uses = Counter(t for p in programs for t in p["by_task"])
    by_task = {
        (t if uses[t] == 1 else f"{t} · {p['label']}"): (amount, t)
        for p in programs
        for t, amount in p["by_task"].items()
    }
    codes = {s["task_labels"][key(r, "task", "task_iri")]: str(r["task"]) for r in answer.rows}
    view.charts = [
        Chart(
            "tasks",
            "bars",
            f"{year}년 관리과제별 금액",
            f"{year} amount by task",
            "억원",
            [
                Bar(
                    bar,
                    (Segment(t, amount / 1e8),),
                    f"{eok(amount)} ({amount / gross * 100:.1f}%)",
                    href=answer_href("task-budget", task=codes.get(t, t)),
                )
                for bar, (amount, t) in sorted(by_task.items(), key=lambda b: -b[1][0])
            ],
            [],
            "막대는 각 과제의 표가 이 사업에 적은 금액과 과제별 합에서 차지하는 몫입니다.",
            "Each bar is what a task's table prints for this program and its share of the gross.",
        )
    ]
    view.findings = touches.rows()
    return view
