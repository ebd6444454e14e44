"""How a build writes: a long document's parts handed over while it is parsed, loads batched
in the background, an in-memory copy validated while the store on disk is compacted."""

from __future__ import annotations

import threading

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, Triple, parse, serialize

import policykg.store.writers as store_module
from policykg.build import shared
from policykg.build.pipeline import build
from policykg.build.reading import load
from policykg.model import iri
from policykg.model.records import HAND_OVER, GraphBuilder, SourceInfo
from policykg.model.vocab import PK, PROV, RDF, RDFS
from policykg.store.generations import CURRENT
from policykg.store.writers import Loads, StoreWriter, n_quads
from tests.support.paths import PLAN

G = NamedNode("https://w3id.org/policykg/id/doc/test")


def test_a_plan_is_handed_over_in_parts_while_it_is_parsed():
    parts = []
    result = load(PLAN, sink=parts.append)
    assert len(parts) == len(result.triples) // HAND_OVER >= 3
    assert all(len(part) == HAND_OVER for part in parts)
    handed = [t for part in parts for t in part]
    assert handed == result.triples[: result.handed]  # in order, each triple once
    assert result.handed == len(handed)
    # without a sink the same parse hands nothing over
    assert load(PLAN).handed == 0 and load(PLAN).triples == result.triples


def test_a_statement_made_in_an_earlier_part_keeps_its_later_spans_with_it():
    b = GraphBuilder(SourceInfo("plan-a"), ["산업부 소관", "산업부 재언급"])
    statements: set = set()
    b.alt_label(iri.agency("MOTIE"), "산업부", lines=1)
    first = b.result().triples
    b.alt_label(iri.agency("MOTIE"), "산업부", lines=2)  # the same statement, a second span
    later = b.result().triples[len(first) :]
    shared.split(first, statements=statements)
    own, common = shared.split(later, statements=statements)
    statement = next(t.subject for t in first if t.predicate == RDF.subject)
    assert Triple(statement, PROV.wasDerivedFrom, iri.span("plan-a", 2, 2)) in common
    assert not any(t.subject == statement for t in own)
    # split alone, the later part cannot tell the statement is about a shared resource
    own_alone, _ = shared.split(later)
    assert any(t.subject == statement for t in own_alone)


def test_n_quads_puts_every_triple_in_the_graph_even_with_tricky_literals():
    s = NamedNode("https://w3id.org/policykg/id/x")
    triples = [
        Triple(s, PK.quote, Literal("첫 줄 .\n둘째 줄 .")),
        Triple(s, PK.quote, Literal('따옴표 " 와 \\ 그리고 " .')),
        Triple(s, RDFS.label, Literal("라벨", language="ko")),
        Triple(
            s,
            PK.startLine,
            Literal("3", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ),
        Triple(s, RDF.type, PK.SourceSpan),
    ]
    quads = list(parse(n_quads(triples, G), format=RdfFormat.N_QUADS))
    assert quads == [Quad(t.subject, t.predicate, t.object, G) for t in triples]
    assert n_quads(triples, G) == serialize(
        [Quad(t.subject, t.predicate, t.object, G) for t in triples], format=RdfFormat.N_QUADS
    )


class _SlowStore:
    """Records each bulk load; the first one waits until released."""

    def __init__(self) -> None:
        self.loads: list[bytes] = []
        self.calls: list[str] = []
        self.release = threading.Event()
        self.started = threading.Event()

    def bulk_load(self, data, format, lenient):
        self.started.set()
        if not self.loads:
            self.release.wait(10)
        self.loads.append(data)
        self.calls.append("load")

    def optimize(self):
        self.calls.append("optimize")


def test_what_is_queued_while_a_load_runs_goes_in_one_next_load():
    target = _SlowStore()
    loads = Loads(target, "test-load")
    loads.queue(b"a\n")
    assert target.started.wait(10)  # the first load runs (and waits)
    for chunk in (b"b\n", b"c\n", b"d\n"):
        loads.queue(chunk)
    loads.then(target.optimize)
    loads.queue(b"e\n")  # after the job: a load of its own
    target.release.set()
    loads.wait()
    assert target.loads == [b"a\n", b"b\nc\nd\n", b"e\n"]
    assert target.calls == ["load", "load", "optimize", "load"]
    loads.stop()


def test_a_failed_load_is_raised_when_the_build_waits():
    loads = Loads(Store(), "test-load")
    loads.queue(b"<not n-quads")
    with pytest.raises(SyntaxError):
        loads.wait()
    loads.stop()


def test_the_build_reads_an_in_memory_copy_holding_what_the_store_holds(tmp_path):
    writer = StoreWriter(tmp_path / "s")
    triples = [Triple(iri.agency("MOTIE"), PK.code, Literal(str(n))) for n in range(50)]
    writer.add_graph(G, triples)
    view = writer.view()
    assert view.store is not writer.store  # the copy
    assert len(view) == 50
    writer.compact()
    generation = writer.commit()
    assert len(Store.read_only(str(generation))) == 50


def test_past_the_copy_limit_the_build_reads_the_store_itself(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "COPY_LIMIT", 30)
    writer = StoreWriter(tmp_path / "s")
    writer.add_graph(G, [Triple(iri.agency("MOTIE"), PK.code, Literal(str(n))) for n in range(20)])
    assert writer.view().store is not writer.store
    writer.extend_graph(G, [Triple(iri.agency("ME"), PK.code, Literal(str(n))) for n in range(20)])
    view = writer.view()
    assert view.store is writer.store and len(view) == 40
    writer.commit()


def test_a_built_store_and_its_report_are_the_same_written_either_way(tmp_path, monkeypatch):
    """The corpus built with the in-memory copy and without it: the same quads and counts."""
    with_copy = build(None, tmp_path / "a")
    monkeypatch.setattr(store_module, "COPY_LIMIT", 0)
    without = build(None, tmp_path / "b")
    assert with_copy.counts == without.counts and with_copy.links == without.links
    assert with_copy.documents == without.documents
    assert len(with_copy.validation.violations) == len(without.validation.violations) == 0

    def quads(root):
        store = Store.read_only(str((root / CURRENT).resolve()))
        return sorted(store.dump(format=RdfFormat.N_QUADS).splitlines())

    assert quads(tmp_path / "a") == quads(tmp_path / "b")
