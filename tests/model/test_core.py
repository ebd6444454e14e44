"""The core: IRIs, the closed vocabulary against the ontology, text keys, decoding errors."""

from __future__ import annotations

import pytest
from pyoxigraph import RdfFormat, parse

from policykg.build.reading import decode
from policykg.model import iri
from policykg.model.errors import SourceParseError, UnknownLoaderError
from policykg.model.families import families, family
from policykg.model.vocab import PK, PK_NS, ontology_text

SKOS_DEF = "http://www.w3.org/2004/02/skos/core#definition"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def test_fixed_iri_patterns():
    assert iri.program("3231").value == "https://w3id.org/policykg/id/program/motie/3231"
    assert iri.sub_project("3133", "301").value.endswith("/program/motie/3133/301")
    assert iri.goal("I-4").value.endswith("/plan/motie-2024/goal/I-4")
    assert iri.indicator("I-1-1", 2).value.endswith("/plan/motie-2024/indicator/I-1-1/2")
    assert iri.cooperation(1).value.endswith("/plan/motie-2024/cooperation/1")
    assert iri.agenda_task(2025, "30").value.endswith("/agenda/2025/30")
    assert iri.agency("MOTIE").value.endswith("/agency/MOTIE")
    assert iri.document("motie-2024-performance-plan").value.endswith(
        "/doc/motie-2024-performance-plan"
    )


def test_every_ontology_term_has_labels_and_definitions_in_korean_and_english():
    triples = list(parse(ontology_text(), format=RdfFormat.TURTLE))
    terms = {t.subject.value for t in triples if t.subject.value.startswith(PK_NS)}
    assert len(terms) > 40
    for term in terms:
        for predicate in (LABEL, SKOS_DEF):
            langs = {
                t.object.language
                for t in triples
                if t.subject.value == term and t.predicate.value == predicate
            }
            assert {"ko", "en"} <= langs, (term, predicate)


def test_vocabulary_is_closed():
    assert PK.ManagementTask.value == PK_NS + "ManagementTask"
    with pytest.raises(AttributeError):
        PK.ManagmentTask  # noqa: B018


def test_cp949_input_names_line_and_encoding():
    data = "첫 줄\n둘째 줄\n".encode() + "셋째 줄 국정과제\n".encode("cp949")
    with pytest.raises(SourceParseError) as err:
        decode(data, "broken.txt")
    assert err.value.line == 3 and "CP949" in str(err.value)
    assert "broken.txt:3" in str(err.value)


def test_unknown_family_lists_registered_ones():
    with pytest.raises(UnknownLoaderError) as err:
        family("no-such-family")
    assert "performance-plan" in str(err.value)
    assert "performance-plan" in families()
