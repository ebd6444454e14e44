"""The questions that answer with lists as pages: cooperation, agenda coverage, mentions, laws."""

from __future__ import annotations

from collections import Counter, defaultdict

from policykg.analysis.labels import key
from policykg.analysis.money import english_amount, eok, korean_amount
from policykg.analysis.summaries import of_entity
from policykg.model import iri
from policykg.model.errors import NotFoundError
from policykg.model.text import with_particle

from .common import (
    Touches,
    agenda_node,
    answer_href,
    base_view,
    graph_href,
    label,
    line_source,
    named,
    percent,
    spans,
)
from .view import AnswerView, Bar, Cell, Chart, Column, Figure, ParamValue, Segment, Source, Table

KIND_KO = {
    "cooperation-item": "협업과제",
    "cooperation-task": "협업과제의 관련 관리과제",
    "task-mention": "모든 기관을 언급하는 관리과제",
}
READING_KO = {"planned": "예정", "stated": "기술"}


def _n(count: int, word: str) -> str:
    """``1 task``, ``2 tasks``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def _count_chart(
    chart_id: str, ko: str, en: str, counts: Counter, unit_ko: str, *, by_key: bool = False
) -> Chart:
    """Bars of counts, most first (or in the order of the keys)."""
    order = sorted(counts.items()) if by_key else counts.most_common()
    return Chart(
        chart_id,
        "bars",
        ko,
        en,
        unit_ko,
        [Bar(k, (Segment(k, n),), f"{n}{unit_ko}") for k, n in order],
    )


def _lines_of(text: object) -> list[int]:
    return sorted({int(x) for x in str(text or "").replace(",", " ").split() if x.isdigit()})


def tasks_by_cooperation(reader, given: dict[str, str]) -> AnswerView:
    store = reader.store
    answer = reader.ask("tasks-by-cooperation", **given)
    s = answer.summary
    agencies = []
    params = {}
    for param in ("a1", "a2", "a3"):
        raw = (given.get(param) or "").strip()
        if not raw or raw.lower() == "none":
            continue
        code, name = label(store, iri.agency(raw.upper()).value)
        if not code and not name:
            raise NotFoundError(f"no agency {raw!r}; 기관 {raw}가 없습니다")
        agencies.append(f"{name}({raw.upper()})")
        params[param] = ParamValue(param, raw.upper(), name)
    successors = str(given.get("successors") or "no").lower() in ("yes", "true", "1")
    params["successors"] = ParamValue(
        "successors", "yes" if successors else "no", "개편 전후 기관 포함" if successors else ""
    )
    view = base_view("tasks-by-cooperation", params)
    touches = Touches(reader.findings)
    lines = reader.lines
    rows = []
    for r in answer.rows:
        entity = r.get("item") if r["kind"] == "cooperation-item" else r.get("task")
        docs = [x.document for x in spans(store, str(entity))] if entity else []
        doc = docs[0] if docs else ""
        sources = [line_source(lines, doc, n) for n in _lines_of(r.get("lines"))] if doc else []
        evidence = Cell(
            ", ".join(str(n) for n in _lines_of(r.get("lines"))), r.get("line"), sources=sources
        )
        touches.mark(evidence, sources, [str(x) for x in (r.get("item"), r.get("task")) if x])
        # named as the summary names them: the code, with the plan where it names several
        code = str(r.get("task_code") or "")
        task = s["task_labels"].get(key(r, "task_code", "task"), code) if code else ""
        item = str(r.get("code") or "")
        item = s["item_labels"].get(key(r, "code", "item"), item) if item else ""
        rows.append(
            {
                "kind": Cell(KIND_KO.get(r["kind"], r["kind"]), r["kind"]),
                "item": Cell(
                    named(item, str(r.get("title") or "")),
                    item,
                    graph_href(str(r["item"])) if r.get("item") else None,
                ),
                "task": Cell(
                    named(task, str(r.get("task_title") or "")),
                    task,
                    answer_href("task-budget", task=code) if code else None,
                ),
                "parties": Cell(str(r.get("parties") or "")),
                "lines": evidence,
            }
        )
    columns = [
        Column("kind", "구분", "kind", short=True),
        Column("item", "협업과제", "cooperation item"),
        Column("task", "관리과제", "management task"),
        Column("parties", "참여 기관", "parties"),
        Column("lines", "근거 줄", "evidence lines", numeric=True),
    ]
    view.tables = [
        Table("rows", "찾은 항목과 근거", "what was found, with evidence", columns, rows)
    ]
    who = "·".join(agencies)
    tasks = s["tasks"]
    view.figures = [
        Figure(
            "cooperation_items",
            "협업과제",
            "cooperation items",
            len(s["cooperation_items"]),
            f"{len(s['cooperation_items'])}개",
        ),
        Figure(
            "related_tasks",
            "협업과제의 관련 관리과제",
            "tasks related to them",
            len(s["related_tasks"]),
            f"{len(s['related_tasks'])}개",
        ),
        Figure(
            "tasks_naming_all",
            "모든 기관을 언급하는 관리과제",
            "tasks naming every agency",
            len(s["tasks_naming_all"]),
            f"{len(s['tasks_naming_all'])}개",
        ),
        Figure("tasks", "관리과제 합계", "tasks in all", len(tasks), f"{len(tasks)}개"),
    ]
    across = " (조직 개편 전후 기관 포함)" if successors else ""
    titles = dict.fromkeys(
        named(s["item_labels"][key(r, "code", "item")], str(r.get("title") or ""))
        for r in answer.rows
        if r["kind"] == "cooperation-item"
    )
    view.sentences_ko = [
        f"{who}가 함께하는 협업과제는 {len(s['cooperation_items'])}개"
        + (f"({', '.join(titles)})" if titles else "")
        + f", 그 관련 관리과제는 {len(s['related_tasks'])}개이고, 계획이 모든 기관을 언급하는 "
        f"관리과제는 {len(s['tasks_naming_all'])}개로, 관리과제는 모두 {len(tasks)}개입니다"
        f"{across}."
    ]
    asked = ", ".join(p.value for k, p in params.items() if k != "successors")
    view.sentences_en = [
        f"Cooperation items involving every one of {asked}: "
        f"{len(s['cooperation_items'])}, with {_n(len(s['related_tasks']), 'related task')}; "
        f"tasks naming them all: {len(s['tasks_naming_all'])}; "
        f"{_n(len(tasks), 'management task')} in all."
    ]
    if tasks:
        found = {
            s["task_labels"][key(r, "task_code", "task")]: (str(r["task"]), str(r["task_code"]))
            for r in answer.rows
            if r.get("task_code")
        }
        view.charts = [_task_budget_chart(reader, {t: found[t] for t in tasks})]
    view.findings = touches.rows()
    return view


def _task_budget_chart(reader, tasks: dict[str, tuple[str, str]]) -> Chart:
    """The tasks found (each label's IRI and code), by their share of the tasks' budget in the
    latest year any prints: each task's own ``task-budget`` summary (the question is asked once
    per code; in a store of many plans a code names several plans' tasks)."""
    totals: dict[str, dict[int, int]] = {}
    by_code: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for shown, (node, code) in tasks.items():
        by_code[code].append((shown, node))
    for code, found in by_code.items():
        rows = reader.ask("task-budget", task=code).rows
        for shown, node in found:
            years = of_entity("task-budget", rows, {"task": code}, "task_iri", node)["years"]
            totals[shown] = {y: v["dedup_total_krw"] for y, v in years.items()}
    latest = max((y for v in totals.values() for y in v), default=None)
    amounts = {t: v.get(latest, 0) if latest else 0 for t, v in totals.items()}
    whole = sum(amounts.values())
    bars = [
        Bar(
            t,
            (Segment(t, amounts[t] / 1e8),),
            f"{eok(amounts[t])} ({percent(amounts[t] / whole)})"
            if amounts[t]
            else "예산 기재 없음",
            href=answer_href("task-budget", task=tasks[t][1]),
        )
        for t in sorted(tasks, key=lambda t: -amounts[t])
    ]
    return Chart(
        "tasks",
        "bars",
        f"찾은 관리과제의 {latest}년 예산과 그 몫" if latest else "찾은 관리과제의 예산",
        f"the tasks found by their share of the {latest} budget" if latest else "the tasks found",
        "억원",
        bars,
        [],
        f"각 과제 예산표의 {latest}년 합계(사업마다 한 번 셈)와 찾은 과제 전체 "
        f"{korean_amount(whole)} 가운데의 몫입니다.",
        f"Each task's {latest} total (each program once) and its share of the "
        f"{english_amount(whole)} of all tasks found.",
    )


def agenda_coverage(reader, given: dict[str, str]) -> AnswerView:
    store = reader.store
    answer = reader.ask("agenda-coverage", **given)
    code = str(given.get("task") or "").strip().lstrip("0") or str(given.get("task"))
    scheme = int(str(given.get("scheme") or 2025))
    node, title = agenda_node(store, scheme, code)
    view = base_view(
        "agenda-coverage",
        {
            "task": ParamValue("task", code, title),
            "scheme": ParamValue("scheme", str(scheme), f"{scheme}년 국정과제 목록"),
        },
    )
    view.links = [
        ("이 국정과제의 예산", answer_href("budgets-for-agenda", agenda=code, scheme=scheme)),
        ("그래프에서 보기", graph_href(node)),
    ]
    touches = Touches(reader.findings)
    lines = reader.lines
    rows = []
    for r in answer.rows:
        doc = str(r["document"])
        item_spans = spans(store, str(r["item"]), doc)
        links = [line_source(lines, doc, n) for n in _lines_of(r.get("link_lines"))]
        where = Cell(
            f"{r.get('start_line')}–{r.get('end_line')}",
            r.get("start_line"),
            sources=item_spans or links,
        )
        touches.mark(where, links, [str(r["item"])])
        rows.append(
            {
                "document": Cell(doc),
                "item": Cell(
                    named(str(r.get("code") or ""), str(r.get("item_title") or "")),
                    r.get("code"),
                    graph_href(str(r["item"])),
                ),
                "lines": where,
                "link": Cell(str(r.get("link_lines") or ""), sources=links),
            }
        )
    columns = [
        Column("document", "문서", "document"),
        Column("item", "항목", "item"),
        Column("lines", "항목의 줄", "the item's lines", numeric=True),
        Column("link", "연결이 적힌 줄", "line of the link"),
    ]
    view.tables = [Table("rows", "연결된 항목", "linked items", columns, rows)]
    docs = Counter(str(r["document"]) for r in answer.rows)
    view.figures = [
        Figure("items", "연결된 항목", "linked items", len(rows), f"{len(rows)}개"),
        Figure("documents", "문서", "documents", len(docs), f"{len(docs)}개"),
    ]
    item = f"{code}({title})" if title else code
    view.sentences_ko = [
        f"{scheme}년 국정과제 목록의 {item}에는 문서 {len(docs)}개의 항목 "
        f"{len(rows)}개가 연결되어 있습니다."
        + (f" ({', '.join(f'{d} {n}개' for d, n in docs.items())})" if docs else "")
    ]
    view.sentences_en = [
        f"{len(rows)} items of {len(docs)} documents serve item {code} of the {scheme} agenda list."
    ]
    if docs:
        view.charts = [
            _count_chart(
                "documents", "문서별 연결된 항목 수", "linked items per document", docs, "개"
            )
        ]
    view.findings = touches.rows()
    return view


def documents_mentioning(reader, given: dict[str, str]) -> AnswerView:
    answer = reader.ask("documents-mentioning", **given)
    entity = str(given.get("entity") or "")
    shown = str(answer.rows[0]["entity_label"]) if answer.rows else ""
    view = base_view("documents-mentioning", {"entity": ParamValue("entity", entity, shown)})
    touches = Touches(reader.findings)
    lines = reader.lines
    rows = []
    for r in answer.rows:
        doc, line = str(r["document"]), int(r["line"])
        source = line_source(lines, doc, line)
        cell = touches.mark(Cell(str(line), line, sources=[source]), [source])
        rows.append(
            {
                "entity": Cell(
                    str(r.get("entity_label") or ""), href=graph_href(str(r["entity_iri"]))
                ),
                "document": Cell(doc),
                "item": Cell(str(r.get("item_title") or ""), href=graph_href(str(r["item"]))),
                "line": cell,
            }
        )
    columns = [
        Column("entity", "대상", "entity"),
        Column("document", "문서", "document"),
        Column("item", "항목", "item"),
        Column("line", "줄", "line", numeric=True),
    ]
    view.tables = [Table("rows", "언급", "mentions", columns, rows)]
    docs = Counter(str(r["document"]) for r in answer.rows)
    view.figures = [
        Figure("mentions", "언급", "mentions", len(rows), f"{len(rows)}건"),
        Figure("documents", "문서", "documents", len(docs), f"{len(docs)}개"),
    ]
    if not rows:
        view.notice_ko = f"'{entity}'라는 이름의 대상을 언급한 곳이 없습니다."
        view.notice_en = f"Nothing named {entity!r} is mentioned."
    view.sentences_ko = [
        view.notice_ko
        or f"{with_particle(shown or entity, '은', '는')} 문서 {len(docs)}개에서 {len(rows)}번 "
        "언급됩니다."
    ]
    view.sentences_en = [
        view.notice_en or f"{entity} is mentioned {len(rows)} times in {len(docs)} documents."
    ]
    if docs:
        view.charts = [
            _count_chart("documents", "문서별 언급 수", "mentions per document", docs, "건")
        ]
    touches.about(dict.fromkeys(str(r["entity_iri"]) for r in answer.rows))
    view.findings = touches.rows()
    return view


def law_timeline(reader, given: dict[str, str]) -> AnswerView:
    answer = reader.ask("law-timeline", **given)
    law = str(given.get("law") or "")
    shown = str(answer.rows[0]["law_label"]) if answer.rows else ""
    view = base_view("law-timeline", {"law": ParamValue("law", law, shown)})
    touches = Touches(reader.findings)
    rows = []
    for r in answer.rows:
        doc, line = str(r["document"]), int(r["line"])
        source = Source(doc, line, line, str(r.get("quote") or ""))
        source_cell = Cell(str(line), line, sources=[source])
        date = touches.mark(Cell(str(r["date"]), str(r["date"]), sources=[source]), [source])
        rows.append(
            {
                "date": date,
                "action": Cell(str(r.get("action") or "")),
                "printed": Cell(str(r.get("printed") or "")),
                "reading": Cell(
                    READING_KO.get(str(r.get("reading") or ""), str(r.get("reading") or ""))
                ),
                "document": Cell(doc),
                "line": source_cell,
                "conflicting": Cell(str(r.get("conflicting_dates") or "")),
            }
        )
    columns = [
        Column("date", "날짜", "date", short=True),
        Column("action", "행위", "action", short=True),
        Column("printed", "표기", "as printed"),
        Column("reading", "읽기", "reading", short=True),
        Column("document", "문서", "document"),
        Column("line", "줄", "line", numeric=True),
        Column("conflicting", "서로 다른 날짜", "conflicting dates"),
    ]
    view.tables = [Table("rows", "날짜별 기술", "dated statements", columns, rows)]
    conflicts = sum(1 for r in answer.rows if r.get("conflicting_dates"))
    docs = {str(r["document"]) for r in answer.rows}
    view.figures = [
        Figure("events", "날짜 있는 기술", "dated statements", len(rows), f"{len(rows)}건"),
        Figure("documents", "문서", "documents", len(docs), f"{len(docs)}개"),
        Figure(
            "conflicting",
            "다른 날짜와 맞지 않는 기술",
            "statements with conflicting dates",
            conflicts,
            f"{conflicts}건",
        ),
    ]
    if not rows:
        view.notice_ko = f"'{law}'라는 이름의 법률에 대한 날짜 있는 기술이 없습니다."
        view.notice_en = f"No dated statement about a law named {law!r}."
        view.sentences_ko, view.sentences_en = [view.notice_ko], [view.notice_en]
        return view
    first, last = answer.rows[0], answer.rows[-1]
    view.sentences_ko = [
        f"{shown}에 대해 문서 {len(docs)}개가 날짜 있는 일 {len(rows)}건을 적고 있습니다: "
        f"{first['date']} {first['action']}부터 {last['date']} {last['action']}까지."
        + (f" 그중 {conflicts}건은 같은 일에 대해 다른 날짜가 적혀 있습니다." if conflicts else "")
    ]
    view.sentences_en = [
        f"{len(docs)} documents state {len(rows)} dated events about {shown}, from "
        f"{first['date']} to {last['date']}"
        + (f"; {conflicts} conflict with another stated date." if conflicts else ".")
    ]
    years = Counter(str(r["date"])[:4] for r in answer.rows)
    view.charts = [
        _count_chart("years", "연도별 기술 수", "statements per year", years, "건", by_key=True)
    ]
    touches.about(dict.fromkeys(str(r["law_iri"]) for r in answer.rows))
    view.findings = touches.rows()
    return view
