"""Performance indicators of the plan: gold names, the plan's totals, golden snippets, traps.

Golden cases live in ``tests/cases/indicators/<case>/``: ``input.txt`` (lines of the bundled plan
listed in ``meta.json``), ``expected.json`` (per indicator: owner, number, label, variants, unit,
weight and the yearly values as printed; then the findings as kind and line), checked by reading
the text. Run with ``POLICYKG_REGEN=1`` to rewrite ``expected.json`` after a deliberate change
(then read the diff against the text before committing it).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from policykg.loaders.plan.indicators.parse import name_unit, parse_indicators
from policykg.loaders.plan.indicators.tables import find_detail_tables, parse_number, year_header
from policykg.loaders.plan.outline import PlanOutline, parse_outline
from policykg.model import iri
from policykg.model.records import GraphBuilder, SourceInfo
from policykg.model.text import compare_key, nfc
from policykg.model.vocab import PK, PROV, RDFS, SKOS
from tests.support.golden import CASES, SOURCES, case_names, check_json, check_real_snippet

KIND = "indicators"
PLAN_STEM = "motie-2024-performance-plan"


class Graph:
    """The triples of one parse, indexed by subject and predicate."""

    def __init__(self, builder: GraphBuilder) -> None:
        self.builder = builder
        self.index: dict = {}
        for t in builder.result().triples:
            self.index.setdefault((t.subject, t.predicate), []).append(t.object)

    def objects(self, s, p) -> list:
        return self.index.get((s, p), [])

    def indicators(self, owner) -> list:
        """The owner's indicators (``pk:hasIndicator``) in their order."""
        return sorted(
            self.objects(owner, PK.hasIndicator), key=lambda n: int(n.value.rsplit("/", 1)[1])
        )

    def names(self, node) -> list[str]:
        return [o.value for o in self.objects(node, RDFS.label) + self.objects(node, SKOS.altLabel)]


@pytest.fixture(scope="module")
def plan() -> Graph:
    lines = nfc((SOURCES / f"{PLAN_STEM}.txt").read_text("utf-8")).split("\n")
    b = GraphBuilder(SourceInfo(PLAN_STEM), lines)
    parse_indicators(b, parse_outline(b))
    return Graph(b)


def _owner(code: str):
    return iri.task(code) if code.count("-") == 2 else iri.goal(code)


def _gold_owners(gold: dict):
    for kind in ("strategic_goals", "performance_goals", "management_tasks"):
        yield from gold[kind]


def test_gold_indicator_names_of_goal_I(plan, gold):
    """Every owner of goal I has the gold's indicators, in order, under their system-table name
    (the label), and the detail table's and the appendix's names among its names."""
    for entry in _gold_owners(gold):
        nodes = plan.indicators(_owner(entry["code"]))
        labels = [compare_key(plan.objects(n, RDFS.label)[0].value) for n in nodes]
        assert labels == [compare_key(x) for x in entry["indicators"]], entry["code"]
        for key in ("indicators_detail", "indicators_appendix"):
            for node, name in zip(nodes, entry.get(key, []), strict=False):
                assert compare_key(name) in map(compare_key, plan.names(node)), (
                    entry["code"],
                    key,
                    name,
                )


def test_gold_indicator_lines(plan, gold):
    """The first line of each goal indicator's system-table name is among its source lines."""
    spans = {}
    for t in plan.builder.result().triples:
        if t.predicate == PK.startLine:
            spans[t.subject] = int(t.object.value)
    for entry in _gold_owners(gold):
        if "indicator_lines" not in entry:
            continue
        nodes = plan.indicators(_owner(entry["code"]))
        for node, line in zip(nodes, entry["indicator_lines"], strict=False):
            starts = {spans[s] for s in plan.objects(node, PROV.wasDerivedFrom)}
            assert line in starts, (entry["code"], line, starts)


def test_totals_match_the_plan_or_are_explained(plan):
    """8 strategic-goal indicators as stated. The system tables list 38 performance-goal and 213
    task indicators where the plan says 37 and 212 (the appendix 37 and 213): a name of VI-2
    only in its system table, III-2-3's fourth indicator; findings say so."""
    strategic = performance = task = 0
    for t in plan.builder.result().triples:
        if t.predicate == PK.hasIndicator:
            code = t.subject.value.rsplit("/", 1)[1]
            if "/task/" in t.subject.value:
                task += 1
            elif "-" in code:
                performance += 1
            else:
                strategic += 1
    assert (strategic, performance, task) == (8, 38, 213)
    counts = {
        (f.line, f.message.split(";")[0])
        for f in plan.builder.findings
        if f.kind == "indicator-count"
    }
    assert (2553, "the plan states 37 performance-level indicators") in counts
    assert (2553, "the plan states 212 task-level indicators") in counts
    assert not [c for c in counts if c[1].startswith("the plan states 8 ")]
    messages = " ".join(f.message for f in plan.builder.findings if f.kind == "indicator-count")
    assert "VI-2/1 at line 24247 (system table only)" in messages
    assert "I-3-1/3 at line 6565 (indicator table only)" in messages


def test_one_table_only_indicators_are_kept_with_findings(plan):
    """A row only the indicator table has keeps pk:owner but is not among the owner's
    indicators; a name only the system table has is (first, as printed), without values."""
    b = plan.builder
    extra = iri.indicator("I-3-1", 3)
    assert "방산" in plan.objects(extra, RDFS.label)[0].value
    assert plan.objects(extra, PK.owner) == [iri.task("I-3-1")]
    assert extra not in plan.objects(iri.task("I-3-1"), PK.hasIndicator)
    first = plan.indicators(iri.goal("VI-2"))[0]
    assert plan.objects(first, RDFS.label)[0].value == "외국인투자기업 고용인원(만명)"
    assert plan.objects(first, PK.indicatorValue) == []
    kinds = {(f.kind, f.line) for f in b.findings}
    assert ("indicator-not-in-system-table", 6560) in kinds
    assert ("indicator-not-in-detail-table", 24247) in kinds


def test_values_weights_and_units(plan):
    """I-1-2's first indicator: weight 0.4, values broken over lines joined (1,22 + 6)."""
    node = iri.indicator("I-1-2", 1)
    assert plan.objects(node, PK.weight)[0].value == "0.4"
    assert plan.objects(node, PK.unit)[0].value == "명"
    target = iri.indicator_value("I-1-2", 1, "actual", 2022)
    assert plan.objects(target, PK.valueText)[0].value == "1,226"
    assert Decimal(plan.objects(target, PK.value)[0].value) == Decimal("1226")
    fresh = iri.indicator_value("I-1-2", 2, "actual", 2021)
    assert plan.objects(fresh, PK.valueText)[0].value == "신규"
    assert plan.objects(fresh, PK.value) == []


def test_unreadable_value_keeps_text_and_is_reported(plan):
    node = iri.indicator_value("III-5-2", 2, "actual", 2023)
    assert plan.objects(node, PK.valueText)[0].value == "37..2"
    assert plan.objects(node, PK.value) == []
    assert any(
        f.kind == "indicator-value-unreadable" and f.line == 17275 for f in plan.builder.findings
    )


# -- golden snippets


def summarise(folder: Path) -> dict:
    """What a case checks: every indicator node and every finding of the snippet."""
    text = nfc((folder / "input.txt").read_text("utf-8"))
    b = GraphBuilder(SourceInfo(f"case-{folder.name}"), text.split("\n"))
    parse_indicators(b, PlanOutline(text.split("\n")))
    g = Graph(b)
    nodes = sorted(
        {t.subject for t in b.result().triples if t.predicate == PK.owner}, key=lambda n: n.value
    )
    out = []
    for node in nodes:
        owner = g.objects(node, PK.owner)[0]
        values = sorted(g.objects(node, PK.indicatorValue), key=lambda v: v.value)
        out.append(
            {
                "indicator": node.value.split("/indicator/")[1],
                "listed": node in g.objects(owner, PK.hasIndicator),
                "label": [o.value for o in g.objects(node, RDFS.label)],
                "alt": sorted(o.value for o in g.objects(node, SKOS.altLabel)),
                "unit": [o.value for o in g.objects(node, PK.unit)],
                "weight": [o.value for o in g.objects(node, PK.weight)],
                "values": [
                    [
                        int(g.objects(v, PK.fiscalYear)[0].value),
                        g.objects(v, PK.valueKind)[0].value,
                        g.objects(v, PK.valueText)[0].value,
                        [o.value for o in g.objects(v, PK.value)],
                    ]
                    for v in values
                ],
            }
        )
    findings = sorted([f.kind, f.line] for f in b.findings)
    return {"indicators": out, "findings": findings}


@pytest.mark.parametrize("name", case_names(KIND))
def test_golden_case(name):
    check_json(CASES / KIND / name, summarise(CASES / KIND / name))


@pytest.mark.parametrize("name", case_names(KIND))
def test_case_input_is_a_real_snippet(name):
    check_real_snippet(CASES / KIND / name)


# -- small pieces


def test_printed_numbers():
    assert parse_number("1,350") == Decimal("1350")
    assert parse_number("265건") == Decimal("265")
    assert parse_number("75.1*") == Decimal("75.1")
    assert parse_number("88 (신규)") == Decimal("88")
    assert parse_number("37..2") is None
    assert parse_number("신규") is None


def test_year_headers():
    assert year_header("(또는 자료출처)’19 ’20 ’21 ‘22 ‘23 ‘28") == [
        2019,
        2020,
        2021,
        2022,
        2023,
        2028,
    ]
    assert year_header("’21 ’22 ‘23 ’24") == [2021, 2022, 2023, 2024]
    assert year_header("‘21년 배출인력의 첨단기기 활용") is None


def test_units_from_names():
    assert name_unit("소재부품장비 수출액 (억불)") == "억불"
    assert name_unit("석유사업자 건전성 확보(하향지표, %)") == "%"
    assert name_unit("나노융합 R&D의 우수한 기술 확보 (등록특허의 질적우수성) SMART 지수") is None


def test_a_table_without_rows_is_a_finding_not_a_guess():
    """A detail table cut off after its header yields no row, and the owner gets a finding at
    the header line instead of values read from the text that follows."""
    lines = (SOURCES / f"{PLAN_STEM}.txt").read_text("utf-8").split("\n")
    snippet = lines[6504:6519] + lines[6573:6576]
    tables = find_detail_tables(snippet)
    assert len(tables) == 1 and tables[0].rows == []


def test_stated_counts_are_read_from_the_text():
    from policykg.loaders.plan.indicators.system import stated_counts

    lines = (SOURCES / f"{PLAN_STEM}.txt").read_text("utf-8").split("\n")
    counts = {(c.line, c.level): (c.owners, c.indicators) for c in stated_counts(lines)}
    assert counts[(2553, "strategic")] == (7, 8)
    assert counts[(2553, "performance")] == (27, 37)
    assert counts[(2553, "task")] == (83, 212)
    assert counts[(30460, "task")] == (83, 213)


def test_appendix_target_that_differs_is_reported(plan):
    """III-2-4's first target is 11 in its indicator table (l.14958) and 10 in the appendix."""
    hits = [
        f for f in plan.builder.findings if f.kind == "indicator-target-differs" and f.line == 14958
    ]
    assert hits and 32367 in hits[0].lines and "“11”" in hits[0].message


def test_indicators_in_the_built_store(store):
    """The bundled build holds task I-1-1's four indicators with their 2024 targets."""
    rows = store.select(
        """SELECT ?task ?i ?label ?target WHERE {
             ?task pk:hasIndicator ?i . ?i rdfs:label ?label ; pk:indicatorValue ?v .
             ?v pk:valueKind "target" ; pk:fiscalYear ?y ; pk:valueText ?target .
             FILTER(STR(?y) = "2024") }""",
        {"task": iri.task("I-1-1")},
    )
    got = sorted((r["i"].value.rsplit("/", 1)[1], r["target"].value) for r in rows)
    assert got == [("1", "17"), ("2", "266"), ("3", "92"), ("4", "85")]
