"""The projection and impact tracing: edge kinds, trace, budget cut (on a synthetic plan)."""

from __future__ import annotations

import networkx as nx
import pytest

from policykg.analysis.impact import budget_cut, trace
from policykg.analysis.projection import project, restrict
from policykg.model import iri
from policykg.model.errors import NotFoundError, QueryError
from tests.support.graph_fixtures import EOK, synthetic_store

P3231 = iri.program("3231").value
T = {code: iri.task(code).value for code in ("I-2-1", "I-2-3", "IV-3-3")}
GOAL = {code: iri.goal(code).value for code in ("I", "I-2", "IV-3")}
AGENDA = {code: iri.agenda_task(2022, code).value for code in ("20", "20-1", "24-1")}
ME = iri.agency("ME").value


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return project(synthetic_store())


def _relations(G, u, v):
    return {(d["kind"], d["relation"]) for d in G.get_edge_data(u, v, default={}).values()}


def test_dependency_edges_are_separated_from_containment_and_mentions(G):
    assert _relations(G, P3231, T["I-2-1"]) == {("dependency", "funds")}
    assert _relations(G, T["I-2-1"], GOAL["I-2"]) == {("dependency", "serves-goal")}
    assert _relations(G, GOAL["I-2"], GOAL["I"]) == {("dependency", "serves-goal")}
    assert _relations(G, T["I-2-1"], AGENDA["20-1"]) == {("dependency", "supports")}
    assert _relations(G, AGENDA["20-1"], AGENDA["20"]) == {("dependency", "broader")}
    coop = iri.cooperation(1).value
    assert _relations(G, T["IV-3-3"], coop) == {("dependency", "cooperation")}
    assert _relations(G, coop, ME) == {("dependency", "participant")}
    # a goal in its plan is containment, a task naming an agency is a mention
    assert _relations(G, GOAL["I"], iri.plan().value) == {("containment", "part-of")}
    assert _relations(G, T["IV-3-3"], ME) == {("mention", "mentions-agency")}
    # the funding and provenance nodes are not nodes of the projection
    assert not any("/funding/" in n or "/span/" in n for n in G)


def test_funds_edges_carry_year_and_amount(G):
    edges = sorted((d["year"], d["amount"]) for d in G.get_edge_data(P3231, T["I-2-1"]).values())
    assert edges == [(2023, 90 * EOK), (2024, 100 * EOK)]
    assert [
        d["year"] for d in restrict(G, year=2024).get_edge_data(P3231, T["I-2-1"]).values()
    ] == [2024]


def test_nodes_have_type_label_and_code(G):
    attrs = G.nodes[T["I-2-1"]]
    assert (attrs["type"], attrs["code"], attrs["label"]) == (
        "ManagementTask",
        "I-2-1",
        "소부장 핵심기술 개발",
    )
    assert G.nodes[ME]["type"] == "Agency"


def test_trace_downstream_reaches_goals_agenda_and_agencies_not_mentions(G):
    t = trace(G, P3231)
    reached = {a.node: a for a in t.affected}
    assert {T["I-2-1"], T["I-2-3"], GOAL["I-2"], GOAL["I"], AGENDA["20-1"], AGENDA["24-1"]} <= set(
        reached
    )
    assert T["IV-3-3"] not in reached  # funded by another program
    assert reached[GOAL["I"]].path == (P3231, T["I-2-1"], GOAL["I-2"], GOAL["I"])
    assert reached[GOAL["I"]].relations == ("funds", "serves-goal", "serves-goal")
    assert t.counts["ManagementTask"] == 2 and t.counts["StrategicGoal"] == 1
    # ME is reached through cooperation item 2, never through IV-3-3's mention
    assert reached[ME].path[-2] == iri.cooperation(2).value


def test_trace_depth_limit_and_upstream(G):
    assert {a.depth for a in trace(G, P3231, depth=1).affected} == {1}
    up = trace(G, GOAL["I"], direction="upstream")
    assert {P3231, T["I-2-1"], T["I-2-3"], iri.program("1234").value} <= {
        a.node for a in up.affected
    }
    assert T["IV-3-3"] not in {a.node for a in up.affected}


def test_trace_with_mentions_included_follows_them(G):
    t = trace(G, T["IV-3-3"], kinds=("dependency", "mention"), depth=1)
    assert ME in {a.node for a in t.affected}


def test_budget_cut_counts_a_shared_program_once(G):
    r = budget_cut(G, P3231, 0.3, 2024)
    effects = {e.affected.node: e for e in r.effects}
    assert r.lost_krw == 30 * EOK  # 3231 counted once, not 2 × 100
    assert effects[T["I-2-1"]].share == 0.3
    assert effects[T["I-2-3"]].funding_krw == 400 * EOK  # 100 from 3231 + 300 from 1234
    assert effects[T["I-2-3"]].share == 0.075
    goal = effects[GOAL["I-2"]]
    assert (goal.funding_krw, goal.lost_krw) == (400 * EOK, 30 * EOK)
    assert (goal.funding_gross_krw, goal.lost_gross_krw) == (500 * EOK, 60 * EOK)
    assert set(goal.tasks) == {T["I-2-1"], T["I-2-3"]}
    assert effects[AGENDA["20-1"]].share == 0.3
    assert effects[AGENDA["24-1"]].affected.path == (P3231, T["I-2-3"], AGENDA["24-1"])


def test_budget_cut_reaches_cooperating_agencies_with_their_share(G):
    effects = {e.affected.node: e for e in budget_cut(G, P3231, 0.5, 2024).effects}
    me = effects[ME]
    # ME cooperates on I-2-1 (100, via item 2) and IV-3-3 (50, via item 1): 50 of 150 lost
    assert (me.funding_krw, me.lost_krw) == (150 * EOK, 50 * EOK)
    assert me.share == pytest.approx(1 / 3, abs=1e-6)
    assert [G.nodes[n]["type"] for n in me.affected.path] == [
        "Program",
        "ManagementTask",
        "CooperationItem",
        "Agency",
    ]


def test_budget_cut_uses_only_the_given_year(G):
    effects = {e.affected.node: e for e in budget_cut(G, P3231, 0.3, 2023).effects}
    assert effects[T["I-2-1"]].lost_krw == 27 * EOK
    assert T["I-2-3"] not in effects


def test_cutting_a_program_cuts_its_sub_projects():
    G = nx.MultiDiGraph()
    G.add_nodes_from(
        [
            ("P", {"type": "Program"}),
            ("S", {"type": "SubProject"}),
            ("T", {"type": "ManagementTask"}),
        ]
    )
    G.add_edge("P", "S", kind="dependency", relation="sub-project")
    G.add_edge("S", "T", kind="dependency", relation="funds", year=2024, amount=200)
    r = budget_cut(G, "P", 0.25, 2024)
    assert r.units == ("P", "S") and r.lost_krw == 50
    assert [(e.affected.node, e.share, e.affected.path) for e in r.effects] == [
        ("T", 0.25, ("P", "S", "T"))
    ]


def _shared_program(rows, budgets=None) -> nx.MultiDiGraph:
    """Program P (whole ``budgets``) funding T1 and T2 (rows: unit, task, amount), both of
    goal G."""
    G = nx.MultiDiGraph()
    G.add_nodes_from(
        [
            ("P", {"type": "Program", "budgets": budgets or {}}),
            ("T1", {"type": "ManagementTask"}),
            ("T2", {"type": "ManagementTask"}),
            ("G", {"type": "PerformanceGoal"}),
        ]
    )
    for unit, t, amount in rows:
        if unit != "P":
            G.add_node(unit, type="SubProject")
            G.add_edge("P", unit, kind="dependency", relation="sub-project")
        G.add_edge(unit, t, kind="dependency", relation="funds", year=2024, amount=amount)
        G.add_edge(t, "G", kind="dependency", relation="serves-goal")
    return G


def test_shared_program_from_distinct_sub_projects_is_capped_at_its_stated_whole():
    G = _shared_program([("S1", "T1", 80), ("S2", "T2", 60)], budgets={2024: 120})
    r = budget_cut(G, "P", 0.5, 2024)
    goal = r.effects[-1]
    assert goal.affected.node == "G"
    assert (goal.funding_krw, goal.funding_gross_krw, goal.lost_krw) == (120, 140, 60)
    assert r.lost_krw == 60 and goal.share == 0.5
    uncapped = budget_cut(_shared_program([("S1", "T1", 80), ("S2", "T2", 60)]), "P", 0.5, 2024)
    assert (uncapped.effects[-1].funding_krw, uncapped.lost_krw) == (140, 70)


def test_shared_program_rows_without_a_breakdown_count_the_largest():
    # rule change (one rule with budgets-for-agenda): two program rows that do not itemise
    # their share may print the same money, so the larger counts, whatever the stated whole
    G = _shared_program([("P", "T1", 80), ("P", "T2", 60)], budgets={2024: 120})
    r = budget_cut(G, "P", 0.5, 2024)
    goal = r.effects[-1]
    assert (goal.funding_krw, goal.funding_gross_krw, goal.lost_krw) == (80, 140, 40)
    assert r.lost_krw == 40 and goal.share == 0.5


def test_sub_project_rows_break_down_the_program_row_and_are_not_added():
    G = nx.MultiDiGraph()
    G.add_nodes_from(
        [
            ("P", {"type": "Program"}),
            ("S1", {"type": "SubProject"}),
            ("S2", {"type": "SubProject"}),
            ("T", {"type": "ManagementTask"}),
            ("Q", {"type": "Program"}),
        ]
    )
    for sub in ("S1", "S2"):
        G.add_edge("P", sub, kind="dependency", relation="sub-project")
    for unit, amount in [("P", 200), ("S1", 150), ("S2", 50), ("Q", 200)]:
        G.add_edge(unit, "T", kind="dependency", relation="funds", year=2024, amount=amount)
    whole = budget_cut(G, "P", 0.5, 2024)
    assert whole.lost_krw == 100
    assert [(e.funding_krw, e.lost_krw, e.share) for e in whole.effects] == [(400, 100, 0.25)]
    part = budget_cut(G, "S1", 0.5, 2024)
    assert part.units == ("S1",) and part.lost_krw == 75
    assert [(e.funding_krw, e.lost_krw) for e in part.effects] == [(400, 75)]


def test_item_lines_break_down_their_sub_project():
    G = nx.MultiDiGraph()
    G.add_nodes_from(
        [
            ("P", {"type": "Program"}),
            ("S", {"type": "SubProject"}),
            ("I", {"type": "BudgetItem"}),
            ("T", {"type": "ManagementTask"}),
        ]
    )
    G.add_edge("P", "S", kind="dependency", relation="sub-project")
    G.add_edge("S", "I", kind="dependency", relation="budget-item")
    for unit, amount in [("S", 100), ("I", 30)]:
        G.add_edge(unit, "T", kind="dependency", relation="funds", year=2024, amount=amount)
    r = budget_cut(G, "P", 0.1, 2024)
    assert r.units == ("I", "P", "S") and r.lost_krw == 10
    assert [(e.affected.node, e.funding_krw, e.lost_krw) for e in r.effects] == [("T", 100, 10)]


@pytest.mark.parametrize(
    "node, cut, error",
    [
        (T["I-2-1"], 0.3, QueryError),  # not a program
        (P3231, 0, QueryError),
        (P3231, 1.5, QueryError),
        ("https://w3id.org/policykg/id/program/motie/0000", 0.3, NotFoundError),
    ],
)
def test_budget_cut_rejects_bad_input(G, node, cut, error):
    with pytest.raises(error):
        budget_cut(G, node, cut, 2024)


def test_budget_cut_of_a_year_without_fundings_names_the_years_that_have_them(G):
    with pytest.raises(QueryError, match="funds no task in 2030; years with fundings: 2023, 2024"):
        budget_cut(G, P3231, 0.3, 2030)


def test_trace_rejects_bad_direction_and_depth(G):
    with pytest.raises(QueryError, match="direction"):
        trace(G, P3231, direction="sideways")
    with pytest.raises(QueryError, match="depth"):
        trace(G, P3231, depth=-1)
