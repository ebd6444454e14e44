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
from collections.abc import Callable, Mapping

from pyoxigraph import Literal, NamedNode

from policykg.model.errors import QueryError
from policykg.model.text import label_key

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


#: The key a named question compares a name by, computed from a bound variable: written in as
#: the value itself (:func:`~policykg.model.text.label_key`, which the build writes as
#: ``pk:nameKey``), so that no SPARQL engine's string functions stand between the two.
NAME_KEY = re.compile(r'REPLACE\(LCASE\(STR\(\?(?P<var>\w+)\)\), "\\\\s", ""\)')


def written_in(
    sparql: str,
    bindings: Mapping[str, NamedNode | Literal],
    *,
    expression: Callable[[Literal], str] = str,
) -> str:
    r"""``sparql`` (a SELECT query) with each bound variable replaced by its value, as
    pyoxigraph's substitution (SEP-0007) binds it: in the WHERE clause and in expressions the
    value itself (``str(term)``, its N-Triples form, which is SPARQL syntax); in the projection
    ``(value AS ?v)``, so the answer still has the column; in ``GROUP BY`` and ``ORDER BY``
    ``(value)``, a constant that groups and orders nothing.

    As with substitution, a bound variable must be in the projection. Refused (``QueryError``):
    ``SELECT *``, a sub-``SELECT``, and a bound variable assigned by ``AS`` or ``VALUES``.

    ``expression`` gives the text to write for a literal where an expression may stand (inside
    parentheses, the projection, ``GROUP BY`` and ``ORDER BY``); the value itself is written
    where a term must stand (a triple pattern). The key of a bound name (:data:`NAME_KEY`) is
    computed here and written in as such an expression, in the same pass (never inside a string
    or a comment, which are tokens of their own).

    >>> wide = lambda term: f"SUBSTR({term}, 1)"
    >>> written_in("SELECT ?v WHERE { ?s ?p ?v FILTER(STRLEN(?v) > 1) }", {"v": Literal("x")},
    ...            expression=wide)
    'SELECT (SUBSTR("x", 1) AS ?v) WHERE { ?s ?p "x" FILTER(STRLEN(SUBSTR("x", 1)) > 1) }'
    >>> written_in('SELECT ?n ?k WHERE { BIND(REPLACE(LCASE(STR(?n)), "\\\\s", "") AS ?k) }',
    ...            {"n": Literal("Battery Act")})
    'SELECT ("Battery Act" AS ?n) ?k WHERE { BIND("batteryact" AS ?k) }'
    """
    if not bindings:
        return sparql
    values = {name: str(term) for name, term in bindings.items()}
    in_expressions = {
        name: expression(term) for name, term in bindings.items() if isinstance(term, Literal)
    }
    out: list[str] = []
    last = 0
    part = "prologue"  # then "projection", "where", "modifiers"
    depth = parens = 0
    projected: set[str] = set()
    previous = ""
    folded_to = 0  # the end of the last name key written in: its tokens are not read again
    for m in TOKEN.finditer(sparql):
        if m.start() < folded_to:
            continue
        kind, text = m.lastgroup, m.group()
        word = text.upper() if kind == "word" else ""
        key = NAME_KEY.match(sparql, m.start()) if word == "REPLACE" else None
        if key and isinstance(term := bindings.get(key["var"]), Literal):
            out += [sparql[last : m.start()], expression(Literal(label_key(term.value)))]
            last = folded_to = key.end()
            previous = ")"
        elif word == "SELECT":
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
            if name in in_expressions and (parens or part != "where"):
                value = in_expressions[name]
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
