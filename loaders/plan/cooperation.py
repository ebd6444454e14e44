"""The plan's cross-ministry cooperation items (section "Ⅳ 협업과제").

Each item is a numbered heading ("1. EU 탄소국경조정제도 대응"), optionally followed by the list
of its ministries in parentheses, then "□" blocks: 과제 목표 (the goal), 주요 내용, 부처간/부서간
협업필요 사항 (who does what: "ㅇ (국토교통부) …", "ㅇ (투자정책과) …") and 추진계획.

* participants — every agency named in the item (the list under the title and the body), read
  with the registry's tokeniser on the plan's date; the plan's owner takes part whenever one of
  its own divisions is involved;
* involved units — the owner's divisions named as the party of a "협업필요" bullet;
* lead — the party of a "협업필요" bullet whose text is the item's own title ("(산업부) 무역기술
  장벽 대응 부처 협의회 운영"), or an agency the text says runs it ("… 주관");
* related tasks — see :mod:`.relations`.

Parenthesised names in "협업필요" bullets that are neither an agency nor a unit of the chart
are reported as findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.loaders.plan.context import PlanContext
from policykg.loaders.plan.organisation import read_org_chart
from policykg.loaders.plan.outline import PlanOutline
from policykg.loaders.plan.relations import related_tasks
from policykg.model import iri
from policykg.model.numbering import ROMAN_GLYPH
from policykg.model.records import GraphBuilder, ko
from policykg.model.text import clean_title, compare_key
from policykg.model.vocab import PK
from policykg.reference.agencies import Agency, registry

_SECTION_RE = re.compile(rf"^\s*{ROMAN_GLYPH}+\s+협업\s*과제\s*$")
_PART_RE = re.compile(rf"^\s*{ROMAN_GLYPH}+\s+\S")
_ITEM_RE = re.compile(r"^\s*(\d{1,2})\.\s+(\S.*?)\s*$")
_BLOCK_RE = re.compile(r"^\s*□\s*(.+?)\s*$")
_PARTY_RE = re.compile(r"^\s*ㅇ\s*\(([^()]+)\)\s*(.*)$")
_LEAD_RE = re.compile(r"\s*(?:가|이)?\s*(?:주관|총괄)")
_UNIT_SUFFIX_RE = re.compile(r"(?:과|팀|담당관|관|국|실)$")


@dataclass
class CooperationRecord:
    number: int
    title: str
    start: int
    end: int
    blocks: dict[str, tuple[int, int]] = field(default_factory=dict)


def section_range(lines: list[str], outline: PlanOutline) -> tuple[int, int] | None:
    """The cooperation part: from the outline if it knows it, else its "Ⅳ 협업과제" heading."""
    if "cooperation" in outline.parts:
        return outline.parts["cooperation"]
    start = next((n for n, t in enumerate(lines, 1) if _SECTION_RE.match(t)), None)
    if start is None:
        return None
    end = next(
        (n - 1 for n in range(start + 1, len(lines) + 1) if _PART_RE.match(lines[n - 1])),
        len(lines),
    )
    return start, end


def read_items(lines: list[str], start: int, end: int) -> tuple[list[CooperationRecord], list[int]]:
    """The numbered items (consecutive from the first: 1, 2, …) of the section, with their "□"
    blocks, and the lines of numbered headings out of sequence (kept inside the item before
    them)."""
    items: list[CooperationRecord] = []
    out_of_sequence: list[int] = []
    for n in range(start + 1, end + 1):
        m = _ITEM_RE.match(lines[n - 1])
        if m and (not items or int(m.group(1)) == items[-1].number + 1):
            if items:
                items[-1].end = n - 1
            items.append(CooperationRecord(int(m.group(1)), clean_title(m.group(2)), n, end))
        elif m:
            out_of_sequence.append(n)
    for item in items:
        heads = [
            (n, block.group(1))
            for n in range(item.start, item.end + 1)
            if (block := _BLOCK_RE.match(lines[n - 1]))
        ]
        for k, (n, name) in enumerate(heads):
            stop = heads[k + 1][0] - 1 if k + 1 < len(heads) else item.end
            item.blocks[compare_key(name)] = (n, stop)
    return items, out_of_sequence


def _block(item: CooperationRecord, prefix: str) -> tuple[int, int] | None:
    return next((r for k, r in item.blocks.items() if k.startswith(prefix)), None)


def _text(lines: list[str], rng: tuple[int, int]) -> str:
    body = [lines[n - 1].strip() for n in range(rng[0] + 1, rng[1] + 1)]
    return clean_title(" ".join(t for t in body if t))


def parse_cooperation(builder: GraphBuilder, outline: PlanOutline) -> None:
    lines = outline.lines
    rng = section_range(lines, outline)
    if rng is None:
        return
    ctx = outline.context
    chart = read_org_chart(lines)
    units = chart.units if chart else {}
    reg = registry()
    _report_unresolved(builder, lines, rng, ctx)
    items, out_of_sequence = read_items(lines, *rng)
    for n in out_of_sequence:
        builder.finding(
            "cooperation-numbering",
            f"numbered heading {lines[n - 1].strip()!r} is "
            f"out of sequence in the cooperation section; read as part of the item "
            f"before it",
            line=n,
        )
    if not items:
        builder.finding(
            "cooperation-empty", "the cooperation section has no numbered item", line=rng[0]
        )
    for item in items:
        node = iri.cooperation(item.number)
        builder.entity(
            node,
            PK.CooperationItem,
            lines=(item.start, item.end),
            label=item.title,
            code=str(item.number),
        )
        goal = _block(item, "과제목표")
        if goal:
            builder.add(node, PK.goalText, ko(_text(lines, goal)))
            builder.derived(node, goal)
        parties: dict[str, tuple[Agency, set[int]]] = {}
        for n in range(item.start, item.end + 1):
            for m in reg.find_mentions(lines[n - 1], ctx.on_date):
                parties.setdefault(m.agency.acronym, (m.agency, set()))[1].add(n)
                if _LEAD_RE.match(lines[n - 1], m.end):
                    builder.link(node, PK.lead, m.agency.iri, lines=n)
        need = _block(item, "부처간협업") or _block(item, "부서간협업")
        if need:
            _parties_of_need(builder, node, item, lines, need, ctx, units, parties)
        for agency, named in parties.values():
            for n in sorted(named):
                builder.link(node, PK.participant, agency.iri, lines=n)
        for code, evidence in related_tasks(outline, item.title):
            builder.link(node, PK.relatedTask, iri.task(code), lines=evidence)


def _parties_of_need(
    builder: GraphBuilder,
    node,
    item: CooperationRecord,
    lines: list[str],
    need: tuple[int, int],
    ctx: PlanContext,
    units: dict,
    parties: dict[str, tuple[Agency, set[int]]],
) -> None:
    """The "(party) role" bullets: divisions involved, the lead, and unknown party names."""
    reg = registry()
    for n in range(need[0] + 1, need[1] + 1):
        m = _PARTY_RE.match(lines[n - 1])
        if not m:
            continue
        party, role = m.group(1).strip(), m.group(2)
        found = reg.find_mentions(party, ctx.on_date)
        if found and compare_key(role) == compare_key(item.title):
            builder.link(node, PK.lead, found[0].agency.iri, lines=n)
        if found:
            continue
        name = re.sub(r"\s+", "", party)
        if name in units and ctx.owner is not None:
            builder.link(node, PK.involvesUnit, iri.org_unit(ctx.owner.acronym, name), lines=n)
            parties.setdefault(ctx.owner.acronym, (ctx.owner, set()))[1].add(n)
        elif _UNIT_SUFFIX_RE.search(name) and ctx.owner is not None:
            builder.finding(
                "unknown-division",
                f"cooperation item {item.number}: "
                f"'{party}' looks like a division but is not in the organisation "
                f"chart",
                line=n,
                about=[node],
            )
        elif re.search(r"(?:부|처|청|위|원)$", name) and not re.search(
            r"(?:참여|관계|유관|중앙)부처$", name
        ):
            builder.finding(
                "unresolved-agency",
                f"cooperation item {item.number}: '{party}' is not an agency of the registry",
                line=n,
                about=[node],
            )


_LIST_RE = re.compile(r"\(([^()]*)\)")
_MINISTRY_FORM_RE = re.compile(r"^[가-힣]{1,8}(?:부|처|청|위|위원회)$")
_GENERIC_RE = re.compile(r"(?:부처|정부)$")


def _report_unresolved(
    builder: GraphBuilder, lines: list[str], rng: tuple[int, int], ctx: PlanContext
) -> None:
    """Ministry-like names in the section's parenthesised lists that the registry cannot read."""
    reg = registry()
    for n in range(rng[0], rng[1] + 1):
        for group in _LIST_RE.findall(lines[n - 1]):
            for element in re.split(r"[·ㆍ‧,/]", group):
                name = re.sub(r"\s*등$", "", element.strip())
                if (
                    _MINISTRY_FORM_RE.match(name)
                    and not _GENERIC_RE.search(name)
                    and not reg.find_mentions(name, ctx.on_date)
                ):
                    builder.finding(
                        "unresolved-agency",
                        f"'{name}' in the cooperation section is not an agency of the registry",
                        line=n,
                    )
