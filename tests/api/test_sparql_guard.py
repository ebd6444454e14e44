"""The request guard: a SPARQL lexer, not a text search, decides what is refused."""

from __future__ import annotations

import pytest

from policykg.api.errors import ApiError
from policykg.api.guard import inspect_query, inspect_update, tokens
from policykg.api.negotiation import GRAPHS, RESULTS, choose


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }",
        "select * { service silent ?e { ?s ?p ?o } }",
        "SELECT * {1.SERVICE <http://x/> { ?s ?p ?o } }",  # INTEGER, '.', SERVICE
        "SELECT * { ?s ?p ?o } # x\nSERVICE",  # after a comment line
        "SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",  # codepoint escape
        "SELECT * { ?s ?p 'it''s' . SERVICE <http://x/> { } }",
    ],
)
def test_service_is_refused(query):
    with pytest.raises(ApiError) as err:
        inspect_query(query)
    assert err.value.code == "refused" and err.value.status == 400


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { ?s ?p ?o } # SERVICE <http://x/> { }",
        'SELECT * { ?s ?p "SERVICE <http://x/> { ?s ?p ?o }" }',
        "SELECT * { ?s ?p '''\nSERVICE <http://x/> {}\n''' }",
        "PREFIX ex: <http://e/> SELECT ?service { ?service ex:SERVICE <http://e/SERVICE> }",
    ],
)
def test_service_as_text_is_not_refused(query):
    assert inspect_query(query).form == "SELECT"


def test_unverifiable_mentions_are_refused():
    with pytest.raises(ApiError, match="could not be verified"):
        inspect_query('SELECT * { ?s ?p "a service" ')  # unparseable: cannot be checked


@pytest.mark.parametrize(
    "query, form, dataset",
    [
        ("PREFIX select: <http://e/> ASK { ?s select:p ?o }", "ASK", False),
        ("BASE <http://e/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", False),
        ("DESCRIBE <http://e/x> FROM <http://e/g>", "DESCRIBE", True),
        ("SELECT * FROM NAMED <http://e/g> { GRAPH ?g { ?s ?p ?o } }", "SELECT", True),
        ('SELECT * { ?s ?p "FROM" }', "SELECT", False),
    ],
)
def test_query_form_and_dataset(query, form, dataset):
    info = inspect_query(query)
    assert (info.form, info.names_dataset) == (form, dataset)


def test_using_graph_uri_goes_into_each_modify_operation():
    update = (
        "PREFIX f: <http://f/> CLEAR ALL ; INSERT DATA { <http://a> <http://b> 1 } ; "
        "INSERT { GRAPH <http://t> { ?s a f:B } } WHERE { ?s a f:D } ; "
        "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    )
    out = inspect_update(update, ["http://d1"], ["http://n1"])
    assert out.count("USING <http://d1> USING NAMED <http://n1> WHERE") == 2
    assert "INSERT DATA { <http://a> <http://b> 1 }" in out


def test_using_graph_uri_conflicts_with_with():
    with pytest.raises(ApiError) as err:
        inspect_update("WITH <http://g> DELETE { ?s ?p 1 } WHERE { ?s ?p 1 }", ["http://d"])
    assert err.value.code == "dataset-conflict"


def test_using_graph_uri_must_be_an_iri():
    with pytest.raises(ApiError, match="using-graph-uri"):
        inspect_update("INSERT { ?s ?p 1 } WHERE { ?s ?p 1 }", ["not an iri> } ; DROP ALL ; #"])


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <file:///etc/passwd>",
        "load silent <http://x/> into graph <http://g>",
        "INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> {} }",
    ],
)
def test_load_and_service_in_updates_are_refused(update):
    with pytest.raises(ApiError) as err:
        inspect_update(update)
    assert err.value.code == "refused"


def test_tokens_keep_strings_iris_and_comments_whole():
    text = 'ex:a.b ex:c. <http://x> ?a<?b "say ""hi""" # c\n12.5'
    assert [t.text for t in tokens(text)] == [
        "ex:a.b",
        "ex:c",
        ".",
        "<http://x>",
        "?a",
        "<",
        "?b",
        '"say "',
        '"hi"',
        '""',
        "12",
        ".",
        "5",
    ]


@pytest.mark.parametrize(
    "accept, override, formats, name",
    [
        (None, None, RESULTS, "JSON"),
        ("text/csv;q=0.5, application/sparql-results+xml", None, RESULTS, "XML"),
        ("application/*", None, GRAPHS, "N_TRIPLES"),
        ("text/turtle", "jsonld", GRAPHS, "JSON_LD"),
        ("text/turtle", "application/rdf+xml", GRAPHS, "RDF_XML"),
        ("application/json", None, RESULTS, "JSON"),
    ],
)
def test_negotiation(accept, override, formats, name):
    assert choose(formats, accept, override).name == name


def test_negotiation_refuses():
    with pytest.raises(ApiError) as err:
        choose(RESULTS, "image/png", None)
    assert err.value.status == 406
