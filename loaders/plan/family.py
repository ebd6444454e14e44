"""Loader of the ministries' yearly performance plans (성과관리 시행계획).

``parse`` is pure: it reads the outline of the plan (parts, goals, tasks and task sections), then
hands the builder and the outline to one parser per kind of content.
"""

from __future__ import annotations

import re

from pyoxigraph import Literal

from policykg.loaders.plan.agencies import parse_mentions
from policykg.loaders.plan.agenda import parse_agenda
from policykg.loaders.plan.budget.parse import parse_budgets
from policykg.loaders.plan.cooperation import parse_cooperation
from policykg.loaders.plan.indicators.parse import parse_indicators
from policykg.loaders.plan.laws import parse_laws
from policykg.loaders.plan.organisation import parse_organisation
from policykg.loaders.plan.outline import parse_outline
from policykg.model.families import LoaderFamily
from policykg.model.records import GraphBuilder, ParseResult, SourceInfo, integer
from policykg.model.vocab import PK

SECTION_PARSERS = (
    parse_agenda,
    parse_indicators,
    parse_budgets,
    parse_organisation,
    parse_cooperation,
    parse_mentions,
    parse_laws,
)

_MARKERS = (
    re.compile(r"성과목표"),
    re.compile(r"관리과제"),
    re.compile(r"국정목표\s*연계"),
    re.compile(r"관련\s*재정사업\s*내역"),
)


def matches(file_name: str, text: str) -> bool:
    """A performance plan has goals, management tasks, the agenda linkage and budget tables."""
    return all(marker.search(text) for marker in _MARKERS)


def parse(text: str, source: SourceInfo) -> ParseResult:
    lines = text.split("\n")
    b = GraphBuilder(source, lines)
    # The source text is a pk:Document; the plan it states is plan/{key}, a pk:PerformancePlan
    # (emitted by the outline with ``doc pk:describes plan``).
    b.entity(b.doc, PK.Document, lines=(1, min(len(lines), 5)))
    b.add(b.doc, PK.family, Literal(FAMILY.name))
    b.add(b.doc, PK.lineCount, integer(len(lines)))
    outline = parse_outline(b)
    for section in SECTION_PARSERS:
        section(b, outline)
    return b.result(outline=outline)


FAMILY = LoaderFamily(
    "performance-plan", "성과관리 시행계획 (yearly performance plan)", matches, parse, order=10
)
