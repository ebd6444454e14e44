"""Money figures a line prints (``8,146억원``, ``5.5조원``, ``200억불``) as ``pk:AmountFigure``.

Each figure has its printed text, value, unit, won amount where the unit is in won, the year or
period printed next to it (:func:`policykg.loaders.readers.dates.amounts`), and the name of the
program it belongs to where the line quotes or tags one just before it.
"""

from __future__ import annotations

import re

from pyoxigraph import Literal

from policykg.loaders.readers.dates import amounts
from policykg.loaders.readers.mentions.writer import MentionWriter
from policykg.model import iri
from policykg.model.records import decimal, integer, year
from policykg.model.text import clean_title
from policykg.model.vocab import PK

_PROGRAM = re.compile(r"['‘]([^'’‘\n]{2,40}?(?:사업|프로그램|펀드|R&D|기금))['’]\s*(\([^)]*\))")
_TAGGED_PROGRAM = re.compile(r"\(([^()\n]{2,20}(?:사업|프로그램|펀드|기금))\)\s*")


def read_figures(w: MentionWriter, text: str, line: int) -> None:
    programs = [(m.start(2), m.end(2), m.group(1)) for m in _PROGRAM.finditer(text)]
    programs += [(m.end(), m.end() + 1, m.group(1)) for m in _TAGGED_PROGRAM.finditer(text)]
    for a in amounts(text):
        node = iri.amount_figure(w.b.source.stem, line, f"{a.start}:{a.printed}")
        when = f" ({a.year})" if a.year else f" ({a.period})" if a.period else ""
        name = next((n for s, e, n in programs if s <= a.start < e), None)
        label = f"{clean_title(name)}: {a.printed}{when}" if name else a.printed + when
        w.b.entity(node, PK.AmountFigure, lines=line, label=label)
        w.b.add(node, PK.amountText, Literal(a.printed))
        w.b.add(node, PK.value, decimal(a.value))
        w.b.add(node, PK.unit, Literal(a.unit))
        if a.krw is not None:
            w.b.add(node, PK.amountKRW, integer(a.krw))
        if a.year:
            w.b.add(node, PK.fiscalYear, year(a.year))
        if a.period:
            w.b.add(node, PK.period, Literal(a.period))
        w.mention(node, line)
