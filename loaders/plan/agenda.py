"""National agenda links of a performance plan, from both copies of its "국정목표 연계" table.

Each task's link cells (read by :mod:`.linkage`) become ``pk:supportsAgenda`` links to tasks
of the national agenda list as a SKOS scheme, ``pk:supportsLivelihoodTask`` links to 민생과제 and
``pk:supportsWorkplanItem`` links to items of the ministry's work plan, each with its own lines.
An agenda task takes the title most often printed for its code; other printings become
``skos:altLabel``; a sub-task printed with its parent's title is reported, not believed. Where
the two copies of the table disagree, both readings stay and the difference is a finding.

The table prints no year: its codes are tasks of the agenda list in force on the plan's date
(``outline.context.on_date``, the curated ``readers.agenda.AGENDA_LISTS``); a code beyond that
list's size is reported. A plan whose date is not readable, or is before every curated list, gets no
agenda links and one ``agenda-list-unknown`` finding at the table's first row; its 민생과제 and
업무계획 links do not depend on the list and are kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pyoxigraph import NamedNode

from policykg.loaders.plan.linkage import Cell, Row
from policykg.loaders.plan.outline import PlanOutline
from policykg.loaders.readers.agenda import AgendaList, agenda_list_on, write_scheme
from policykg.model import iri
from policykg.model.records import GraphBuilder, ko
from policykg.model.text import compare_key
from policykg.model.vocab import PK, RDF, RDFS, SKOS

LINKS = {
    "agenda": PK.supportsAgenda,
    "livelihood": PK.supportsLivelihoodTask,
    "workplan": PK.supportsWorkplanItem,
}


@dataclass(frozen=True)
class Printing:
    """One printing of an agenda code: the title beside it, the task row and the lines."""

    code: str
    title: str
    task: str
    lines: tuple[int, int]


def parse_agenda(builder: GraphBuilder, outline: PlanOutline) -> None:
    """Emit the agenda scheme, its tasks and every task's links from both table copies."""
    copies = [rows for rows in (outline.linkage_rows, outline.appendix_rows) if rows]
    if not copies:
        return
    head = copies[0][0].line
    agenda = _agenda_list(builder, outline, copies, head)
    printings: list[Printing] = []
    for rows in copies:
        for row in rows:
            if row.level != 3:
                continue
            for cell in row.cells:
                _link(builder, agenda, row, cell, printings)
    if agenda:
        _agenda_nodes(builder, agenda.year, write_scheme(builder, agenda.year, head), printings)
    if len(copies) == 2:
        compare_copies(builder, *copies)


def _agenda_list(
    b: GraphBuilder, outline: PlanOutline, copies: list[list[Row]], head: int
) -> AgendaList | None:
    """The agenda list in force on the plan's date; without one, a finding at the table's head."""
    on = outline.context.on_date
    agenda = agenda_list_on(on)
    codes = {
        code
        for rows in copies
        for row in rows
        if row.level == 3
        for cell in row.cells
        if cell.kind == "agenda"
        for code in cell.codes
    }
    if agenda is None and codes:
        why = (
            f"the plan's date {on.isoformat()} is before every curated agenda list"
            if on
            else "the plan's date is not readable"
        )
        b.finding(
            "agenda-list-unknown",
            f"{why}, so the agenda codes of its linkage table "
            f"({', '.join(sorted(codes, key=_order))}) name no list; not linked",
            line=head,
        )
    return agenda


def _link(
    b: GraphBuilder, agenda: AgendaList | None, row: Row, cell: Cell, printings: list[Printing]
) -> None:
    task = iri.task(row.code)
    for code in cell.codes:
        if cell.kind == "agenda":
            if agenda is None:
                continue
            target = iri.agenda_task(agenda.year, code)
            printings.append(Printing(code, cell.title, row.code, cell.lines))
            _code_findings(b, agenda, row, cell, code)
        elif cell.kind == "livelihood":
            target = _concept(b, iri.livelihood_task(code), PK.LivelihoodTask, code, cell)
        else:
            target = _concept(b, iri.workplan_item(code), PK.WorkplanItem, code, cell)
        b.link(task, LINKS[cell.kind], target, lines=cell.lines)


def _concept(b: GraphBuilder, node: NamedNode, cls: NamedNode, code: str, cell: Cell) -> NamedNode:
    b.entity(node, cls, lines=cell.lines, code=code)
    b.add(node, RDF.type, SKOS.Concept)
    return node


def _code_findings(b: GraphBuilder, agenda: AgendaList, row: Row, cell: Cell, code: str) -> None:
    printed = cell.printed
    about = [iri.task(row.code)]

    def info(kind: str, message: str) -> None:
        b.finding(kind, message, line=cell.lines[1], severity="info", about=about)

    if "국정" not in printed:
        info(
            "agenda-code-bare",
            f"agenda code {printed} of task {row.code} is printed "
            f"without '국정'; read as agenda task {code}",
        )
    if cell.extra_bracket:
        info(
            "agenda-code-bracket",
            f"agenda code {printed} of task {row.code} has an extra closing bracket",
        )
    if any(part.startswith("0") for part in printed.strip("()").split()[-1].split("-")):
        info(
            "agenda-code-padded",
            f"agenda code {printed} of task {row.code} is zero-padded; read as {code}",
        )
    if int(code.split("-")[0]) > agenda.tasks:
        b.finding(
            "agenda-code-range",
            f"agenda code {code} of task {row.code} is beyond the "
            f"{agenda.tasks} tasks of the {agenda.year} list",
            line=cell.lines[1],
        )


def _agenda_nodes(b: GraphBuilder, year: int, scheme: NamedNode, printings: list[Printing]) -> None:
    """Agenda tasks and sub-tasks with their printed titles, parents and provenance."""
    by_code: dict[str, list[Printing]] = {}
    for p in printings:
        by_code.setdefault(p.code, []).append(p)
    for code in sorted({c.split("-")[0] for c in by_code} - set(by_code), key=_order):
        child = next(p for c, ps in by_code.items() if c.split("-")[0] == code for p in ps)
        _agenda_node(b, year, scheme, code, child.lines)
    parent_titles = {
        code: {compare_key(p.title) for p in ps if p.title}
        for code, ps in by_code.items()
        if "-" not in code
    }
    for code in sorted(by_code, key=_order):
        ps = by_code[code]
        node = _agenda_node(b, year, scheme, code, ps[0].lines)
        parent = code.split("-")[0]
        theirs = parent_titles.get(parent, set()) if parent != code else set()
        own = [p for p in ps if p.title and compare_key(p.title) not in theirs]
        for p in ps:
            if p.title and p not in own:
                b.finding(
                    "agenda-parent-title",
                    f"task {p.task} prints agenda sub-task {code} "
                    f"with the title of agenda task {parent} ('{p.title}'); kept as an "
                    "alternative label only",
                    line=p.lines[0],
                    lines=[p.lines[1]],
                    about=[node],
                )
        counts = Counter(compare_key(p.title) for p in own)
        label = max(own, key=lambda p: (counts[compare_key(p.title)], -own.index(p)), default=None)
        if label:
            b.add(node, RDFS.label, ko(label.title))
        for p in ps:
            if p.title and (label is None or p.title != label.title):
                b.alt_label(node, p.title, p.lines)


def _order(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("-"))


def _agenda_node(
    b: GraphBuilder, year: int, scheme: NamedNode, code: str, lines: tuple[int, int]
) -> NamedNode:
    node = iri.agenda_task(year, code)
    b.entity(node, PK.NationalAgendaTask, lines=lines, code=code)
    b.add(node, RDF.type, SKOS.Concept)
    b.add(node, SKOS.inScheme, scheme)
    if "-" in code:
        b.add(node, SKOS.broader, iri.agenda_task(year, code.rsplit("-", 1)[0]))
    else:
        b.add(scheme, SKOS.hasTopConcept, node)
    return node


def _reading(row: Row) -> dict[tuple[str, str], tuple[str, tuple[int, int]]]:
    return {(c.kind, code): (c.title, c.lines) for c in row.cells for code in c.codes}


def compare_copies(b: GraphBuilder, first: list[Row], second: list[Row]) -> None:
    """Report every difference between the two copies of the linkage table, with both lines."""
    other = {r.code: r for r in second}
    for row in first:
        twin = other.pop(row.code, None)
        if twin is None:
            b.finding(
                "linkage-copies-differ",
                f"{row.code} is in the linkage table but not in its appendix copy",
                line=row.line,
            )
            continue
        if compare_key(row.title) != compare_key(twin.title):
            b.finding(
                "linkage-copies-differ",
                f"{row.code} is titled '{row.title}' in the "
                f"linkage table and '{twin.title}' in its appendix copy",
                line=row.line,
                lines=[twin.line],
            )
        mine, theirs = _reading(row), _reading(twin)
        for key in sorted(set(mine) | set(theirs)):
            kind, code = key
            if key not in theirs or key not in mine:
                where, absent = (
                    (mine, "appendix copy") if key in mine else (theirs, "linkage table")
                )
                b.finding(
                    "linkage-copies-differ",
                    f"task {row.code}'s {kind} link {code} is missing from the {absent}",
                    line=where[key][1][0],
                    lines=[row.line, twin.line],
                )
            elif compare_key(mine[key][0]) != compare_key(theirs[key][0]):
                b.finding(
                    "linkage-copies-differ",
                    f"task {row.code} prints {kind} {code} as "
                    f"'{mine[key][0]}' and, in the appendix copy, '{theirs[key][0]}'",
                    line=mine[key][1][0],
                    lines=[theirs[key][1][0]],
                )
    for code, twin in other.items():
        b.finding(
            "linkage-copies-differ",
            f"{code} is only in the appendix copy of the linkage table",
            line=twin.line,
        )
