"""Answer pages over a store of several plans whose tasks and programs share codes.

The store holds the real plan (``motie-2024``) and two copies of it for other ministries
(:mod:`benchmarks.synthetic`, copies mode: ``me-2024`` with its amounts as printed, ``msit-2024``
with them × 1.1), as a store of many ministries' plans would: each has a task ``I-2-1`` and
programs of the same codes (``program/<ministry>/…``). A page tells them apart: every row, bar and
source belongs to one plan's task or one ministry's program, named as the summary names it.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from benchmarks.synthetic import synthetic_plans
from policykg.build.pipeline import DocumentWriter, bundled_sources, written
from policykg.build.reading import load
from policykg.graph import PolicyGraph
from policykg.model import iri
from policykg.store.policy_store import PolicyStore
from policykg.store.writers import StoreWriter

PLANS = ("motie-2024", "me-2024", "msit-2024")
MINISTRY = re.compile(r"^\S+ \((motie|me|msit)\)")  # "3231 (me) 소재부품…"
EOK = 10**8


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> PolicyGraph:
    base = load(bundled_sources() / "motie-2024-performance-plan.txt")
    root = tmp_path_factory.mktemp("three-plans")
    writer = StoreWriter(root)
    out = DocumentWriter(writer)
    out.write(base)
    for plan in synthetic_plans(base, 2):
        out.write(plan)
    written(writer, lambda _msg: None)
    writer.commit()
    return PolicyGraph(PolicyStore.open(root))


def _plan_of(label: str) -> str:
    """``I-2-1 (me-2024)`` → ``me-2024``."""
    return label.rsplit("(", 1)[1].rstrip(")")


def test_task_budget_names_each_plans_task_and_sources_each_row_in_its_own_plan(graph):
    view = graph.answer("task-budget", task="I-2-1")
    rows = view.table("rows").rows
    labels = {r["task"].value for r in rows}
    assert labels == {f"I-2-1 ({p})" for p in PLANS}
    amounts = [r for r in rows if r["amount"].value is not None]
    assert amounts and all(r["amount"].sources for r in amounts)
    for r in amounts:
        documents = {s.document for s in r["amount"].sources}
        assert documents == {f"{_plan_of(r['task'].value)}-performance-plan"}, r
    assert any("관리과제 3개" in s for s in view.sentences_ko)
    assert view.params[0].title == "계획 3개의 과제"
    assert any("names 3 management tasks" in s for s in view.sentences_en)


def test_task_budget_totals_are_each_plans_own_added_up(graph):
    view = graph.answer("task-budget", task="I-2-1")
    by_plan: dict[str, int] = defaultdict(int)
    for r in view.table("rows").rows:
        if r["year"].value == 2024 and r["level"].value == "program":
            by_plan[_plan_of(r["task"].value)] += round(r["amount"].value * EOK)
    # I-2-1's 2024 table prints its programs once each (no part shared within it): the
    # counted-once total of each plan is its program rows' sum; the real plan's is 11,606.62억원
    # (the panel figure of issue 16), me-2024 prints the same, msit-2024 10 % more
    assert by_plan["motie-2024"] == by_plan["me-2024"] == 1_160_662_000_000
    assert by_plan["msit-2024"] == pytest.approx(1.1 * 1_160_662_000_000, rel=1e-6)
    total = next(f for f in view.figures if f.key == "total_2024")
    assert total.value == sum(by_plan.values())
    chart = next(c for c in view.charts if c.id == "programs_2024")
    assert set(chart.series) == {f"I-2-1 ({p})" for p in PLANS}
    # a bar per ministry's program, its segments that ministry's plan's task only
    assert len({b.label for b in chart.bars}) == len(chart.bars)
    for bar in chart.bars:
        ministry = MINISTRY.search(bar.label).group(1)
        assert {_plan_of(s.series) for s in bar.segments} == {f"{ministry}-2024"}, bar


def test_budgets_for_agenda_program_rows_are_one_ministrys_program_each(graph):
    view = graph.answer("budgets-for-agenda", agenda="20", scheme="2022", year="2024")
    programs = view.table("programs").rows
    shown = [r["program"].value for r in programs]
    assert len(shown) == len(set(shown))
    ministries = {_plan_of(v) for v in shown}
    assert ministries == {"motie", "me", "msit"}
    for r in programs:
        ministry = _plan_of(r["program"].value)
        documents = {s.document for s in r["once"].sources}
        assert documents and all(d.startswith(f"{ministry}-2024-") for d in documents), r
    # every table row's program is one ministry's: the plan of its task
    for r in view.table("rows").rows:
        if r["amount"].value is not None:
            assert _plan_of(r["program"].value) == _plan_of(r["task"].value).split("-")[0]


def test_the_change_chart_has_each_ministrys_program_its_own_bar(graph):
    view = graph.answer("budgets-for-agenda", agenda="20", scheme="2022", year="2024")
    bars = next(c for c in view.charts if c.id == "change").bars
    labels = [b.label for b in bars]
    assert len(labels) == len(set(labels)) and len(labels) % 3 == 0
    change = defaultdict(dict)  # program code -> ministry -> change, 억원
    for b in bars:
        code, ministry = MINISTRY.match(b.label).group(0).split(" (")
        change[code][ministry.rstrip(")")] = b.segments[0].value
    assert len(change) == len(labels) // 3
    for code, by in change.items():  # me's amounts as printed, msit's × 1.1
        assert by["me"] == pytest.approx(by["motie"], abs=1e-6), code
        assert by["msit"] == pytest.approx(1.1 * by["motie"], abs=0.01), code


def test_program_uses_of_a_code_three_ministries_use_shows_all_three(graph):
    view = graph.answer("program-uses", program="3231", year="2024")
    bars = view.charts[0].bars
    # a bar per task, named with its plan ("I-2-1 (me-2024)": each plan's tasks use their
    # ministry's 3231 only, so the task names the program too)
    assert len(bars) == len({b.label for b in bars})
    assert {_plan_of(b.label) for b in bars} == set(PLANS)
    # the plan's five tables that print 3231 for 2024 (lines 5114, 5620, 6497, 8256, 9425):
    # 1,141,045 백만원, 159.05, 1,588, 160 and 1,644.73 억원
    motie = {b.label: b.segments[0].value for b in bars if b.label.endswith("(motie-2024)")}
    assert motie == {
        "I-2-1 (motie-2024)": pytest.approx(11_410.45),
        "I-2-3 (motie-2024)": pytest.approx(159.05),
        "I-3-1 (motie-2024)": pytest.approx(1_588),
        "I-4-2 (motie-2024)": pytest.approx(160),
        "I-4-5 (motie-2024)": pytest.approx(1_644.73),
    }
    assert any("단위사업 3개" in s for s in view.sentences_ko)
    assert view.params[0].title == "부처 3곳의 사업"
    # the bars add up to the gross the headline shows
    gross = next(f for f in view.figures if f.key == "gross_total")
    assert sum(s.value for b in bars for s in b.segments) == pytest.approx(gross.value / EOK)


def test_the_panel_of_one_plans_task_or_one_ministrys_program_totals_it_alone(graph):
    """The graph page's panel (``PolicyGraph.entity``): an entity's yearly budget is its own,
    though the question it comes from answers for every task or program of its code."""
    motie = graph.entity(iri.task("I-2-1").value).budget
    msit = graph.entity(iri.task("I-2-1", "msit-2024").value).budget
    y2024 = {b["year"]: b for b in motie}[2024]
    assert y2024["counted_once_krw"] == 1_160_662_000_000  # as on the corpus store alone
    m2024 = {b["year"]: b for b in msit}[2024]
    assert m2024["counted_once_krw"] == pytest.approx(1.1 * 1_160_662_000_000, rel=1e-6)
    program = graph.entity(iri.program("3231", "me").value).budget
    whole = graph.answer("program-uses", program="3231", year="2024")
    gross = next(f for f in whole.figures if f.key == "gross_total").value
    tasks = next(f for f in whole.figures if f.key == "tasks").value
    mine = {b["year"]: b for b in program}[2024]
    # me's amounts are the real plan's, msit's 1.1 ×: me's share of the three is 1 / 3.1
    assert mine["gross_krw"] == pytest.approx(gross / 3.1, rel=1e-6)
    assert mine["tasks"] * 3 == tasks


def test_tasks_by_cooperation_counts_each_plans_items_and_tasks(graph):
    """The real plan's one MOTIE–ME cooperation item (1, related task IV-3-3) and the task naming
    both (III-3-3), once per plan: counted as three items and six tasks, not one and two."""
    answer = graph.ask("tasks-by-cooperation", a1="MOTIE", a2="ME")
    s = answer.summary
    assert s["cooperation_items"] == [f"1 ({p})" for p in sorted(PLANS)]
    assert s["related_tasks"] == [f"IV-3-3 ({p})" for p in sorted(PLANS)]
    assert s["tasks_naming_all"] == [f"III-3-3 ({p})" for p in sorted(PLANS)]
    view = graph.answer("tasks-by-cooperation", a1="MOTIE", a2="ME")
    figures = {f.key: f.value for f in view.figures}
    assert figures["cooperation_items"] == 3 and figures["related_tasks"] == 3
    shown = {(r["item"].value, r["task"].value) for r in view.table("rows").rows}
    assert ("1 (me-2024)", "IV-3-3 (me-2024)") in shown
    assert ("", "III-3-3 (msit-2024)") in shown
    assert "1 (me-2024) EU 탄소국경조정제도 대응" in view.sentences_ko[0]
    # each task's own budget: III-3-3 of the msit copy prints 1.1 × what the real plan's does
    bars = {b.label: b.segments[0].value for b in view.charts[0].bars}
    assert set(bars) == {f"{t} ({p})" for t in ("III-3-3", "IV-3-3") for p in PLANS}
    assert bars["III-3-3 (motie-2024)"] > 0
    assert bars["III-3-3 (msit-2024)"] == pytest.approx(1.1 * bars["III-3-3 (motie-2024)"])
    assert bars["III-3-3 (me-2024)"] == pytest.approx(bars["III-3-3 (motie-2024)"])
