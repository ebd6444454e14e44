"""Minting of every resource IRI, from stable keys, in one place.

The patterns are fixed (``docs/architecture.md``, "Identifiers"); tests and users rely on them.

>>> task("IV-3-3").value
'https://w3id.org/policykg/id/plan/motie-2024/task/IV-3-3'
>>> agenda_task(2022, "20-1").value
'https://w3id.org/policykg/id/agenda/2022/20-1'
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from urllib.parse import quote, unquote

from pyoxigraph import NamedNode

BASE = "https://w3id.org/policykg/"
ID = BASE + "id/"
ONTOLOGY_GRAPH = NamedNode(BASE + "ontology")
REFERENCE_GRAPH = NamedNode(ID + "graph/reference")
LINKS_GRAPH = NamedNode(ID + "graph/links")
SHARED_GRAPH = NamedNode(ID + "graph/shared")  # resources several documents describe (shared.py)
LOOKUPS_GRAPH = NamedNode(ID + "graph/lookups")  # links the build derives for the questions
DEFAULT_PLAN = "motie-2024"


# The first path segment under id/ of the IRIs minted from one document or one plan (its own
# resources, see shared.py), and of the rdf:Statement nodes minted by statement().
DOCUMENT_KINDS = frozenset(
    {"doc", "span", "item", "mention", "amount", "finding", "plan", "workplan", "funding", "graph"}
)
STATEMENT_KIND = "stmt"


def kind(node: NamedNode) -> str | None:
    """The first segment of a policykg IRI's path under ``id/`` (``agency``, ``plan``…), or None."""
    return node.value[len(ID) :].split("/", 1)[0] if node.value.startswith(ID) else None


@lru_cache(maxsize=1 << 16)
def _seg(value: str) -> str:
    """One percent-encoded path segment (remembered: a build mints the same ones many times)."""
    return quote(str(value), safe="-._~")


@lru_cache(maxsize=1 << 16)
def node(path: str) -> NamedNode:
    """A resource IRI from a path relative to ``id/``; each segment is percent-encoded
    (remembered: half of a build's calls ask for a node asked for before)."""
    return NamedNode(ID + "/".join(_seg(p) for p in path.split("/")))


def document(stem: str) -> NamedNode:
    return node(f"doc/{stem}")


def document_graph(stem: str) -> NamedNode:
    """The named graph holding everything parsed from one source document."""
    return document(stem)


def plan(key: str = DEFAULT_PLAN) -> NamedNode:
    return node(f"plan/{key}")


def goal(code: str, plan_key: str = DEFAULT_PLAN) -> NamedNode:
    return node(f"plan/{plan_key}/goal/{code}")


def task(code: str, plan_key: str = DEFAULT_PLAN) -> NamedNode:
    return node(f"plan/{plan_key}/task/{code}")


def indicator(owner_code: str, n: int, plan_key: str = DEFAULT_PLAN) -> NamedNode:
    return node(f"plan/{plan_key}/indicator/{owner_code}/{n}")


def indicator_value(
    owner_code: str, n: int, kind: str, year: int, plan_key: str = DEFAULT_PLAN
) -> NamedNode:
    """One yearly actual or target of an indicator: ``…/indicator/I-1-1/2/target/2024``."""
    return node(f"plan/{plan_key}/indicator/{owner_code}/{n}/{kind}/{year}")


def cooperation(n: int, plan_key: str = DEFAULT_PLAN) -> NamedNode:
    return node(f"plan/{plan_key}/cooperation/{n}")


def agenda_scheme(year: int | str) -> NamedNode:
    return node(f"agenda/{year}")


def agenda_task(year: int | str, code: str) -> NamedNode:
    return node(f"agenda/{year}/{code}")


def livelihood_task(code: str) -> NamedNode:
    """A 민생과제 code linked from a plan: ``livelihood/16-1-3``."""
    return node(f"livelihood/{code}")


def workplan_item(code: str, plan_key: str = DEFAULT_PLAN) -> NamedNode:
    """An item of the ministry's work plan (부처 업무계획): ``workplan/motie-2024/1-1``."""
    return node(f"workplan/{plan_key}/{code}")


def program(code: str, ministry: str = "motie") -> NamedNode:
    return node(f"program/{ministry}/{code}")


def sub_project(program_code: str, sub: str, ministry: str = "motie") -> NamedNode:
    return node(f"program/{ministry}/{program_code}/{sub}")


def unnumbered_sub_project(program_code: str, name_key: str, ministry: str = "motie") -> NamedNode:
    """A sub-project printed without its code, under its program, from its name key (hashed)."""
    digest = hashlib.sha1(name_key.encode("utf-8")).hexdigest()[:12]
    return node(f"program/{ministry}/{program_code}/name-{digest}")


def program_year(program_iri: NamedNode, year: int | str) -> NamedNode:
    """A program in one fiscal year (written by the build, ``policykg.build.lookups``).

    >>> program_year(program("3231"), 2024).value
    'https://w3id.org/policykg/id/program/motie/3231/year/2024'
    """
    return NamedNode(f"{program_iri.value}/year/{_seg(str(year))}")


def budget_item(parent: NamedNode, name_key: str) -> NamedNode:
    """An item line printed below a sub-project, from the sub-project and the item's name key."""
    return keyed("budget-item", parent.value, name_key)


def funding(
    task_code: str,
    funded: NamedNode,
    year: int,
    occurrence: int = 1,
    reading: str = "",
    plan_key: str = DEFAULT_PLAN,
) -> NamedNode:
    """One task's amount of a program, sub-project or item for one fiscal year.

    ``occurrence`` tells apart two rows of one table for the same program (a program printed
    twice with different shares); ``reading`` tells apart two readings of a contradiction.
    """
    return keyed("funding", plan_key, task_code, funded.value, year, occurrence, reading)


def program_budget(
    program_code: str, year: int, amount_krw: int, ministry: str = "motie"
) -> NamedNode:
    """A whole-program amount for a year as one table states it (two figures, two nodes)."""
    return keyed("budget", ministry, program_code, year, amount_krw)


def agency(acronym: str) -> NamedNode:
    return node(f"agency/{acronym}")


def policy_item(doc_stem: str, path: str) -> NamedNode:
    """A numbered unit of a document's heading structure; ``path`` is its codes joined by "/".

    >>> policy_item("moti-2025-12-work-report", "III/1/1").value
    'https://w3id.org/policykg/id/item/moti-2025-12-work-report/III/1/1'
    """
    return node(f"item/{doc_stem}/{path}")


def law(name_key: str) -> NamedNode:
    """A law or bill, from its normalised name key (see ``curated.law_key``)."""
    return node(f"law/{name_key}")


def strategy(key: str) -> NamedNode:
    """A strategy or plan, from its normalised name key."""
    return node(f"strategy/{key}")


def project(key: str) -> NamedNode:
    """An investment project a strategy lists, from its normalised name key."""
    return node(f"project/{key}")


def region(key: str) -> NamedNode:
    return node(f"region/{key}")


def industry(key: str) -> NamedNode:
    return node(f"industry/{key}")


def event(*key: object) -> NamedNode:
    """A dated event (a law enacted, a strategy announced), from what, which action and when."""
    return keyed("event", *key)


def mention(doc_stem: str, line: int, entity: NamedNode) -> NamedNode:
    """One mention of an entity on one line of a document."""
    return keyed("mention", doc_stem, line, entity.value)


def amount_figure(doc_stem: str, line: int, text: str) -> NamedNode:
    """A money figure printed on one line of a document."""
    return keyed("amount", doc_stem, line, text)


def agency_change(key: str) -> NamedNode:
    """A reorganisation event of the agency registry, e.g. ``agency-change/2025-10-01-MOTIE``."""
    return node(f"agency-change/{key}")


def org_unit(acronym: str, name: str) -> NamedNode:
    """An office, bureau or division of an agency, keyed by its Korean name (hashed)."""
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return node(f"agency/{acronym}/unit/{digest}")


def span(doc_stem: str, start: int, end: int) -> NamedNode:
    """The :class:`pk:SourceSpan` of lines ``start``..``end`` of a document."""
    return node(f"span/{doc_stem}/{start}-{end}")


def span_lines(span_iri: str) -> tuple[str, int, int] | None:
    """The document and lines a span IRI names (the inverse of :func:`span`), else ``None``.

    >>> span_lines(span("motie-2024-performance-plan", 5114, 5116).value)
    ('motie-2024-performance-plan', 5114, 5116)
    >>> span_lines(ID + "agency/ME") is None
    True
    """
    prefix = ID + "span/"
    if not span_iri.startswith(prefix):
        return None
    doc, _, lines = span_iri[len(prefix) :].rpartition("/")
    start, _, end = lines.partition("-")
    if not (doc and start.isdigit() and end.isdigit()):
        return None
    return unquote(doc), int(start), int(end)


def keyed(kind: str, *key: object) -> NamedNode:
    """An IRI for a node with no natural code (a funding, a link kind), from a stable key.

    The key is hashed, so the same key always gives the same IRI across builds.
    """
    digest = hashlib.sha1("\x1f".join(str(k) for k in key).encode("utf-8")).hexdigest()[:16]
    return node(f"{kind}/{digest}")


def staging_graph(build: str, graph: NamedNode) -> NamedNode:
    """Where a build uploads ``graph`` to a remote store before swapping it in (see store.py)."""
    return keyed(f"graph/staging/{build}", graph.value)


def statement(s: NamedNode, p: NamedNode, o: object) -> NamedNode:
    """The IRI of the ``rdf:Statement`` that carries provenance for one link triple."""
    return keyed(STATEMENT_KIND, s.value, p.value, str(o))
