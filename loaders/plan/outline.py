"""The outline of a performance plan: its parts, goals and the line range of every task's plan.

The linkage table "국정목표 연계 (과제명 및 과제코드)" is the plan's own list of its strategic
goals, performance goals and management tasks (codes, titles, order). The detailed part ("세부
추진계획") repeats every goal and task as a heading; its headings are matched to the list by order,
title and code (:func:`.detail.align`), which fixes the line range of each task's plan. Every
disagreement between the two (a wrong code, a missing heading, another title) is a finding.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from policykg.loaders.plan import detail as detail
from policykg.loaders.plan.context import PlanContext, plan_context
from policykg.loaders.plan.linkage import (
    Row,
    apply_split,
    choose_split,
    parse_rows,
    settle_by_agenda_titles,
    similarity,
)
from policykg.loaders.plan.variants import printed_titles
from policykg.model import iri
from policykg.model.errors import SourceParseError
from policykg.model.numbering import ROMAN_GLYPH
from policykg.model.records import GraphBuilder
from policykg.model.text import nfc
from policykg.model.vocab import PK

PART_HEAD = re.compile(rf"^\s*(?:{ROMAN_GLYPH}\s{{2,}}|붙임\s*\d+(?:-\d+)?\s+)(?P<title>\S.*)$")
PARTS = (
    ("results", re.compile(r"정책\s*성과")),
    ("overview", re.compile(r"일반\s*현황")),
    ("details", re.compile(r"세부\s*추진\s*계획")),
    ("cooperation", re.compile(r"협업\s*과제")),
    ("feedback", re.compile(r"환류")),
    ("indicator_appendix", re.compile(r"성과지표\s*현황")),
    ("linkage_appendix", re.compile(r"연계\s*현황")),
)
SUBPARTS = (
    ("organisation", re.compile(r"^\s*\d\.\s*.*일반\s*현황")),
    ("plan_overview", re.compile(r"^\s*\d\.\s*.*시행계획\s*개요")),
    ("goal_system", re.compile(r"^\s*\(\d\)\s*.*목표\s*체계")),
    ("linkage", re.compile(r"^\s*\(\d\)\s*목표\s*및\s*과제\s*현황")),
)
TABLE_HEAD = re.compile(r"국정목표\s*연계")
COUNTS = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$")
LEVELS = {1: "strategic goal", 2: "performance goal", 3: "management task"}


@dataclass(frozen=True)
class TaskSection:
    """The detailed plan of one management task: lines ``start``..``end`` (inclusive).

    ``heading_line`` is the line with the task's code in the detailed part, or the first line of
    the plan when the plan has no heading (``has_heading`` is then false).
    """

    code: str
    title: str
    heading_line: int
    start: int
    end: int
    has_heading: bool = True


@dataclass
class PlanOutline:
    """What the section parsers of a plan share.

    ``parts`` maps a part name (``linkage``, ``linkage_appendix``, ``details``, ``cooperation``,
    ``organisation``, ``details:I``, ``details:I-1``, ...) to its inclusive line range. ``tasks``
    maps a task code to its title; ``parents`` a goal or task code to its parent's code.
    ``linkage_rows`` and ``appendix_rows`` are the rows of the two copies of the linkage table.
    """

    lines: list[str]
    parts: dict[str, tuple[int, int]] = field(default_factory=dict)
    strategic_goals: dict[str, str] = field(default_factory=dict)
    performance_goals: dict[str, str] = field(default_factory=dict)
    tasks: dict[str, str] = field(default_factory=dict)
    task_sections: list[TaskSection] = field(default_factory=list)
    parents: dict[str, str] = field(default_factory=dict)
    linkage_rows: list[Row] = field(default_factory=list)
    appendix_rows: list[Row] = field(default_factory=list)

    @cached_property
    def context(self) -> PlanContext:
        """The plan's owner and date, read once from its lines."""
        return plan_context(self.lines)

    @cached_property
    def text(self) -> str:
        """The lines joined by line breaks."""
        return "\n".join(self.lines)

    @cached_property
    def _line_starts(self) -> list[int]:
        return list(accumulate((len(line) + 1 for line in self.lines[:-1]), initial=0))

    def line_at(self, offset: int) -> int:
        """The (1-based) line of a character ``offset`` in :attr:`text`."""
        return bisect_right(self._line_starts, offset)

    def task_at(self, line: int) -> TaskSection | None:
        """The task section containing ``line``, if any."""
        starts = [s.start for s in self.task_sections]
        i = bisect_right(starts, line) - 1
        if i >= 0 and self.task_sections[i].start <= line <= self.task_sections[i].end:
            return self.task_sections[i]
        return None

    def node(self, code: str):
        """The IRI of a goal or task of this plan from its code."""
        return iri.task(code) if code in self.tasks else iri.goal(code)


def variant_key(title: str) -> str:
    """Titles that differ only in spacing or a final full stop are one title."""
    return re.sub(r"\s+", "", nfc(title)).rstrip(".")


def find_parts(lines: list[str]) -> dict[str, tuple[int, int]]:
    """The numbered parts of the plan and the sub-parts of its overview, by their headings."""
    heads: list[tuple[int, str]] = []
    for n, raw in enumerate(lines, 1):
        m = PART_HEAD.match(raw)
        if m:
            name = next((k for k, p in PARTS if p.search(m.group("title"))), None)
            if name and name not in dict(heads).values():
                heads.append((n, name))
    parts = _ranges(heads, len(lines))
    if "overview" in parts:
        a, b = parts["overview"]
        subs: list[tuple[int, str]] = []
        for n in range(a, b + 1):
            name = next((k for k, p in SUBPARTS if p.match(lines[n - 1])), None)
            if name and name not in dict(subs).values():
                subs.append((n, name))
        sub = _ranges(subs, b)
        parts.update(sub)
        if "organisation" in sub:
            parts["organisation"] = (a, sub["organisation"][1])
    return parts


def _ranges(heads: list[tuple[int, str]], last: int) -> dict[str, tuple[int, int]]:
    out = {}
    for i, (n, name) in enumerate(heads):
        out[name] = (n, heads[i + 1][0] - 1 if i + 1 < len(heads) else last)
    return out


def parse_outline(builder: GraphBuilder) -> PlanOutline:
    """Read the parts, goals, tasks and task sections of a plan and emit the goal hierarchy."""
    lines = list(builder.lines)
    outline = PlanOutline(lines, find_parts(lines))
    for required, heading in (("linkage", "국정목표 연계"), ("details", "세부 추진계획")):
        if required not in outline.parts:
            raise SourceParseError(
                builder.source.stem,
                len(lines),
                f"the document ends (line {len(lines)}) without the plan's "
                f"'{heading}' part: truncated, or not a performance plan",
                lines[-1] if lines else "",
            )
    outline.linkage_rows = _table_rows(outline, "linkage")
    _check_counts(builder, outline)
    heads, stray = _task_headings(builder, outline)
    _fix_task_titles(builder, outline.linkage_rows, heads, {})
    if "linkage_appendix" in outline.parts:
        outline.appendix_rows = _table_rows(outline, "linkage_appendix")
        main = {r.code: r.title for r in outline.linkage_rows}
        _fix_task_titles(builder, outline.appendix_rows, heads, main)
    else:
        builder.finding(
            "missing-part",
            "the appendix copy of the linkage table (붙임 연계 현황) "
            "was not found; links are read from the first copy only",
            line=None,
        )
    for row in settle_by_agenda_titles(outline.linkage_rows + outline.appendix_rows):
        builder.finding(
            "title-settled",
            f"the title of task {row.code} ends on line "
            f"{row.lines[1]} ('{row.title}'): the rest of the cell only repeats an "
            "agenda title printed elsewhere",
            line=row.line,
            lines=[row.lines[1]],
            severity="info",
            about=[iri.task(row.code)],
        )
    _hierarchy(builder, outline)
    goal_heads = _goal_headings(builder, outline)
    _sections(builder, outline, heads, goal_heads)
    _stray_findings(builder, outline, stray)
    _emit(builder, outline, heads, goal_heads)
    return outline


def _table_rows(outline: PlanOutline, part: str) -> list[Row]:
    a, b = outline.parts[part]
    start = next((n for n in range(a, b + 1) if TABLE_HEAD.search(outline.lines[n - 1])), a)
    return parse_rows(outline.lines, start, b)


def _check_counts(b: GraphBuilder, outline: PlanOutline) -> None:
    """Compare the goals and tasks found with the counts the plan declares for itself."""
    a, z = outline.parts["linkage"]
    for n in range(a, z + 1):
        m = COUNTS.match(outline.lines[n - 1])
        if m:
            declared = dict(zip((1, 2, 3), map(int, m.group(1, 3, 5)), strict=False))
            for level, count in declared.items():
                found = sum(1 for r in outline.linkage_rows if r.level == level)
                if found != count:
                    b.finding(
                        "count-mismatch",
                        f"the plan declares {count} {LEVELS[level]}s "
                        f"but the linkage table lists {found}",
                        line=n,
                        severity="error",
                    )
            return


def _task_headings(
    b: GraphBuilder, outline: PlanOutline
) -> tuple[dict[str, detail.Heading], list[detail.Heading]]:
    """Task headings of the detailed part matched to the table's tasks, and the stray ones."""
    start, end = outline.parts["details"]
    found, stray = detail.task_headings(outline.lines, start, end)
    rows = [r for r in outline.linkage_rows if r.level == 3]
    expected = [
        (r.code, [s.title for s in r.splits if s.kind != "word"] or [r.title]) for r in rows
    ]
    matched = detail.align(found, expected)
    out: dict[str, detail.Heading] = {}
    for i, h in enumerate(found):
        if i not in matched:
            if h.opens:
                b.finding(
                    "unmatched-heading",
                    f"task heading '{h.title}' ({h.printed_code}) "
                    "matches no task of the linkage table; ignored",
                    line=h.line,
                )
            else:
                stray.append(h)
            continue
        code = rows[matched[i]].code
        out[code] = h
        _heading_findings(b, h, code, "task")
        if not h.opens:
            b.finding(
                "plan-without-background",
                f"the plan of task {code} starts without its opening block (□ 추진배경)",
                line=h.line,
                severity="info",
                about=[iri.task(code)],
            )
    return out, stray


def _stray_findings(b: GraphBuilder, outline: PlanOutline, stray: list[detail.Heading]) -> None:
    for h in stray:
        inside = outline.task_at(h.line)
        where = f"task {inside.code}'s plan" if inside else "the detailed part"
        other = (
            f"; its code {h.printed_code} is not {inside.code}"
            if inside and inside.code != h.code
            else ""
        )
        b.finding(
            "repeated-heading",
            f"'{h.title}({h.printed_code})' inside {where} looks "
            f"like a task heading but no plan follows it; not read as a heading{other}",
            line=h.line,
            severity="info",
            about=[iri.task(inside.code)] if inside else [],
        )


def _heading_findings(b: GraphBuilder, h: detail.Heading, code: str, what: str) -> None:
    node = iri.task(code) if what == "task" else iri.goal(code)
    if h.code != code:
        b.finding(
            "heading-code-mismatch",
            f"the {what} heading prints code {h.printed_code} "
            f"but its place and title make it {what} {code}; read as {code}",
            line=h.line,
            about=[node],
        )
    elif detail.is_latin(h.printed_code):
        b.finding(
            "heading-code-script",
            f"the {what} code {h.printed_code} is printed in Latin letters; read as {code}",
            line=h.line,
            severity="info",
            about=[node],
        )
    if not h.closed:
        b.finding(
            "heading-code-bracket",
            f"the {what} code ({h.printed_code} lacks its closing bracket",
            line=h.line,
            severity="info",
            about=[node],
        )
    if h.prefix:
        b.finding(
            "heading-prefix",
            f"the {what} heading starts with a stray '{h.prefix}'",
            line=h.line,
            severity="info",
            about=[node],
        )


def _fix_task_titles(
    b: GraphBuilder, rows: list[Row], heads: dict[str, detail.Heading], main: dict[str, str]
) -> None:
    """Decide where each task title ends, using the task's heading and the other table copy."""
    for row in rows:
        if row.level != 3:
            continue
        refs = [
            t
            for t in (main.get(row.code), heads[row.code].title if row.code in heads else None)
            if t
        ]
        apply_split(row, choose_split(row, refs))
        if row.leftover and refs:
            joined = row.title + " " + " ".join(p.text for p in row.leftover)
            if max(similarity(joined, r) for r in refs) > max(
                similarity(row.title, r) for r in refs
            ):
                b.finding(
                    "title-continued",
                    f"the title of task {row.code} continues after its "
                    f"link cells ('{row.leftover[0].text}'); joined",
                    line=row.leftover[0].line,
                    lines=[row.line],
                    severity="info",
                )
                row.title = joined
                row.lines = (row.line, row.leftover[-1].line)
                row.leftover = []
        for p in row.leftover:
            b.finding(
                "unread-text",
                f"text '{p.text}' in the row of task {row.code} is neither "
                "its title nor a link; skipped",
                line=p.line,
            )


def _hierarchy(b: GraphBuilder, outline: PlanOutline) -> None:
    """Goals and tasks with their parents, from the order of the linkage table."""
    parent: dict[int, str] = {}
    for row in outline.linkage_rows:
        target = {1: outline.strategic_goals, 2: outline.performance_goals, 3: outline.tasks}
        if row.code in target[row.level]:
            b.finding(
                "duplicate-code",
                f"{LEVELS[row.level]} {row.code} is listed twice",
                line=row.line,
                severity="error",
            )
            continue
        target[row.level][row.code] = row.title
        parent[row.level] = row.code
        if row.level > 1:
            up = parent.get(row.level - 1)
            if up is None or not row.code.startswith(up + "-"):
                b.finding(
                    "code-out-of-place",
                    f"{LEVELS[row.level]} {row.code} is listed under {up}",
                    line=row.line,
                )
            if up is not None:
                outline.parents[row.code] = up


def _goal_headings(b: GraphBuilder, outline: PlanOutline) -> dict[str, detail.Heading]:
    """Strategic and performance goal headings of the detailed part, matched by title and code."""
    start, end = outline.parts["details"]
    out: dict[str, detail.Heading] = {}
    for pattern, goals in (
        (detail.STRAT_HEAD, outline.strategic_goals),
        (detail.PERF_HEAD, outline.performance_goals),
    ):
        found = detail.goal_headings(outline.lines, start, end, pattern)
        expected = [(c, [t]) for c, t in goals.items()]
        matched = detail.align(found, expected)
        what = "strategic goal" if pattern is detail.STRAT_HEAD else "performance goal"
        for i, h in enumerate(found):
            if i in matched:
                code = expected[matched[i]][0]
                out[code] = h
                _heading_findings(b, h, code, what)
                continue
            # a goal printed twice (the part's cover and its first page): a second heading
            best = max(expected, key=lambda e: detail.match_score(h, e), default=None)
            if best and detail.match_score(h, best) >= detail.MATCH_FLOOR:
                out.setdefault(best[0] + "#2", h)
    return out


def _sections(
    b: GraphBuilder,
    outline: PlanOutline,
    heads: dict[str, detail.Heading],
    goal_heads: dict[str, detail.Heading],
) -> None:
    """The line range of every task's plan, and of every goal's part of the detailed part."""
    start, end = outline.parts["details"]
    if not heads:
        b.finding(
            "no-task-plans",
            "the detailed part has no task headings: no task section could be placed",
            line=start,
            severity="error",
        )
        return
    starts = _task_starts(b, outline, heads, goal_heads)
    goal_starts = sorted(h.start for h in goal_heads.values())
    bounds = sorted({s for s, _ in starts.values()} | set(goal_starts) | {end + 1})
    for code, (first, has) in starts.items():
        stop = bounds[bisect_right(bounds, first)] - 1
        line = heads[code].line if has else first
        outline.task_sections.append(TaskSection(code, outline.tasks[code], line, first, stop, has))
    outline.task_sections.sort(key=lambda s: s.start)
    task_starts = sorted(s for s, _ in starts.values())
    for code, h in goal_heads.items():
        if "#" in code:
            continue
        if code in outline.performance_goals:
            nxt = [s for s in task_starts + goal_starts + [end + 1] if s > h.start]
            plans = detail.subsection(outline.lines, h.start, min(nxt) - 1, detail.TASK_PLANS)
            nxt += [plans] if plans else []
        else:
            nxt = [s for s in goal_starts if s > h.start and _is_strategic(goal_heads, s)]
            nxt.append(end + 1)
        outline.parts[f"details:{code}"] = (h.start, min(nxt) - 1)


def _task_starts(
    b: GraphBuilder,
    outline: PlanOutline,
    heads: dict[str, detail.Heading],
    goal_heads: dict[str, detail.Heading],
) -> dict[str, tuple[int, bool]]:
    """Where each task's plan starts (and whether at a heading), in the order of the table.

    A task without a heading starts at the first plan block after its performance goal's
    heading, if that lies between the plans around it, else after the previous plan's
    "□ 주요내용 및 추진계획" block.
    """
    start, end = outline.parts["details"]
    known: dict[str, tuple[int, bool]] = {c: (h.start, True) for c, h in heads.items()}
    codes = list(outline.tasks)
    out: dict[str, tuple[int, bool]] = {}
    for i, code in enumerate(codes):
        if code in known:
            out[code] = known[code]
            continue
        lo = max([out[c][0] for c in codes[:i] if c in out] + [start])
        hi = min([known[c][0] for c in codes[i + 1 :] if c in known] + [end + 1]) - 1
        pg = goal_heads.get(outline.parents.get(code, ""))
        after_plan, after = True, lo
        if pg and lo < pg.start <= hi:
            after_plan, after = False, pg.start
        first = detail.plan_start(outline.lines, after + 1, hi, after_plan)
        if first is None:
            b.finding(
                "task-plan-missing",
                f"no plan of task {code} was found in the detailed part (lines {lo}-{hi})",
                line=lo,
                severity="error",
                about=[iri.task(code)],
            )
            continue
        out[code] = (first, False)
        b.finding(
            "task-without-heading",
            f"the plan of task {code} has no heading line; it is "
            f"taken to start at its first block (line {first}), after the plan before it",
            line=first,
            about=[iri.task(code)],
        )
    return out


def _is_strategic(goal_heads: dict[str, detail.Heading], line: int) -> bool:
    return any(
        h.start == line and "-" not in code and "#" not in code for code, h in goal_heads.items()
    )


def _emit(
    b: GraphBuilder,
    outline: PlanOutline,
    heads: dict[str, detail.Heading],
    goal_heads: dict[str, detail.Heading],
) -> None:
    """The plan, its goals and tasks with codes, titles, containment and provenance."""
    plan = iri.plan()
    a, _ = outline.parts.get("plan_overview", outline.parts["linkage"])
    b.entity(plan, PK.PerformancePlan, lines=(a, a))
    b.link(b.doc, PK.describes, plan, lines=(a, a))
    classes = {1: PK.StrategicGoal, 2: PK.PerformanceGoal, 3: PK.ManagementTask}
    variants = _variants(b, outline, heads, goal_heads)
    for row in outline.linkage_rows:
        code = row.code
        node = outline.node(code)
        label = _label(b, outline, row, goal_heads.get(code))
        b.entity(node, classes[row.level], lines=row.lines, label=label, code=code)
        b.link(
            node,
            PK.partOf,
            outline.node(outline.parents[code]) if code in outline.parents else plan,
            lines=row.lines,
        )
        printed: dict[str, str] = {variant_key(label): label}
        for title, lines in variants.get(code, []):
            key = variant_key(title)
            if key != variant_key(label):
                b.alt_label(node, printed.setdefault(key, title), lines)


def _label(b: GraphBuilder, outline: PlanOutline, row: Row, heading: detail.Heading | None) -> str:
    """The label of a goal or task: its linkage-table title, unless that repeats its parent's."""
    parent_title = outline.strategic_goals.get(outline.parents.get(row.code, ""), None)
    if row.level != 2 or not parent_title or variant_key(row.title) != variant_key(parent_title):
        return row.title
    better = heading if heading and heading.title else None
    b.finding(
        "goal-title-repeats-parent",
        f"the linkage table gives performance goal "
        f"{row.code} the title of its strategic goal; "
        + (
            f"the title is taken from its heading (line {better.line})"
            if better
            else "no other title was found"
        ),
        line=row.line,
        lines=[better.line] if better else [],
        about=[outline.node(row.code)],
    )
    if better:
        outline.performance_goals[row.code] = better.title
        return better.title
    return row.title


def _closest(title: str, titles: list[str]) -> float:
    return max((similarity(title, t) for t in titles), default=0.0)


def _variants(
    b: GraphBuilder,
    outline: PlanOutline,
    heads: dict[str, detail.Heading],
    goal_heads: dict[str, detail.Heading],
) -> dict[str, list[tuple[str, tuple]]]:
    """Every printing of each goal's and task's title, with its lines, in document order.

    A performance goal's row in another list may repeat its strategic goal's title (as the
    linkage table does for I-4): that printing is kept as a variant and reported.
    """
    out: dict[str, list[tuple[str, tuple]]] = {}
    for rows in (outline.linkage_rows, outline.appendix_rows):
        for row in rows:
            out.setdefault(row.code, []).append((row.title, row.lines))
    for code in out:
        found = (
            [heads.get(code)]
            if code in outline.tasks
            else [goal_heads.get(code), goal_heads.get(code + "#2")]
        )
        out[code] += [(h.title, (h.line, h.line)) for h in found if h and h.title]
    own = {code: [t for t, _ in titles] for code, titles in out.items()}
    parent = {
        code: own.get(outline.parents.get(code, ""), [])
        if code in outline.performance_goals
        else []
        for code in own
    }
    known = {code: titles + parent[code] for code, titles in own.items()}
    for p in printed_titles(outline.lines, outline.parts, list(outline.strategic_goals), known):
        out.setdefault(p.code, []).append((p.title, p.lines))
        mine = [t for t in own.get(p.code, []) if t not in parent.get(p.code, [])]
        if parent.get(p.code) and _closest(p.title, parent[p.code]) > _closest(p.title, mine):
            b.finding(
                "goal-title-repeats-parent",
                f"performance goal {p.code} is printed with "
                f"the title of its strategic goal in the {p.source.replace('_', ' ')}: "
                f"'{p.title}'; kept as an alternative label",
                line=p.lines[0],
                about=[outline.node(p.code)],
            )
    for titles in out.values():
        titles.sort(key=lambda t: t[1])
    return out
