"""Which triples go to a document's own graph, and which to the one graph of shared resources.

A document's named graph holds what only it can state: the document node, its spans, items,
mentions, money figures, findings, the plan and its goals, tasks, indicators and fundings, and the
links from those to anything else. A triple *about* a resource that several documents describe —
an agency, an agenda task, a law, a strategy, a region, an industry, a program and its budgets, a
dated event — goes to :data:`~.iri.SHARED_GRAPH` instead, where the store keeps it once however
many documents state it. (In a union default graph a triple is returned once per graph holding it,
so a type or a label repeated in N document graphs multiplies every join through that node by N.)

Nothing of the provenance is lost: each document's spans still hang on the shared resource
(``prov:wasDerivedFrom``, one triple per span), and a link's ``rdf:Statement`` follows the
resource it is about. Triples the reference graph already holds are not written again.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import NamedNode, Triple

from policykg.model import iri
from policykg.model.vocab import RDF


def is_shared(node: object) -> bool:
    """Whether ``node`` is a resource several documents may describe (an agency, a law...)."""
    kind = iri.kind(node) if isinstance(node, NamedNode) else None
    return kind is not None and kind not in iri.DOCUMENT_KINDS and kind != iri.STATEMENT_KIND


def split(
    triples: Iterable[Triple],
    known: frozenset[Triple] | set[Triple] = frozenset(),
    statements: set[NamedNode] | None = None,
) -> tuple[list[Triple], list[Triple]]:
    """``(own, shared)``: the document's own triples, and those about shared resources.

    A statement node goes where the resource it is about goes. ``known`` triples (the reference
    graph) are left out of the shared part. ``statements``: for a document split in parts (in
    the order its triples were made), the shared statement nodes of its earlier parts; those of
    this part are added to it.
    """
    triples = list(triples)
    shared_statements = set() if statements is None else statements
    shared_statements.update(
        t.subject
        for t in triples
        if t.predicate == RDF.subject
        and isinstance(t.subject, NamedNode)
        and iri.kind(t.subject) == iri.STATEMENT_KIND
        and is_shared(t.object)
    )
    goes_shared: dict[object, bool] = {}  # by subject: a subject has a few triples on average
    own: list[Triple] = []
    shared: list[Triple] = []
    for t in triples:
        there = goes_shared.get(t.subject)
        if there is None:
            there = goes_shared[t.subject] = is_shared(t.subject) or t.subject in shared_statements
        if there:
            if t not in known:
                shared.append(t)
        else:
            own.append(t)
    return own, shared
