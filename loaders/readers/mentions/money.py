"""Money figures a line prints (``8,146억원``, ``7천억불``, ``3,500 → 2,000억불``) as
``pk:AmountFigure``.

Each figure has its printed text, value and unit (:mod:`policykg.loaders.readers.amounts`), its
currency and amount in that currency's units, the won amount where it is in won, the time it is
for (:mod:`policykg.loaders.readers.timing`: ``pk:fiscalYear``, ``pk:period``, ``pk:targetYear``
or ``pk:sinceYear``), and the name of the program it belongs to where the line quotes or tags one
just before it. A year the text extraction printed into a figure (``'2420조원``) is reported.
"""

from __future__ import annotations

import re

from pyoxigraph import Literal

from policykg.loaders.readers.amounts import Amount, read_amounts
from policykg.loaders.readers.mentions.writer import MentionWriter
from policykg.loaders.readers.timing import When, bind
from policykg.model import iri
from policykg.model.records import decimal, integer, year
from policykg.model.text import clean_title
from policykg.model.vocab import PK

_PROGRAM = re.compile(r"['‘]([^'’‘\n]{2,40}?(?:사업|프로그램|펀드|R&D|기금))['’]\s*(\([^)]*\))")
_TAGGED_PROGRAM = re.compile(r"\(([^()\n]{2,20}(?:사업|프로그램|펀드|기금))\)\s*")


def read_figures(w: MentionWriter, text: str, line: int) -> None:
    figures = read_amounts(text)
    if not figures:
        return
    programs = [(m.start(2), m.end(2), m.group(1)) for m in _PROGRAM.finditer(text)]
    programs += [(m.end(), m.end() + 1, m.group(1)) for m in _TAGGED_PROGRAM.finditer(text)]
    on_year = int(w.on_date[:4]) if w.on_date and w.on_date[:4].isdigit() else None
    for a, when in zip(figures, bind(text, figures, on_year), strict=True):
        name = next((n for s, e, n in programs if s <= a.start < e), None)
        figure(w, a, when, line, clean_title(name) if name else None)


def figure(w: MentionWriter, a: Amount, when: When | None, line: int, name: str | None) -> None:
    node = iri.amount_figure(w.b.source.stem, line, f"{a.start}:{a.printed}")
    printed = a.printed if not a.shared_unit or a.unit in a.printed else f"{a.printed} ({a.unit})"
    label = f"{name}: {printed}" if name else printed
    w.b.entity(node, PK.AmountFigure, lines=line, label=label + _when_label(when))
    w.b.add(node, PK.amountText, Literal(a.printed))
    w.b.add(node, PK.value, decimal(a.value))
    w.b.add(node, PK.unit, Literal(a.unit))
    w.b.add(node, PK.currency, Literal(a.currency))
    w.b.add(node, PK.baseAmount, decimal(a.base))
    if a.krw is not None:
        w.b.add(node, PK.amountKRW, integer(a.krw))
    if when is not None:
        prop = {"year": PK.fiscalYear, "target": PK.targetYear, "since": PK.sinceYear}.get(
            when.kind
        )
        if prop is not None and when.year:
            w.b.add(node, prop, year(when.year))
        elif when.period:
            w.b.add(node, PK.period, Literal(when.period))
    if a.joined_year:
        w.b.finding(
            "figure-joined-year",
            f"{a.printed!r} reads as '{a.joined_year % 100:02d} {a.value}{a.unit}: the year is "
            "printed into the figure",
            line=line,
            severity="info",
            about=[node],
        )
    w.mention(node, line)


def _when_label(when: When | None) -> str:
    if when is None:
        return ""
    if when.kind == "target":
        return f" ({when.year} 목표)"
    if when.kind == "since":
        return f" ({when.year}~)"
    return f" ({when.year or when.period})"
