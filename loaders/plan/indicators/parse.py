"""The performance indicators of a plan: who owns them, their names, weights and yearly values.

Every goal and task has a detail table (one row per indicator with its yearly actuals and its
target) and a line in its strategic goal's system table (the indicator names under each goal and
task). The detail tables fix how many indicators an owner has and their values; the system table
gives the names as the plan lists them. Owners are taken from the system tables (Ⅰ. → "I",
1. → "I-1", ① → "I-1-1") and paired with the detail tables in document order, goals with goal
tables and tasks with task tables; where the outline knows the task section a table sits in, the
pairing is checked against it. Disagreements become findings; both readings are kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from policykg.loaders.plan.indicators.appendix import (
    appendix_name,
    appendix_owners,
    appendix_target,
)
from policykg.loaders.plan.indicators.system import (
    SystemBlock,
    align_system_names,
    detail_name,
    find_system_tables,
    stated_counts,
)
from policykg.loaders.plan.indicators.tables import (
    DetailRow,
    DetailTable,
    PrintedValue,
    find_detail_tables,
    paragraph_name,
    parse_number,
    row_extras,
    strip_row_text,
)
from policykg.loaders.plan.outline import PlanOutline
from policykg.model import iri
from policykg.model.numbering import ROMAN_GLYPH
from policykg.model.records import GraphBuilder, decimal, integer, year
from policykg.model.text import ascii_code, compare_key
from policykg.model.vocab import PK

# Words a unit in a name's trailing brackets is made of ("(건)", "(억불)", "(천tCO2)", "(%)").
_UNIT_WORDS = re.compile(
    r"%|‰|건|개|명|점|원|불|달러|\$|톤|ton|대|회|가구|배|호|Wh|toe|km|㎡|m2|B|CO2|위|일|시간|년|"
    r"개소|개사|지역|ha|MW|GW|kW|L|리터|배럴|종|품목|학점|과제|만|천|억|조",
    re.IGNORECASE,
)
_APPENDIX_MATCH = 0.5
_TRAILING_BRACKET = re.compile(r"\(([^()]*)\)\s*$")


@dataclass(frozen=True)
class Listed:
    """An indicator both tables list: its node, its names and its printed target."""

    node: NamedNode
    names: list[str]
    target: PrintedValue | None


@dataclass
class Owner:
    """A goal or task of a system table with the detail table paired to it (if any)."""

    block: SystemBlock
    table: DetailTable | None

    @property
    def node(self) -> NamedNode:
        return (
            iri.task(self.block.code) if self.block.level == "task" else iri.goal(self.block.code)
        )


def name_unit(name: str) -> str | None:
    """The unit printed in a name's trailing brackets, if it is one.

    >>> name_unit("석박사 배출 인원수(R&D)(명)"), name_unit("사업화 매출액(10억원 당)")
    ('명', '10억원 당')
    >>> name_unit("기업 전자제품 제조 지원 실적(전자보드 제작)") is None
    True
    """
    m = _TRAILING_BRACKET.search(name)
    if not m:
        return None
    text = m.group(1).split(",")[-1].strip()
    if not text or len(text.replace(" ", "")) > 8 or not _UNIT_WORDS.search(text):
        return None
    if re.search(r"[가-힣]{3,}", text.replace(" ", "")) and not re.search(r"\d", text):
        return None
    return text


def _titles(outline: PlanOutline) -> dict[str, str]:
    return {**outline.strategic_goals, **outline.performance_goals, **outline.tasks}


def _pair(
    builder: GraphBuilder,
    blocks: list[SystemBlock],
    tables: list[DetailTable],
    outline: PlanOutline,
) -> list[Owner]:
    """Pair system-table owners with detail tables in order, goals and tasks apart."""
    owners: list[Owner] = []
    for kinds, table_kind in ((("strategic", "performance"), "goal"), (("task",), "task")):
        mine = [b for b in blocks if b.level in kinds]
        theirs = [t for t in tables if t.kind == table_kind]
        if len(mine) != len(theirs):
            builder.finding(
                "indicator-table-count",
                f"{len(mine)} {table_kind} owners in the system tables but {len(theirs)} "
                f"{table_kind} indicator tables; the surplus is left unpaired",
                line=(theirs or mine)[0].heading_line if (theirs or mine) else None,
            )
        for i, block in enumerate(mine):
            table = theirs[i] if i < len(theirs) else None
            owners.append(Owner(block, table))
            if table and table_kind == "task" and outline.task_sections:
                section = outline.task_at(table.header_line)
                if section and section.code != block.code:
                    builder.finding(
                        "indicator-table-owner",
                        f"the indicator table at line {table.header_line} follows the plan of "
                        f"task {section.code} but is the {i + 1}th task table, which the system "
                        f"table assigns to {block.code}; kept as {block.code}",
                        line=table.header_line,
                        lines=[block.heading_line],
                        about=[iri.task(block.code), iri.task(section.code)],
                    )
    return owners


def parse_indicators(builder: GraphBuilder, outline: PlanOutline) -> None:
    """Emit every indicator of every goal and task, with names, weights and yearly values."""
    lines = list(builder.lines)
    tables = find_detail_tables(lines)
    blocks = [b for system in find_system_tables(lines) for b in system]
    titles = _titles(outline)
    counted: Counter = Counter()
    per_goal: Counter = Counter()
    unlisted: dict[str, list[str]] = {}
    listed: list[tuple[Owner, list[Listed]]] = []
    for owner in _pair(builder, blocks, tables, outline):
        nodes, extra_rows = _emit_owner(builder, owner, titles.get(owner.block.code))
        listed.append((owner, nodes))
        counted[owner.block.level] += len(nodes)
        per_goal[(owner.block.code.split("-")[0], owner.block.level)] += len(nodes)
        unlisted.setdefault(owner.block.level, []).extend(extra_rows)
    _check_counts(builder, lines, counted, per_goal, unlisted)
    _appendix_names(builder, lines, listed)


def _emit_owner(
    builder: GraphBuilder, owner: Owner, title: str | None
) -> tuple[list[Listed], list[str]]:
    """Emit one owner's indicators; returns the ones the system table lists (node, names,
    target), and the ones only one of the two tables has (as "code/n at line (which)")."""
    block, table = owner.block, owner.table
    rows = table.rows if table else []
    targets = [[(line, strip_row_text(p)) for line, p in r.before] for r in rows]
    names, extra = align_system_names(block.units, targets, title)
    for line, problem in table.problems if table else ():
        builder.finding(
            "indicator-table", f"{block.code}: {problem}", line=line, about=[owner.node]
        )
    if table is None or not rows:
        builder.finding(
            "indicator-missing-values",
            f"{block.code}: no indicator row with yearly values was found in its indicator table",
            line=table.header_line if table else block.heading_line,
            about=[owner.node],
        )
    for detail_row, named in zip(rows, names, strict=False):
        row_extras(detail_row)
        if named:
            detail_name(detail_row, named[0])
        else:
            paragraph_name(detail_row)
    # the system table's order numbers the indicators; rows it does not list come last
    items: list[tuple[int, DetailRow | None, tuple[str, tuple[int, int]] | None]] = sorted(
        [(named[1][0], row, named) for row, named in zip(rows, names, strict=False) if named]
        + [(lines[0], None, (name, lines)) for name, lines in extra],
        key=lambda item: item[0],
    )
    items += [(0, row, None) for row, named in zip(rows, names, strict=False) if not named]
    listed: list[Listed] = []
    unlisted: list[str] = []
    for n, (_, row, named) in enumerate(items, 1):
        if row is None:
            assert named is not None  # a name the system table alone lists
            node = _indicator_node(builder, owner, n, named[0], named[1])
            listed.append(Listed(node, [named[0]], None))
            unlisted.append(f"{block.code}/{n} at line {named[1][0]} (system table only)")
            builder.finding(
                "indicator-not-in-detail-table",
                f"{block.code}: the system table lists “{named[0]}”, which has no "
                "row in the indicator table; kept among the owner's indicators "
                "without values",
                line=named[1][0],
                about=[node],
            )
            continue
        node = _emit_indicator(builder, owner, n, row, named)
        if named:
            target = next((v for v in row.values if v.kind == "target"), None)
            listed.append(Listed(node, [named[0]] + ([row.name] if row.name else []), target))
        else:
            unlisted.append(f"{block.code}/{n} at line {row.value_lines[0]} (indicator table only)")
    _check_weights(builder, owner, rows)
    return listed, unlisted


def _indicator_node(
    builder: GraphBuilder,
    owner: Owner,
    n: int,
    label: str | None,
    lines: tuple[int, int],
    listed: bool = True,
) -> NamedNode:
    """The indicator node; only one the system table lists is among its owner's indicators
    (``pk:hasIndicator``); a row of the indicator table alone keeps ``pk:owner`` only."""
    node = iri.indicator(owner.block.code, n)
    builder.entity(node, PK.PerformanceIndicator, lines=lines, label=label)
    builder.add(node, PK.ordinal, integer(n))
    builder.link(node, PK.owner, owner.node, lines=lines)
    if listed:
        builder.link(owner.node, PK.hasIndicator, node, lines=lines)
    unit = name_unit(label) if label else None
    if unit:
        builder.link(node, PK.unit, Literal(unit), lines=lines)
    return node


def _emit_indicator(
    builder: GraphBuilder,
    owner: Owner,
    n: int,
    row: DetailRow,
    named: tuple[str, tuple[int, int]] | None,
) -> NamedNode:
    code = owner.block.code
    detail_lines = row.name_lines or row.value_lines
    if named:
        node = _indicator_node(builder, owner, n, named[0], named[1])
        builder.derived(node, detail_lines)
        if row.name and compare_key(row.name) != compare_key(named[0]):
            builder.alt_label(node, row.name, detail_lines)
            builder.finding(
                "indicator-name-variant",
                f"{code} indicator {n}: “{named[0]}” in the system table, "
                f"“{row.name}” in the indicator table",
                line=named[1][0],
                severity="info",
                lines=[detail_lines[0]],
                about=[node],
            )
    else:
        name = row.name
        node = _indicator_node(builder, owner, n, name or None, detail_lines, listed=False)
        builder.finding(
            "indicator-not-in-system-table",
            f"{code} indicator {n} “{name}” has a row in the indicator table but the "
            "system table does not list it; kept with its owner (pk:owner) but not "
            "counted among the owner's indicators (no pk:hasIndicator)",
            line=detail_lines[0],
            about=[node],
        )
    if named and not name_unit(named[0]):
        unit = name_unit(row.name) or row.unit_note
        if unit:
            builder.link(node, PK.unit, Literal(unit), lines=detail_lines)
    if row.weight is not None and row.weight_line:
        builder.link(node, PK.weight, decimal(row.weight), lines=row.weight_line)
        if "." not in row.weight_text:
            builder.finding(
                "indicator-weight-misprinted",
                f"{code} indicator {n}: the weight is printed “{row.weight_text}”; "
                f"read as {row.weight}",
                line=row.weight_line,
                about=[node],
            )
    for value in row.values:
        _emit_value(builder, node, code, n, value)
    return node


def _emit_value(builder: GraphBuilder, node: NamedNode, code: str, n: int, value) -> None:
    v = iri.indicator_value(code, n, value.kind, value.year)
    builder.entity(v, PK.IndicatorValue, lines=value.line)
    builder.add(v, PK.fiscalYear, year(value.year))
    builder.add(v, PK.valueKind, Literal(value.kind))
    builder.add(v, PK.valueText, Literal(value.text))
    if value.number is not None:
        builder.add(v, PK.value, decimal(value.number))
    elif any(ch.isdigit() for ch in value.text):
        builder.finding(
            "indicator-value-unreadable",
            f"{code} indicator {n}: the {value.kind} for {value.year} is printed "
            f"“{value.text}”, which is not a number; kept as printed",
            line=value.line,
            about=[node],
        )
    builder.link(node, PK.indicatorValue, v, lines=value.line)


def _check_weights(builder: GraphBuilder, owner: Owner, rows: list[DetailRow]) -> None:
    weights = [r.weight for r in rows if r.weight is not None]
    if weights and sum(weights) != 1:
        builder.finding(
            "indicator-weights",
            f"{owner.block.code}: the weights printed for its indicators "
            f"({', '.join(str(w) for w in weights)}) add up to {sum(weights)}, not 1"
            + (
                ""
                if len(weights) == len(rows)
                else f"; {len(rows) - len(weights)} of {len(rows)} rows print none"
            ),
            line=min(r.weight_line for r in rows if r.weight_line),
            about=[owner.node],
        )


def _check_counts(
    builder: GraphBuilder,
    lines: list[str],
    counted: Counter,
    per_goal: Counter,
    unlisted: dict[str, list[str]],
) -> None:
    """Compare the indicators found with the counts the plan states about itself."""
    goal_order: list[str] = []
    for stated in stated_counts(lines):
        if stated.scope == "strategic-goal":
            if stated.level == "strategic":
                goal_order.append(_goal_at(lines, stated.line))
            found = per_goal[(goal_order[-1], stated.level)] if goal_order[-1] else None
            where = f"strategic goal {goal_order[-1]}"
        else:
            found = counted[stated.level]
            where = "the plan" if stated.scope == "plan" else "the appendix summary"
        if found is not None and found != stated.indicators:
            builder.finding(
                "indicator-count",
                f"{where} states {stated.indicators} {stated.level}-level "
                f"indicators; the system tables list {found}"
                + (
                    f"; in only one of the system and indicator tables: {', '.join(extra)}"
                    if (
                        extra := [
                            u
                            for u in unlisted.get(stated.level, [])
                            if stated.scope != "strategic-goal" or u.split("-")[0] == goal_order[-1]
                        ]
                    )
                    else ""
                ),
                line=stated.line,
            )


def _goal_at(lines: list[str], line: int) -> str:
    """The strategic goal code of the system table whose counts are on ``line``."""
    for text in lines[line : line + 12]:
        m = re.match(rf"\s*({ROMAN_GLYPH})\s*\.", text)
        if m:
            return ascii_code(m.group(1))
    return ""


def _appendix_names(
    builder: GraphBuilder, lines: list[str], listed: list[tuple[Owner, list[Listed]]]
) -> None:
    """Read each indicator's name in the appendix; another spelling becomes an altLabel."""
    found = appendix_owners(lines)
    if not found:
        return
    for level in ("strategic", "performance", "task"):
        mine = [(o, nodes) for o, nodes in listed if o.block.level == level]
        theirs = [a for a in found if a.level == level]
        if len(mine) != len(theirs):
            builder.finding(
                "indicator-appendix",
                f"the appendix lists {len(theirs)} {level}-level owners with "
                f"indicators, the system tables {len(mine)}; its names are not read",
                line=theirs[0].heading_line if theirs else None,
            )
            continue
        for (owner, nodes), app in zip(mine, theirs, strict=False):
            pairs = list(zip(nodes, app.entries, strict=False))
            if len(app.entries) != len(nodes):
                builder.finding(
                    "indicator-appendix",
                    f"{owner.block.code}: the appendix lists {len(app.entries)} "
                    f"indicators, the system table {len(nodes)}; entries are paired "
                    "with indicators by name",
                    line=app.heading_line,
                    about=[owner.node],
                )
                pairs = _pair_by_name(lines, nodes, app.entries, app.heading_line)
            for item, entry in pairs:
                _appendix_name(builder, lines, owner, item, entry, app.heading_line)
                _appendix_target(builder, lines, owner, item, entry)


def _pair_by_name(
    lines: list[str], nodes: list[Listed], entries: list[tuple[int, int]], heading_line: int
) -> list[tuple[Listed, tuple[int, int]]]:
    """Each entry with the indicator whose name it holds best, each indicator used once."""
    pairs, free = [], list(nodes)
    for entry in entries:
        scored = [
            (got[2], item)
            for item in free
            if (got := appendix_name(lines, entry, heading_line, item.names))
        ]
        if scored and max(scored, key=lambda x: x[0])[0] >= _APPENDIX_MATCH:
            item = max(scored, key=lambda x: x[0])[1]
            pairs.append((item, entry))
            free.remove(item)
    return pairs


def _appendix_target(
    builder: GraphBuilder, lines: list[str], owner: Owner, item: Listed, entry: tuple[int, int]
) -> None:
    """The appendix repeats each target: a different number is reported with both lines."""
    printed = appendix_target(lines[entry[1] - 1])
    number = parse_number(printed) if printed else None
    if number is None or item.target is None or item.target.number is None:
        return
    if number != item.target.number:
        builder.finding(
            "indicator-target-differs",
            f"{owner.block.code}: the target {item.target.year} is “{item.target.text}” "
            f"in the indicator table and “{printed}” in the appendix",
            line=item.target.line,
            lines=[entry[1]],
            about=[item.node],
        )


def _appendix_name(
    builder: GraphBuilder,
    lines: list[str],
    owner: Owner,
    item: Listed,
    entry: tuple[int, int],
    heading_line: int,
) -> None:
    node, names = item.node, item.names
    got = appendix_name(lines, entry, heading_line, names)
    if got is None or got[2] < _APPENDIX_MATCH:
        closest = f"; closest: “{got[0]}”" if got else ""
        builder.finding(
            "indicator-appendix",
            f"{owner.block.code}: its appendix entry does not name “{names[0]}”"
            f"{closest}; the appendix name is not recorded",
            line=entry[0],
            lines=[entry[1]],
            about=[node],
        )
        return
    text, span, _ = got
    builder.derived(node, span)
    if compare_key(text) not in {compare_key(n) for n in names}:
        builder.alt_label(node, text, span)
        builder.finding(
            "indicator-name-variant",
            f"{owner.block.code}: “{names[0]}” in the system table, “{text}” in the appendix",
            line=span[0],
            severity="info",
            about=[node],
        )
