"""A real SPARQL client, SPARQLWrapper, queries the running server over HTTP in every format."""

from __future__ import annotations

import csv
import io
import json
from xml.dom.minidom import Document

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.support.sparql_server import running, scratch_store

# SPARQLWrapper builds rdflib ConjunctiveGraphs, which rdflib 7 deprecates: not our warning.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")
EX = "http://example.org/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SELECT = f"SELECT ?s ?label WHERE {{ ?s <{LABEL}> ?label }} ORDER BY ?s"
CONSTRUCT = f"CONSTRUCT {{ ?s <{LABEL}> ?label }} WHERE {{ ?s <{LABEL}> ?label }}"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory) -> str:
    quads = [
        Quad(
            NamedNode(f"{EX}task/{i}"),
            NamedNode(LABEL),
            Literal(f"탄소중립 과제 {i}", language="ko"),
            NamedNode(EX + "g"),
        )
        for i in range(3)
    ]
    store = scratch_store(tmp_path_factory.mktemp("client") / "store", quads)
    with running(store) as base:
        yield base + "/sparql"


def _client(endpoint: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", POST])
def test_select_json(endpoint, method):
    rows = _client(endpoint, SELECT, JSON, method).queryAndConvert()["results"]["bindings"]
    assert [r["label"]["value"] for r in rows] == [f"탄소중립 과제 {i}" for i in range(3)]
    assert rows[0]["label"]["xml:lang"] == "ko"


def test_select_xml(endpoint):
    doc = _client(endpoint, SELECT, XML).queryAndConvert()
    assert isinstance(doc, Document)
    literals = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert literals == [f"탄소중립 과제 {i}" for i in range(3)]


@pytest.mark.parametrize("fmt, delimiter", [(CSV, ","), (TSV, "\t")])
def test_select_csv_tsv(endpoint, fmt, delimiter):
    raw = _client(endpoint, SELECT, fmt).queryAndConvert()
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    rows = (
        list(csv.reader(io.StringIO(text)))
        if fmt == CSV
        else [line.split(delimiter) for line in text.splitlines()]
    )
    assert rows[0] == (["s", "label"] if fmt == CSV else ["?s", "?label"])
    assert len(rows) == 4
    assert ("탄소중립 과제 0" if fmt == CSV else '"탄소중립 과제 0"@ko') == rows[1][1]


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask(endpoint, fmt):
    result = _client(endpoint, f"ASK {{ <{EX}task/1> ?p ?o }}", fmt).queryAndConvert()
    if fmt == JSON:
        assert result["boolean"] is True
    else:
        assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
def test_construct_in_every_rdf_format(endpoint, fmt):
    result = _client(endpoint, CONSTRUCT, fmt).queryAndConvert()
    if isinstance(result, bytes):  # turtle / n3 come back as bytes to parse
        graph = rdflib.Graph().parse(data=result, format="turtle")
    elif isinstance(result, (dict, list)):
        graph = rdflib.Graph().parse(data=json.dumps(result), format="json-ld")
    else:
        graph = result
    labels = sorted(str(o) for o in graph.objects(None, rdflib.RDFS.label))
    assert labels == [f"탄소중립 과제 {i}" for i in range(3)]


def test_describe(endpoint):
    graph = _client(endpoint, f"DESCRIBE <{EX}task/2>", RDFXML).queryAndConvert()
    assert (
        rdflib.URIRef(f"{EX}task/2"),
        rdflib.RDFS.label,
        rdflib.Literal("탄소중립 과제 2", lang="ko"),
    ) in graph
