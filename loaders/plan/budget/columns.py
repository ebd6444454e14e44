"""Placing a row's cells in the table's year columns.

Plain cells are the task's amounts (one per year); parenthesised cells on a program row are the
whole program's amounts; a sub-project printed only in parentheses has its amounts there. Stacked
blocks ("68.65", "(3.51)", "(9.45)", "77.06", ...) give a sub-project and its items column by
column. A row with one amount for two years is placed in the year whose column the sums of the
table confirm; failing that in the first column, with an issue saying so.
"""

from __future__ import annotations

from decimal import Decimal

from policykg.loaders.plan.budget.numbers import Amount
from policykg.loaders.plan.budget.table import BudgetTable, Issue, Row

TOLERANCE = Decimal("0.011")


def place_columns(table: BudgetTable) -> None:
    """Fill ``shares`` and ``whole`` of every row of ``table`` from its cells."""
    years = table.years
    if not years and table.programs:
        table.issues.append(
            Issue(
                "budget-no-header",
                "no header line names the years of the columns; the amounts are not read",
                (table.line,),
            )
        )
        return
    singles: list[tuple[Row, Amount, str]] = []
    for row in table.rows():
        _place_row(table, row, years, singles)
    for row, amount, slot in singles:
        _place_single(table, row, amount, slot, years)


def _issue(table: BudgetTable, kind: str, message: str, row: Row) -> None:
    table.issues.append(Issue(kind, message, tuple(sorted(set(row.used)))))


def _stacked(row: Row, years: tuple[int, ...]) -> bool:
    """A sub-project whose cells give it and its amount-less items column by column."""
    items = [c for c in row.children if c.kind == "item" and not c.cells]
    k = len(items)
    if not k or len(row.cells) != len(years) * (k + 1):
        return False
    pattern = [i % (k + 1) == 0 for i in range(len(row.cells))]
    if [not c.parenthesised for c in row.cells] != pattern:
        return False
    for y, year in enumerate(years):
        block = row.cells[y * (k + 1) : (y + 1) * (k + 1)]
        _put(row.shares, year, block[0])
        for item, cell in zip(items, block[1:], strict=False):
            _put(item.shares, year, cell)
    return True


def _put(slot: dict[int, Amount], year: int, amount: Amount) -> None:
    if amount.value is not None or amount.ended or amount.text.strip("()") == "-":
        slot[year] = amount


def _place_row(
    table: BudgetTable, row: Row, years: tuple[int, ...], singles: list[tuple[Row, Amount, str]]
) -> None:
    if not row.cells or row.shares or row.whole:
        return
    if row.kind == "sub" and _stacked(row, years):
        return
    plain = [c for c in row.cells if not c.parenthesised]
    paren = [c for c in row.cells if c.parenthesised]
    if row.kind == "program":
        groups = [("share", plain), ("whole", paren)]
    elif plain:
        groups = [("share", plain)]
        if paren:
            _issue(
                table,
                "budget-extra-cells",
                f"{row.name}: parenthesised cells "
                f"{' '.join(c.text for c in paren)} on a {row.kind} row left unread",
                row,
            )
    else:
        groups = [("share", paren)]
    for slot_name, cells in groups:
        slot = row.shares if slot_name == "share" else row.whole
        if len(cells) == len(years):
            for year, cell in zip(years, cells, strict=False):
                _put(slot, year, cell)
        elif len(cells) == 1:
            if cells[0].value is not None:
                singles.append((row, cells[0], slot_name))
        elif len(cells) > len(years):
            _issue(
                table,
                "budget-extra-cells",
                f"{row.name}: {len(cells)} cells for "
                f"{len(years)} years; the last {len(cells) - len(years)} left unread",
                row,
            )
            for year, cell in zip(years, cells, strict=False):
                _put(slot, year, cell)


def leaf_sum(row: Row, year: int) -> Decimal | None:
    """The sum of a row's children for a year (a child without an amount counts its own
    children), or None when nothing below it has an amount for that year."""
    total, seen = Decimal(0), False
    for child in row.children:
        a = child.shares.get(year)
        if a is not None and a.value is not None:
            total, seen = total + a.value, True
        else:
            sub = leaf_sum(child, year)
            if sub is not None:
                total, seen = total + sub, True
    return total if seen else None


def _residuals(row: Row, year: int) -> list[Decimal]:
    """What the parent's (or grandparent's) amount leaves for ``row`` once the other rows at
    that level are taken off (for a grandparent, with or without the row's own parent: an item
    line may be part of its sub-project's amount or come on top of it)."""
    out = []
    level, ancestor = row, row.parent
    while ancestor is not None:
        own = ancestor.shares.get(year)
        if own is not None and own.value is not None:
            values = (
                c.shares[year].value
                for c in ancestor.children
                if c is not level and year in c.shares
            )
            others = sum((v for v in values if v is not None), Decimal(0))
            out.append(own.value - others)
            mine = level.shares.get(year)
            if level is not row and mine is not None and mine.value is not None:
                out.append(own.value - others - mine.value)  # a line on top of its parent
        level, ancestor = ancestor, ancestor.parent
    return out


def _place_single(
    table: BudgetTable, row: Row, amount: Amount, slot: str, years: tuple[int, ...]
) -> None:
    value = amount.value
    assert value is not None  # only a cell with a value is placed alone (see _place_row)
    target = row.shares if slot == "share" else row.whole
    free = [y for y in years if y not in target]
    evidence = None
    for year in free:
        expected: Decimal | None
        if slot == "whole":
            share = row.shares.get(year)
            expected = share.value if share is not None else None
        elif row.children:
            expected = leaf_sum(row, year)
        else:
            expected = next((r for r in _residuals(row, year) if abs(r - value) <= TOLERANCE), None)
        if expected is not None and abs(expected - value) <= TOLERANCE:
            evidence = year
            break
    placed = evidence if evidence is not None else (free[0] if free else None)
    if placed is None:
        return
    target[placed] = amount
    how = (
        "the sums of the table match that year"
        if evidence is not None
        else "nothing in the table confirms the year; read as the first column"
    )
    kind = "budget-single-cell" if evidence is not None else "budget-column-guess"
    _issue(
        table,
        kind,
        f"{row.name or row.code}: one amount {amount.text} "
        f"for the years {'/'.join(map(str, years))}, placed in {placed} ({how})",
        row,
    )
