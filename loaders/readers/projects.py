"""Investment projects a strategy lists in a table, as ``pk:InvestmentProject`` entities.

A project table is a run of tab-separated rows under a header row with a project-name column
(``구분	업종	프로젝트명``): each row gives a project's name (``▶ 세계 최대 최첨단 반도체 클러스터
조성(평택·용인)``), the places it is built in (the last parenthesis of the name, read with the
region gazetteer), its period (``'22~'47``), its sector where the row prints one (an empty
sector cell repeats the one above, as merged cells do) and a money figure where the row prints
one. Each project is ``project/{name key}``, listed by the strategy (``pk:includesProject``), with
``pk:sector``, ``pk:industry``, ``pk:region``, ``pk:period``, ``pk:amount``; the row mentions it,
and so does any other line of the document that prints its name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from policykg.loaders.readers.amounts import read_amounts
from policykg.loaders.readers.mentions.gazetteers import Gazetteer
from policykg.loaders.readers.mentions.writer import ItemAt, MentionWriter
from policykg.loaders.readers.timing import time_expressions
from policykg.model import iri
from policykg.model.records import integer
from policykg.model.text import clean_title, name_key
from policykg.model.vocab import PK

_NAME_COLUMN = re.compile(r"(?:프로젝트|사업)\s?명?$")
_SECTOR_COLUMN = re.compile(r"^(?:업종|분야|산업)$")
_PLACES = re.compile(r"\(([^()]{1,30})\)\s*$")


@dataclass(frozen=True)
class Project:
    """One row of a project table."""

    line: int
    ordinal: int | None
    name: str
    sector: str | None
    places: tuple[str, ...]
    period: str | None


def project_rows(lines: Sequence[str], on_year: int | None = None) -> list[Project]:
    """The rows of every project table of a document, in order."""
    out: list[Project] = []
    columns: tuple[int, int | None] | None = None
    sector: str | None = None
    for n, text in enumerate(lines, start=1):
        cells = [c.strip() for c in text.split("\t")]
        if len(cells) < 2:
            if text.strip():
                columns = None
            continue
        header = _header(cells)
        if header is not None:
            columns, sector = header, None
            continue
        if columns is None or columns[0] >= len(cells) or not cells[columns[0]]:
            continue
        name_cell = cells[columns[0]]
        if columns[1] is not None and columns[1] < len(cells) and cells[columns[1]]:
            sector = cells[columns[1]]
        periods = [
            t.period
            for k, c in enumerate(cells)
            if k != columns[0]
            for t in time_expressions(c, on_year)
            if t.kind == "period"
        ]
        name, places = _name_and_places(name_cell)
        ordinal = int(cells[0]) if cells[0].isdigit() else None
        out.append(Project(n, ordinal, name, sector, places, periods[0] if periods else None))
    return out


def _header(cells: list[str]) -> tuple[int, int | None] | None:
    name = next((k for k, c in enumerate(cells) if _NAME_COLUMN.search(c)), None)
    if name is None:
        return None
    sector = next((k for k, c in enumerate(cells) if _SECTOR_COLUMN.match(c)), None)
    return name, sector


def _name_and_places(cell: str) -> tuple[str, tuple[str, ...]]:
    text = clean_title(cell.lstrip("▶ "))
    m = _PLACES.search(text)
    if not m:
        return text, ()
    return clean_title(text[: m.start()]), tuple(re.split(r"\s*[·,/]\s*", m.group(1)))


def read_projects(
    builder,
    item_at: ItemAt,
    on_date: str | None,
    strategy: NamedNode | None,
) -> list[NamedNode]:
    """Write the projects of the document's tables; return their nodes."""
    b = builder
    on_year = int(on_date[:4]) if on_date and on_date[:4].isdigit() else None
    w = MentionWriter(b, item_at, on_date)
    gazetteer = Gazetteer(on_date)
    nodes: dict[str, NamedNode] = {}
    rows = project_rows(b.lines, on_year)
    for p in rows:
        node = iri.project(name_key(p.name))
        nodes[p.name] = node
        b.entity(node, PK.InvestmentProject, lines=p.line, label=p.name)
        if p.ordinal is not None:
            b.add(node, PK.ordinal, integer(p.ordinal))
        if strategy is not None:
            b.link(strategy, PK.includesProject, node, lines=p.line)
        if p.sector:
            b.add(node, PK.sector, Literal(p.sector))
            for industry in gazetteer.industries_in(p.sector):
                b.link(node, PK.industry, iri.industry(industry.key), lines=p.line)
        for region in gazetteer.regions_in(" ".join(f"({x})" for x in p.places)):
            b.link(node, PK.region, iri.region(region.key), lines=p.line)
        if p.period:
            b.link(node, PK.period, Literal(p.period), lines=p.line)
        text = b.lines[p.line - 1]
        for a in read_amounts(text):
            figure = iri.amount_figure(b.source.stem, p.line, f"{a.start}:{a.printed}")
            b.link(node, PK.amount, figure, lines=p.line)
        w.mention(node, p.line)
    _repeats(w, b.lines, nodes, {p.line for p in rows})
    return list(nodes.values())


def _repeats(
    w: MentionWriter, lines: Sequence[str], nodes: dict[str, NamedNode], rows: set[int]
) -> None:
    """Other lines that print a project's name mention it."""
    if not nodes:
        return
    names = sorted(nodes, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in names))
    for n, text in enumerate(lines, start=1):
        if n in rows:
            continue
        for m in pattern.finditer(text):
            w.mention(nodes[m.group(0)], n)
