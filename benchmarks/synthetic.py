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

Two modes. ``copies`` (the default, the figures of earlier runs): 20 ministry keys × 50 years,
every plan links to the same agenda items, names the same agencies and laws and uses the same
program codes as the real plan, so an answer about one of them grows with every plan.
``national``: plans spread as a national graph's would — 40 ministries and central agencies of the
agency registry (MOTIE first) × 25 years (2002–2026), interleaved so that every N is a
cross-section of both; each plan

* links to the agenda list of the administration in force when it was written (the list adopted
  before its year: 2022 for 2023–2025, 2025 for 2026, 2017 for 2018–2022, …; the 2022 and 2025
  lists are the real ones, older lists synthetic with the same codes), each ministry to its own
  items (the real plan's codes shifted by 3 per ministry, so an item is served by a few
  ministries' plans, not by all);
* is issued by its ministry's agency (MOTIE and the ministry swap places wherever the plan names
  an agency), so a pair of agencies cooperates in the plans of the two, not in every plan;
* has its ministry's programs (4-digit codes shifted by 137 per ministry) and laws and strategies
  of its own (``law/{key}-{ministry}``, labelled with the ministry), while regions, industries and
  other agencies stay shared.

MOTIE's plans are the real plan moved in time. Answers then grow with the plans that concern them
(a ministry's years, an administration's plans), as in a real graph.

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
from functools import lru_cache
from urllib.parse import unquote

from pyoxigraph import Literal, NamedNode, Triple

from policykg.build.findings import finding_triples
from policykg.model import iri
from policykg.model.records import ParseResult
from policykg.model.vocab import PK, RDFS
from policykg.reference.agencies import registry

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
MODES = ("copies", "national")
# national mode: the ministries and central agencies of the registry (their successors after the
# 2025 reorganisation are the same ministries); MOTIE first, its plans are the real plan's
NATIONAL_CATEGORIES = {
    "ministry",
    "central_agency",
    "presidential_committee",
    "pm_committee",
    "committee",
}
NATIONAL_LAST_YEAR = 2026
NATIONAL_YEARS = 25
# the administrations' agenda lists by adoption year; a plan links to the last one adopted
# before its year (a plan is written early in its year)
NATIONAL_LISTS = (1998, 2003, 2008, 2013, 2017, 2022, 2025)
LIST_SIZES = {2025: 123}  # tasks of a list (120 for the others, as the 2022 list)
AGENDA_SHIFT = 3  # per ministry: its agenda items (3 × 40 ministries < 120 tasks)
PROGRAM_SHIFT = 137  # per ministry: its 4-digit program codes
REKEYED = {"stmt", "funding", "finding", "budget", "budget-item", "mention", "amount", "event"}
PROGRAMS = iri.ID + "program/"  # a ministry's programs: shared by its plans of every year
_DIGEST = re.compile(r"[0-9a-f]{16}")
_PROGRAM_CODE = re.compile(r"[0-9]{4}")
_GYEAR = NamedNode("http://www.w3.org/2001/XMLSchema#gYear")


@dataclass(frozen=True)
class Variant:
    """Which ministry and year a synthetic plan is, and how its amounts are scaled.

    ``rank``: in the national mode, the ministry's place in :func:`national_ministries` (MOTIE
    0), which shifts its agenda items and program codes; ``None`` in the copies mode."""

    index: int
    ministry: str
    year: int
    rank: int | None = None

    @property
    def key(self) -> str:
        return f"{self.ministry}-{self.year}"

    @property
    def document(self) -> str:
        return f"{self.key}-performance-plan"

    @property
    def factor(self) -> float:
        return 1.0 + (self.index % 9) / 10


def agenda_list_year(year: int, national: bool = False) -> int:
    """The adoption year of the agenda list in force in ``year``: copies mode, one per five years;
    national mode, the administration's list adopted before ``year``."""
    if national:
        return max((y for y in NATIONAL_LISTS if y < year), default=NATIONAL_LISTS[0])
    return BASE_AGENDA_LIST + (year - BASE_AGENDA_LIST) // AGENDA_TERM * AGENDA_TERM


@lru_cache(maxsize=1)
def national_ministries() -> tuple[str, ...]:
    """The national mode's ministries: the registry's ministries, central agencies and
    committees that succeed no other (lower-case acronyms), MOTIE first."""
    keys = sorted(
        a.acronym.lower()
        for a in registry().agencies.values()
        if a.category in NATIONAL_CATEGORIES and not a.predecessor
    )
    return (BASE_MINISTRY, *(k for k in keys if k != BASE_MINISTRY))


def variants(n: int, mode: str = "copies") -> list[Variant]:
    """``n`` distinct (ministry, year) pairs: copies mode, none of them the real ``motie-2024``;
    national mode, every ministry of a year before the years before it, ministries interleaved
    so that the first N plans spread over ministries and years alike."""
    if mode not in MODES:
        raise ValueError(f"mode {mode!r}: one of {', '.join(MODES)}")
    out = []
    if mode == "national":
        ministries = national_ministries()
        if n > len(ministries) * NATIONAL_YEARS:
            raise ValueError(f"national mode: at most {len(ministries) * NATIONAL_YEARS} plans")
        for i in range(n):
            step = i % NATIONAL_YEARS
            rank = (i // NATIONAL_YEARS + 7 * step) % len(ministries)
            out.append(Variant(i, ministries[rank], NATIONAL_LAST_YEAR - step, rank))
        return out
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
        self.national = v.rank is not None
        self.cache: dict[str, NamedNode | None] = {}
        self.shared: set[NamedNode] = set()  # moved, but not the plan's own (no relabelling)
        self.by_ministry: set[NamedNode] = set()  # labelled with the ministry, not the year
        self.codes: dict[NamedNode, str] = {}  # moved nodes whose pk:code changes
        own = iri.agency(v.ministry.upper())
        self.agencies = {iri.agency(BASE_MINISTRY.upper()): own, own: iri.agency("MOTIE")}

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
                    if self.national and len(segs) > 2 and _PROGRAM_CODE.fullmatch(segs[2]):
                        moved[2] = f"{(int(segs[2]) + PROGRAM_SHIFT * self.rank) % 10000:04d}"
                own_law = segs[0] in ("law", "strategy") and len(segs) == 2
                if own_law and self.national and self.v.ministry != BASE_MINISTRY:
                    moved[1] = f"{segs[1]}-{self.v.ministry}"
                if moved != segs:
                    new = iri.node("/".join(moved))
                    if segs[0] == "program":
                        self.by_ministry.add(new)
                        if len(segs) == 3 and moved[2] != segs[2]:
                            self.codes[new] = moved[2]
                    elif own_law:
                        self.by_ministry.add(new)
        self.cache[value] = new
        return new

    @property
    def rank(self) -> int:
        assert self.v.rank is not None  # national mode only
        return self.v.rank

    def _agenda(self, segs: list[str]) -> NamedNode | None:
        """An agenda list or task, moved to the list in force in the plan's year (still shared);
        in the national mode, to the plan's ministry's items of that list."""
        year = agenda_list_year(self.v.year, self.national)
        code = segs[2] if len(segs) > 2 else None
        if code is not None and self.national:
            top, dash, sub = code.partition("-")
            if top.isdigit():
                size = LIST_SIZES.get(year, 120)
                code = f"{(int(top) - 1 + AGENDA_SHIFT * self.rank) % size + 1}{dash}{sub}"
        if year == BASE_AGENDA_LIST and code == (segs[2] if len(segs) > 2 else None):
            return None
        node = iri.node("/".join(["agenda", str(year), *([code] if code else [])]))
        self.shared.add(node)
        if self.national:
            self.codes[node] = code or str(year)
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
            # national: the plan's ministry names itself where the real plan names MOTIE
            swapped = self.agencies.get(o) if self.national else None
            o = swapped or self.node(o) or o
        elif isinstance(o, Literal):
            if s is not None and t.predicate == PK.code and s in self.codes:
                return Triple(s, t.predicate, Literal(self.codes[s]))
            o = self._literal(
                t.predicate,
                o,
                local=s is not None and s not in self.shared,
                ministry_only=s in self.by_ministry,
            )
        return Triple(s or t.subject, t.predicate, o)

    def _literal(self, p: NamedNode, o: Literal, local: bool, ministry_only: bool) -> Literal:
        if p == PK.fiscalYear and o.datatype == _GYEAR and o.value.isdigit():
            return Literal(str(int(o.value) + self.year_shift), datatype=_GYEAR)
        if p == PK.amountKRW and o.value.lstrip("-").isdigit():
            return Literal(str(round(int(o.value) * self.v.factor)), datatype=o.datatype)
        if local and p == RDFS.label and o.language:
            # a program (and its sub-projects and items), a ministry's law, keeps its name from
            # year to year
            tag = (
                self.v.ministry.upper()
                if ministry_only
                else f"{self.v.ministry.upper()} {self.v.year}"
            )
            return Literal(f"{o.value} ({tag})", language=o.language)
        return o


def synthetic_plans(base: ParseResult, n: int, mode: str = "copies") -> Iterator[ParseResult]:
    """``n`` synthetic plans, one at a time (each holds a full copy of the plan's triples)."""
    triples = base.triples + finding_triples(base.findings)
    for v in variants(n, mode):
        r = Rewriter(base, v)
        yield ParseResult(v.document, [r.triple(t) for t in triples])
