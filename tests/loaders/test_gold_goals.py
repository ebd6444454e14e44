"""The hand-verified sample (strategic goal I) against the built store, through SPARQL.

Titles are compared with ``compare_key`` (whitespace and middle-dot variants ignored). Indicators
are checked elsewhere.
"""

from __future__ import annotations

import pytest
from pyoxigraph import Literal

from policykg.model import iri
from policykg.model.text import compare_key
from policykg.model.vocab import PK

PLAN_DOC = "motie-2024-performance-plan"

LABELS = """
SELECT ?node ?label ?alt WHERE {
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL { ?node skos:altLabel ?alt }
}"""
ALT_LINES = """
SELECT ?node ?alt ?line WHERE {
  ?stmt rdf:subject ?node ; rdf:predicate skos:altLabel ; rdf:object ?alt ;
        prov:wasDerivedFrom/pk:startLine ?line .
}"""
PARENT = "SELECT ?node ?parent ?code WHERE { ?node pk:partOf ?parent . ?parent pk:code ?code }"
LINKED = """
SELECT ?task ?link ?target ?code WHERE { ?task ?link ?target . ?target pk:code ?code }"""
COUNT = """
SELECT ?cls (COUNT(DISTINCT ?node) AS ?n) WHERE { ?node a ?cls } GROUP BY ?cls"""
CHILDREN = """
SELECT ?cls ?child ?code ?parentCode WHERE {
  ?child a ?cls ; pk:code ?code ; pk:partOf ?parent .
  ?parent pk:code ?parentCode .
}"""
TOP = """
SELECT ?doc ?plan ?child ?code WHERE { ?child a pk:StrategicGoal ; pk:code ?code ; pk:partOf ?plan .
                            ?plan a pk:PerformancePlan . ?doc pk:describes ?plan }"""


def labels(store, node) -> tuple[set[str], set[str]]:
    rows = store.select(LABELS, {"node": node})
    main = {compare_key(r["label"].value) for r in rows if r.get("label")}
    alts = {compare_key(r["alt"].value) for r in rows if r.get("alt")}
    return main, alts


def variant_lines(store, node) -> dict[str, set[int]]:
    """Each alternative title of a node (by compare key) with the lines it is printed on."""
    out: dict[str, set[int]] = {}
    for r in store.select(ALT_LINES, {"node": node}):
        out.setdefault(compare_key(r["alt"].value), set()).add(int(r["line"].value))
    return out


def linked(store, task_code: str, link) -> set[str]:
    rows = store.select(LINKED, {"task": iri.task(task_code), "link": link})
    return {r["code"].value for r in rows}


def parent_code(store, node) -> set[str]:
    return {r["code"].value for r in store.select(PARENT, {"node": node})}


def test_counts_and_parents(store):
    """7 strategic goals, 27 performance goals and 83 tasks, each under the goal of its code."""
    counts = {r["cls"].value.rsplit("#", 1)[1]: int(r["n"].value) for r in store.select(COUNT)}
    assert (counts["StrategicGoal"], counts["PerformanceGoal"], counts["ManagementTask"]) == (
        7,
        27,
        83,
    )
    for cls, width in (("PerformanceGoal", 2), ("ManagementTask", 3)):
        rows = store.select(CHILDREN, {"cls": PK[cls]})
        assert len(rows) == {"PerformanceGoal": 27, "ManagementTask": 83}[cls]
        for r in rows:
            code = r["code"].value
            assert len(code.split("-")) == width
            assert r["parentCode"].value == code.rsplit("-", 1)[0], code
    top = store.select(TOP, {"plan": iri.plan(), "doc": iri.document(PLAN_DOC)})
    assert sorted(r["code"].value for r in top) == sorted(
        ["I", "II", "III", "IV", "V", "VI", "VII"]
    )


def test_strategic_goal_titles(store, gold):
    for g in gold["strategic_goals"]:
        node = iri.goal(g["code"])
        main, alts = labels(store, node)
        assert main == {compare_key(g["title"])}
        printed = variant_lines(store, node)
        for v in g["title_variants"]:
            assert compare_key(v["text"]) in main | alts
            assert {s["line"] for s in v["sources"]} <= printed[compare_key(v["text"])]


def test_strategic_goal_variant_keeps_its_dot(store, gold):
    """The detail heading's '첨단‧주력' (U+2027) is kept as printed, not folded into the label."""
    node = iri.goal("I")
    rows = store.select(LABELS, {"node": node})
    printed = {r["alt"].value for r in rows if r.get("alt")}
    assert gold["strategic_goals"][0]["title_variants"][0]["text"] in printed


@pytest.mark.parametrize("index", range(4))
def test_performance_goals(store, gold, index):
    g = gold["performance_goals"][index]
    node = iri.goal(g["code"])
    main, alts = labels(store, node)
    assert main == {compare_key(g["title"])}
    assert parent_code(store, node) == {g["strategic_goal"]}
    printed = variant_lines(store, node)
    for v in g["title_variants"]:
        assert compare_key(v["text"]) in alts
        assert {s["line"] for s in v["sources"]} <= printed[compare_key(v["text"])]
    assert len(alts) == len(g["title_variants"])


def test_performance_goal_repeating_parent_title_is_reported(store):
    rows = store.select(
        """
        SELECT ?kind ?line WHERE {
          ?f a pk:Finding ; pk:findingKind ?kind ; pk:startLine ?line .
        }""",
        {"kind": Literal("goal-title-repeats-parent")},
    )
    # the linkage table (I-4), the appendix's list by task (I-4), a system table (III-5)
    assert sorted(int(r["line"].value) for r in rows) == [2666, 12684, 31731]


def _task_ids(gold):
    return [t["code"] for t in gold["management_tasks"]]


@pytest.mark.parametrize(
    "code", [f"I-{g}-{t}" for g, n in ((1, 3), (2, 4), (3, 4), (4, 5)) for t in range(1, n + 1)]
)
def test_management_task(store, gold, code):
    t = next(t for t in gold["management_tasks"] if t["code"] == code)
    node = iri.task(code)
    main, _ = labels(store, node)
    assert main == {compare_key(t["title"])}
    assert parent_code(store, node) == {t["performance_goal"]}
    assert linked(store, code, PK.supportsAgenda) == {a["code"] for a in t["national_agenda"]}
    for a in t["national_agenda"]:
        agenda_main, agenda_alts = labels(store, iri.agenda_task(2022, a["code"]))
        assert compare_key(a["title"]) in agenda_main | agenda_alts, a
    assert linked(store, code, PK.supportsLivelihoodTask) == set(t["minsaeng"])
    assert linked(store, code, PK.supportsWorkplanItem) == set(t["ministry_workplan"])


def test_gold_covers_all_sixteen_tasks(gold):
    assert len(_task_ids(gold)) == 16
