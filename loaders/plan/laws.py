"""The laws and dated strategies a performance plan names, each on the task whose plan names it.

Read with the recogniser the other documents use (``loaders/readers/mentions/``: 「…」 names, also
when broken over lines, plain ``…법`` names, curated aliases, dated statements about a law,
quoted and dated strategy names), so a law the plan and another document both name is one
``id/law/{key}`` with mentions from each. A mention belongs to the management task whose
section holds the line (``PlanOutline.task_at``), else to the document. Statements dated after
the plan's year (read from "2024년도" by ``PlanOutline.context``) are marked planned.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from policykg.loaders.plan.outline import PlanOutline
from policykg.loaders.readers.mentions.extract import extract_mentions
from policykg.model import iri
from policykg.model.records import GraphBuilder

KINDS = ("laws", "strategies")


def parse_laws(builder: GraphBuilder, outline: PlanOutline) -> None:
    def item_at(line: int) -> NamedNode:
        section = outline.task_at(line)
        return iri.task(section.code) if section else builder.doc

    on = outline.context.on_date
    extract_mentions(builder, item_at, str(on.year) if on else None, kinds=KINDS)
