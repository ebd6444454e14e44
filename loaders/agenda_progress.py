"""Loader of the government's national agenda progress reports (국정과제 추진 실적).

The report is prose in chapters. A chapter starts with a line holding only a zero-padded agenda
task number (``030``: task 30 of the list the report names, e.g. "123대 국정과제" → the 2025
list — not a page number) followed by the task's title. Some chapters lost their number in the
extraction: a chapter also ends after a closing pledge (a paragraph "…정부는 … 하겠습니다."), and
what follows until the next number is an unnumbered chapter. Inside a chapter, a section heading
is a short line without a sentence ending whose next text (photo captions skipped) is prose.
A photo caption (a short line followed by ``(2025년 9월 10일)``) is a dated event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pyoxigraph import Literal

from policykg.loaders.readers.agenda import agenda_list_by_count, agenda_task, link_agenda
from policykg.loaders.readers.dates import read_date
from policykg.loaders.readers.document_meta import Printed, write_document
from policykg.loaders.readers.headings import Heading, build_outline, next_text_line
from policykg.loaders.readers.mentions.extract import extract_mentions
from policykg.model import iri
from policykg.model.families import LoaderFamily
from policykg.model.records import GraphBuilder, ParseResult, SourceInfo
from policykg.model.text import clean_title, search_key
from policykg.model.vocab import PK

_TITLE = re.compile(r"(?P<count>\d{2,3})\s*대\s*국정과제.*(?:추진\s*실적|성과|실적)")
_CHAPTER_NUMBER = re.compile(r"^\s*(\d{3})\s*$")
_CAPTION_DATE = re.compile(r"^\**\s*\(\d{4}년\s*\d{1,2}월\s*\d{1,2}일\)\**\s*$")
_PLEDGE = re.compile(r"^(?:앞으로도\s+)?[가-힣]+정부는\s.*겠습니다\.?\s*$")
_SENTENCE_END = re.compile(r"(?:다\.|다|\.)\s*$")
_BULLET = re.compile(r"^\s*[-*■•※▶◇◆□○]|^\s*\d+\s|^\s*\|")
_UNIT_LABEL = re.compile(r"\(\s*단위\s*[:：]")
PROSE_MIN = 50
HEADING_MAX = 45


def matches(file_name: str, text: str) -> bool:
    """A progress report names the agenda list and 추진 실적 in its title block."""
    return any(_TITLE.search(line) for line in text.split("\n")[:15])


def parse(text: str, source: SourceInfo) -> ParseResult:
    lines = text.split("\n")
    b = GraphBuilder(source, lines)
    title, year_line, issuer = _title_block(lines)
    date = None
    if year_line:
        d = read_date(lines[year_line - 1])
        date = (d, year_line) if d else None
    on = write_document(b, FAMILY.name, title, date, issuer)
    counted = _TITLE.search(title.text) if title else None  # _title_block's title matches it
    count = int(counted.group("count")) if counted else 0
    scheme = agenda_list_by_count(count)
    if scheme is None:
        b.finding(
            "agenda-list-unknown",
            f"no curated agenda list of {count} tasks",
            line=title.line if title else 1,
        )
    body_start = (issuer.line if issuer else title.line) + 1 if title else 1
    headings = chapter_headings(lines, body_start)
    outline = build_outline(b, headings, {"chapter": "c", "section": "s"})
    for h in headings:
        if h.kind == "chapter" and not h.printed:
            b.finding(
                "chapter-without-number",
                f"a chapter starts here without an agenda number"
                f"{'' if h.title else ' or a title'}; it is linked to no agenda task",
                line=h.line,
                severity="info",
            )
    for item in outline.items:
        h = item.heading
        if h.kind == "chapter" and h.printed:
            if scheme is not None:
                agenda_task(
                    b, scheme, h.printed, line=h.line, title=h.title, title_line=h.title_end
                )
            link_agenda(b, item.node, scheme, h.printed, line=h.line)
    _captions(b, lines)

    extract_mentions(b, lambda n: outline.node_at(n, b.doc), on)
    return b.result(outline=outline)


def _title_block(lines: Sequence[str]):
    title = year = issuer = None
    for i, text in enumerate(lines[:15]):
        s = text.strip()
        if not s:
            continue
        if title is None and _TITLE.search(s):
            title = Printed(s, i + 1)
        elif re.fullmatch(r"\d{4}년", s):
            year = i + 1
        elif title and re.fullmatch(r"[가-힣]+정부", s):
            issuer = Printed(s, i + 1)
            break
    return title, year, issuer


def _is_caption(lines: Sequence[str], i: int) -> bool:
    j = next_text_line(lines, i + 1)
    return (
        len(lines[i].strip()) <= HEADING_MAX and j == i + 1 and bool(_CAPTION_DATE.match(lines[j]))
    )


def _is_prose(text: str) -> bool:
    return len(text.strip()) >= PROSE_MIN and not _BULLET.match(text)


def _next_prose(lines: Sequence[str], i: int) -> bool:
    j = next_text_line(lines, i + 1)
    while j is not None and _is_caption(lines, j):
        j = next_text_line(lines, j + 2)
    return j is not None and _is_prose(lines[j])


def _is_heading(lines: Sequence[str], i: int) -> bool:
    s = lines[i].strip()
    return (
        0 < len(s) <= HEADING_MAX
        and not _SENTENCE_END.search(s)
        and not _BULLET.match(s)
        and not _UNIT_LABEL.search(s)
        and not _CHAPTER_NUMBER.match(s)
        and not _is_caption(lines, i)
        and not _CAPTION_DATE.match(s)
        and _next_prose(lines, i)
    )


def chapter_headings(lines: Sequence[str], start: int) -> list[Heading]:
    """Chapters (numbered or after a closing pledge) and their section headings."""
    out: list[Heading] = []
    new_chapter = True
    i = start - 1
    while i < len(lines):
        s = lines[i].strip()
        m = _CHAPTER_NUMBER.match(s)
        if m:
            j = next_text_line(lines, i + 1)
            if j is not None:
                out.append(
                    Heading(
                        i + 1,
                        "chapter",
                        "number",
                        m.group(1),
                        clean_title(lines[j]),
                        0,
                        False,
                        j + 1,
                    )
                )
                new_chapter, i = False, j + 1
                continue
        if s and new_chapter:
            heading = _is_heading(lines, i)
            title = clean_title(lines[i]) if heading else ""
            out.append(Heading(i + 1, "chapter", "unnumbered", None, title, 0, False, i + 1))
            new_chapter = False
            i += 1
            continue
        if s and _is_heading(lines, i):
            out.append(Heading(i + 1, "section", "heading", None, clean_title(s), 1, False, i + 1))
        elif s and _PLEDGE.match(s):
            new_chapter = True
        i += 1
    return out


def _captions(b: GraphBuilder, lines: Sequence[str]) -> None:
    """Photo captions with their dates as events."""
    for i, text in enumerate(lines):
        if text.strip() and _is_caption(lines, i):
            d = read_date(lines[i + 1])
            assert d is not None  # _is_caption found a date on the next line
            name = clean_title(text.replace("*", ""))
            node = iri.event(search_key(name), d.iso, b.source.stem, i + 1)
            b.entity(node, PK.Event, lines=(i + 1, i + 2), label=name)
            b.add(node, PK.date, Literal(d.iso))
            b.add(node, PK.valueText, Literal(d.printed))
            b.add(node, PK.action, Literal("행사"))


FAMILY = LoaderFamily(
    "agenda-progress",
    "국정과제 추진 실적 (national agenda progress report)",
    matches,
    parse,
    order=40,
)
