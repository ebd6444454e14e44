"""Data-quality checks of the budget tables: sums, whole-program amounts, cross-table figures.

Each check yields :class:`Check` records (kind, message, lines, severity); the loader turns them
into findings. Amounts are compared in won, with a tolerance of the rounding the printed figures
allow (half a unit of the last printed digit of each figure compared).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from policykg.loaders.plan.budget.numbers import Amount
from policykg.loaders.plan.budget.table import BudgetTable, Row
from policykg.loaders.plan.budget.units import WON
from policykg.model.text import compare_key


@dataclass(frozen=True)
class Check:
    kind: str
    message: str
    lines: tuple[int, ...]
    severity: str = "warning"


@dataclass(frozen=True)
class Placed:
    """A row of a table with the task that owns it and the unit it is read in."""

    task: str
    table: BudgetTable
    row: Row
    unit: str


def half_ulp(a: Amount, unit: str) -> Decimal:
    """Half a unit of the last printed digit, in won."""
    return Decimal(5) * Decimal(10) ** (-a.decimals - 1) * WON[unit]


def ulp(a: Amount, unit: str) -> Decimal:
    """One unit of the last printed digit, in won (figures may be truncated, not rounded)."""
    return Decimal(10) ** (-a.decimals) * WON[unit]


def won(a: Amount, unit: str) -> Decimal:
    assert a.value is not None  # callers skip amounts without a value ("-", "종료")
    return a.value * WON[unit]


def fmt(value: Decimal) -> str:
    """A won amount shown in 억원, as the document mostly prints them."""
    eok = (value / WON["억원"]).normalize()
    return f"{eok:,f}억원"


def _sum_check(
    p: Placed, parent: Row, slot: dict[int, Amount], what: str, severity: str
) -> Iterator[Check]:
    for year, own in sorted(slot.items()):
        if own.value is None:
            continue
        kids = [
            (c, c.shares[year])
            for c in parent.children
            if year in c.shares and c.shares[year].value is not None
        ]
        if not kids:
            continue
        total = sum((won(a, p.unit) for _c, a in kids), Decimal(0))
        tolerance = half_ulp(own, p.unit) + max(half_ulp(a, p.unit) for _c, a in kids)
        extra = total + _items_on_top(p, parent, year)
        if min(abs(total - won(own, p.unit)), abs(extra - won(own, p.unit))) > tolerance:
            lines = (parent.start, *(c.start for c, _a in kids))
            yield Check(
                "budget-sum-mismatch",
                f"task {p.task}: {what} of {_label(parent)} for {year} is "
                f"{own.text} ({fmt(won(own, p.unit))}) but the {len(kids)} "
                f"{'item' if parent.kind == 'sub' else 'sub-project'} line(s) below it "
                f"sum to {fmt(total)}",
                tuple(sorted(set(lines))),
                severity,
            )


def _items_on_top(p: Placed, parent: Row, year: int) -> Decimal:
    """Item lines printed below a sub-project that do not make up its amount: the document
    may list a line that completes the program ("(…통합) (186,400)")."""
    total = Decimal(0)
    for sub in parent.children:
        own = sub.shares.get(year)
        items = [
            c.shares[year]
            for c in sub.children
            if year in c.shares and c.shares[year].value is not None
        ]
        if own is not None and own.value is not None and items:
            part = sum((won(a, p.unit) for a in items), Decimal(0))
            if part != won(own, p.unit):
                total += part
    return total


def _label(row: Row) -> str:
    return f"{row.name or ''}({row.code})" if row.code else (row.name or "?")


def sums(placed: list[Placed]) -> Iterator[Check]:
    """Programs whose sub-projects do not add up to them (and sub-projects vs their items)."""
    for p in placed:
        row = p.row
        if row.kind == "program":
            if row.shares:
                yield from _sum_check(p, row, row.shares, "the task's amount", "warning")
            else:
                yield from _sum_check(p, row, row.whole, "the whole-program amount", "warning")
        elif row.kind == "sub" and any(c.kind == "item" for c in row.children):
            yield from _sum_check(p, row, row.shares, "the amount", "info")


def share_vs_whole(placed: list[Placed]) -> Iterator[Check]:
    """A task's share of a program larger than the whole program's amount."""
    for p in placed:
        for year, share in p.row.shares.items():
            whole = p.row.whole.get(year)
            if share.value is None or whole is None or whole.value is None:
                continue
            if won(share, p.unit) > won(whole, p.unit) + half_ulp(whole, p.unit):
                yield Check(
                    "budget-share-exceeds-whole",
                    f"task {p.task}: {_label(p.row)} {year} amount {share.text} exceeds "
                    f"the whole-program amount {whole.text}",
                    (p.row.start,),
                )


def whole_conflicts(placed: list[Placed]) -> Iterator[Check]:
    """Whole-program amounts that differ between tables, beyond rounding."""
    for (code, year), found in sorted(whole_amounts(placed).items()):
        readings = distinct(found)
        if len(readings) > 1:
            shown = "; ".join(
                f"{fmt(won(a, p.unit))} (task {p.task}, line {a.line or p.row.start})"
                for p, a in readings
            )
            yield Check(
                "budget-whole-conflict",
                f"program {code}: the whole-program amount for {year} is printed "
                f"differently: {shown}; each reading is kept",
                tuple(sorted({a.line or p.row.start for p, a in found})),
            )


def whole_key(row: Row) -> str:
    """Whose whole a program row prints: its code, and a part such as "융자" where it names one."""
    assert row.code is not None  # only a program row with a code prints a whole
    return row.code + (f", {row.qualifier}" if row.qualifier else "")


def whole_amounts(placed: list[Placed]) -> dict[tuple[str, int], list[tuple[Placed, Amount]]]:
    """The whole-program amounts printed for each program (a part such as "융자" apart) and year."""
    seen: dict[tuple[str, int], list[tuple[Placed, Amount]]] = defaultdict(list)
    for p in placed:
        if p.row.kind == "program" and p.row.code:
            key = whole_key(p.row)
            for year, a in p.row.whole.items():
                if a.value is not None:
                    seen[(key, year)].append((p, a))
    return seen


def distinct(found: list[tuple[Placed, Amount]]) -> list[tuple[Placed, Amount]]:
    """One representative per value that differs beyond rounding, in order of appearance."""
    out: list[tuple[Placed, Amount]] = []
    for p, a in found:
        if not any(
            abs(won(a, p.unit) - won(b, q.unit)) <= max(ulp(a, p.unit), ulp(b, q.unit))
            for q, b in out
        ):
            out.append((p, a))
    return out


def sub_project_conflicts(placed: list[Placed]) -> Iterator[Check]:
    """The same sub-project printed with different amounts in different tables."""
    seen: dict[tuple[str, str, int], list[tuple[Placed, Amount]]] = defaultdict(list)
    for p in placed:
        row = p.row
        if row.kind != "sub" or not row.code or row.within or row.parent is None:
            continue
        program = row.program_code or row.parent.code
        for year, a in row.shares.items():
            if a.value is not None and program:
                seen[(program, row.code, year)].append((p, a))
    for (program, sub, year), found in sorted(seen.items()):
        tasks = {p.task for p, _a in found}
        readings = distinct(found)
        names = {_core(p.row.name) for p, _a in found}
        if (
            len(tasks) > 1
            and len(names) > 1
            and year == min(y for (pr, sb, y) in seen if (pr, sb) == (program, sub))
        ):
            shown = "; ".join(
                f"{p.row.name} (task {p.task}, line {p.row.start})" for p, _a in found
            )
            yield Check(
                "budget-code-conflict",
                f"code {program}-{sub} names different sub-projects in different tables: {shown}",
                tuple(sorted({p.row.start for p, _a in found})),
            )
        elif len(tasks) > 1 and len(names) == 1 and len(readings) > 1:
            shown = "; ".join(f"{a.text} (task {p.task}, line {p.row.start})" for p, a in readings)
            yield Check(
                "budget-figure-conflict",
                f"sub-project {program}-{sub} {year} is printed differently in different "
                f"tables: {shown}",
                tuple(sorted({p.row.start for p, _a in found})),
            )


def duplicates(placed: list[Placed]) -> Iterator[Check]:
    """Rows printed twice in one table, and one code given to two different names."""
    by_table: dict[tuple[int, str, str], list[Placed]] = defaultdict(list)
    for p in placed:
        if p.row.kind == "sub" and p.row.code and p.row.parent is not None:
            program = p.row.program_code or p.row.parent.code or "?"
            by_table[(p.table.line, program, p.row.code)].append(p)
    for (_t, program, code), rows in sorted(by_table.items()):
        if len(rows) < 2:
            continue
        names = {compare_key(r.row.name) for r in rows}
        lines = tuple(r.row.start for r in rows)
        if (
            len(names) == 1
            and len({tuple(sorted((y, a.text) for y, a in r.row.shares.items())) for r in rows})
            == 1
        ):
            yield Check(
                "budget-duplicate-row",
                f"task {rows[0].task}: sub-project "
                f"{program}-{code} '{rows[0].row.name}' is printed {len(rows)} times "
                f"with the same figures",
                lines,
            )
        elif len(names) > 1:
            yield Check(
                "budget-code-conflict",
                f"task {rows[0].task}: code {program}-{code} is "
                "given to different sub-projects: " + " / ".join(r.row.name for r in rows),
                lines,
            )


def _core(name: str) -> str:
    key = compare_key(name)
    while key.endswith(")") and "(" in key:
        key = key[: key.rindex("(")]
    return key


def name_conflicts(placed: list[Placed]) -> Iterator[Check]:
    """A program code printed with names that are not variants of each other."""
    names: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for p in placed:
        if p.row.kind == "program" and p.row.code and p.row.name:
            names[p.row.code][p.row.name].append(p.row.start)
    for code, variants in sorted(names.items()):
        cores = sorted({_core(n) for n in variants}, key=len)
        unrelated = [c for c in cores[1:] if not any(s in c or c in s for s in cores if s != c)]
        if unrelated:
            shown = "; ".join(f"{n} (line {lines[0]})" for n, lines in variants.items())
            yield Check(
                "budget-name-conflict",
                f"program {code} is printed under different names: {shown}",
                tuple(sorted(line for ls in variants.values() for line in ls)),
            )


CHECKS = (sums, share_vs_whole, whole_conflicts, sub_project_conflicts, duplicates, name_conflicts)


def run_checks(placed: list[Placed]) -> list[Check]:
    return [c for check in CHECKS for c in check(placed)]
