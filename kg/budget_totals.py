"""Totals of budget rows: a gross total, and a total in which no won is counted twice.

The rows are those of the ``budgets-for-agenda`` question: one per printed amount, at the level
of a program, a sub-project or an item line, with the task and the program's occurrence
(``ordinal``) in the task's table, and ``program_users``: every task funded from the program that
year. Tasks among the rows are the question's tasks; the other users are outside it.

* A task's amount of a program is the program row's amount; when the table prints none, the
  sum of its sub-project rows (and, for a sub-project without an amount, of its item lines).
* The **gross** total adds every task's amount of every program, as the tables print them.
* The **deduplicated** total counts each program once: a program's amount is the largest of
  (a) the sum over its distinct sub-projects (items) of the largest amount any task's table
  gives each, and (b) the largest amount of a table that does not itemise its share. A program
  shared by several tasks therefore counts once, and two tasks funded from different
  sub-projects of one program both count.

>>> rows = [
...   {"task": "A", "program_code": "1", "program": "P", "ordinal": 1, "level": "program",
...    "sub_project_code": None, "sub_project": None, "item": None, "amount_krw": 100,
...    "program_users": "A B C"},
...   {"task": "A", "program_code": "1", "program": "P", "ordinal": 1, "level": "sub-project",
...    "sub_project_code": "301", "sub_project": "S", "item": None, "amount_krw": 100,
...    "program_users": "A B C"},
...   {"task": "B", "program_code": "1", "program": "P", "ordinal": 1, "level": "program",
...    "sub_project_code": None, "sub_project": None, "item": None, "amount_krw": 100,
...    "program_users": "A B C"}]
>>> t = budget_totals(rows)
>>> t["gross_total_krw"], t["dedup_total_krw"]
(200, 100)
>>> t["programs"][0]["shared_with_outside"]
['C']
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Iterable, Mapping

EOK = 10 ** 8


def eok(won: int) -> str:
    """Won shown in 억원 as the tables print them.

    >>> eok(314_026_000_000)
    '3,140.26억원'
    """
    return f"{(Decimal(won) / EOK).normalize():,f}억원"


class _Occurrence:
    """One program row of one task's table, with what is printed below it."""

    def __init__(self) -> None:
        self.program: int | None = None
        self.subs: dict[str, int] = {}
        self.items: dict[tuple[str, str], int] = {}

    def add(self, row: Mapping[str, object]) -> None:
        amount = int(row["amount_krw"])
        sub = str(row.get("sub_project_code") or row.get("sub_project") or "")
        if row["level"] == "program":
            self.program = amount
        elif row["level"] == "sub-project":
            self.subs[sub] = self.subs.get(sub, 0) + amount
        elif row["level"] == "item":
            key = (sub, str(row.get("item") or ""))
            self.items[key] = self.items.get(key, 0) + amount

    def leaves(self) -> dict[tuple[str, str], int]:
        out = {(sub, ""): amount for sub, amount in self.subs.items()}
        out.update({key: a for key, a in self.items.items() if key[0] not in self.subs})
        return out

    @property
    def amount(self) -> int:
        return self.program if self.program is not None else sum(self.leaves().values())

    @property
    def itemised(self) -> bool:
        leaves = self.leaves()
        return bool(leaves) and (self.program is None or self.program == sum(leaves.values()))


def budget_totals(rows: Iterable[Mapping[str, object]]) -> dict[str, object]:
    """Gross and deduplicated totals of budget rows, per program and overall."""
    rows = list(rows)
    tasks = list(dict.fromkeys(str(r["task"]) for r in rows))
    occurrences: dict[tuple[str, str, int], _Occurrence] = defaultdict(_Occurrence)
    names: dict[str, str] = {}
    users: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if not r.get("level") or r.get("amount_krw") is None:
            continue
        code = str(r["program_code"])
        names.setdefault(code, str(r.get("program") or ""))
        occurrences[(str(r["task"]), code, int(r.get("ordinal") or 1))].add(r)
        users[code].update(str(r.get("program_users") or "").split())
    programs: dict[str, list[tuple[str, _Occurrence]]] = defaultdict(list)
    for (task, code, _n), occ in occurrences.items():
        programs[code].append((task, occ))
    listed = []
    for code, found in programs.items():
        gross = sum(occ.amount for _t, occ in found)
        best: dict[tuple[str, str], int] = {}
        for _t, occ in found:
            if occ.itemised:
                for key, amount in occ.leaves().items():
                    best[key] = max(best.get(key, 0), amount)
        whole = max((occ.amount for _t, occ in found if not occ.itemised), default=0)
        once = max(sum(best.values()), whole)
        mine = sorted({t for t, _occ in found})
        listed.append({"program_code": code, "program": names[code], "tasks": mine,
                       "gross_krw": gross, "counted_once_krw": once,
                       "shared_within": len(mine) > 1,
                       "shared_with_outside": sorted(users[code] - set(tasks))})
    listed.sort(key=lambda p: -p["counted_once_krw"])
    gross_total = sum(p["gross_krw"] for p in listed)
    dedup_total = sum(p["counted_once_krw"] for p in listed)
    funded = sorted({t for t, _c, _n in occurrences})
    return {
        "tasks": len(tasks),
        "tasks_with_amounts": len(funded),
        "tasks_without_amounts": [t for t in tasks if t not in funded],
        "programs": listed,
        "gross_total_krw": gross_total, "gross_total": eok(gross_total),
        "dedup_total_krw": dedup_total, "dedup_total": eok(dedup_total),
        "shared_programs": [p["program_code"] for p in listed
                            if p["shared_within"] or p["shared_with_outside"]],
    }
