"""Section parser of the performance plan: the "□ 관련 재정사업 내역" budget table of each task.

A table belongs to the task whose section contains it (``outline.task_at``); a table cut by a
page break continues after the task's indicator table. Each table gives programs (``pk:Program``
at ``program/motie/{code}``), their sub-projects and item lines, the task's amount of each for
each year (``pk:Funding``), and the whole-program amounts printed in parentheses (``pk:Budget``).
The unit of each table is decided from evidence (:mod:`.units`); every decision, typo
read and inconsistency is a finding with its lines (:mod:`.checks`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from pyoxigraph import Literal, NamedNode

from policykg.loaders.plan.budget.checks import (
    Placed,
    distinct,
    fmt,
    run_checks,
    whole_amounts,
    whole_key,
    won,
)
from policykg.loaders.plan.budget.columns import place_columns
from policykg.loaders.plan.budget.table import BudgetTable, Row, find_tables, read_table
from policykg.loaders.plan.budget.units import UnitDecision, decide_units, in_won
from policykg.loaders.plan.outline import PlanOutline
from policykg.model import iri
from policykg.model.records import GraphBuilder, boolean, integer, year
from policykg.model.text import compare_key
from policykg.model.vocab import PK, RDFS, SKOS

SEVERITY = {
    "budget-single-cell": "info",
    "budget-unit-decision": "warning",
    "budget-sum-mismatch": "warning",
}


def read_tables(lines: Sequence[str], outline: PlanOutline) -> list[BudgetTable]:
    """Every budget table of the plan, read and with its cells placed in year columns."""

    def section_end(n: int) -> int | None:
        section = outline.task_at(n)
        return section.end if section else None

    tables = [read_table(t, lines) for t in find_tables(lines, section_end)]
    for table in tables:
        place_columns(table)
    return tables


def runs(used: list[int], lines: Sequence[str]) -> list[tuple[int, int]]:
    """The line numbers a row was read from as inclusive runs (blank lines join a run)."""
    out: list[list[int]] = []
    for n in sorted(set(used)):
        if out and all(not lines[k - 1].strip() for k in range(out[-1][1] + 1, n)):
            out[-1][1] = n
        else:
            out.append([n, n])
    return [(a, b) for a, b in out]


class _Codes:
    """Codes known from the tables by name, to name rows printed without their code."""

    def __init__(self, tables: list[BudgetTable]) -> None:
        self.programs: dict[str, set[str]] = defaultdict(set)
        self.subs: dict[tuple[str, str], set[str]] = defaultdict(set)
        for table in tables:
            for row in table.rows():
                if row.kind == "program" and row.code and row.name:
                    self.programs[compare_key(row.name)].add(row.code)
                elif row.kind == "sub" and row.code and row.parent is not None:
                    program = row.program_code or row.parent.code
                    if program:
                        self.subs[(program, compare_key(row.name))].add(row.code)

    def program(self, name: str) -> str | None:
        found = self.programs.get(compare_key(name), set())
        return next(iter(found)) if len(found) == 1 else None

    def sub(self, program: str, name: str) -> str | None:
        found = self.subs.get((program, compare_key(name)), set())
        return next(iter(found)) if len(found) == 1 else None


class BudgetEmitter:
    """Writes the triples of the budget tables and collects what the checks need."""

    def __init__(
        self, b: GraphBuilder, tables: list[BudgetTable], units: dict[int, UnitDecision]
    ) -> None:
        self.b = b
        self.units = units
        self.codes = _Codes(tables)
        self.labels: dict[NamedNode, list[tuple[str, tuple[int, int]]]] = defaultdict(list)
        self.placed: list[Placed] = []

    # -- provenance helpers
    def _entity(self, node: NamedNode, cls: NamedNode, row: Row, code: str | None = None) -> None:
        spans = runs(row.used, self.b.lines)
        self.b.entity(node, cls, lines=spans[0], code=code)
        for span in spans[1:]:
            self.b.derived(node, span)

    def _link(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal, row: Row) -> None:
        spans = runs(row.used, self.b.lines)
        self.b.link(s, p, o, lines=spans[0])
        for span in spans[1:]:
            self.b.derived(iri.statement(s, p, o), span)

    # -- tables
    def table(self, task_code: str, table: BudgetTable) -> None:
        task = iri.task(task_code)
        if table.none_stated:
            self.b.link(task, PK.noBudget, boolean(True), lines=table.line)
            return
        decision = self.units.get(table.line)
        if not table.programs or decision is None:
            self.b.finding(
                "budget-empty-table",
                f"task {task_code}: the budget table has no program rows",
                line=table.line,
                lines=[table.line],
                about=[task],
            )
            return
        seen: Counter = Counter()
        for program in table.programs:
            self._program(task_code, table, decision.unit, program, seen)

    def _program(
        self, task_code: str, table: BudgetTable, unit: str, row: Row, seen: Counter
    ) -> None:
        code = row.code or (self.codes.program(row.name) if row.name else None)
        if code is None:
            self.b.finding(
                "budget-program-without-code",
                f"task {task_code}: program "
                f"'{row.name}' has no code and no other table names it; its rows "
                "are not read",
                line=row.start,
                lines=[r.start for r in row.walk()],
            )
            return
        if row.code is None:
            self.b.finding(
                "budget-code-from-name",
                f"task {task_code}: program '{row.name}' is "
                f"printed without its code; {code} is the code other tables give "
                "that name",
                line=row.start,
                severity="info",
            )
            row.code = code
        node = iri.program(code)
        self._entity(node, PK.Program, row, code=code)
        if row.name:
            self.labels[node].append((row.name, runs(row.used, self.b.lines)[0]))
        if row.group:
            self.b.add(node, PK.programGroup, Literal(row.group))
        if row.group_code:
            self.b.add(node, SKOS.notation, Literal(f"{row.group_code}-{code}"))
        if row.account:
            self.b.add(node, PK.account, Literal(row.account))
        placed = Placed(task_code, table, row, unit)
        self.placed.append(placed)
        ordinal = self._fundings(placed, node, row, seen, row.account)
        previous: str | None = row.account
        for child in row.children:
            account = previous if child.ditto else child.account
            previous = account if child.kind == "sub" else previous
            self.placed.append(Placed(task_code, table, child, unit))
            if child.kind == "sub":
                self._sub(placed, ordinal, node, child, seen, account)
            else:
                self._item(placed, ordinal, node, child, seen, account)

    def _sub(
        self,
        owner: Placed,
        ordinal: int,
        program: NamedNode,
        row: Row,
        seen: Counter,
        account: str | None,
    ) -> None:
        task_code, program_code = owner.task, owner.row.code
        assert program_code is not None  # _program gave the program row its code
        code = row.code or self.codes.sub(program_code, row.name)
        if code is None:
            node = iri.unnumbered_sub_project(program_code, compare_key(row.name))
            self.b.finding(
                "budget-subproject-without-code",
                f"task {task_code}: sub-project "
                f"'{row.name}' of program {program_code} is printed without a code",
                line=row.start,
                severity="info",
                about=[node],
            )
        else:
            node = iri.sub_project(program_code, code)
        self._entity(node, PK.SubProject, row, code=code)
        self.labels[node].append((row.name, runs(row.used, self.b.lines)[0]))
        self._link(node, PK.subProjectOf, program, row)
        if account:
            self.b.add(node, PK.account, Literal(account))
        self._fundings(owner, node, row, seen, account, ordinal)
        for item in row.children:
            self.placed.append(Placed(task_code, owner.table, item, owner.unit))
            self._item(owner, ordinal, node, item, seen, None)

    def _item(
        self,
        owner: Placed,
        ordinal: int,
        parent: NamedNode,
        row: Row,
        seen: Counter,
        account: str | None,
    ) -> None:
        node = iri.budget_item(parent, compare_key(row.name))
        self._entity(node, PK.BudgetItem, row)
        self.labels[node].append((row.name, runs(row.used, self.b.lines)[0]))
        if row.parent is not None and row.parent.kind == "sub":
            self._link(node, PK.itemOf, parent, row)
        self._fundings(owner, node, row, seen, account, ordinal)

    def _fundings(
        self,
        owner: Placed,
        node: NamedNode,
        row: Row,
        seen: Counter,
        account: str | None,
        ordinal: int | None = None,
    ) -> int:
        """The fundings of one row; ``ordinal`` is the occurrence of the row's program in the
        task's table (a program row's own occurrence, which is returned)."""
        task_code, unit, program_code = owner.task, owner.unit, owner.row.code
        assert program_code is not None  # _program gave the program row its code
        seen[(task_code, node.value)] += 1
        occurrence = seen[(task_code, node.value)]
        ordinal = occurrence if ordinal is None else ordinal
        task = iri.task(task_code)
        for year_, amount in sorted(row.shares.items()):
            if amount.repair:
                self.b.finding(
                    "budget-number-typo",
                    f"task {task_code}: '{amount.text}' in "
                    f"{row.name or row.code} ({year_}) read as {amount.value} "
                    f"({amount.repair})",
                    line=amount.line or row.start,
                    severity="info",
                    about=[node],
                )
            if amount.value is None:
                continue
            f = iri.funding(task_code, node, year_, occurrence)
            self._entity(f, PK.Funding, row)
            if row.name:  # the row's name as this table prints it
                self.b.add(f, RDFS.label, Literal(row.name, language="ko"))
            self.b.add(f, PK.task, task)
            self.b.add(f, PK.program, node)
            self.b.add(f, PK.ofProgram, iri.program(program_code))
            self.b.add(f, PK.fiscalYear, year(year_))
            self.b.add(f, PK.amountKRW, integer(in_won(amount.value, unit)))
            self.b.add(f, PK.amountText, Literal(f"{amount.text} {unit}"))
            self.b.add(f, PK.unit, Literal(unit))
            self.b.add(f, PK.ordinal, integer(ordinal))
            if account:
                self.b.add(f, PK.account, Literal(account))
            whole = row.whole.get(year_) if row.kind == "program" and row.code else None
            if whole is not None and whole.value is not None:  # the "(whole)" of this row
                self.b.add(
                    f,
                    PK.printedWhole,
                    iri.program_budget(whole_key(row), year_, in_won(whole.value, unit)),
                )
            for note in row.notes:
                self.b.add(f, RDFS.comment, Literal(note, language="ko"))
            self._link(task, PK.hasFunding, f, row)
        return ordinal

    # -- after every table
    def finish(self) -> None:
        self._emit_budgets()
        for node, found in self.labels.items():
            names = Counter(name for name, _lines in found)
            label = names.most_common(1)[0][0]
            self.b.add(node, RDFS.label, Literal(label, language="ko"))
            for name, lines in found:
                if name != label:
                    self.b.alt_label(node, name, lines)

    def _emit_budgets(self) -> None:
        for (key, year_), found in whole_amounts(self.placed).items():
            contradictory = len(distinct(found)) > 1
            for placed, amount in found:
                # whole_amounts keeps the amounts with a value of program rows with a code
                assert placed.row.code is not None and amount.value is not None
                program = iri.program(placed.row.code)
                amount_krw = in_won(amount.value, placed.unit)
                node = iri.program_budget(key, year_, amount_krw)
                line = amount.line or placed.row.start
                self.b.entity(node, PK.Budget, lines=line)
                self.b.add(node, PK.fiscalYear, year(year_))
                self.b.add(node, PK.amountKRW, integer(amount_krw))
                self.b.add(node, PK.amountText, Literal(f"{amount.text} {placed.unit}"))
                self.b.link(program, PK.budget, node, lines=line)
                if contradictory:
                    self.b.add(
                        node,
                        PK.reading,
                        Literal(
                            f"{fmt(won(amount, placed.unit))} as printed in the table of task "
                            f"{placed.task} (line {line})"
                        ),
                    )


def parse_budgets(builder: GraphBuilder, outline: PlanOutline) -> None:
    """Read every budget table of the plan into ``builder``."""
    tables = read_tables(builder.lines, outline)
    units = decide_units(tables)
    emitter = BudgetEmitter(builder, tables, units)
    with_table: set[str] = set()
    for table in tables:
        section = outline.task_at(table.line)
        if section is None:
            builder.finding(
                "budget-table-outside-task",
                "a budget table outside every task section is not read",
                line=table.line,
                severity="error",
            )
            continue
        with_table.add(section.code)
        emitter.table(section.code, table)
        _table_findings(builder, section.code, table, units.get(table.line))
    emitter.finish()
    for check in run_checks(emitter.placed):
        builder.finding(
            check.kind,
            check.message,
            line=check.lines[0],
            lines=check.lines,
            severity=check.severity,
        )
    for section in outline.task_sections:
        if section.code not in with_table:
            builder.link(
                iri.task(section.code), PK.noBudget, boolean(True), lines=section.heading_line
            )
            builder.finding(
                "budget-no-table",
                f"task {section.code} has no budget table; recorded as having no budget",
                line=section.heading_line,
                severity="info",
                about=[iri.task(section.code)],
            )


def _table_findings(
    b: GraphBuilder, task_code: str, table: BudgetTable, decision: UnitDecision | None
) -> None:
    task = iri.task(task_code)
    for issue in table.issues:
        b.finding(
            issue.kind,
            f"task {task_code}: {issue.message}",
            line=issue.lines[0],
            lines=issue.lines,
            severity=SEVERITY.get(issue.kind, "warning"),
            about=[task],
        )
    if decision is not None and decision.switched:
        b.finding(
            "budget-unit-decision",
            f"task {task_code}: {decision.reason}",
            line=table.unit_line or table.line,
            lines=(table.unit_line or table.line, *decision.lines),
            about=[task],
        )
    elif decision is not None and decision.unit != "억원":
        b.finding(
            "budget-unit-decision",
            f"task {task_code}: the table is printed in "
            f"{decision.unit}; amounts converted to won accordingly",
            line=table.unit_line or table.line,
            severity="info",
            about=[task],
        )
    if table.years and table.years != (2023, 2024):
        b.finding(
            "budget-other-years",
            f"task {task_code}: the table's columns are "
            f"{'/'.join(map(str, table.years))}, not 2023/2024; amounts are recorded "
            "under the years printed",
            line=table.header_line or table.line,
            severity="info",
            about=[task],
        )
