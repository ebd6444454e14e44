"""Deciding the unit of each budget table from evidence, not only from its label.

Some tables are labelled "(단위 : 억원)" but print their figures in 백만원. The label is kept
unless the document itself shows otherwise:

1. whole-program amounts (in parentheses) of a program that another table also states: the
   reading under which they agree (to within 10 %) wins;
2. failing that, the same program's figures in other tables: when every program of the table
   would be more than ten times larger than anything the document says about it elsewhere under
   the label, and no longer so under the other unit, the other unit wins;
3. a table that prints decimals is never read in 백만원 (백만원 figures are whole numbers).

Every switch is returned with its reason and the lines of the evidence.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from policykg.loaders.plan.budget.table import BudgetTable

WON = {"억원": 10**8, "백만원": 10**6, "천원": 10**3}
ALTERNATIVE = {"억원": "백만원", "백만원": "억원"}
DEFAULT_UNIT = "억원"
AGREE = math.log10(1.1)
FAR = 1.0


@dataclass
class UnitDecision:
    """The unit a table is read in, and why when that is not what it is labelled."""

    label: str | None
    unit: str
    reason: str = ""
    lines: tuple[int, ...] = ()
    evidence: list[str] = field(default_factory=list)

    @property
    def switched(self) -> bool:
        return self.label is not None and self.label != self.unit

    @property
    def factor(self) -> int:
        return WON[self.unit]


@dataclass(frozen=True)
class _Figure:
    code: str
    year: int
    value: Decimal
    whole: bool
    line: int
    table: int


def _figures(table: BudgetTable) -> list[_Figure]:
    out = []
    for row in table.programs:
        if not row.code:
            continue
        for whole, slot in ((False, row.shares), (True, row.whole)):
            for year, a in slot.items():
                if a.value is not None and a.value > 0:
                    out.append(
                        _Figure(row.code, year, a.value, whole, a.line or row.start, table.line)
                    )
    return out


def _has_decimals(table: BudgetTable) -> bool:
    return any(
        a.decimals and not a.repair
        for row in table.rows()
        for slot in (row.shares, row.whole)
        for a in slot.values()
    )


def _log_ratio(a: Decimal, ua: str, b: Decimal, ub: str) -> float:
    return abs(math.log10(float(a * WON[ua]) / float(b * WON[ub])))


def decide_units(tables: Iterable[BudgetTable]) -> dict[int, UnitDecision]:
    """The unit of every table with rows, keyed by the table's first line."""
    tables = [t for t in tables if t.programs]
    units = {t.line: t.unit or DEFAULT_UNIT for t in tables}
    figures = {t.line: _figures(t) for t in tables}
    decisions: dict[int, UnitDecision] = {}
    for _pass in range(2):
        for table in tables:
            decisions[table.line] = _decide(table, figures, units)
        units = {line: d.unit for line, d in decisions.items()}
    return decisions


def _decide(
    table: BudgetTable, figures: dict[int, list[_Figure]], units: dict[int, str]
) -> UnitDecision:
    label = table.unit
    unit = label or DEFAULT_UNIT
    decision = UnitDecision(label, unit)
    if label is None:
        decision.reason = f"no unit printed; read in {DEFAULT_UNIT}"
        return decision
    alt = ALTERNATIVE.get(label)
    if alt is None or (alt == "백만원" and _has_decimals(table)):
        return decision
    mine = figures[table.line]
    others = [f for line, fs in figures.items() if line != table.line for f in fs]
    whole_pairs = [
        (f, g)
        for f in mine
        if f.whole
        for g in others
        if g.whole and g.code == f.code and g.year == f.year
    ]
    if whole_pairs:
        as_label = median(
            _log_ratio(f.value, label, g.value, units[g.table]) for f, g in whole_pairs
        )
        as_alt = median(_log_ratio(f.value, alt, g.value, units[g.table]) for f, g in whole_pairs)
        if as_alt <= AGREE and as_label >= FAR:
            return _switch(
                decision,
                alt,
                "whole-program amounts agree with those printed in "
                "other tables only when read in " + alt,
                whole_pairs,
                units,
            )
        return decision
    codes = {f.code for f in mine}
    if not codes:
        return decision
    pairs = []
    for code in sorted(codes):
        theirs = [g for g in others if g.code == code]
        if not theirs:
            continue
        top = max(theirs, key=lambda g: g.value * WON[units[g.table]])
        biggest = max((f for f in mine if f.code == code), key=lambda f: f.value)
        pairs.append((biggest, top))
    if (
        pairs
        and all(
            float(f.value * WON[label]) > 10 * float(g.value * WON[units[g.table]])
            for f, g in pairs
        )
        and all(
            float(f.value * WON[alt]) <= 10 * float(g.value * WON[units[g.table]]) for f, g in pairs
        )
    ):
        return _switch(
            decision,
            alt,
            "read in " + label + " every program would be more than "
            "ten times anything printed for it elsewhere in the document",
            pairs,
            units,
        )
    return decision


def _switch(
    decision: UnitDecision,
    alt: str,
    why: str,
    pairs: list[tuple[_Figure, _Figure]],
    units: dict[int, str],
) -> UnitDecision:
    decision.unit = alt
    shown = []
    for f, g in pairs[:4]:
        shown.append(
            f"program {f.code} {f.year}: {f.value:,} here (line {f.line}) vs "
            f"{g.value:,}{units[g.table]} at line {g.line}"
        )
    decision.evidence = shown
    decision.reason = (
        f"labelled {decision.label} but read in {alt}: {why} (" + "; ".join(shown) + ")"
    )
    decision.lines = tuple(sorted({f.line for f, _g in pairs} | {g.line for _f, g in pairs}))
    return decision


def in_won(value: Decimal, unit: str) -> int:
    """An amount in a table unit as whole won (rounded half up to the won).

    >>> in_won(Decimal("35.86"), "억원")
    3586000000
    >>> in_won(Decimal("15147"), "백만원")
    15147000000
    """
    return int((value * WON[unit]).to_integral_value(rounding="ROUND_HALF_UP"))
