"""The SHACL subset evaluated on the store (kg/build/shacl.py) agrees with pyshacl on real data."""

from __future__ import annotations

from collections import Counter

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from policykg.build.shacl import compile_shapes
from policykg.build.validate import validate, validate_with_pyshacl
from policykg.model.vocab import PK, RDFS, shapes_text
from policykg.store.policy_store import PolicyStore

XSD = "http://www.w3.org/2001/XMLSchema#"
# about a tenth of the subjects (IRIs ending in 1), with the types of what they point to
SAMPLE = """CONSTRUCT { ?s ?p ?o . ?o a ?t } WHERE {
  ?s ?p ?o . FILTER(STRENDS(STR(?s), "1")) OPTIONAL { ?o a ?t } }"""


def test_the_project_shapes_are_all_evaluated_natively():
    shapes = compile_shapes(shapes_text())
    assert shapes is not None and len(shapes) >= 15
    assert sum(len(s.properties) for s in shapes) >= 50


def test_a_shape_outside_the_subset_falls_back_to_pyshacl():
    ttl = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:x:> .
    ex:S a sh:NodeShape ; sh:targetClass ex:C ;
      sh:property [ sh:path ex:p ; sh:or ( [ sh:datatype ex:d ] [ sh:class ex:C ] ) ] ."""
    assert compile_shapes(ttl) is None


def _broken(store: PolicyStore) -> PolicyStore:
    triples = list(store.query(SAMPLE))
    quads = [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples]
    by_p: dict[str, list[int]] = {}
    for i, q in enumerate(quads):
        by_p.setdefault(q.predicate.value, []).append(i)
    drop = {
        ix[n]
        for p in ("startLine", "document", "code", "fiscalYear", "message")
        for ix in [by_p[PK[p].value]]
        for n in (0, len(ix) // 2)
    }
    extra = []
    for i in by_p[PK.code.value][:3]:
        extra.append(Quad(quads[i].subject, PK.code, Literal("bad code"), DefaultGraph()))
    for i in by_p[RDFS.label.value][:4]:
        extra.append(
            Quad(quads[i].subject, RDFS.label, Literal("둘째", language="ko"), DefaultGraph())
        )
    for i in by_p[PK.severity.value][:2]:
        extra.append(Quad(quads[i].subject, PK.severity, Literal("fatal"), DefaultGraph()))
    for i in by_p[PK.task.value][:2]:
        extra.append(Quad(quads[i].subject, PK.task, NamedNode("urn:x:not-a-task"), DefaultGraph()))
    for i in by_p[PK.amountKRW.value][:2]:
        extra.append(
            Quad(
                quads[i].subject,
                PK.amountKRW,
                Literal("12.5", datatype=NamedNode(XSD + "decimal")),
                DefaultGraph(),
            )
        )
    return PolicyStore.in_memory([q for i, q in enumerate(quads) if i not in drop] + extra)


def test_native_results_equal_pyshacl_on_broken_real_data(store):
    broken = _broken(store)
    ours = validate(broken).violations
    theirs = validate_with_pyshacl(broken).violations
    assert len(ours) >= 15
    assert {(v.focus, v.path) for v in ours} == {(v.focus, v.path) for v in theirs}
    kinds = Counter(v.path.rsplit("#", 1)[-1] for v in ours)
    assert {"code", "label", "severity", "task", "amountKRW", "startLine"} <= set(kinds)


def test_the_shapes_run_where_the_store_is(store, built_store):
    """The shape queries run on the store itself — embedded here, and in CI's second and third
    runs on oxigraph serve and Virtuoso — and agree with the build's own validation."""
    assert validate(store).violations == built_store[1].validation.violations == []
