"""Budget tables: golden cases on real snippets, the reading of cells, units, broken input.

Each folder of ``tests/cases/budget`` holds ``input.txt`` (lines of the bundled plan, listed in
``meta.json`` with the traps they show and the task sections they belong to) and ``expected.nt``:
the triples the budget parser emits for it, findings included, sorted. A failure prints the
sorted difference. ``POLICYKG_REGEN=1`` rewrites ``expected.nt`` (read the diff before committing).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from policykg.loaders.plan.budget.columns import place_columns
from policykg.loaders.plan.budget.numbers import read_amount
from policykg.loaders.plan.budget.parse import parse_budgets
from policykg.loaders.plan.budget.table import BudgetTable, find_tables, read_table
from policykg.loaders.plan.budget.units import decide_units
from policykg.loaders.plan.outline import PlanOutline, TaskSection
from policykg.model import iri
from policykg.model.records import GraphBuilder, SourceInfo
from policykg.model.text import nfc
from policykg.model.vocab import PK
from tests.support.golden import (
    CASES,
    builder_ntriples,
    case_names,
    check_ntriples,
    check_real_snippet,
    meta,
)

KIND = "budget"


def outline_for(lines: list[str], sections: list[dict]) -> PlanOutline:
    return PlanOutline(
        lines,
        task_sections=[
            TaskSection(s["code"], s["code"], s["start"], s["start"], s["end"]) for s in sections
        ],
    )


def run_lines(name: str, lines: list[str], sections: list[dict]) -> GraphBuilder:
    b = GraphBuilder(SourceInfo(f"case-{name}"), lines)
    parse_budgets(b, outline_for(lines, sections))
    return b


def run_case(folder) -> tuple[list[str], GraphBuilder]:
    text = nfc((folder / "input.txt").read_text("utf-8"))
    b = run_lines(folder.name, text.split("\n"), meta(folder)["sections"])
    return builder_ntriples(b), b


@pytest.mark.parametrize("name", case_names(KIND))
def test_golden(name):
    check_ntriples(CASES / KIND / name, run_case(CASES / KIND / name)[0])


@pytest.mark.parametrize("name", case_names(KIND))
def test_case_input_is_a_real_snippet(name):
    check_real_snippet(CASES / KIND / name, "sections")


# -- what the cases must show, asserted directly -------------------------------------------


def _amounts(b: GraphBuilder, task: str) -> dict[tuple[str, int], list[int]]:
    """(program or sub-project path, year) -> amounts in won of one task's fundings."""
    triples = b.result().triples
    by_subject: dict[str, dict[str, str]] = {}
    for t in triples:
        by_subject.setdefault(t.subject.value, {})[t.predicate.value] = t.object.value
    out: dict[tuple[str, int], list[int]] = {}
    for props in by_subject.values():
        if props.get(PK.task.value) == iri.task(task).value and PK.amountKRW.value in props:
            path = props[PK.program.value].split("/program/motie/")[-1]
            out.setdefault((path, int(props[PK.fiscalYear.value])), []).append(
                int(props[PK.amountKRW.value])
            )
    return out


def _kinds(b: GraphBuilder) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for f in b.findings:
        out.setdefault(f.kind, []).append(f.line)
    return out


def test_whole_program_amounts_and_split_account():
    _got, b = run_case(CASES / KIND / "split-account-and-whole-amounts")
    amounts = _amounts(b, "I-1-1")
    assert amounts[("6332", 2024)] == [5_482_000_000]
    assert amounts[("3133/307", 2024)] == [1_608_000_000]
    assert ("3133/307", 2023) not in amounts  # printed "-"
    triples = b.result().triples
    assert any(
        t.subject == iri.program("6332")
        and t.predicate == PK.account
        and t.object.value == "기후대응기금"
        for t in triples
    )
    budgets = {
        int(t.object.value)
        for t in triples
        if t.predicate == PK.amountKRW and "/budget/" in t.subject.value
    }
    assert {3_586_000_000, 3_091_000_000, 8_005_000_000, 5_482_000_000} <= budgets


def test_continuation_and_unit_decided_from_another_table():
    _got, b = run_case(CASES / KIND / "continued-after-indicators")
    amounts = _amounts(b, "III-4-2")
    assert amounts[("5203/353", 2024)] == [100_000_000]  # continued after the indicators
    gas = _amounts(b, "III-4-3")
    assert sorted(gas[("5143", 2023)]) == [8_370_000_000, 99_881_000_000]  # 백만원, not 억원
    assert gas[("5143/302", 2024)] == [2_216_000_000]  # the continuation's first row
    [decision] = [f for f in b.findings if f.kind == "budget-unit-decision"]
    assert decision.severity == "warning" and "III-4-3" in decision.message
    assert "백만원" in decision.message and "5701" in decision.message
    mismatch = [f for f in b.findings if f.kind == "budget-sum-mismatch" and "5144" in f.message]
    assert len(mismatch) == 2  # 8,370 / 6,942 vs the sub-projects


def test_stacked_items_are_placed_by_column():
    _got, b = run_case(CASES / KIND / "items-stacked-by-column")
    amounts = _amounts(b, "II-3-2")
    assert amounts[("4301/303", 2023)] == [6_865_000_000]
    assert amounts[("4301/303", 2024)] == [7_706_000_000]
    items = {a for (path, _y), found in amounts.items() if "/budget-item/" in path for a in found}
    assert items == {351_000_000, 945_000_000, 1_800_000_000, 337_000_000, 755_000_000}
    assert "budget-extra-cells" not in _kinds(b)


def test_program_without_code_is_named_by_another_table():
    _got, b = run_case(CASES / KIND / "ditto-and-uncoded-rows")
    amounts = _amounts(b, "III-2-1")
    assert amounts[("5703", 2023)] == [41_100_000_000]
    assert "budget-code-from-name" in _kinds(b)
    accounts = {t.object.value for t in b.result().triples if t.predicate == PK.account}
    assert "전력기금" in accounts and "〃" not in accounts


def test_typos_are_read_and_reported():
    _got, b = run_case(CASES / KIND / "typos-and-single-cells")
    assert _amounts(b, "V-1-2")[("1937/401", 2024)] == [5_327_000_000]
    assert _amounts(b, "VII-4-2")[("3736/304", 2024)] == [2_389_000_000]
    typos = [f for f in b.findings if f.kind == "budget-number-typo"]
    assert {"53,27" in f.message for f in typos} == {True, False}
    placed = [f for f in b.findings if f.kind == "budget-single-cell"]
    assert any("84" in f.message and "sums of the table match" in f.message for f in placed)
    assert "budget-name-conflict" in _kinds(b)


def test_composite_codes_and_no_budget():
    _got, b = run_case(CASES / KIND / "composite-codes-and-none")
    assert _amounts(b, "IV-1-1")[("1932/301", 2024)] == [2_200_000_000]
    assert _amounts(b, "VI-1-2")[("1531", 2024)] == [584_800_000_000]
    assert _amounts(b, "VI-1-2")[("1138", 2023)] == [50_000_000_000]
    none = [t for t in b.result().triples if t.predicate == PK.noBudget]
    assert [t.subject for t in none] == [iri.task("IV-1-2")]


# -- cells, columns and units --------------------------------------------------------------


@pytest.mark.parametrize(
    "token,value,repair",
    [
        ("1,141,045", "1141045", None),
        ("0.54", "0.54", None),
        ("(1162.53)", "1162.53", None),
        ("53,27", "53.27", "comma used as decimal mark"),
        ("215..94", "215.94", "repeated decimal point"),
        ("1000", "1000", "no thousands separator"),
        ("(525)」", "525", "stray mark after the number: 」"),
    ],
)
def test_read_amount(token, value, repair):
    a = read_amount(token)
    assert a is not None and a.value == Decimal(value) and a.repair == repair


@pytest.mark.parametrize("token", ["(3133)x", "산업", "’23", "(R&D)", "1.2.3,4"])
def test_not_amounts(token):
    assert read_amount(token) is None


def _table(lines: list[str], unit: str = "억원") -> BudgetTable:
    text = [
        "□ 관련 재정사업 내역",
        f"(단위 : {unit})",
        "회계구분 ’23 ’24",
        *lines,
        "□ 성과지표 및 측정방법",
    ]
    [table] = find_tables(text, lambda n: len(text))
    read_table(table, text)
    place_columns(table)
    return table


def test_single_amount_placed_by_sub_project_sum():
    table = _table(
        [
            "① 소재부품장비기술개발(3231) 소특회계 160",
            "▪소재부품기술개발(R&D)(302) 內 -",
            "(첨단전략산업초격차(이차전지)) - 160",
        ]
    )
    [program] = table.programs
    assert list(program.shares) == [2024]
    assert program.children[0].within


def test_unit_kept_without_evidence_and_switched_with_it():
    big = _table(["① 전력공급기술(5703) 전력기금 56,810 80,217", "(404,549) (461,557)"])
    small = _table(["① 전력공급기술(5703) 전력기금 337 433", "(4,230) (4,616)"])
    small.line = 2
    alone = decide_units([big])
    assert alone[big.line].unit == "억원" and not alone[big.line].switched
    both = decide_units([big, small])
    assert both[big.line].unit == "백만원" and "5703" in both[big.line].reason
    assert both[small.line].unit == "억원"


def test_decimals_forbid_reading_in_baekmanwon():
    decimals = _table(["① 전력공급기술(5703) 전력기금 56,810.5 80,217", "(404,549) (461,557)"])
    small = _table(["① 전력공급기술(5703) 전력기금 337 433", "(4,230) (4,616)"])
    small.line = 2
    assert decide_units([decimals, small])[decimals.line].unit == "억원"


# -- broken input --------------------------------------------------------------------------


def test_program_without_code_nobody_names_is_reported_with_its_line():
    lines = [
        "x",
        "□ 관련 재정사업 내역",
        "(단위 : 억원)",
        "회계구분 ’23 ’24",
        "① 어디에도없는사업 일반회계 10 20",
        "▪ 세부사업(301) 10 20",
        "□ 성과지표 및 측정방법",
    ]
    b = run_lines("broken", lines, [{"code": "I-1-1", "start": 2, "end": 7}])
    [f] = [f for f in b.findings if f.kind == "budget-program-without-code"]
    assert f.line == 5 and f.document == "case-broken" and "어디에도없는사업" in f.message
    assert not any(t.predicate == PK.hasFunding for t in b.result().triples)


def test_text_that_is_no_row_is_reported_not_dropped():
    lines = [
        "□ 관련 재정사업 내역",
        "(단위 : 억원)",
        "회계구분 ’23 ’24",
        "그룹",
        "① 사업(3133) 일반회계 10 20",
        "▪ 세부사업(301) 10 20",
        "엉뚱한 일정 ’24.7월",
        "□ 성과지표 및 측정방법",
    ]
    b = run_lines("stray", lines, [{"code": "I-1-1", "start": 1, "end": 8}])
    [f] = [f for f in b.findings if f.kind == "budget-unread-lines"]
    assert f.line == 7 and "엉뚱한 일정" in f.message


def test_table_without_year_header_is_reported():
    lines = [
        "□ 관련 재정사업 내역",
        "(단위 : 억원)",
        "① 사업(3133) 일반회계 10 20",
        "□ 성과지표 및 측정방법",
    ]
    b = run_lines("no-header", lines, [{"code": "I-1-1", "start": 1, "end": 4}])
    [f] = [f for f in b.findings if f.kind == "budget-no-header"]
    assert f.line == 1
    assert not any(t.predicate == PK.hasFunding for t in b.result().triples)


def test_table_outside_every_task_is_an_error():
    lines = [
        "□ 관련 재정사업 내역",
        "(단위 : 억원)",
        "회계구분 ’23 ’24",
        "① 사업(3133) 일반회계 10 20",
        "□ 성과지표 및 측정방법",
    ]
    b = run_lines("orphan", lines, [])
    [f] = [f for f in b.findings if f.kind == "budget-table-outside-task"]
    assert f.severity == "error" and f.line == 1


def test_parentheses_only_rows():
    _got, b = run_case(CASES / KIND / "parentheses-only-and-duplicates")
    assert ("3649", 2024) not in _amounts(b, "I-4-3")  # only the whole amount printed
    budgets = {
        int(t.object.value)
        for t in b.result().triples
        if t.predicate == PK.amountKRW and "/budget/" in t.subject.value
    }
    assert 59_230_000_000 in budgets  # (592.30)
    assert _amounts(b, "III-6-4")[("5451/301", 2023)] == [123_900_000_000]  # (1,239)
    kinds = _kinds(b)
    assert {"budget-duplicate-row", "budget-code-conflict", "budget-sum-mismatch"} <= set(kinds)
    accounts = {t.object.value for t in b.result().triples if t.predicate == PK.account}
    assert "전력산업기반기금" in accounts
