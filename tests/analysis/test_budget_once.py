"""The one rule for a program shared by several tasks (count_once), used by budgets-for-agenda
and by the budget cut of the impact module; on small cases and on the built store.

Expected figures on the store are read from the plan's text (line numbers given).
"""

from __future__ import annotations

import pytest

from policykg.analysis.budget_totals import Once, Share, budget_totals, count_once, stated_whole
from policykg.analysis.questions import ask
from policykg.graph import PolicyGraph
from policykg.model import iri

M = 10**6  # 백만원
EOK = 10**8  # 억원


def _subs(task: str, amount: int | None, **subs: int) -> Share:
    return Share(amount, {(code.lstrip("s"), ""): a for code, a in subs.items()}, task)


@pytest.mark.parametrize(
    "shares, whole, expected",
    [
        # distinct sub-projects of two tasks add up; no whole stated
        ([_subs("A", 100, s302=100), _subs("B", 30, s305=30)], None, Once(130)),
        # the same sub-project printed by two tasks counts once, at its largest
        ([_subs("A", 100, s302=100), _subs("B", 40, s302=40)], None, Once(100)),
        # parts adding up to more than the stated whole: the whole counts, flagged
        ([_subs("A", 100, s302=100), _subs("B", 30, s305=30)], 120, Once(120, True)),
        # a whole at or above the sum caps nothing
        ([_subs("A", 100, s302=100), _subs("B", 30, s305=30)], 130, Once(130)),
        # a whole below what one table alone prints is contradicted and caps nothing
        ([_subs("A", 100, s302=100), _subs("B", 30, s305=30)], 90, Once(130, False, True)),
        # one table printing a program twice (a loan part apart): its total is what it prints
        ([_subs("A", 90, s301=90), _subs("A", 20, s401=20)], 95, Once(110, False, True)),
        # rows that do not itemise their share may print the same money: the largest counts
        ([Share(80, {}, "A"), Share(60, {}, "B")], 120, Once(80)),
        # a row whose sub-projects do not add up to it is not itemised either
        ([Share(80, {("301", ""): 50}, "A"), _subs("B", 30, s305=30)], None, Once(80)),
        # item lines of a sub-project another table prints whole are inside it
        ([_subs("A", 100, s302=100), Share(None, {("302", "x"): 16}, "B")], None, Once(100)),
        # item lines of a sub-project no table prints whole add up, each item once
        (
            [
                Share(None, {("302", "x"): 16}, "A"),
                Share(None, {("302", "x"): 16, ("302", "y"): 4}, "B"),
            ],
            None,
            Once(20),
        ),
    ],
)
def test_count_once(shares, whole, expected):
    assert count_once(shares, whole) == expected


def test_stated_whole_takes_the_largest_of_conflicting_readings():
    # 5145 in 2024: (1,660) in III-1-1's table (line 13401), (27) in III-2-4's (line 14928)
    assert stated_whole([166_000 * M, 2_700 * M]) == 166_000 * M
    assert stated_whole(f"{2_700 * M} {166_000 * M}") == 166_000 * M
    assert stated_whole("") is None and stated_whole(None) is None


def _row(task, level, amount, sub=None, whole=""):
    return {
        "task": task,
        "program_code": "1",
        "program": "P",
        "ordinal": 1,
        "level": level,
        "sub_project_code": sub,
        "sub_project": None,
        "item": None,
        "amount_krw": amount,
        "program_users": "A B",
        "whole_krw": whole,
    }


def test_budget_totals_flags_the_cap_in_the_program_row():
    rows = [
        _row("A", "program", 100, whole="120"),
        _row("A", "sub-project", 100, "302", "120"),
        _row("B", "program", 30, whole="120"),
        _row("B", "sub-project", 30, "305", "120"),
    ]
    t = budget_totals(rows)
    [p] = t["programs"]
    assert (p["gross_krw"], p["counted_once_krw"], p["whole_krw"]) == (130, 120, 120)
    assert p["capped_at_whole"] and not p["whole_contradicted"]
    assert (t["gross_total_krw"], t["dedup_total_krw"]) == (130, 120)


def test_budget_totals_tell_two_plans_tasks_and_two_ministries_programs_of_one_code_apart():
    # a store of many plans: each ministry's plan has its own I-1-1 and its own program "1"
    def plan(key, ministry, amount):
        return [
            {
                **_row("I-1-1", "program", amount),
                "task_iri": iri.task("I-1-1", key).value,
                "program_iri": iri.program("1", ministry).value,
                "program_users": "I-1-1",
            }
        ]

    rows = plan("motie-2024", "motie", 100) + plan("me-2024", "me", 30)
    for ordered in (rows, rows[::-1]):
        t = budget_totals(ordered)
        assert (t["gross_total_krw"], t["dedup_total_krw"], t["tasks"]) == (130, 130, 2)
        assert sorted((p["label"], p["counted_once_krw"]) for p in t["programs"]) == [
            ("1 (me)", 30),
            ("1 (motie)", 100),
        ]
        assert sorted(t["programs"][0]["by_task"]) == ["I-1-1 (motie-2024)"]


# -- on the built store ----------------------------------------------------------------------


def _programs(store, agenda: str, year: int = 2024) -> tuple[dict, dict]:
    s = ask(store, "budgets-for-agenda", agenda=agenda, year=year).summary
    return s, {p["program_code"]: p for p in s["programs"]}


def test_3231_in_2024_has_no_stated_whole_so_its_distinct_sub_projects_add_up(store):
    # No table prints 3231's whole in parentheses: I-2-1's row (line 5114) is I-2-1's own
    # amount, as its 3241 row (1,000 백만원, line 5122) is beside 3241's whole (7,000, line 5394)
    assert not store.select("SELECT ?p ?b WHERE { ?p pk:budget ?b }", {"p": iri.program("3231")})
    summary, programs = _programs(store, "20")
    p = programs["3231"]
    # 302 in I-2-1: 1,141,045 백만원 (lines 5116-5119); 305, 316, 317 in I-2-3: 129.17 + 9.88 +
    # 20.00 = 159.05억원 (lines 5620-5623); different sub-projects, so both count
    assert p["counted_once_krw"] == 1_141_045 * M + 15_905 * M == p["gross_krw"]
    assert p["whole_krw"] is None and not p["capped_at_whole"]
    # before and after the rule was made one: agenda 20's totals are unchanged
    assert (summary["gross_total_krw"], summary["dedup_total_krw"]) == (
        3_101_302 * M,
        3_069_248 * M,
    )


def test_3231_in_2024_an_item_printed_inside_302_is_not_added(store):
    _, programs = _programs(store, "24")
    # I-4-2 prints 160억원 "소재부품기술개발(R&D)(302) 內" (lines 8256-8260), inside I-2-1's 302
    p = programs["3231"]
    assert set(p["tasks"]) >= {"I-2-1", "I-4-2"}
    assert p["gross_krw"] - p["counted_once_krw"] == 16_000 * M


def test_5202_in_2024_is_capped_at_its_stated_whole(store):
    summary, programs = _programs(store, "21")
    p = programs["5202"]
    # (6,054)억원 whole (III-4-2's table, line 16535); sub-projects 303 + 304 in III-3-2 (1,675 +
    # 3,693, lines 15537-15538), 302 in III-3-1 (748, line 15309), III-3-3's 264.5 (line 15782)
    # add up to more: the whole counts, and III-4-2's 32 is inside III-3-2's 303
    assert p["whole_krw"] == 6_054 * EOK == p["counted_once_krw"]
    assert p["capped_at_whole"] and not p["whole_contradicted"]
    assert p["gross_krw"] == (1_675 + 3_693 + 748 + 32) * EOK + 26_450 * M
    assert summary["dedup_total_krw"] == sum(q["counted_once_krw"] for q in programs.values())


def test_a_whole_below_one_tables_amount_caps_nothing(store):
    _, programs = _programs(store, "21")
    # 5139's whole is printed (937)억원 (line 14726), less than III-1-2's own 2,946억원 of it
    # (line 13639): contradicted, so its distinct sub-projects count in full
    p = programs["5139"]
    assert p["whole_krw"] == 937 * EOK and p["whole_contradicted"] and not p["capped_at_whole"]
    assert p["counted_once_krw"] == p["gross_krw"]


def test_budget_cut_uses_the_same_rule(store):
    g = PolicyGraph(store)
    cut = g.impact("program/motie/5202", cut=0.5, year=2024)
    assert cut.lost_krw == 6_054 * EOK // 2  # capped at the whole, as above
    r = g.impact("program/motie/3231", cut=0.3, year=2024)
    effects = {e.affected.code: e for e in r.effects}
    _, programs = _programs(store, "20")
    # agenda 20's tasks lose 30% of what budgets-for-agenda counts once for 3231
    assert effects["20"].lost_krw == round(0.3 * programs["3231"]["counted_once_krw"])
    assert (
        effects["20"].funding_krw
        == ask(store, "budgets-for-agenda", agenda="20").summary["dedup_total_krw"]
    )


@pytest.mark.parametrize(
    "shares, krw, not_added",
    [
        # a share printed without sub-projects, within the parts: left out, and named
        ([_subs("A", 100, s302=100), Share(40, {}, "C")], 100, ("C",)),
        # larger than the parts: it is the figure, and the parts are what it covers
        ([_subs("A", 30, s302=30), Share(40, {}, "C")], 40, ()),
        # two without a breakdown: the largest counts, the other is left out
        ([Share(80, {}, "A"), Share(60, {}, "B")], 80, ("B",)),
        # every share itemised: nothing is left out that way
        ([_subs("A", 100, s302=100), _subs("B", 30, s305=30)], 130, ()),
    ],
)
def test_what_counting_once_leaves_out_is_named(shares, krw, not_added):
    once = count_once(shares)
    assert (once.krw, once.not_added) == (krw, not_added)
