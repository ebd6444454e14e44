"""Budgets in the built store: the gold sample to the won, provenance, the named questions, the CLI.

The expected figures below are read from the plan's text (line numbers given), not from the
loader's output.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from policykg.analysis.questions import ask
from policykg.cli.main import main
from policykg.model.findings import stored_findings
from policykg.model.text import compare_key

EOK = Decimal(10) ** 8
PLAN = "motie-2024-performance-plan"


def _won(eok: float | int | None) -> int | None:
    return None if eok is None else int(Decimal(str(eok)) * EOK)


def _table(store, task: str) -> dict:
    """task-budget rows as {program: {"years": {...}, "account": ..., "subs": {...}}}."""
    out: dict = {}
    for r in ask(store, "task-budget", task=task).rows:
        program = out.setdefault(
            r["program_code"], {"years": {}, "account": None, "subs": {}, "whole": {}}
        )
        if r["level"] == "program":
            program["years"][int(r["year"])] = r["amount_krw"]
            program["account"] = r["account"]
            if r["whole_krw"] is not None:
                program["whole"][int(r["year"])] = r["whole_krw"]
        elif r["level"] == "sub-project":
            sub = program["subs"].setdefault(r["sub_project_code"], {"years": {}, "account": None})
            sub["years"][int(r["year"])] = r["amount_krw"]
            sub["account"] = r["account"]
    return out


def _years(entry: dict) -> dict[int, int]:
    return {y: _won(entry[f"y{y}"]) for y in (2023, 2024) if entry[f"y{y}"] is not None}


@pytest.mark.parametrize("task", ["I-1-1", "I-1-2", "I-1-3"])
def test_gold_budgets_to_the_won(store, gold, task):
    [expected] = [b for b in gold["budgets"] if b["task"] == task]
    got = _table(store, task)
    assert set(got) == {p["code"] for p in expected["programs"]}
    for p in expected["programs"]:
        program = got[p["code"]]
        assert program["years"] == _years(p), p["code"]
        assert program["account"] == p["account"], p["code"]
        assert set(program["subs"]) == {s["code"] for s in p["subprojects"]}, p["code"]
        for s in p["subprojects"]:
            assert program["subs"][s["code"]]["years"] == _years(s), (p["code"], s["code"])
            assert program["subs"][s["code"]]["account"] == s["account"], (p["code"], s["code"])
        expected_whole = {
            y: _won(v)
            for y, v in zip((2023, 2024), p["program_total"] or (), strict=False)
            if v is not None
        }
        assert program["whole"] == expected_whole, p["code"]
        if p["program_total"]:
            budgets = {
                (int(r["y"].value), int(r["a"].value))
                for r in store.select(
                    "SELECT ?c ?y ?a WHERE { ?p pk:code ?c ; pk:budget ?b . "
                    "?b pk:fiscalYear ?y ; pk:amountKRW ?a }",
                    {"c": p["code"]},
                )
            }
            assert {
                (2023, _won(p["program_total"][0])),
                (2024, _won(p["program_total"][1])),
            } <= budgets


def test_gold_names_as_printed(store, gold):
    names = {
        (r["code"].value, compare_key(r["l"].value))
        for r in store.select(
            "SELECT ?code ?l WHERE { ?n a ?c ; pk:code ?code ; rdfs:label|skos:altLabel ?l . "
            "FILTER(?c IN (pk:Program, pk:SubProject)) }"
        )
    }
    for budget in gold["budgets"]:
        for p in budget["programs"]:
            assert (p["code"], compare_key(p["name"])) in names
            for s in p["subprojects"]:
                assert (s["code"], compare_key(s["name"])) in names


def test_program_labels_and_sub_project_links(store):
    rows = store.select(
        'SELECT ?l ?s WHERE { ?p pk:code "3147" ; a pk:Program ; rdfs:label ?l . '
        "?s pk:subProjectOf ?p }"
    )
    assert {r["l"].value for r in rows} == {"글로벌환경규제대응및자원생산성기반구축"}
    assert len({r["s"].value for r in rows}) >= 4


def test_other_tables_read_from_the_text(store):
    # line 16714: "▪ 액화수소 검사 기반구축(305) 에특회계 1,694 14,533" in a table labelled 억원,
    # read in 백만원
    gas = _table(store, "III-4-3")
    assert gas["5143"]["subs"]["305"]["years"] == {2023: 1_694_000_000, 2024: 14_533_000_000}
    # line 18183: "원전생태계금융지원사업(313) 0 100,000" (백만원): 1,000억원
    assert _table(store, "III-6-1")["7403"]["subs"]["313"]["years"][2024] == 100_000_000_000
    # line 6924: "① 소재부품장비기반구축(3232) 215..94 33.36", after the indicator table
    assert _table(store, "I-3-2")["3232"]["years"] == {2023: 21_594_000_000, 2024: 3_336_000_000}
    # line 23669: columns '22 / '23
    assert _table(store, "V-2-1")["1936"]["years"] == {2022: 21_900_000_000, 2023: 22_900_000_000}


def test_no_budget_tasks(store):
    rows = store.select("SELECT ?c WHERE { ?t pk:noBudget true ; pk:code ?c }")
    assert {r["c"].value for r in rows} == {
        "IV-1-2",
        "IV-1-3",
        "IV-1-4",
        "IV-2-2",
        "IV-2-3",
        "VI-4-2",  # 해당(사항)없음
        "IV-2-4",
        "IV-3-1",
        "IV-3-2",
        "IV-3-3",
        "VI-4-3",
    }  # no table at all


def test_every_table_with_rows_gives_fundings(store):
    [row] = store.select("SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t pk:hasFunding ?f }")
    assert int(row["n"].value) == 72  # 78 tables, 6 of them say 해당없음


def _subjects(store, sparql: str) -> set[str]:
    return {r["x"].value for r in store.select(sparql)}


def test_every_funding_traces_to_its_lines(store):
    fundings = _subjects(store, "SELECT DISTINCT ?x WHERE { ?x a pk:Funding }")
    with_span = _subjects(
        store, "SELECT DISTINCT ?x WHERE { ?x a pk:Funding ; prov:wasDerivedFrom/pk:startLine ?l }"
    )
    linked = _subjects(
        store,
        "SELECT DISTINCT ?x WHERE { ?s rdf:predicate pk:hasFunding ; "
        "rdf:object ?x ; prov:wasDerivedFrom/pk:quote ?q }",
    )
    assert len(fundings) > 1000
    assert fundings == with_span == linked
    budgets = _subjects(store, "SELECT DISTINCT ?x WHERE { ?p pk:budget ?x }")
    traced = _subjects(
        store,
        "SELECT DISTINCT ?x WHERE { ?p pk:budget ?x . ?x prov:wasDerivedFrom/pk:startLine ?l }",
    )
    assert budgets and budgets == traced


def test_data_quality_findings(store):
    found = [
        f for f in stored_findings(store) if f.document == PLAN and f.kind.startswith("budget-")
    ]
    by_kind: dict[str, set[int]] = {}
    for f in found:
        by_kind.setdefault(f.kind, set()).add(f.line)
    assert {11473, 16705} <= by_kind["budget-unit-decision"]  # 억원 labels, 백만원 figures
    assert {16799, 13901, 10161, 20574} <= by_kind["budget-sum-mismatch"]
    assert 22797 in by_kind["budget-number-typo"]  # 53,27
    assert 6924 in by_kind["budget-number-typo"]  # 215..94
    assert any(f.kind == "budget-whole-conflict" and "3732" in f.message for f in found)


def test_program_uses(store):
    rows = ask(store, "program-uses", program="3231").rows
    assert {r["task"] for r in rows} == {"I-2-1", "I-2-3", "I-3-1", "I-4-2", "I-4-5"}
    assert all(r["year"] == 2024 for r in rows)


def test_budgets_for_agenda_20(store):
    answer = ask(store, "budgets-for-agenda", agenda="20")
    s = answer.summary
    assert s["tasks"] == 30 and s["year"] == 2024
    programs = {p["program_code"]: p for p in s["programs"]}
    # 1937 (line 22546 and twice more): the same 53.27억원 in three tasks, counted once
    assert programs["1937"]["gross_krw"] == 3 * 5_327_000_000
    assert programs["1937"]["counted_once_krw"] == 5_327_000_000
    # 3241: different sub-projects in I-2-1 (301, 1,000백만원) and I-2-2 (328, 358: 60억원)
    assert programs["3241"]["counted_once_krw"] == 1_000_000_000 + 6_000_000_000
    assert "I-3-1" in programs["3231"]["shared_with_outside"]
    assert s["dedup_total_krw"] == sum(p["counted_once_krw"] for p in s["programs"])
    assert s["gross_total_krw"] == sum(p["gross_krw"] for p in s["programs"])
    assert s["dedup_total_krw"] < s["gross_total_krw"]
    assert set(s["tasks_without_amounts"]) >= {"IV-1-2", "IV-3-3"}
    assert {r["task"] for r in answer.rows} >= {"I-2-1", "V-1-4", "VII-4-1"}


def test_budgets_for_agenda_task_without_funding_lists_no_program_users(store):
    rows = ask(store, "budgets-for-agenda", agenda="20").rows
    unfunded = [r for r in rows if r["program_code"] is None]
    funded = [r for r in rows if r["program_code"] is not None]
    assert unfunded and funded
    assert all(not r["program_users"] for r in unfunded)
    # a funded row lists its own task among the program's users
    assert all(r["task"] in r["program_users"].split() for r in funded)


def test_budgets_for_agenda_cli(built_store, capsys):
    path = str(built_store[0])
    assert main(["--store", path, "ask", "budgets-for-agenda", "20"]) == 0
    out = capsys.readouterr().out
    assert "gross_total: " in out and "dedup_total: " in out and "억원" in out
    assert "소재부품장비기술개발" in out and "1,141,045 백만원" in out
    assert main(["--store", path, "ask", "budgets-for-agenda", "20", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["tasks"] == 30
    assert data["summary"]["dedup_total_krw"] < data["summary"]["gross_total_krw"]
