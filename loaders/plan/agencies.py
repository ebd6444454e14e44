"""The agencies each management task's plan names as partners or stakeholders.

Every line of a task's plan is read with the registry's tokeniser on the plan's date, so a list
such as "관계부처(국방부·해수부·환경부·산림청 등)" gives four agencies while a division name
("산업환경과") or a word ("환경규제", "환경부담") gives none. The plan's own ministry is not a
partner of its own tasks and is left out, and so is an agency cited only as the source of a
figure ("합계출산율 0.72(통계청)", "(한전 통계)"). Each ``pk:mentionsAgency`` link carries every
line that names the agency.
"""

from __future__ import annotations

import re

from policykg.loaders.plan.outline import PlanOutline
from policykg.model import iri
from policykg.model.records import GraphBuilder
from policykg.model.vocab import PK
from policykg.reference.agencies import AgencyMention, registry

_CITATION_RE = re.compile(r"\s*(?:통계|간행|자료|집계)")


def is_citation(line: str, m: AgencyMention) -> bool:
    """Whether the agency is named only as the source of a figure on this line."""
    if _CITATION_RE.match(line, m.end):
        return True
    return (
        line[m.start - 1 : m.start] == "("
        and line[m.end :].strip() == ")"
        and bool(re.search(r"\d", line[: m.start]))
    )


def task_mentions(
    outline: PlanOutline, on_date, owner: str | None
) -> dict[tuple[str, str], list[int]]:
    """``(task code, agency acronym) -> lines`` for every agency the task plans name."""
    reg = registry()
    out: dict[tuple[str, str], list[int]] = {}
    for section in outline.task_sections:
        for n in range(section.start, section.end + 1):
            for m in reg.find_mentions(outline.lines[n - 1], on_date):
                if m.agency.acronym == owner or is_citation(outline.lines[n - 1], m):
                    continue
                lines = out.setdefault((section.code, m.agency.acronym), [])
                if n not in lines:
                    lines.append(n)
    return out


def parse_mentions(builder: GraphBuilder, outline: PlanOutline) -> None:
    ctx = outline.context
    owner = ctx.owner.acronym if ctx.owner else None
    for (code, acronym), lines in task_mentions(outline, ctx.on_date, owner).items():
        for n in lines:
            builder.link(iri.task(code), PK.mentionsAgency, iri.agency(acronym), lines=n)
