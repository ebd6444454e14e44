"""RDF terms and plain Python values, both ways.

:func:`python_value` turns a SPARQL result term into what a person or a table wants (IRIs and
strings as ``str``, numbers as numbers); :func:`as_term` turns a Python value into the term bound
to a query variable. Every layer that reads answers uses these two, so a value looks the same in
the CLI, the API and the pages.

>>> from pyoxigraph import Literal, NamedNode
>>> python_value(Literal("2024", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#gYear")))
2024
>>> python_value(NamedNode("https://w3id.org/policykg/id/task/I-1-1"))
'https://w3id.org/policykg/id/task/I-1-1'
>>> as_term(3)
<Literal value=3 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
"""

from __future__ import annotations

from decimal import Decimal

from pyoxigraph import Literal, NamedNode

XSD = "http://www.w3.org/2001/XMLSchema#"


def python_value(term: object) -> object:
    """A SPARQL result term as a plain Python value (IRIs and strings as ``str``)."""
    if isinstance(term, Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1]
        if dt in ("integer", "int", "long", "gYear"):
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if dt == "decimal":
            return Decimal(term.value)
        if dt in ("double", "float"):
            return float(term.value)
        if dt == "boolean":
            return term.value in ("true", "1")  # both lexical forms of true (XSD)
        return term.value
    if isinstance(term, NamedNode):
        return term.value
    return None if term is None else str(term)


def as_term(value: object) -> NamedNode | Literal:
    """A Python value as the RDF term bound to a query variable (a term stays as it is)."""
    if isinstance(value, (NamedNode, Literal)):
        return value
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=NamedNode(XSD + "integer"))
    return Literal(str(value))
