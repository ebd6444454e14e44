"""The request guard: a linear SPARQL lexer, and the engine itself where the text mentions a refused
keyword, decide what is refused."""

from __future__ import annotations

import random

import pytest
from pyoxigraph import Store

from policykg.api import guard
from policykg.api.errors import ApiError
from policykg.api.guard import MAX_NESTING, inspect_query, inspect_update, tokens
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
        "PREFIX service: <http://e/> SELECT * { ?s service:p <http://e/sparql-service> }",
    ],
)
def test_service_as_text_is_not_refused(query):
    assert inspect_query(query).names_dataset is False


def test_unverifiable_mentions_are_refused():
    with pytest.raises(ApiError, match="could not be verified"):
        inspect_query('SELECT * { ?s ?p "a service" ')  # unparseable: cannot be checked


def test_a_service_a_lexer_misreads_is_found_by_the_engine():
    """``?o<?b&&'>`` is a comparison to the engine but the start of an IRI to a lexer, so the
    lexer sees ``'...'`` strings where the engine sees code, and misses the SERVICE below; the
    engine, given the text with the keyword changed, does not parse it, and the query is refused."""
    query = (
        "SELECT * { BIND(1 AS ?o) BIND(2 AS ?b) FILTER(?o<?b&&'>'!='x') "
        "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } FILTER('y'!='z') }"
    )
    assert "SERVICE" not in {t.keyword for t in tokens(query)}  # what the lexer alone sees
    with pytest.raises(ApiError) as err:
        inspect_query(query)
    assert err.value.code == "refused" and "verified" in err.value.message


def test_a_service_spelled_with_escapes_in_a_comment_is_refused():
    with pytest.raises(ApiError, match="escapes"):
        inspect_query('SELECT * { ?s ?p "x" } # \\u0053ERVICE')


@pytest.mark.parametrize(
    "query, dataset",
    [
        ("PREFIX select: <http://e/> ASK { ?s select:p ?o }", False),
        ("BASE <http://e/> CONSTRUCT WHERE { ?s ?p ?o }", False),
        ("DESCRIBE <http://e/x> FROM <http://e/g>", True),
        ("SELECT * FROM NAMED <http://e/g> { GRAPH ?g { ?s ?p ?o } }", True),
        ('SELECT * { ?s ?p "FROM" }', False),
        ("PREFIX ex: <http://e/> SELECT * { ?s ex:from ?o }", False),
    ],
)
def test_dataset_clause(query, dataset):
    assert inspect_query(query).names_dataset is dataset


def test_a_keyword_is_looked_for_by_the_lexer_wherever_it_may_stand_bare():
    """The quick look that spares most texts the lexer (a keyword after a letter or ``_``, or
    before a word character, is never a bare word) misses no keyword the lexer finds."""
    pieces = [
        "FROM", "from", "SERVICE", "Load", " ", "\n", "1", "1.", ".", "a", "_", "x:", ":", "?",
        "$", "@", "-", "%", "\\", "<", ">", "{", "}", "(", ")", '"', "'", "#", "가", "·", "e",
    ]  # fmt: skip
    rng = random.Random(20261207)
    found = 0
    for _ in range(20000):
        text = "".join(rng.choices(pieces, k=rng.randint(1, 10)))
        words = [w.upper() for w in guard._words(text) if w[0].isalpha()]
        for keyword in ("FROM", "SERVICE", "LOAD"):
            assert guard._Scan(text).has_keyword(keyword) is (keyword in words), (text, keyword)
            found += keyword in words
    assert found > 1000


def test_a_dataset_clause_is_found_before_the_where_clause_as_the_whole_scan_finds_it():
    """``names_dataset`` stops lexing where the WHERE clause starts; on every query the engine
    accepts it says what the lexer says of the whole text (a FROM in a comment, a string, an
    IRI, a name or a CONSTRUCT template, an EXISTS in the SELECT clause, WHERE left out)."""
    prologue = ["", "PREFIX from: <http://f/> ", "BASE <http://b/> # from\n"]
    heads = [
        "SELECT * ", "select ?s ", "SELECT (EXISTS { ?s ?p ?o } AS ?e) ", "ASK ", "DESCRIBE ?s ",
        "SELECT (COUNT(*) AS ?n) ", "CONSTRUCT { ?s from:p 'FROM' } ", "CONSTRUCT ",
    ]  # fmt: skip
    datasets = ["", "FROM <http://g> ", "from named <http://n> ", "FROM <g> FROM <h> "]
    wheres = ["WHERE ", "where ", ""]
    bodies = [
        "{ ?s ?p ?o }", "{ ?s from:p 'from' } # FROM\n", "{ ?s <http://x/FROM> ?o }",
        "{ { SELECT ?s WHERE { ?s ?p ?o } } }", "{ ?s ?p ?o FILTER NOT EXISTS { ?s a from:x } }",
    ]  # fmt: skip
    tails = ["", " LIMIT 1", " VALUES ?s { <http://v> }", " # from here\n"]
    rng = random.Random(20261207)
    checked = with_dataset = 0
    for _ in range(3000):
        parts = (prologue, heads, datasets, wheres, bodies, tails)
        text = "".join(rng.choice(part) for part in parts)
        try:
            Store().query(text)
        except SyntaxError:
            continue
        expected = guard._Scan(text).has_keyword("FROM")
        assert guard._Scan(text).names_dataset() is expected, text
        checked += 1
        with_dataset += expected
    assert checked > 1000 and with_dataset > 400


def test_nesting_beyond_the_limit_is_refused_before_the_engine():
    depth = MAX_NESTING + 1
    deep = "SELECT * { FILTER(" + "(" * depth + "1" + ")" * depth + ") }"
    with pytest.raises(ApiError) as err:
        inspect_query(deep)
    assert (err.value.status, err.value.code) == (400, "too-complex")
    assert f"nest {depth + 2} deep" in err.value.message
    shallow = "SELECT * { FILTER(" + "(" * 500 + "1" + ")" * 500 + ") }"
    assert inspect_query(shallow).names_dataset is False
    in_a_string = 'SELECT * { ?s ?p "' + "(" * (5 * MAX_NESTING) + '" }'
    assert inspect_query(in_a_string).names_dataset is False


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


def test_load_as_a_word_in_an_update_is_not_refused():
    update = 'INSERT DATA { <http://e/download> <http://e/payload> "LOAD <http://x/>" }'
    assert inspect_update(update) == update


def test_tokens_are_words_and_brackets_outside_strings_iris_and_comments():
    text = 'ex:a.b ex:c. <http://x/WHERE> ?a<?b "say ""hi"" { WHERE" # c { WHERE\nWHERE { a } ;'
    assert [(t.kind, t.text, t.depth) for t in tokens(text)] == [
        ("word", "WHERE", 0),
        ("punct", "{", 0),
        ("word", "a", 1),
        ("punct", "}", 1),
        ("punct", ";", 0),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o } " + "a-" * 20_000,  # a long name: the old lexer's n²
        "'''" + "\\'''a" * 10_000,  # a long string that never ends
        "'x" * 20_000,  # strings that never end on their line
        "<a " + "<aaaa" * 10_000,  # IRIs that never close
        "ex:a" + ".-" * 20_000,
        "a" + "." * 40_000,
    ],
)
def test_each_token_is_matched_at_the_first_attempt(text):
    """Every alternative of the lexer's pattern either matches at its first attempt or fails
    after a bounded look, so driven token by token over hostile text it always matches and always
    moves forward: the scan is one pass (the old name pattern re-scanned a hyphenated run to its
    end once per hyphen; the timings are in benchmarks/sparql_load.py)."""
    pos = 0
    while pos < len(text):
        m = guard._TOKEN.match(text, pos)
        assert m is not None and m.end() > pos
        pos = m.end()
    assert inspect_query(text).names_dataset is False  # no keyword, no deep nesting: passes


@pytest.mark.parametrize(
    "accept, override, formats, name",
    [
        (None, None, RESULTS, "JSON"),
        ("text/csv;q=0.5, application/sparql-results+xml", None, RESULTS, "XML"),
        ("application/*", None, GRAPHS, "N_TRIPLES"),
        ("text/turtle", "jsonld", GRAPHS, "JSON_LD"),
        ("text/turtle", "application/rdf+xml", GRAPHS, "RDF_XML"),
        ("application/json", None, RESULTS, "JSON"),
        ("application/n-quads", None, GRAPHS, "N_QUADS"),
        ("application/trig", None, GRAPHS, "TRIG"),
    ],
)
def test_negotiation(accept, override, formats, name):
    assert choose(formats, accept, override).name == name


def test_negotiation_refuses():
    with pytest.raises(ApiError) as err:
        choose(RESULTS, "image/png", None)
    assert err.value.status == 406
