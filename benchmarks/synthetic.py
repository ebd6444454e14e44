"""Synthetic performance plans derived from the real one, for the scale run.

The real plan (``motie-2024``) is parsed once by the real loader; each synthetic plan is that graph
rewritten for another ministry and year, at the triple level:

* every node the plan itself minted gets the synthetic plan's key — ``plan/motie-2024/…`` becomes
  ``plan/<ministry>-<year>/…``, the document and its source spans move to
  ``<ministry>-<year>-performance-plan``, programs to ``program/<ministry>/…``, and hashed nodes
  (fundings, statements, findings, budgets, mentions, amount figures, events) are re-keyed with the
  plan's key, all through :mod:`policykg.model.iri`;
* fiscal years shift with the plan's year, amounts in won are scaled by a factor per plan, and the
  labels of the plan's own nodes carry the ministry and year;
* shared nodes (agencies, laws, livelihood tasks) stay shared, as they would be for a real second
  plan; national agenda tasks are those of the list in force in the plan's year — a synthetic
  list every five years (:func:`agenda_list_year`: 2022 for 2022–2026, 2017 for 2017–2021, ...),
  each with the real list's codes and titles, since a plan links to its own administration's
  list and not to the one adopted decades later.

Why triples and not text: the loader's cost per document is measured by the main benchmark (the
real plan through the real parser); re-parsing 34,700 lines per synthetic plan would only multiply
that known cost by N (100 plans ≈ 100 × the parse time) while the scale run is about what grows in
the store, the build's write and validation, and the questions. Re-keying everything a plan mints
keeps the synthetic plans as distinct as real ones would be.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from pyoxigraph import Literal, NamedNode, Triple

from policykg.build.findings import finding_triples
from policykg.model import iri
from policykg.model.records import ParseResult
from policykg.model.vocab import PK, RDFS

BASE_PLAN = "motie-2024"
BASE_MINISTRY = "motie"
BASE_YEAR = 2024
# 20 ministries × 50 years covers N = 1,000 without repeating a (ministry, year)
MINISTRIES = (
    "me",
    "msit",
    "mof",
    "molit",
    "mafra",
    "moef",
    "mois",
    "mohw",
    "moel",
    "mogef",
    "mcst",
    "mnd",
    "mou",
    "moj",
    "mofa",
    "mss",
    "mpm",
    "moe",
    "mpva",
    "motie",
)
BASE_AGENDA_LIST = 2022  # the list the real plan links to (its agenda/2022/… IRIs)
AGENDA_TERM = 5
REKEYED = {"stmt", "funding", "finding", "budget", "budget-item", "mention", "amount", "event"}
PROGRAMS = iri.ID + "program/"  # a ministry's programs: shared by its plans of every year
_DIGEST = re.compile(r"[0-9a-f]{16}")
_GYEAR = NamedNode("http://www.w3.org/2001/XMLSchema#gYear")


@dataclass(frozen=True)
class Variant:
    """Which ministry and year a synthetic plan is, and how its amounts are scaled."""

    index: int
    ministry: str
    year: int

    @property
    def key(self) -> str:
        return f"{self.ministry}-{self.year}"

    @property
    def document(self) -> str:
        return f"{self.key}-performance-plan"

    @property
    def factor(self) -> float:
        return 1.0 + (self.index % 9) / 10


def agenda_list_year(year: int) -> int:
    """The adoption year of the (synthetic) agenda list in force in ``year``: one per five years."""
    return BASE_AGENDA_LIST + (year - BASE_AGENDA_LIST) // AGENDA_TERM * AGENDA_TERM


def variants(n: int) -> list[Variant]:
    """``n`` distinct (ministry, year) pairs, none of them the real ``motie-2024``."""
    out = []
    for i in range(n):
        ministry = MINISTRIES[i % len(MINISTRIES)]
        year = BASE_YEAR - i // len(MINISTRIES) - (ministry == BASE_MINISTRY)
        out.append(Variant(i, ministry, year))
    return out


class Rewriter:
    """Maps the real plan's terms onto one synthetic plan's."""

    def __init__(self, base: ParseResult, v: Variant) -> None:
        self.v = v
        self.doc = base.document
        self.year_shift = v.year - BASE_YEAR
        self.cache: dict[str, NamedNode | None] = {}
        self.shared: set[NamedNode] = set()  # moved, but not the plan's own (no relabelling)

    def node(self, term: NamedNode) -> NamedNode | None:
        """The synthetic node for a plan-minted IRI, ``None`` for a shared one."""
        value = term.value
        if value in self.cache:
            return self.cache[value]
        new = None
        if value.startswith(iri.ID):
            segs = [unquote(s) for s in value[len(iri.ID) :].split("/")]
            if segs[0] == "agenda" and len(segs) > 1 and segs[1] == str(BASE_AGENDA_LIST):
                new = self._agenda(segs)
            elif len(segs) == 2 and segs[0] in REKEYED and _DIGEST.fullmatch(segs[1]):
                new = iri.keyed(segs[0], segs[1], self.v.key)
            else:
                moved = [self._segment(s) for s in segs]
                if segs[0] == "program" and len(segs) > 1 and segs[1] == BASE_MINISTRY:
                    moved[1] = self.v.ministry
                if moved != segs:
                    new = iri.node("/".join(moved))
        self.cache[value] = new
        return new

    def _agenda(self, segs: list[str]) -> NamedNode | None:
        """An agenda list or task, moved to the list in force in the plan's year (still shared)."""
        year = agenda_list_year(self.v.year)
        if year == BASE_AGENDA_LIST:
            return None
        node = iri.node("/".join(["agenda", str(year), *segs[2:]]))
        self.shared.add(node)
        return node

    def _segment(self, seg: str) -> str:
        if seg == BASE_PLAN:
            return self.v.key
        if seg == self.doc:
            return self.v.document
        return seg

    def triple(self, t: Triple) -> Triple:
        s = self.node(t.subject) if isinstance(t.subject, NamedNode) else None
        o = t.object
        if isinstance(o, NamedNode):
            o = self.node(o) or o
        elif isinstance(o, Literal):
            o = self._literal(
                t.predicate,
                o,
                local=s is not None and s not in self.shared,
                ministry_only=s is not None and s.value.startswith(PROGRAMS),
            )
        return Triple(s or t.subject, t.predicate, o)

    def _literal(self, p: NamedNode, o: Literal, local: bool, ministry_only: bool) -> Literal:
        if p == PK.fiscalYear and o.datatype == _GYEAR and o.value.isdigit():
            return Literal(str(int(o.value) + self.year_shift), datatype=_GYEAR)
        if p == PK.amountKRW and o.value.lstrip("-").isdigit():
            return Literal(str(round(int(o.value) * self.v.factor)), datatype=o.datatype)
        if local and p == RDFS.label and o.language:
            # a program (and its sub-projects and items) keeps its name from year to year
            tag = (
                self.v.ministry.upper()
                if ministry_only
                else f"{self.v.ministry.upper()} {self.v.year}"
            )
            return Literal(f"{o.value} ({tag})", language=o.language)
        return o


def synthetic_plans(base: ParseResult, n: int) -> Iterator[ParseResult]:
    """``n`` synthetic plans, one at a time (each holds a full copy of the plan's triples)."""
    triples = base.triples + finding_triples(base.findings)
    for v in variants(n):
        r = Rewriter(base, v)
        yield ParseResult(v.document, [r.triple(t) for t in triples])
