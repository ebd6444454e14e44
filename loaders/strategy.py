"""Loader of ministry strategy documents (「新산업정책2.0」 전략 and the like).

The title block names the strategy in 「」, its date (``2024. 2.``) and its issuer. The body is
numbered with bare digits (box numerals) and circled digits on alternating levels, with some
levels printed in both styles; :mod:`.readers.headings` places them by their numbering. The items
directly under the section titled 추진 전략 are the strategy's pillars.
"""

from __future__ import annotations

import re

from policykg.loaders.readers.dates import read_date
from policykg.loaders.readers.document_meta import Printed, day, write_document
from policykg.loaders.readers.headings import (
    Item,
    Rule,
    appendix,
    boxed_title,
    build_outline,
    find_headings,
)
from policykg.loaders.readers.mentions.extract import extract_mentions
from policykg.loaders.readers.projects import read_projects
from policykg.model import iri
from policykg.model.families import LoaderFamily
from policykg.model.numbering import CIRCLED_DIGIT
from policykg.model.records import GraphBuilder, ParseResult, SourceInfo
from policykg.model.text import clean_title, name_key
from policykg.model.vocab import PK
from policykg.reference.agencies import registry

RULES = (
    appendix,
    boxed_title,
    Rule("section", "box", re.compile(r"^\s*(?P<num>\d)\s*$"), title_next=True).match,
    Rule(
        "section",
        "box",
        re.compile(r"^\s*(?P<num>\d{1,2})\s+(?P<title>(?=[^\t]*[가-힣])[^\s,.~%)][^\t]*)$"),
    ).match,
    Rule(
        "section", "circled", re.compile(rf"^\s*(?P<num>{CIRCLED_DIGIT})\s*(?P<title>[^\s↳].*)$")
    ).match,
    Rule(
        "section", "circled", re.compile(rf"^\s*-\s*(?P<num>{CIRCLED_DIGIT})\s*\*\*(?P<title>.+)$")
    ).match,
)
_NAMED = re.compile(r"[「｢]([^」｣]+)[」｣]\s*(?:전략|계획|방안)")
_PILLARS = re.compile(r"추진\s*전략")
_DATE_LINE = re.compile(r"^\s*\d{4}\.\s*\d{1,2}\.?\s*$")


def matches(file_name: str, text: str) -> bool:
    """A strategy names itself in 「」 in its title block and has a 추진 전략 section."""
    head = text.split("\n")[:15]
    return any(_NAMED.search(line) for line in head) and bool(_PILLARS.search(text))


def parse(text: str, source: SourceInfo) -> ParseResult:
    lines = text.split("\n")
    b = GraphBuilder(source, lines)
    title = next(
        (Printed(s.strip(), i + 1) for i, s in enumerate(lines[:15]) if _NAMED.search(s)), None
    )
    date = next(
        (
            (reading, i + 1)
            for i, s in enumerate(lines[:15])
            if _DATE_LINE.match(s) and (reading := read_date(s))
        ),
        None,
    )
    on = date[0].iso if date else None
    issuer = next(
        (
            Printed(s.strip(), i + 1)
            for i, s in enumerate(lines[:15])
            if s.strip() and registry().resolve(s.strip(), day(on))
        ),
        None,
    )
    write_document(b, FAMILY.name, title, date, issuer)
    body = [h for h in find_headings(lines, RULES) if not title or h.line > title.line]
    outline = build_outline(b, body, {"appendix": "ref"}, classify=_kind)
    own = _own_name(b, title, issuer, on)
    item_at = lambda n: outline.node_at(n, b.doc)  # noqa: E731
    extract_mentions(b, item_at, on, own_strategies=own)
    read_projects(b, item_at, on, iri.strategy(name_key(own[0])) if own else None)
    return b.result(outline=outline)


def _own_name(b: GraphBuilder, title: Printed | None, issuer: Printed | None, on) -> list[str]:
    """The strategy the document is the text of: its title's 「name」, issued by its issuer."""
    m = _NAMED.search(title.text) if title else None
    if title is None or m is None:
        return []
    name = clean_title(m.group(1))
    node = iri.strategy(name_key(name))
    b.entity(node, PK.Strategy, lines=title.line, label=name)
    b.link(b.doc, PK.describes, node, lines=title.line)
    agency = registry().resolve(issuer.text, day(on)) if issuer else None
    if agency is not None and issuer is not None:
        b.link(node, PK.issuer, agency.iri, lines=issuer.line)
    return [name]


def _kind(item: Item) -> str:
    if item.heading.kind == "appendix":
        return "appendix"
    if item.heading.between:
        return "section"
    if item.parent and _PILLARS.search(item.parent.title) and item.depth == 2:
        return "pillar"
    return "section" if item.depth == 1 else "task" if item.depth == 3 else "sub-task"


FAMILY = LoaderFamily("strategy", "전략 (ministry strategy document)", matches, parse, order=35)
