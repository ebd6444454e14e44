"""Broken inputs of the performance plan: each gives a clear error or a finding with its line.

(Files that are no text, or no document, are tests/build/test_reading.py's.) Decisions, per case:

- truncated before the detailed part → ``SourceParseError`` naming the document and its last line;
- truncated inside the detailed part → lenient: the missing appendix copy and every task whose
  plan is cut off are findings; tasks before the cut keep their sections;
- a task heading whose code is missing → the task is read as a plan without a heading (finding at
  its first block), its section still holds its budget table;
- a linkage row whose code is missing → its text is reported as unread, and the counts the plan
  declares for itself no longer match (an error finding on the counts line).
"""

from __future__ import annotations

import pytest

from policykg.loaders.plan.agenda import parse_agenda
from policykg.loaders.plan.outline import parse_outline
from policykg.model.errors import SourceParseError
from policykg.model.records import GraphBuilder, SourceInfo

DOC = "motie-2024-performance-plan"


def outline_of(lines: list[str]):
    b = GraphBuilder(SourceInfo(DOC), lines)
    outline = parse_outline(b)
    parse_agenda(b, outline)
    return outline, b.findings


def kinds(findings, kind: str):
    return [f for f in findings if f.kind == kind]


def find_line(lines: list[str], text: str) -> int:
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_truncated_before_details_is_an_error(plan_lines):
    cut = find_line(plan_lines, "국정목표 연계") + 300
    with pytest.raises(SourceParseError) as err:
        outline_of(plan_lines[:cut])
    assert err.value.document == DOC
    assert err.value.line == cut
    assert "세부 추진계획" in err.value.reason


def test_truncated_inside_details_is_lenient(plan_lines):
    cut = find_line(plan_lines, "원전 관리, 지역협력 강화 등을 통해 원전 안전 운영(") - 1
    outline, findings = outline_of(plan_lines[:cut])
    assert len(outline.tasks) == 83
    assert [f.line for f in kinds(findings, "missing-part")] == [None]
    missing = kinds(findings, "task-plan-missing")
    assert len(missing) == 83 - 46  # III-6-4 (the 47th task) onwards: cut before its heading
    assert all(f.line and f.severity == "error" for f in missing)
    last = outline.task_sections[-1]
    assert last.code == "III-6-3" and last.end == cut


def test_heading_without_code_becomes_a_headless_task(plan_lines):
    n = find_line(plan_lines, "산업 혁신성장 성과확산 기반마련(Ⅰ-1-①)")
    broken = list(plan_lines)
    broken[n - 1] = broken[n - 1].replace("(Ⅰ-1-①)", "")
    outline, findings = outline_of(broken)
    headless = kinds(findings, "task-without-heading")
    first_block = find_line(plan_lines[n:], "□ 추진배경") + n
    assert [(f.line, f.about) for f in headless if "I-1-1" in f.message] == [
        (first_block, ("https://w3id.org/policykg/id/plan/motie-2024/task/I-1-1",))
    ]
    section = next(s for s in outline.task_sections if s.code == "I-1-1")
    budget = find_line(plan_lines[first_block:], "관련 재정사업 내역") + first_block
    assert section.start == first_block and section.start <= budget <= section.end
    assert not section.has_heading


def test_linkage_row_without_code_is_reported(plan_lines):
    n = find_line(plan_lines, "Ⅰ-1-② 인력양성 시스템 구축")
    broken = list(plan_lines)
    broken[n - 1] = broken[n - 1].replace("Ⅰ-1-② ", "")
    outline, findings = outline_of(broken)
    assert "I-1-2" not in outline.tasks and len(outline.tasks) == 82
    counts = find_line(plan_lines, "7 8 27 37 83 212")
    mismatch = kinds(findings, "count-mismatch")
    assert [(f.line, f.severity) for f in mismatch] == [(counts, "error")]
    assert "83" in mismatch[0].message and "82" in mismatch[0].message
    diff = kinds(findings, "linkage-copies-differ")
    assert any("I-1-2" in f.message and f.line > 30000 for f in diff)


def test_appendix_copy_disagreeing_is_reported_with_both_lines(plan_lines):
    first = find_line(plan_lines, "탈원전 정책 폐기 및 원자력산업")
    appendix = find_line(plan_lines[30000:], "생태계 강화(국정 03)") + 30000
    broken = list(plan_lines)
    broken[appendix - 1] = broken[appendix - 1].replace("국정 03", "국정 04")
    _, findings = outline_of(broken)
    diff = [f for f in kinds(findings, "linkage-copies-differ") if "III-6-1" in f.message]
    assert len(diff) == 2  # agenda 3 missing from the appendix, agenda 4 missing from the table
    assert {f.line for f in diff} == {first, appendix - 2}
    assert all(set(f.lines) > {f.line} for f in diff)
