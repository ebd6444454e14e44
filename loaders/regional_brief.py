"""Loader of regional economy newsletters (구미지역경제 ISSUE FOCUS and the like).

The title block gives the series name, ``Vol. 49 (2021. 03.)`` and the publishing institute.
Each page starts with a running header (``ISSUE`` or ``FOCUS``, sometimes followed by the section
number and name, e.g. ``01 국내외 기술동향``); an article starts where the first line after such
a header is neither a bullet, a table row nor a box numeral heading. Inside an article, numbered
headings (``1.``, ``I.``, box numerals, circled digits) are placed by their numbering.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from policykg.loaders.readers.dates import read_date
from policykg.loaders.readers.document_meta import Printed, write_document
from policykg.loaders.readers.headings import (
    Heading,
    Rule,
    build_outline,
    find_headings,
    next_text_line,
)
from policykg.loaders.readers.mentions.extract import extract_mentions
from policykg.model.families import LoaderFamily
from policykg.model.numbering import CIRCLED_DIGIT, ROMAN
from policykg.model.records import GraphBuilder, ParseResult, SourceInfo
from policykg.model.text import clean_title

_PAGE_HEADER = re.compile(r"^\s*(ISSUE|FOCUS)\s*$")
_SECTION_LINE = re.compile(r"^\s*(?:\d{2}(?:\s+국내외\s*\S*)?|국내외|\S{2,4}동향|\S{2,4}이슈)\s*$")
_NOT_TITLE = re.compile(r"^\s*(?:[-*•▣□○◆◇❖※<＜【(\[|]|\d\s|\d+\.\s*\S+\s*$)|\t")
_VOLUME = re.compile(r"Vol\.\s*(\d+)\s*\(([^)]*)\)")
_TITLE_LINES = 12

RULES = (
    Rule("part", "roman", re.compile(rf"^\s*(?P<num>{ROMAN})\.\s+(?P<title>\S.*)$"), rank=2).match,
    Rule(
        "section", "dot", re.compile(r"^\s*(?P<num>\d{1,2})\.\s+(?P<title>(?=.*[가-힣])\S.*)$")
    ).match,
    Rule(
        "section",
        "box",
        re.compile(r"^\s*(?P<num>\d)\s+(?P<title>(?=[^\t]*[가-힣])[^\s\t][^\t]*)$"),
    ).match,
    Rule(
        "section",
        "circled",
        re.compile(rf"^\s*(?P<num>{CIRCLED_DIGIT})\s*(?P<title>[^\s(][^\t]*)$"),
    ).match,
)


def matches(file_name: str, text: str) -> bool:
    """A regional brief has ISSUE/FOCUS page headers and a ``Vol. N (date)`` line up front."""
    head = "\n".join(text.split("\n")[:_TITLE_LINES])
    return bool(_VOLUME.search(head)) and bool(re.search(r"^\s*ISSUE\s*$", text, re.M))


def parse(text: str, source: SourceInfo) -> ParseResult:
    lines = text.split("\n")
    b = GraphBuilder(source, lines)
    title, date, issuer = _title_block(lines)
    on = write_document(b, FAMILY.name, title, date, issuer)
    articles = article_headings(lines)
    first = articles[0].line if articles else len(lines)
    article_lines = {a.line for a in articles}
    numbered = [
        h for h in find_headings(lines, RULES) if h.line > first and h.line not in article_lines
    ]
    headings = sorted(articles + numbered, key=lambda h: h.line)
    outline = build_outline(b, headings, {"article": "a"})

    extract_mentions(b, lambda n: outline.node_at(n, b.doc), on)
    return b.result(outline=outline)


def _title_block(lines: Sequence[str]):
    title_parts, date, issuer = [], None, None
    for i, text in enumerate(lines[:25]):
        s = text.strip()
        m = _VOLUME.search(s)
        if m:
            d = read_date(m.group(2).replace(" ", "") + ".")
            date = (d, i + 1) if d else None
            title_parts.append((s, i + 1))
        elif (s and not title_parts) or (s and date is None and len(title_parts) < 3):
            title_parts.append((s, i + 1))
        if re.search(r"기술원|연구원|연구소|재단|센터", s) and not s.startswith(("작성", "(")):
            issuer = Printed(s, i + 1)
    if not title_parts:
        return None, date, issuer
    title = Printed(" ".join(p for p, _ in title_parts), title_parts[0][1])
    return title, date, issuer


def article_headings(lines: Sequence[str]) -> list[Heading]:
    """Article titles: the first text line after a page header that is not a continuation."""
    out: list[Heading] = []
    for i, text in enumerate(lines):
        if not _PAGE_HEADER.match(text):
            continue
        j = next_text_line(lines, i + 1)
        while j is not None and _SECTION_LINE.match(lines[j]):
            j = next_text_line(lines, j + 1)
        if j is None or _NOT_TITLE.match(lines[j]) or len(lines[j].strip()) > 80:
            continue
        s = lines[j].strip()
        printed = re.match(r"^(\d{2})\.\s+", s)
        title = clean_title(s[printed.end() :] if printed else s)
        out.append(
            Heading(
                j + 1,
                "article",
                "title",
                printed.group(1) if printed else None,
                title,
                1,
                False,
                j + 1,
            )
        )
    return out


FAMILY = LoaderFamily(
    "regional-brief", "지역경제 ISSUE FOCUS (regional economy newsletter)", matches, parse, order=45
)
