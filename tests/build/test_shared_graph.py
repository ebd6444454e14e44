"""Resources several documents describe are written once, to the shared graph
(kg/build/shared.py)."""

from __future__ import annotations

from pyoxigraph import Triple

from policykg.build import shared
from policykg.model import iri
from policykg.model.records import GraphBuilder, SourceInfo
from policykg.model.vocab import PK, RDF


def _doc(stem: str):
    b = GraphBuilder(SourceInfo(stem), ["산업통상자원부 국정과제 20-1"])
    agenda = iri.agenda_task(2022, "20-1")
    b.entity(agenda, PK.NationalAgendaTask, lines=1, label="국정과제", code="20-1")
    b.entity(iri.task("I-1-1", stem), PK.ManagementTask, lines=1, code="I-1-1")
    b.link(iri.task("I-1-1", stem), PK.supportsAgenda, agenda, lines=1)
    b.alt_label(iri.agency("MOTIE"), "산업부", lines=1)
    return b.result().triples


def test_split_sends_shared_resources_and_their_statements_to_the_shared_graph():
    own, common = shared.split(_doc("plan-a"))
    agenda = iri.agenda_task(2022, "20-1")
    assert Triple(agenda, RDF.type, PK.NationalAgendaTask) in common
    assert not any(t.subject == agenda for t in own)
    # the link from the plan's task stays with the plan, with its statement
    link = iri.statement(iri.task("I-1-1", "plan-a"), PK.supportsAgenda, agenda)
    assert {t.subject for t in own} >= {iri.task("I-1-1", "plan-a"), link}
    # the statement of the agency's alternative label follows the agency
    alt = next(
        t.subject for t in common if t.predicate == RDF.subject and t.object == iri.agency("MOTIE")
    )
    assert alt.value.startswith(iri.ID + "stmt/")
    assert not any(t.subject == alt for t in own)
    # spans, the document and the plan are the document's own
    assert all(not shared.is_shared(t.subject) for t in own)


def test_split_leaves_out_what_the_reference_graph_holds():
    triples = _doc("plan-a")
    agenda_type = Triple(iri.agenda_task(2022, "20-1"), RDF.type, PK.NationalAgendaTask)
    _, common = shared.split(triples, known=frozenset({agenda_type}))
    assert agenda_type not in common
    assert any(t.subject == iri.agenda_task(2022, "20-1") for t in common)


def test_two_documents_state_a_shared_triple_once_and_keep_both_spans():
    _a_own, a_common = shared.split(_doc("plan-a"))
    _b_own, b_common = shared.split(_doc("plan-b"))
    agenda = iri.agenda_task(2022, "20-1")
    assert Triple(agenda, RDF.type, PK.NationalAgendaTask) in set(a_common) & set(b_common)
    spans = {
        t.object
        for t in a_common + b_common
        if t.subject == agenda and t.predicate.value.endswith("wasDerivedFrom")
    }
    assert spans == {iri.span("plan-a", 1, 1), iri.span("plan-b", 1, 1)}


def test_built_store_holds_no_triple_in_two_graphs(store):
    rows = store.select("""
        SELECT ?s ?p ?o ?g1 ?g2 WHERE {
          GRAPH ?g1 { ?s ?p ?o } GRAPH ?g2 { ?s ?p ?o } FILTER(STR(?g1) < STR(?g2))
        } LIMIT 5""")
    assert rows == []


def test_built_store_describes_shared_resources_in_the_shared_graph(store):
    count = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { %s } } GROUP BY ?g"""
    rows = store.select(count % "?a a pk:NationalAgendaTask", {"g": iri.SHARED_GRAPH})
    assert int(rows[0]["n"].value) > 30
    # and the plan's own graph still links its tasks to them
    rows = store.select(
        count % "?t pk:supportsAgenda ?a", {"g": iri.document_graph("motie-2024-performance-plan")}
    )
    assert int(rows[0]["n"].value) > 90
