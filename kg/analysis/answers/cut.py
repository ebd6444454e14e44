"""The budget cut as a page: ``/answers/budget-cut?program=3231&cut=0.3&year=2024``.

The figures are :func:`policykg.analysis.impact.budget_cut`'s (what ``/api/impact/budget-cut``
answers); each row's sources are the printed amounts of the cut program its tasks draw on.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from policykg.analysis.money import english_amount, eok, korean_amount
from policykg.analysis.questions import Param
from policykg.model.errors import QueryError

from .common import (
    Touches,
    answer_href,
    base_view,
    eok_cell,
    fundings,
    graph_href,
    impact_href,
    label,
    named,
    percent,
    type_ko,
)
from .view import AnswerView, Bar, Cell, Chart, Column, Figure, ParamValue, Segment, Table

TITLE_KO = "단위사업 예산을 줄이면 영향받는 곳"
TITLE_EN = "What a cut of a program's budget affects"
DESCRIPTION_KO = (
    "단위사업(또는 세부사업) 하나의 한 회계연도 예산을 일정 비율 줄일 때, 그 사업의 재원을 쓰는 "
    "관리과제와 그 위의 성과목표·국정과제·성과지표·협업과제가 각자 확인된 재원의 몇 %를 잃는지 "
    "보여 줍니다. 여러 과제가 함께 쓰는 사업은 한 번만 셉니다."
)
DESCRIPTION_EN = (
    "Cut one program (or sub-project) by a fraction for one fiscal year: every task funded from "
    "it, and the goals, agenda items, indicators and cooperation items above them, with the share "
    "of their identified funding they lose (a program shared by several tasks counted once)."
)

#: What the page's form asks for.
PARAMS: tuple[Param, ...] = (
    Param(
        "program",
        "program-code",
        True,
        None,
        "A program or sub-project: 3231, program/motie/3231/302",
        "단위사업",
        "단위사업 또는 세부사업, 예: 3231",
    ),
    Param(
        "cut",
        "fraction",
        True,
        None,
        "The fraction cut: 0.3 is 30%",
        "삭감 비율",
        "줄이는 비율, 예: 0.3 (30%)",
    ),
    Param("year", "year", True, "2024", "Fiscal year", "회계연도", "회계연도"),
)

COLUMNS = [
    Column("node", "영향받는 항목", "affected"),
    Column("type", "유형", "type", short=True),
    Column("path", "경로", "path"),
    Column("funding", "확인된 재원 (억원)", "identified funding, 100 million won", numeric=True),
    Column("lost", "줄어드는 금액 (억원)", "lost, 100 million won", numeric=True),
    Column("share", "줄어드는 비율", "share lost", numeric=True),
]


def cut_fraction(raw: str | None) -> float:
    """``0.3``, ``30%`` → 0.3; anything else outside (0, 1] is the request's fault.

    >>> cut_fraction("0.3"), cut_fraction("30%")
    (0.3, 0.3)
    """
    text = (raw or "").strip()
    try:
        value = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
    except InvalidOperation:
        raise QueryError(f"cut must be a fraction such as 0.3 (or 30%), not {raw!r}") from None
    if not 0 < value <= 1:
        raise QueryError(f"cut must be a fraction in (0, 1], such as 0.3, not {raw!r}")
    return float(value)


def budget_cut(reader, given: dict[str, str]) -> AnswerView:
    unknown = set(given) - {"program", "cut", "year"}
    if unknown:
        raise QueryError(
            f"budget-cut: unknown parameter(s) {', '.join(sorted(unknown))}; "
            "expected cut, program, year"
        )
    for param in PARAMS:
        if not given.get(param.name):
            raise QueryError(
                f"budget-cut: {param.label_ko}({param.name}) 값을 넣어 주세요 — "
                f"parameter {param.name!r} is required"
            )
    cut = cut_fraction(given["cut"])
    try:
        year = int(given["year"])
    except ValueError:
        raise QueryError(f"year must be a year such as 2024, not {given['year']!r}") from None
    store = reader.store
    node = reader.resolve(given["program"])
    result = reader.impact(node, cut=cut, year=year)
    code, name = label(store, node)
    code = code or given["program"]
    params = {
        "program": ParamValue("program", given["program"], named(code, name)),
        "cut": ParamValue("cut", given["cut"], f"{percent(cut)} 삭감"),
        "year": ParamValue("year", str(year), f"{year}년 예산"),
    }
    view = base_view(
        "budget-cut",
        params,
        title_ko=TITLE_KO,
        title_en=TITLE_EN,
        description_ko=DESCRIPTION_KO,
        description_en=DESCRIPTION_EN,
    )
    view.links = [
        (f"{code} 사업을 쓰는 과제", answer_href("program-uses", program=code, year=year)),
        ("그래프에서 영향 보기", impact_href(node, cut, year)),
    ]
    touches = Touches(reader.findings)
    effects = result.effects
    tasks = sorted({t for e in effects for t in e.tasks})
    amounts = fundings(store, reader.lines, tasks)
    units = set(result.units)
    by_task: dict[str, list] = {}
    for t in tasks:
        by_task[t] = [
            f
            for key, found in amounts.items()
            if key[0] == t and key[1] == year
            for f in found
            if units & set(f.nodes[1:])
        ]
    rows = []
    for e in effects:
        a = e.affected
        found = [f for t in e.tasks for f in by_task.get(t, [])]
        sources = [f.source for f in found]
        nodes = {n for f in found for n in f.nodes[1:]}
        lost_cell = touches.mark(eok_cell(e.lost_krw, sources), sources, nodes)
        rows.append(
            {
                "node": Cell(
                    named(a.code or "", a.label or ""), a.code or a.label, graph_href(a.node)
                ),
                "type": Cell(type_ko(a.type), a.type),
                "path": Cell(a.path_text_ko),
                "funding": eok_cell(e.funding_krw, sources),
                "lost": lost_cell,
                "share": Cell(percent(e.share), e.share),
            }
        )
    view.tables = [Table("affected", "영향받는 항목", "affected", COLUMNS, rows)]
    task_effects = sorted(
        (e for e in effects if e.affected.type == "ManagementTask" and e.share),
        key=lambda e: -(e.share or 0),
    )
    lost = result.lost_krw or 0
    view.figures = [
        Figure.amount("lost", "줄어드는 금액", "cut amount", lost),
        Figure(
            "tasks",
            "영향받는 관리과제",
            "tasks affected",
            len(task_effects),
            f"{len(task_effects)}개",
        ),
        Figure(
            "affected",
            "영향받는 항목 전체",
            "everything affected",
            len(effects),
            f"{len(effects)}개",
        ),
    ]
    counts = ", ".join(f"{type_ko(t)} {n}개" for t, n in result.counts.items())
    view.sentences_ko = [
        f"단위사업 {named(code, name)}의 {year}년 예산을 {percent(cut)} 줄이면 "
        f"{korean_amount(lost)}({eok(lost)})이 줄어듭니다. 영향받는 항목: {counts}."
    ]
    view.sentences_en = [
        f"Cutting program {code} by {percent(cut)} in {year} removes {english_amount(lost)} "
        f"({eok(lost)}) and reaches {len(effects)} entities, {len(task_effects)} of them "
        "management tasks."
    ]
    if task_effects:
        top = task_effects[0]
        view.sentences_ko.append(
            f"가장 크게 영향받는 관리과제는 {top.affected.code}로, 확인된 재원 "
            f"{eok(top.funding_krw or 0)}의 {percent(top.share)}를 잃습니다."
        )
        view.sentences_en.append(
            f"The task hit hardest is {top.affected.code}: it loses {percent(top.share)} of its "
            f"identified funding of {eok(top.funding_krw or 0)}."
        )
    view.charts = [
        Chart(
            "shares",
            "bars",
            "영향받는 항목별 줄어드는 비율",
            "affected entities by share lost",
            "%",
            [
                Bar(
                    named(e.affected.code or "", e.affected.label or ""),
                    (Segment(type_ko(e.affected.type), (e.share or 0) * 100),),
                    f"{percent(e.share)} ({eok(e.lost_krw or 0)})",
                    href=graph_href(e.affected.node),
                )
                for e in sorted(effects, key=lambda e: -(e.share or 0))
                if e.share
            ],
            list(dict.fromkeys(type_ko(e.affected.type) for e in effects if e.share)),
            f"재원이 확인된 항목만: 잃는 금액 ÷ 확인된 재원. 사업 하나에만 기대는 과제는 "
            f"{percent(cut)} 전부를 잃습니다.",
            "Only entities with identified funding: lost ÷ funding. A task that depends on "
            f"this program alone loses the whole {percent(cut)}.",
        )
    ]
    view.findings = touches.rows()
    return view
