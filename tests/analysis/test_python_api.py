"""``from policykg import PolicyGraph``: open, resolve, query, entity, neighbours, paths, impact."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pytest
from pyoxigraph import NamedNode, Quad

from policykg import PolicyGraph
from policykg.analysis.impact import BudgetCut, Trace
from policykg.cli.main import main as cli_main
from policykg.model import iri
from policykg.model.errors import NotFoundError, QueryError, StoreError
from policykg.model.vocab import PK
from policykg.store.policy_store import PolicyStore
from policykg.store.writers import StoreWriter
from tests.support.graph_fixtures import EOK, synthetic_builder, synthetic_store


@pytest.fixture(scope="module")
def g() -> PolicyGraph:
    return PolicyGraph(synthetic_store())


def test_importing_the_core_needs_no_web_extras():
    code = (
        "import sys; import policykg; from policykg import PolicyGraph; "
        "bad = [m for m in ('fastapi', 'starlette', 'openpyxl', 'pandas', 'uvicorn') "
        "if m in sys.modules]; print(bad); assert not bad"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "store"
    writer = StoreWriter(path)
    writer.add_graph(iri.document_graph("synthetic-plan"), synthetic_builder().result().triples)
    writer.commit()
    return path


def test_open_an_on_disk_store(disk_store, tmp_path):
    graph = PolicyGraph.open(disk_store)
    assert graph.resolve("I-2-1") == iri.task("I-2-1").value
    with pytest.raises(StoreError):
        PolicyGraph.open(tmp_path / "missing")


def test_cli_trace(disk_store, capsys):
    assert (
        cli_main(
            [
                "--store",
                str(disk_store),
                "trace",
                "3231",
                "--cut",
                "0.3",
                "--year",
                "2024",
                "--format",
                "json",
            ]
        )
        == 0
    )
    body = json.loads(capsys.readouterr().out)
    assert body["lost_krw"] == 30 * EOK
    assert {r["code"]: r["share"] for r in body["rows"]}["24-1"] == 0.075
    assert (
        cli_main(
            ["--store", str(disk_store), "trace", "I", "--direction", "upstream", "--depth", "1"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "I-2" in out and "I-2-1" not in out.split("source:")[0]
    assert (
        cli_main(["--store", str(disk_store), "trace", "I-2-1", "--cut", "0.3", "--year", "2024"])
        == 2
    )  # not a program: an error, no trace
    assert "not a program" in capsys.readouterr().err


@pytest.mark.parametrize(
    "ref",
    [
        "https://w3id.org/policykg/id/plan/motie-2024/task/I-2-1",
        "plan/motie-2024/task/I-2-1",
        "id:plan/motie-2024/task/I-2-1",
        "I-2-1",
        "Ⅰ-2-①",
        " i-2-1 ",
    ],
)
def test_resolve_accepts_iris_paths_and_codes(g, ref):
    assert g.resolve(ref) == iri.task("I-2-1").value


def test_resolve_errors_name_the_problem(g):
    with pytest.raises(NotFoundError, match="0000"):
        g.resolve("0000")
    with pytest.raises(NotFoundError):
        g.resolve("program/motie/0000")
    with pytest.raises(QueryError):
        g.resolve("")


def test_ambiguous_code_lists_the_candidates():
    b = synthetic_builder()  # a second ministry's program with the same code
    b.entity(
        iri.program("3231", ministry="me"), PK.Program, lines=5, label="다른 사업", code="3231"
    )
    store = PolicyStore.in_memory(
        Quad(t.subject, t.predicate, t.object, iri.document_graph("x")) for t in b.result().triples
    )
    with pytest.raises(QueryError, match=r"ambiguous.*program/m"):
        PolicyGraph(store).resolve("3231")


def test_query_binds_parameters_and_converts_values(g):
    answer = g.query("SELECT ?s ?code WHERE { ?s pk:code ?code }", code="I-2-1")
    assert answer.rows == [{"s": iri.task("I-2-1").value, "code": "I-2-1"}]
    amounts = g.query(
        "SELECT ?task ?amount WHERE { ?f pk:task ?task ; pk:amountKRW ?amount ;"
        ' pk:fiscalYear ?y . FILTER(STR(?y) = "2024") }',
        task=g.iri("I-2-3"),
    )
    assert sorted(r["amount"] for r in amounts.rows) == [100 * EOK, 300 * EOK]
    assert g.query("ASK { ?s a pk:CooperationItem }") is True
    # a string parameter is a literal, never spliced into the query text
    assert (
        g.query(
            "SELECT ?s ?code WHERE { ?s pk:code ?code }", code='I-2-1" } UNION { ?s ?p ?code'
        ).rows
        == []
    )


def test_answers_convert_to_dataframes(g):
    pd = pytest.importorskip("pandas")
    frame = g.query(
        "SELECT ?s ?code WHERE { ?s a pk:ManagementTask ; pk:code ?code } ORDER BY ?code"
    ).to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["code"]) == ["I-2-1", "I-2-3", "IV-3-3"]


def test_entity_has_types_labels_neighbours_and_quoted_sources(g):
    e = g.entity("IV-3-3")
    assert e.types == ["pk:ManagementTask"] and e.label == "기후환경 에너지 규범 논의 선제 대응"
    assert e.provenance == [
        {
            "document": iri.document("synthetic-plan").value,
            "start": 11,
            "end": 11,
            "quote": "Ⅳ-3-③ 기후환경 에너지 규범 논의 선제 대응",
        }
    ]
    mention = e.neighbours["pk:mentionsAgency"][0]
    assert mention["iri"] == iri.agency("ME").value and mention["label"] == "환경부"
    assert mention["sources"][0]["start"] == 12  # the link's own line
    assert e.neighbours["^pk:relatedTask"][0]["iri"] == iri.cooperation(1).value
    assert [(f["year"], f["amount"]) for f in e.fundings] == [(2024, 50 * EOK)]
    assert "산업부" in g.entity("agency/MOTIE").alt_labels
    assert e.neighbour_totals["pk:mentionsAgency"] == 1


def test_neighbors_by_kind_and_relation(g):
    found = g.neighbors("I-2-1")
    assert {(n.relation, n.direction) for n in found} >= {
        ("funds", "in"),
        ("serves-goal", "out"),
        ("supports", "out"),
        ("measures", "out"),
    }
    assert [n.code for n in g.neighbors("IV-3-3", kinds=("mention",))] == ["ME"]
    assert [n.code for n in g.neighbors("I-2", relation="serves-goal", direction="in")] == [
        "I-2-1",
        "I-2-3",
    ]
    with pytest.raises(QueryError):
        g.neighbors("I-2-1", direction="up")


def test_path_finds_shortest_paths_both_ways_and_caps_them(g):
    paths = g.path("3231", "ME")
    assert [[s["code"] for s in p] for p in paths] == [["3231", "I-2-1", "2", "ME"]]
    back = g.path("ME", "3231")[0]
    assert [s["direction"] for s in back[1:]] == ["in", "in", "in"]
    assert len(g.path("I-2-1", "I-2-3", max_paths=1)) == 1
    assert g.path("20", "IV-3-3", kinds=("containment",)) == []


def test_impact_trace_and_budget_cut(g):
    t = g.impact("3231", year=2024)
    assert isinstance(t, Trace) and t.counts["ManagementTask"] == 2
    r = g.impact("program/motie/3231", cut=0.3, year=2024)
    assert isinstance(r, BudgetCut)
    shares = {e.affected.code: e.share for e in r.effects}
    assert shares["I-2-1"] == 0.3 and shares["20-1"] == 0.3 and shares["24-1"] == 0.075
    pd = pytest.importorskip("pandas")
    frame = r.to_dataframe()
    assert isinstance(frame, pd.DataFrame) and "<table" in r._repr_html_()
    assert frame.set_index("code").loc["24-1", "path_text"] == "3231 —funds→ I-2-3 —supports→ 24-1"
    assert list(t.to_dataframe()["depth"])[:2] == [1, 1]
    with pytest.raises(QueryError, match="year"):
        g.impact("3231", cut=0.3)
    with pytest.raises(QueryError):
        g.impact("3231", cut=0.3, year=2024, direction="upstream")


def test_to_networkx_filters_kinds_and_years(g):
    deps = g.to_networkx(kinds=("dependency",), year=2023)
    assert isinstance(deps, nx.MultiDiGraph)
    assert {d["kind"] for *_, d in deps.edges(data=True)} == {"dependency"}
    assert {d["year"] for *_, d in deps.edges(data=True) if d["relation"] == "funds"} == {2023}
    deps.remove_node(iri.task("I-2-1").value)  # a copy: the cache is untouched
    assert iri.task("I-2-1").value in g.networkx
    with pytest.raises(QueryError):
        g.to_networkx(kinds=("friendship",))


def test_iri_helper_binds_iris(g):
    assert g.iri("ME") == NamedNode(iri.agency("ME").value)


# -- the bundled corpus


@pytest.fixture(scope="module")
def real(built_store) -> PolicyGraph:
    return PolicyGraph.open(built_store[0])


def test_real_graph_opens_and_projects(real):
    graph = real
    assert graph.networkx.number_of_nodes() > 100
    assert graph.search("환경부")[0].node == iri.agency("ME").value


def test_real_budget_cut_of_program_3231(real):
    r = real.impact("program/motie/3231", cut=0.3, year=2024)
    effects = {e.affected.code: e for e in r.effects}
    expected = {
        "I-2-1": "ManagementTask",
        "I-2-3": "ManagementTask",
        "I-2": "PerformanceGoal",
        "I": "StrategicGoal",
        "20-1": "NationalAgendaTask",
        "24-1": "NationalAgendaTask",
    }
    for code, kind in expected.items():
        e = effects[code]
        assert e.affected.type == kind
        assert e.affected.path[0] == iri.program("3231").value
        assert e.affected.path[-1] == e.affected.node
        assert 0 < e.share <= 0.3 and e.lost_krw > 0
    # I-2-1's table gives 3231 1,141,045 백만원, all of sub-project 302 (lines 5114-5119)
    assert effects["I-2-1"].lost_krw == 342_313_500_000
    # one rule with budgets-for-agenda (count_once): distinct sub-projects add up — 302
    # (I-2-1), 305/316/317 (I-2-3, 159.05억원, lines 5620-5623), 304 (I-3-1, 1,588억원, line
    # 6498), 307 (I-4-5, 1,644.73억원, line 9427); I-4-2's 160억원 is printed inside 302 (line
    # 8258) and not added. No table states a whole for 3231 (no amount in parentheses), so
    # nothing caps the sum.
    assert effects["I-2"].lost_krw == round(0.3 * (1_141_045 + 15_905) * 10**6)
    assert r.lost_krw == round(0.3 * (1_141_045 + 15_905 + 158_800 + 164_473) * 10**6)
    assert effects["I-2"].affected.relations[-1] == "serves-goal"
    assert effects["20-1"].affected.relations[-1] == "supports"
