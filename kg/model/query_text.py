"""SPARQL query text: its tokens, and bound values written into it.

:data:`TOKEN` splits a query into what matters for finding its parts — strings, IRIs and comments
(skipped whole, so a brace or a variable inside them is never taken for one), variables, braces,
parentheses and words. :func:`written_in` writes bound values into a query as constants: a
planner then knows them (pyoxigraph plans a query before it substitutes values, see
docs/performance.md), and a SPARQL server receives plain constants.

>>> from pyoxigraph import Literal
>>> print(written_in("SELECT ?t ?n WHERE { ?x pk:code ?t ; rdfs:label ?n } ORDER BY ?t ?n",
...                  {"t": Literal("I-1-1")}))
SELECT ("I-1-1" AS ?t) ?n WHERE { ?x pk:code "I-1-1" ; rdfs:label ?n } ORDER BY ("I-1-1") ?n
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pyoxigraph import Literal, NamedNode

from policykg.model.errors import QueryError

TOKEN = re.compile(
    r"""
    (?P<string>'{3}.*?'{3}|"{3}.*?"{3}|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n]*)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<open>\{) | (?P<close>\})
  | (?P<lparen>\() | (?P<rparen>\))
  | (?P<word>[A-Za-z]+)
  | (?P<star>\*)
""",
    re.S | re.X,
)


def written_in(
    sparql: str,
    bindings: Mapping[str, NamedNode | Literal],
    *,
    in_expressions: Mapping[str, str] | None = None,
) -> str:
    """``sparql`` (a SELECT query) with each bound variable replaced by its value, as
    pyoxigraph's substitution (SEP-0007) binds it: in the WHERE clause and in expressions the
    value itself (``str(term)``, its N-Triples form, which is SPARQL syntax); in the projection
    ``(value AS ?v)``, so the answer still has the column; in ``GROUP BY`` and ``ORDER BY``
    ``(value)``, a constant that groups and orders nothing.

    As with substitution, a bound variable must be in the projection. Refused (``QueryError``):
    ``SELECT *``, a sub-``SELECT``, and a bound variable assigned by ``AS`` or ``VALUES``.

    ``in_expressions`` gives, for some variables, the text to write where an expression may
    stand (inside parentheses, the projection, ``GROUP BY`` and ``ORDER BY``); their value
    itself is written where a term must stand (a triple pattern).

    >>> written_in("SELECT ?v WHERE { ?s ?p ?v FILTER(STRLEN(?v) > 1) }", {"v": Literal("x")},
    ...            in_expressions={"v": 'SUBSTR("x", 1)'})
    'SELECT (SUBSTR("x", 1) AS ?v) WHERE { ?s ?p "x" FILTER(STRLEN(SUBSTR("x", 1)) > 1) }'
    """
    if not bindings:
        return sparql
    values = {name: str(term) for name, term in bindings.items()}
    out: list[str] = []
    last = 0
    part = "prologue"  # then "projection", "where", "modifiers"
    depth = parens = 0
    projected: set[str] = set()
    previous = ""
    for m in TOKEN.finditer(sparql):
        kind, text = m.lastgroup, m.group()
        word = text.upper() if kind == "word" else ""
        if word == "SELECT":
            if part != "prologue":
                raise QueryError("bound values cannot be written into a sub-SELECT")
            part = "projection"
        elif kind == "open":
            depth += 1
            if part == "projection":
                part = "where"
        elif kind == "close":
            depth -= 1
            if depth == 0 and part == "where":
                part = "modifiers"
        elif kind == "lparen":
            parens += 1
        elif kind == "rparen":
            parens -= 1
        elif part == "projection" and kind == "star" and not parens:
            raise QueryError("bound values cannot be written into SELECT *")
        elif kind == "var" and text[1:] in values:
            name = text[1:]
            if previous in ("AS", "VALUES"):
                raise QueryError(f"?{name} is bound: it cannot be assigned by {previous}")
            value = values[name]
            if name in (in_expressions or {}) and (parens or part != "where"):
                value = (in_expressions or {})[name]
            if part == "projection" and not parens:
                projected.add(name)
                value = f"({value} AS ?{name})"
            elif part == "modifiers" and not parens:
                value = f"({value})"
            out += [sparql[last : m.start()], value]
            last = m.end()
        if kind != "comment":
            previous = word or text
    missing = set(values) - projected
    if missing:
        raise QueryError(
            f"bound variable(s) {', '.join('?' + n for n in sorted(missing))} not in the projection"
        )
    return "".join(out) + sparql[last:]
