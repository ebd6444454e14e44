"""A SPARQL server as the store (kg/store/remote.py): bindings, endpoints, the build's swap, errors.

The whole store-dependent suite also runs against ``oxigraph serve`` with
``POLICYKG_TEST_STORE=oxigraph`` (see conftest.py and .ci/run); these tests check what is
particular to the remote backend, against a small server started here.
"""

from __future__ import annotations

import pytest
from pyoxigraph import (
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Triple,
    Variable,
    serialize,
)

from policykg.model import iri
from policykg.model.errors import QueryError, StoreError
from policykg.model.vocab import PREFIXES
from policykg.store.policy_store import PolicyStore
from policykg.store.remote import Endpoints, RemoteStore, with_values
from policykg.store.writers import RemoteWriter, writer
from tests.support.oxigraph_server import free_port, oxigraph_server

EX = "urn:x:"
P = NamedNode(EX + "p")


def test_values_open_every_group_past_braces_in_strings_iris_and_comments():
    q = (
        'SELECT ?a (CONCAT("{", ?b) AS ?c) # { not this one\n'
        "WHERE { BIND(STR(?a) AS ?b) OPTIONAL { ?a <urn:x:p> ?d } "
        'FILTER EXISTS { ?a ?p "}{" } { SELECT ?e WHERE { ?e ?p ?a } } VALUES ?f { 1 } }'
    )
    block = ' VALUES (?a) { ("x") } '
    assert with_values(q, {"a": Literal("x")}) == (
        'SELECT ?a (CONCAT("{", ?b) AS ?c) # { not this one\n'
        f"WHERE {{{block} BIND(STR(?a) AS ?b) OPTIONAL {{{block} ?a <urn:x:p> ?d }} "
        f'FILTER EXISTS {{{block} ?a ?p "}}{{" }} '
        f"{{ SELECT ?e WHERE {{{block} ?e ?p ?a }} }} VALUES ?f {{ 1 }} }}"
    )


def test_values_in_construct_skip_the_template():
    out = with_values(
        "CONSTRUCT { ?s <urn:x:p> ?o } WHERE { ?s ?q ?o }", {"s": NamedNode(EX + "s")}
    )
    assert out == ("CONSTRUCT { ?s <urn:x:p> ?o } WHERE { VALUES (?s) { (<urn:x:s>) }  ?s ?q ?o }")
    with pytest.raises(QueryError, match="long form"):
        with_values("CONSTRUCT WHERE { ?s ?p ?o }", {"s": NamedNode(EX + "s")})


def test_bindings_in_union_branches_answer_as_substitution_does(store):
    """tasks-by-cooperation reads its agencies inside UNION branches and FILTER EXISTS."""
    from policykg.analysis.questions import question

    q = question("tasks-by-cooperation")
    bound = q.bindings({"a1": "MOTIE", "a2": "ME"})
    by_values = store.store.query(
        with_values(q.sparql, bound), prefixes=PREFIXES, use_default_graph_as_union=True
    )
    assert len(list(by_values)) == len(store.select(q.sparql, bound)) >= 3


def test_bound_text_is_a_term_never_query_text():
    hostile = 'x" } } ; DROP ALL ; SELECT * WHERE { "'
    out = with_values("SELECT ?v WHERE { }", {"v": Literal(hostile)})
    assert out.count("DROP ALL") == 1 and '\\"' in out  # escaped inside one literal
    with pytest.raises(ValueError):
        with_values("SELECT ?v WHERE { }", {"v} DROP ALL {": Literal("x")})


def test_endpoints_follow_the_server_layout(monkeypatch):
    monkeypatch.delenv("POLICYKG_UPDATE_URL", raising=False)
    monkeypatch.delenv("POLICYKG_GRAPH_STORE_URL", raising=False)
    oxi = Endpoints.from_url("http://h:7878")
    assert oxi == Endpoints("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    assert Endpoints.from_url("http://h:7878/query") == oxi
    virtuoso = Endpoints.from_url("http://h:8890/sparql")
    assert virtuoso == Endpoints("http://h:8890/sparql", "http://h:8890/sparql", None)
    monkeypatch.setenv("POLICYKG_GRAPH_STORE_URL", "http://h:8890/sparql-graph-crud")
    assert (
        Endpoints.from_url("http://h:8890/sparql").graph_store == "http://h:8890/sparql-graph-crud"
    )


def test_an_unreachable_server_is_a_store_error_naming_it():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match=r"cannot reach the SPARQL server http://127\.0\.0\.1"):
        PolicyStore.open(url).select("SELECT * WHERE { ?s ?p ?o }")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("remote") / "db") as url:
        yield url


def _graph(writer_, name: str, *objects: str) -> None:
    writer_.add_graph(
        NamedNode(iri.ID + f"test/{name}"),
        [Triple(NamedNode(EX + name), P, Literal(o)) for o in objects],
    )


def test_results_have_pyoxigraph_types_and_bindings_work(server):
    w = writer(server)
    assert isinstance(w, RemoteWriter)
    _graph(w, "a", "1", "2")
    w.commit()
    remote = PolicyStore.open(server)
    local = PolicyStore.in_memory(
        Quad(NamedNode(EX + "a"), P, Literal(v), DefaultGraph()) for v in ("1", "2")
    )
    q = "SELECT ?s ?o WHERE { ?s <urn:x:p> ?o } ORDER BY ?o"
    assert remote.select(q) == local.select(q)
    assert remote.select(q, {"o": Literal("2")}) == [{"s": NamedNode(EX + "a"), "o": Literal("2")}]
    assert isinstance(remote.query(q), QuerySolutions)
    assert isinstance(remote.query("ASK { ?s ?p ?o }"), QueryBoolean)
    triples = list(remote.query("CONSTRUCT { ?s <urn:x:p> ?o } WHERE { ?s <urn:x:p> ?o }"))
    assert sorted(t.object.value for t in triples) == ["1", "2"]
    with pytest.raises(QueryError, match="syntax"):
        remote.select("SELECT WHERE {")


def test_a_build_swaps_graphs_in_and_drops_what_it_no_longer_has(server):
    first = writer(server)
    _graph(first, "a", "old")
    _graph(first, "b", "gone")
    first.commit()
    second = writer(server)
    _graph(second, "a", "new")
    second.commit()
    store = PolicyStore.open(server)
    graphs = [g for g in store.graphs() if g.startswith(iri.ID + "test/")]
    assert graphs == [iri.ID + "test/a"]
    assert [r["o"].value for r in store.select("SELECT ?o WHERE { ?s <urn:x:p> ?o }")] == ["new"]
    assert not [g for g in store.graphs() if "/graph/staging/" in g]


def test_an_aborted_build_leaves_the_served_graphs(server):
    done = writer(server)
    _graph(done, "a", "kept")
    done.commit()
    failed = writer(server)
    _graph(failed, "a", "never")
    failed.abort()
    store = PolicyStore.open(server)
    assert [r["o"].value for r in store.select("SELECT ?o WHERE { ?s <urn:x:p> ?o }")] == ["kept"]
    assert len(store) == 1


def test_without_a_graph_store_graphs_are_written_by_update(server, monkeypatch):
    monkeypatch.setattr("policykg.store.remote.INSERT_CHUNK", 2)  # five triples: three updates
    store = RemoteStore(Endpoints(server + "/query", server + "/update", None))
    g = NamedNode(iri.ID + "test/by-update")

    def values() -> list[str]:
        rows = store.query(
            "SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", substitutions={Variable("g"): g}
        )
        return sorted(r["o"].value for r in rows)

    store.put_graph(
        g,
        serialize(
            [Triple(NamedNode(EX + "u"), P, Literal(f"값 {i}")) for i in range(5)],
            format=RdfFormat.N_TRIPLES,
        ),
    )
    assert values() == [f"값 {i}" for i in range(5)]
    store.put_graph(
        g, serialize([Triple(NamedNode(EX + "u"), P, Literal("only"))], format=RdfFormat.N_TRIPLES)
    )
    assert store.contains_named_graph(g)
    assert values() == ["only"]


def test_a_question_writes_a_korean_value_as_an_expression_for_a_server(server, monkeypatch):
    w = writer(server)
    _graph(w, "k", "석유화학 특별법", "other")
    w.commit()
    remote = PolicyStore.open(server)
    sent: list[str] = []
    ask = remote.store.query
    monkeypatch.setattr(
        remote.store, "query", lambda text, **kw: sent.append(text) or ask(text, **kw)
    )
    q = "SELECT ?s ?o WHERE { ?s <urn:x:p> ?x FILTER(STR(?x) = STR(?o)) }"
    value = Literal("석유화학 특별법")
    rows = remote.query_written(q, {"o": value})
    assert [(r["s"].value, r["o"].value) for r in rows] == [(EX + "k", value.value)]
    assert 'FILTER(STR(?x) = STR(SUBSTR("석유화학 특별법", 1)))' in sent[-1]
    # an embedded store gets the value itself
    local = PolicyStore.in_memory([Quad(NamedNode(EX + "k"), P, value, DefaultGraph())])
    assert len(list(local.query_written(q, {"o": value}))) == 1
