"""The plan's owner and its organisation chart (section "일반 현황 — (1) 조직").

The ministry that owns the plan and the plan's date are read once, as ``PlanOutline.context``
(loaders/plan/context.py); the chart's units hang under that ministry.

The organisation chart is a flattened drawing. What survives is a sequence of *header rows*
(unit names side by side: "정책기획관 산업정책관 … 자원산업정책국") each followed by one block of
"ㆍ" lines per column, blocks separated by blank lines (a line with two "ㆍ" items ends one
column and starts the next). A header row whose block count equals its column count is placed
exactly; any other unit is attached to the ministry only and reported as not placed. Names
broken over two lines ("자유무역지역" / "관리원", "ㆍ전기전자정보" / "표준과") or spelled
vertically one syllable per line are joined first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.loaders.plan.outline import PlanOutline
from policykg.model.iri import org_unit
from policykg.model.records import GraphBuilder
from policykg.model.vocab import ORG, PK

_ORG_START_RE = re.compile(r"^\s*\(1\)\s*조\s*직\s*$")
_NEXT_PART_RE = re.compile(r"^\s*\((?:[3-9])\)\s*\S")
_UNIT_RE = re.compile(r"(?:실|국|관|단|과|팀|원|소|위원회|본부|사무국|센터|대변인)$")
_NOTE_RE = re.compile(r"\([^)]*\)$")  # "(7원)", "(한시)", "(자율)": counts and status notes
_POST_RE = re.compile(r"(?:장관|차관|차관보|본부장|원장|상임위원|위원장)$")
BULLET = "ㆍ"


@dataclass
class OrgUnitRecord:
    name: str
    line: int
    parent: str | None = None


@dataclass
class OrgChart:
    """Units by name (first occurrence wins), the chart's line range, and unplaced names."""

    start: int
    end: int
    units: dict[str, OrgUnitRecord] = field(default_factory=dict)
    unplaced: list[OrgUnitRecord] = field(default_factory=list)
    childless: list[OrgUnitRecord] = field(default_factory=list)


def chart_range(lines: list[str]) -> tuple[int, int] | None:
    """Lines of the organisation part: from "(1) 조직" to the line before "(3) …"."""
    start = next((n for n, t in enumerate(lines, 1) if _ORG_START_RE.match(t)), None)
    if start is None:
        return None
    end = next(
        (n - 1 for n in range(start + 1, len(lines) + 1) if _NEXT_PART_RE.match(lines[n - 1])),
        len(lines),
    )
    return start, end


def _unit_like(name: str) -> bool:
    name = _NOTE_RE.sub("", name)
    return len(name) >= 3 and bool(_UNIT_RE.search(name)) and not _POST_RE.search(name)


def _logical_lines(lines: list[str], start: int, end: int) -> list[tuple[int, str]]:
    """Chart lines with broken and vertical names joined; blank lines kept as ''."""
    raw = [(n, re.sub(r"\s+", " ", lines[n - 1]).strip()) for n in range(start, end + 1)]
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(raw):
        n, text = raw[i]
        if text == BULLET:  # a name spelled vertically, one syllable per line
            j, chars = i + 1, []
            while j < len(raw) and len(raw[j][1]) == 1 and raw[j][1] != BULLET:
                chars.append(raw[j][1])
                j += 1
            out.append((n, BULLET + "".join(chars)))
            i = j
            continue
        nxt = next(((k, raw[k][1]) for k in range(i + 1, min(i + 3, len(raw))) if raw[k][1]), None)
        last = text.split(BULLET)[-1].strip()
        if (
            re.fullmatch(r"[가-힣0-9]+", last)
            and not _unit_like(last)
            and not _POST_RE.search(last)
            and nxt is not None
            and re.fullmatch(r"[가-힣]+", nxt[1])
            and _unit_like(nxt[1])
        ):
            out.append((n, text + nxt[1]))
            i = nxt[0] + 1
            continue
        out.append((n, text))
        i += 1
    return out


def _header_names(text: str) -> list[str] | None:
    """The unit names of a header row, or ``None`` if the line is not one."""
    head = text.split(BULLET)[0].strip()
    tokens = head.split(" ")
    if tokens and all(len(t) == 1 for t in tokens):  # letter-spaced: "대 변 인"
        tokens = ["".join(tokens)]
    names = [t for t in tokens if t and not _POST_RE.search(t)]
    if not head or not all(_unit_like(t) or _POST_RE.search(t) for t in tokens if t):
        return None
    return names


def read_org_chart(lines: list[str]) -> OrgChart | None:
    """The units of the organisation chart and where each sits, as far as the layout allows."""
    rng = chart_range(lines)
    if rng is None:
        return None
    chart = OrgChart(*rng)
    header: list[tuple[str, int]] = []
    under_post = False  # a row of posts only ("장 관"): its blocks are units of the ministry
    columns: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []

    def close_header() -> None:
        blocks = [c for c in [*columns, current] if c]
        placed = under_post or (bool(header) and len(blocks) == len(header))
        for name, line in header:
            _add(chart, name, line, None, placed=True)
            if not blocks and name in chart.units:
                chart.childless.append(chart.units[name])
        for i, block in enumerate(blocks):
            for name, line in block:
                parent = header[i][0] if placed and not under_post else None
                _add(chart, name, line, parent, placed=placed)

    for n, text in _logical_lines(lines, *rng):
        names = _header_names(text) if text else None
        if names is not None and not text.startswith(BULLET):
            close_header()
            header, columns, current = [(x, n) for x in names], [], []
            under_post = not names
            text = BULLET + BULLET.join(text.split(BULLET)[1:]) if BULLET in text else ""
        if not text:
            if current:
                columns.append(current)
                current = []
            continue
        if not text.startswith(BULLET):
            continue
        items = [x.strip() for x in text.split(BULLET)[1:] if x.strip()]
        for k, item in enumerate(items):
            if k > 0 and current:
                columns.append(current)
                current = []
            if _unit_like(item):
                current.append((item, n))
    close_header()
    return chart


def _add(chart: OrgChart, name: str, line: int, parent: str | None, *, placed: bool) -> None:
    name = _NOTE_RE.sub("", name)
    if name in chart.units:
        return
    record = OrgUnitRecord(name, line, parent)
    chart.units[name] = record
    if not placed:
        chart.unplaced.append(record)


def parse_organisation(builder: GraphBuilder, outline: PlanOutline) -> None:
    """The plan's issuer, and its organisation chart as ``pk:OrgUnit``s under the ministry."""
    ctx = outline.context
    if ctx.owner is None:
        builder.finding(
            "unresolved-owner",
            "the plan names no ministry this registry knows in an '일반 현황' heading",
            line=ctx.owner_line,
        )
        return
    owner = ctx.owner
    assert ctx.owner_line is not None  # the owner was read from its heading line
    builder.link(builder.doc, PK.issuer, owner.iri, lines=ctx.owner_line)
    chart = read_org_chart(outline.lines)
    if chart is None:
        builder.finding("no-organisation-chart", "no '(1) 조직' part found", line=None)
        return
    for unit in chart.units.values():
        node = org_unit(owner.acronym, unit.name)
        builder.entity(node, PK.OrgUnit, lines=unit.line, label=unit.name)
        builder.link(node, ORG.unitOf, owner.iri, lines=unit.line)
        if unit.parent:
            parent = chart.units[unit.parent]
            builder.link(
                node,
                ORG.subOrganizationOf,
                org_unit(owner.acronym, parent.name),
                lines=(min(parent.line, unit.line), max(parent.line, unit.line)),
            )
    if chart.unplaced:
        names = ", ".join(f"{u.name} (l.{u.line})" for u in chart.unplaced)
        builder.finding(
            "org-unit-not-placed",
            f"{len(chart.unplaced)} units of the flattened organisation chart "
            f"cannot be placed under a parent unit: {names}",
            line=chart.start,
            severity="info",
            lines=[u.line for u in chart.unplaced],
        )
    if chart.childless:
        names = ", ".join(f"{u.name} (l.{u.line})" for u in chart.childless)
        builder.finding(
            "org-unit-children-unknown",
            f"the chart gives no column of units under {names}; their bureaus and "
            f"divisions are placed under the ministry only",
            line=chart.start,
            severity="info",
            lines=[u.line for u in chart.childless],
        )
