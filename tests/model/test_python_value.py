"""Result terms as Python values, whichever server produced them."""

from __future__ import annotations

from decimal import Decimal

from pyoxigraph import Literal, NamedNode

from policykg.model.terms import python_value

XSD = "http://www.w3.org/2001/XMLSchema#"


def test_both_lexical_forms_of_a_boolean_are_read():
    # Virtuoso writes xsd:boolean results as "1"/"0", Oxigraph as "true"/"false"
    for text, value in (("true", True), ("1", True), ("false", False), ("0", False)):
        assert python_value(Literal(text, datatype=NamedNode(XSD + "boolean"))) is value


def test_numbers_years_and_iris():
    assert python_value(Literal("2024", datatype=NamedNode(XSD + "gYear"))) == 2024
    assert python_value(Literal("1.50", datatype=NamedNode(XSD + "decimal"))) == Decimal("1.50")
    assert python_value(NamedNode("https://w3id.org/policykg/id/agency/MOTIE")).endswith("/MOTIE")
    assert python_value(None) is None
