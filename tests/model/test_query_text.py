"""Bound values written into a query's text (policykg.model.query_text.written_in)."""

from __future__ import annotations

import re

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store, Variable

from policykg.model.errors import QueryError
from policykg.model.query_text import written_in

EX = "http://example.org/"


def _store() -> Store:
    store = Store()
    for s, code in (("a", "I-1-1"), ("b", "I-1-2"), ("c", "I-1-1")):
        store.add(Quad(NamedNode(EX + s), NamedNode(EX + "code"), Literal(code)))
    return store


def _rows(result) -> list[tuple]:
    return [tuple(None if t is None else t.value for t in row) for row in result]


QUERY = """SELECT ?code (COUNT(*) AS ?n) WHERE { ?s <http://example.org/code> ?code }
GROUP BY ?code ORDER BY ?code"""


def test_written_in_answers_as_substitution_does():
    store, bound = _store(), {"code": Literal("I-1-1")}
    text = written_in(QUERY, bound)
    assert '"I-1-1"' in text and "?code }" not in text
    by_substitution = store.query(QUERY, substitutions={Variable(k): v for k, v in bound.items()})
    assert _rows(store.query(text)) == _rows(by_substitution) == [("I-1-1", "2")]


def test_the_projection_keeps_the_column_and_modifiers_group_by_a_constant():
    text = written_in(QUERY, {"code": Literal("x")})
    assert text.startswith('SELECT ("x" AS ?code) (COUNT(*) AS ?n)')
    assert 'GROUP BY ("x")' in text and 'ORDER BY ("x")' in text


def test_variables_inside_strings_iris_and_comments_are_left_alone():
    query = (
        'SELECT ?v WHERE { # ?v in a comment\n ?s <http://example.org/?v> "?v" ; '
        "<http://example.org/p> ?v }"
    )
    text = written_in(query, {"v": NamedNode(EX + "o")})
    assert "# ?v in a comment" in text and "<http://example.org/?v>" in text and '"?v"' in text
    assert text.endswith("<http://example.org/p> <http://example.org/o> }")


def test_a_hostile_string_stays_one_literal():
    hostile = 'x" } } ; DROP ALL ; SELECT * WHERE { "'
    text = written_in("SELECT ?v WHERE { ?s ?p ?v }", {"v": Literal(hostile)})
    assert text.count(str(Literal(hostile))) == 2  # in the projection and in the pattern
    assert _rows(_store().query(text)) == []  # one query, which parses: the text is a literal


@pytest.mark.parametrize(
    "query, error",
    [
        ("SELECT * WHERE { ?s ?p ?v }", "SELECT \\*"),
        ("SELECT ?v WHERE { { SELECT ?v WHERE { ?s ?p ?v } } }", "sub-SELECT"),
        ("SELECT ?v WHERE { BIND(1 AS ?v) }", "assigned by AS"),
        ("SELECT ?v WHERE { VALUES ?v { 1 } }", "assigned by VALUES"),
        ("SELECT ?s WHERE { ?s ?p ?v }", "not in the projection"),
    ],
)
def test_what_substitution_would_not_bind_is_refused(query, error):
    with pytest.raises(QueryError, match=error):
        written_in(query, {"v": Literal("x")})


def test_a_value_given_as_an_expression_is_written_so_only_where_one_may_stand():
    query = """SELECT ?code ?s WHERE { ?s <http://example.org/code> ?code
               FILTER(STRLEN(?code) > 3) } ORDER BY ?code"""
    bound = {"code": Literal("I-1-1")}
    text = written_in(query, bound, expression=lambda term: f"SUBSTR({term}, 1)")
    assert '<http://example.org/code> "I-1-1"' in text  # a term in the triple pattern
    assert 'FILTER(STRLEN(SUBSTR("I-1-1", 1)) > 3)' in text
    assert text.startswith('SELECT (SUBSTR("I-1-1", 1) AS ?code)')
    assert 'ORDER BY (SUBSTR("I-1-1", 1))' in text
    assert sorted(_rows(_store().query(text))) == [("I-1-1", EX + "a"), ("I-1-1", EX + "c")]


KEYED = """SELECT ?name ?s WHERE {
  # the key: REPLACE(LCASE(STR(?name)), "\\\\s", "") (a comment is left as it is)
  BIND(COALESCE(REPLACE(LCASE(STR(?name)), "\\\\s", ""), "") AS ?key)
  ?s <http://example.org/key> ?key
  FILTER(?name != 'REPLACE(LCASE(STR(?name)), "\\\\s", "")')
}"""


def test_the_key_of_a_bound_name_is_computed_before_the_query_is_sent():
    store = Store()
    store.add(Quad(NamedNode(EX + "a"), NamedNode(EX + "key"), Literal("석유화학특별법")))
    bound = {"name": Literal("석유화학 \t특별법")}
    text = written_in(KEYED, bound)
    assert 'BIND(COALESCE("석유화학특별법", "") AS ?key)' in text
    assert "# the key: REPLACE(LCASE(STR(?name))" in text  # the comment is not touched
    assert """'REPLACE(LCASE(STR(?name)), "\\\\s", "")'""" in text  # nor a string
    assert _rows(store.query(text)) == [("석유화학 \t특별법", EX + "a")]
    # the same rows as the engine's own REPLACE with the value substituted
    substituted = store.query(KEYED, substitutions={Variable("name"): bound["name"]})
    assert _rows(substituted) == _rows(store.query(text))
    wide = written_in(KEYED, bound, expression=lambda term: f"SUBSTR({term}, 1)")
    assert 'BIND(COALESCE(SUBSTR("석유화학특별법", 1), "") AS ?key)' in wide


def test_every_named_question_that_keys_a_name_has_the_key_written_in():
    """A question computing a name's key must do so as NAME_KEY reads it: else the engine's
    REPLACE would be left in, which Virtuoso gets wrong for a spaced Korean name."""
    from policykg.analysis.questions import questions

    keyed = {
        name: q
        for name, q in questions().items()
        if re.search(r"REPLACE\(LCASE\(STR\(\?\w+\)\)", q.sparql)
    }
    assert set(keyed) == {"documents-mentioning", "law-timeline"}
    for q in keyed.values():
        values = {p.name: "석유화학 특별법" for p in q.params if p.type == "string"}
        text = written_in(q.sparql, q.bindings(values | _required_others(q)))
        assert "REPLACE(LCASE(" not in text and '"석유화학특별법"' in text, q.name


def _required_others(q) -> dict[str, str]:
    return {p.name: "x" for p in q.params if p.required and p.type != "string"}
