"""Answers written by pyoxigraph and cut at the row cap by the writer it is given."""

from __future__ import annotations

import csv
import io
import json

import pytest
from pyoxigraph import (
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Store,
    parse,
    parse_query_results,
)

from policykg.api import results
from policykg.api.results import _Capped, _Full

EX = "http://example.org/"


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store()
    for i in range(30):
        text = f"line {i}\nsecond line, a tab\there" if i % 3 == 0 else f"값 {i}"
        s.add(Quad(NamedNode(f"{EX}s{i:02}"), NamedNode(EX + "p"), Literal(text), NamedNode(EX)))
    return s


SELECT = "SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s"


@pytest.mark.parametrize("fmt", ["JSON", "XML", "CSV", "TSV"])
@pytest.mark.parametrize("limit, truncated", [(10, True), (30, False), (31, False), (0, True)])
def test_solutions_are_cut_at_the_cap_in_every_format(store, fmt, limit, truncated):
    body, cut = results.solutions(store.query(SELECT), fmt, limit)
    assert cut is truncated
    full = list(store.query(SELECT))[: min(limit, 30)]
    if fmt == "CSV":  # lossy: pyoxigraph does not read it back
        lines = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        assert lines[0] == ["s", "o"] and [r[1] for r in lines[1:]] == [r["o"].value for r in full]
        return
    rows = list(parse_query_results(body, format=getattr(QueryResultsFormat, fmt)))
    assert [r["o"] for r in rows] == [r["o"] for r in full]
    if fmt == "JSON":
        assert json.loads(body)["head"]["vars"] == ["s", "o"]


@pytest.mark.parametrize("fmt", ["TURTLE", "N_TRIPLES", "RDF_XML", "JSON_LD", "N_QUADS", "TRIG"])
def test_triples_are_cut_at_the_cap_in_every_format(store, fmt):
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    body, cut = results.triples(store.query(construct), fmt, 12)
    assert cut is True
    assert len(list(parse(body, format=getattr(RdfFormat, fmt)))) == 12
    body, cut = results.triples(store.query(construct), fmt, 100)
    assert cut is False and len(list(parse(body, format=getattr(RdfFormat, fmt)))) == 30


def test_the_writer_counts_lines_across_chunk_boundaries():
    text = b"".join(b"row %d\n" % i for i in range(10))
    for size in (1, 3, 7, 64):
        capped = _Capped(4)
        with pytest.raises(_Full):
            for start in range(0, len(text), size):
                capped.write(text[start : start + size])
        assert capped.value() == b"row 0\nrow 1\nrow 2\nrow 3\n" and capped.truncated
    exact = _Capped(10)
    for start in range(0, len(text), 5):
        exact.write(text[start : start + 5])
    exact.write(b"")
    assert exact.value() == text and not exact.truncated
