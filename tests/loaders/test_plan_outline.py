"""The plan's outline on the bundled plan: parts, goals, tasks, task sections, title rules."""

from __future__ import annotations

import itertools
import re

import pytest
from pyoxigraph import DefaultGraph, Quad

from policykg.build.validate import validate
from policykg.loaders.plan.agenda import parse_agenda
from policykg.loaders.plan.detail import align, task_headings
from policykg.loaders.plan.linkage import Piece, join, parse_rows
from policykg.loaders.plan.outline import parse_outline, variant_key
from policykg.model import iri
from policykg.model.records import GraphBuilder, SourceInfo, ko
from policykg.model.text import ascii_code
from policykg.model.vocab import PK, RDFS
from policykg.store.policy_store import PolicyStore
from tests.support.paths import CASES

BUDGET = re.compile(r"관련\s*재정사업\s*내역")
CODE_AT_END = re.compile(r"\(\s*([ⅠⅡⅢⅣⅤⅥⅦIVX]+\s*-\s*\d\s*-\s*[①-⑨\d])")


@pytest.fixture(scope="module")
def parsed(plan_lines):
    b = GraphBuilder(SourceInfo("motie-2024-performance-plan"), plan_lines)
    return parse_outline(b), b.findings


def test_parts_found_by_their_headings(parsed, plan_lines):
    outline, _ = parsed
    parts = outline.parts
    expect = {
        "linkage": "목표 및 과제 현황",
        "details": "세부 추진계획",
        "cooperation": "협업과제",
        "organisation": "일반 현황 및 계획의 개요",
        "linkage_appendix": "연계 현황",
    }
    for name, heading in expect.items():
        assert heading in plan_lines[parts[name][0] - 1], name
    order = ["organisation", "linkage", "details", "cooperation", "linkage_appendix"]
    assert [parts[n][0] for n in order] == sorted(parts[n][0] for n in order)
    assert parts["linkage"][1] + 1 == parts["details"][0]
    assert parts["linkage_appendix"][1] == len(plan_lines)
    assert "국정목표 연계" in "\n".join(
        plan_lines[slice(parts["linkage"][0] - 1, parts["linkage"][0] + 30)]
    )


def test_parts_of_goals_in_the_details(parsed):
    outline, _ = parsed
    sg = [outline.parts[f"details:{c}"] for c in outline.strategic_goals]
    assert len(sg) == 7 and sg[0][0] > outline.parts["details"][0]
    assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(sg))
    assert sg[-1][1] == outline.parts["details"][1]
    assert outline.parts["details:I-4"] == (7526, 7698)  # the gold sample's lines
    assert outline.parts["details:I-1"] == (3449, 3583)
    assert len([k for k in outline.parts if k.count("-") == 1 and k.startswith("details:")]) == 27


def test_goals_and_tasks(parsed):
    outline, _ = parsed
    assert (len(outline.strategic_goals), len(outline.performance_goals), len(outline.tasks)) == (
        7,
        27,
        83,
    )
    for code, parent in outline.parents.items():
        assert code.rsplit("-", 1)[0] == parent
    assert outline.performance_goals["I-4"].startswith("첨단산업의 지능화")


def test_task_sections_cover_every_task_once(parsed):
    outline, _ = parsed
    sections = outline.task_sections
    assert [s.code for s in sections] == list(outline.tasks)
    start, end = outline.parts["details"]
    for a, b in itertools.pairwise(sections):
        assert a.start <= a.end < b.start
    assert all(start <= s.start and s.end <= end for s in sections)
    assert [s.code for s in sections if not s.has_heading] == ["I-4-1"]


def test_every_budget_table_is_in_exactly_one_section(parsed, plan_lines):
    outline, _ = parsed
    seen: dict[str, list[int]] = {}
    for n, line in enumerate(plan_lines, 1):
        if BUDGET.search(line):
            section = outline.task_at(n)
            assert section is not None, n
            seen.setdefault(section.code, []).append(n)
    assert all(len(v) == 1 for v in seen.values()), {k: v for k, v in seen.items() if len(v) > 1}
    assert set(outline.tasks) - set(seen) == {"IV-2-4", "IV-3-1", "IV-3-2", "IV-3-3", "VI-4-3"}


def test_heading_codes_agree_or_are_reported(parsed, plan_lines):
    outline, findings = parsed
    reported = {f.line for f in findings if f.kind == "heading-code-mismatch"}
    for s in outline.task_sections:
        if not s.has_heading:
            continue
        printed = ascii_code(
            re.sub(r"\s", "", CODE_AT_END.search(plan_lines[s.heading_line - 1]).group(1))
        )
        assert printed == s.code or s.heading_line in reported, s
    assert reported >= {25479, 26544}


def test_repeated_headings_are_not_sections(parsed):
    outline, findings = parsed
    repeated = {f.line for f in findings if f.kind == "repeated-heading"}
    assert {8230, 11285} <= repeated
    assert outline.task_at(8230).code == "I-4-2"
    assert outline.task_at(11285).code == "II-2-2"


def test_task_without_heading_starts_at_its_first_block(parsed, plan_lines):
    outline, findings = parsed
    section = next(s for s in outline.task_sections if s.code == "I-4-1")
    assert section.start == outline.parts["details:I-4"][1] + 1
    assert "주요내용 및 추진계획" in plan_lines[section.start - 1]
    assert [f.line for f in findings if f.kind == "task-without-heading"] == [section.start]


def test_titles_of_wrapped_rows(parsed):
    outline, _ = parsed
    assert outline.tasks["II-1-2"].endswith("고도화로 R&D 혁신 강화")
    assert outline.tasks["IV-1-2"].endswith("FTA의 안정적 이행")
    assert outline.tasks["VII-4-1"] == "무역기술장벽 대응을 통한 기업의 해외시장 진출 강화"
    assert outline.tasks["II-3-1"] == "중견기업의 성장친화적 정책기반 강화"
    assert outline.tasks["III-5-1"] == "석유수급의 안정화·효율화 기반 마련"


def test_join_rules():
    assert (
        join([Piece(1, "협력강화 및 한미 FTA의 안", ""), Piece(2, "정적 이행", "")])
        == "협력강화 및 한미 FTA의 안정적 이행"
    )
    assert join([Piece(1, "구축을 통한", ""), Piece(2, "소재", " ")]) == "구축을 통한 소재"


def test_variant_key_keeps_dot_variants_apart():
    assert variant_key("산업경쟁력을 강화한다.") == variant_key("산업경쟁력을  강화한다")
    assert variant_key("첨단‧주력") != variant_key("첨단·주력")


def test_rows_on_a_snippet(plan_lines):
    rows = parse_rows(plan_lines, 3013, 3069)
    assert [r.code for r in rows if r.level == 3] == [
        "VI-1-1",
        "VI-1-2",
        "VI-2-1",
        "VI-2-2",
        "VI-3-1",
        "VI-3-2",
        "VI-4-1",
        "VI-4-2",
        "VI-4-3",
        "VI-5-1",
    ]
    work = [c.codes for r in rows for c in r.cells if c.kind == "workplan"]
    assert work[0] == ("1-1", "1-2", "1-5")


def test_alignment_tolerates_a_wrong_code(plan_lines):
    found, _ = task_headings(plan_lines, 25400, 26800)
    expected = [
        ("VI-3-1", ["전략물자 수출통제 제도개선"]),
        ("VI-3-2", ["국제 기술통제체제 적극대응, 산업기술 보호를 통한 기술안보 강화"]),
        ("VI-4-1", ["선진무역구제기관 달성을 위한 기반구축"]),
    ]
    matched = align(found, expected)
    assert [found[i].printed_code for i in sorted(matched)] == ["Ⅶ-3-①", "Ⅵ-3-②", "Ⅵ-4-①"]


def test_shapes_hold_and_catch_a_second_label():
    """The outline's output conforms to ontology/shapes.ttl; a second Korean label does not."""
    case = CASES / "plan" / "task-without-heading" / "input.txt"
    lines = case.read_text("utf-8").split("\n")
    b = GraphBuilder(SourceInfo("case"), lines)
    b.entity(b.doc, PK.Document, lines=1)
    parse_agenda(b, parse_outline(b))

    def violations(triples):
        store = PolicyStore.in_memory(
            Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples
        )
        return validate(store).violations

    assert violations(b.result().triples) == []
    b.add(iri.task("I-4-2"), RDFS.label, ko("다른 제목"))
    found = violations(b.result().triples)
    assert [(v.focus, v.path) for v in found] == [(iri.task("I-4-2").value, RDFS.label.value)]
