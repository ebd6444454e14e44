"""Programs counted once, as the budget pages show them: the table of programs, the stacked
and the year-on-year charts, and what counting once leaves out, in words. The figures are the
question's summary (:func:`policykg.analysis.budget_totals.budget_totals`): nothing is added up here
(the year-on-year chart shows the change of each program's figure).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from policykg.analysis.labels import key
from policykg.analysis.money import eok

from .common import Touches, answer_href, eok_cell, named
from .view import Bar, Cell, Chart, Column, Segment, Table

PROGRAM_COLUMNS = [
    Column("program", "단위사업", "program"),
    Column("tasks", "관리과제", "tasks"),
    Column("gross", "과제별 합 (억원)", "gross, 100 million won", numeric=True),
    Column("once", "한 번 센 금액 (억원)", "counted once, 100 million won", numeric=True),
    Column("whole", "사업 전체 예산 (억원)", "program's whole budget", numeric=True),
    Column("shared", "공유", "shared"),
]


def shared_text(p: dict[str, Any]) -> str:
    parts = []
    if p["shared_within"]:
        parts.append(f"과제 {len(p['tasks'])}개가 함께 씀")
    if p["shared_with_outside"]:
        parts.append("다른 과제도 씀: " + ", ".join(p["shared_with_outside"]))
    if p["capped_at_whole"]:
        parts.append("사업 전체 예산으로 상한")
    if p["whole_contradicted"]:
        parts.append("전체 예산 표기가 과제 표보다 작음 (상한 없음)")
    return " · ".join(parts)


def program_table(summary, sources_by_program, touches: Touches, year) -> Table:
    rows = []
    for p in summary["programs"]:
        sources = sources_by_program.get(p["program_iri"], [])
        once = eok_cell(p["counted_once_krw"], sources)
        touches.mark(once, sources, [p["program_iri"]] if p["program_iri"] else [])
        rows.append(
            {
                "program": Cell(
                    named(p["label"], p["program"]),
                    p["label"],
                    answer_href("program-uses", program=p["program_code"], year=year),
                ),
                "tasks": Cell(", ".join(p["tasks"]), len(p["tasks"])),
                "gross": eok_cell(p["gross_krw"], sources),
                "once": once,
                "whole": eok_cell(p["whole_krw"], empty="기재 없음"),
                "shared": Cell(
                    shared_text(p), int(bool(p["shared_within"] or p["shared_with_outside"]))
                ),
            }
        )
    return Table(
        "programs", "단위사업별 금액", "amounts by program", PROGRAM_COLUMNS, rows, "-once"
    )


def stack_chart(summary, tasks: list[str], chart_id: str, ko: str, en: str, year) -> Chart:
    bars = []
    for p in summary["programs"]:
        shared = bool(p["shared_within"] or p["shared_with_outside"])
        text = eok(p["counted_once_krw"])
        if p["gross_krw"] != p["counted_once_krw"]:
            text += f" (과제별 합 {eok(p['gross_krw'])})"
        bars.append(
            Bar(
                named(p["label"], p["program"]),
                tuple(
                    Segment(t, p["by_task"][t] / 1e8, f"{t}: {eok(p['by_task'][t])}")
                    for t in tasks
                    if p["by_task"].get(t)
                ),
                text,
                shared,
                shared_text(p) if shared else "",
                answer_href("program-uses", program=p["program_code"], year=year),
            )
        )
    return Chart(
        chart_id,
        "bars",
        ko,
        en,
        "억원",
        bars,
        tasks,
        "막대는 과제별 표의 금액을 과제마다 쌓은 것이고, 끝의 숫자는 사업마다 한 번 센 금액입니다. "
        "◆ 표시는 여러 과제가 함께 쓰는 사업입니다.",
        "Each bar stacks the amounts each task's table prints; the figure at its end counts the "
        "program once. ◆ marks a program several tasks share.",
    )


def _by_program(summary) -> dict[str, dict[str, Any]]:
    """A summary's programs by what tells them apart (:func:`~policykg.analysis.labels.key`)."""
    return {key(p, "program_code", "program_iri"): p for p in summary["programs"]}


def change_chart(before: dict[str, Any], after: dict[str, Any], y0: int, y1: int, year) -> Chart:
    """Each program's change between two years' summaries (a program known by its IRI: its
    code may name another ministry's program too)."""
    earlier, later = _by_program(before), _by_program(after)
    programs = earlier | later
    b = {k: p["counted_once_krw"] for k, p in earlier.items()}
    a = {k: p["counted_once_krw"] for k, p in later.items()}
    bars = []
    for k in sorted(programs, key=lambda k: -abs(a.get(k, 0) - b.get(k, 0))):
        delta = a.get(k, 0) - b.get(k, 0)
        if k not in b:
            text = f"+{eok(delta)} ({y0}년 없음)"
        elif k not in a:
            text = f"-{eok(-delta)} ({y1}년 없음)"
        else:
            pct = f" ({delta / b[k] * 100:+.1f}%)" if b[k] else ""
            text = ("+" if delta >= 0 else "-") + eok(abs(delta)) + pct
        p = programs[k]
        bars.append(
            Bar(
                named(p["label"], p["program"]),
                (Segment("증가" if delta >= 0 else "감소", delta / 1e8),),
                text,
                href=answer_href("program-uses", program=p["program_code"], year=year),
            )
        )
    return Chart(
        "change",
        "diverging",
        f"{y0}년 → {y1}년 단위사업별 증감",
        f"change per program, {y0} → {y1}",
        "억원",
        bars,
        ["증가", "감소"],
        "사업마다 한 번 센 금액의 차이입니다.",
        "The difference of each program's amount counted once.",
    )


def not_added_sentences(programs: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    """For each program whose figure counted once leaves out a task's share (``not_added``: a
    table printing its amount without amounts by sub-project), a sentence in Korean and in
    English naming the tasks and their amounts."""
    out = []
    for p in programs:
        if p["not_added"]:
            listed = ", ".join(f"{t}({eok(p['by_task'][t])})" for t in p["not_added"])
            out.append(
                (
                    f"{listed}의 표는 {p['label']}의 금액을 세부사업별 금액 없이 적어, 다른 과제의 "
                    "표가 적은 세부사업 금액 안에 들 수 있으므로 한 번 셀 때는 따로 더하지 "
                    "않았습니다.",
                    f"The table of {listed} prints {p['label']} without amounts by sub-project: "
                    "that may be part of what the other tasks' tables print, so counting once "
                    "does not add it.",
                )
            )
    return out
