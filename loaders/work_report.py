"""Loader of ministry work reports (업무보고): a slide-style outline tagged with agenda numbers.

The outline is parts (``I.``, ``Ⅲ.``), areas (``1.``), key tasks (``①`` or a bare ``1`` where a
box numeral was) and ``□`` sub-tasks. A key task tagged ``(국정과제 29, 30)`` serves those tasks of
the national agenda adopted in the year the tags refer to (the 2025 list for a report dated after
its adoption on 2025-08-13; see :data:`policykg.loaders.readers.agenda.AGENDA_LISTS`).
"""

from __future__ import annotations

import re

from policykg.loaders.readers.agenda import agenda_list_year, link_agenda
from policykg.loaders.readers.dates import read_date
from policykg.loaders.readers.document_meta import Printed, write_document
from policykg.loaders.readers.headings import Rule, build_outline, find_headings
from policykg.loaders.readers.mentions.extract import extract_mentions
from policykg.model.families import LoaderFamily
from policykg.model.numbering import CIRCLED_DIGIT, ROMAN
from policykg.model.records import GraphBuilder, ParseResult, SourceInfo

RULES = (
    Rule("part", "roman", re.compile(rf"^\s*(?P<num>{ROMAN})\.\s+(?P<title>\S.*)$"), rank=0).match,
    Rule(
        "area", "dot", re.compile(r"^\s*(?P<num>\d{1,2})\.\s+(?P<title>[^\d\s].*)$"), rank=1
    ).match,
    Rule(
        "key-task", "circled", re.compile(rf"^\s*(?P<num>{CIRCLED_DIGIT})\s*(?P<title>\S.*)$")
    ).match,
    Rule(
        "key-task",
        "box",
        re.compile(r"^\s*(?P<num>\d{1,2})\s+(?P<title>(?=[^\t]*[가-힣])[^\s,.~%)][^\t]*)$"),
    ).match,
    Rule("sub-task", "square", re.compile(r"^\s*□\s*(?P<title>\S.*)$"), leaf=True).match,
)
AGENDA_TAG = re.compile(r"\(\s*국정과제\s*(?P<codes>\d{1,3}(?:\s*[,·]\s*\d{1,3})*)\s*\)")
_TITLE = re.compile(r"업무\s*보고")
_DATE_LINE = re.compile(r"^\s*\d{4}\.\s*\d{1,2}\.\s*\d{1,2}\.?\s*$")


def matches(file_name: str, text: str) -> bool:
    """A work report says 업무보고 in its title block and has 중점 추진과제 or agenda tags."""
    head = "\n".join(text.split("\n")[:10])
    return bool(_TITLE.search(head)) and bool(re.search(r"추진\s*과제|국정과제", text))


def parse(text: str, source: SourceInfo) -> ParseResult:
    lines = text.split("\n")
    b = GraphBuilder(source, lines)
    title = _title(lines)
    date = _date(lines)
    issuer = Printed(title.text.split()[0], title.line) if title and " " in title.text else None
    on = write_document(b, FAMILY.name, title, date, issuer)
    headings = find_headings(lines, RULES)
    tags = {h.line: AGENDA_TAG.search(h.title) for h in headings}
    headings = [
        h.__class__(**{**h.__dict__, "title": AGENDA_TAG.sub("", h.title).strip()})
        for h in headings
    ]
    outline = build_outline(b, headings, {"sub-task": "s"})
    scheme = agenda_list_year(on)
    for item in outline.items:
        tag = tags.get(item.heading.line)
        if tag:
            for code in re.split(r"\s*[,·]\s*", tag.group("codes")):
                link_agenda(b, item.node, scheme, code, line=item.heading.line)

    extract_mentions(b, lambda n: outline.node_at(n, b.doc), on)
    return b.result(outline=outline)


def _title(lines: list[str]) -> Printed | None:
    for i, text in enumerate(lines[:10]):
        if _TITLE.search(text):
            return Printed(text.strip(), i + 1)
    return None


def _date(lines: list[str]):
    for i, text in enumerate(lines[:10]):
        if _DATE_LINE.match(text):
            d = read_date(text)
            if d:
                return d, i + 1
    return None


FAMILY = LoaderFamily("work-report", "업무보고 (ministry work report)", matches, parse, order=30)
