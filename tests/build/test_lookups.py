"""The lookup links a build writes for the named questions (kg/build/lookups.py), read back from
the built corpus store: each is what the documents state, in the graph of its own."""

from __future__ import annotations

from policykg.analysis.describe import describe
from policykg.analysis.projection import project
from policykg.model import iri
from policykg.model.vocab import LOOKUP_LINKS

LOOKUPS = f"<{iri.LOOKUPS_GRAPH.value}>"


def _values(store, sparql: str) -> set[tuple]:
    return {tuple(t.value for t in row.values()) for row in store.select(sparql)}


def test_every_name_has_its_key_as_the_questions_compare_names(store):
    missing = store.select(
        f"""SELECT ?s ?name WHERE {{
              ?s rdfs:label|skos:altLabel ?name
              FILTER NOT EXISTS {{ GRAPH {LOOKUPS} {{
                ?s pk:nameKey ?key FILTER(?key = REPLACE(LCASE(STR(?name)), "\\\\s", "")) }} }}
            }} LIMIT 5"""
    )
    assert missing == []
    keys = _values(
        store,
        """SELECT ?k WHERE { ?law a pk:Law ; pk:nameKey ?k ;
            rdfs:label "석유화학산업 경쟁력 강화 및 지원에 관한 특별법"@ko }""",
    )
    # its label's key and its short name's (an alternative label)
    assert keys >= {("석유화학산업경쟁력강화및지원에관한특별법",), ("석유화학특별법",)}


def test_a_fundings_program_year_leads_to_the_years_fundings_and_stated_wholes(store):
    program = iri.program("5202")
    py = iri.program_year(program, 2024)
    assert py.value == program.value + "/year/2024"
    by_year = _values(store, f"SELECT ?f WHERE {{ ?f pk:programYear <{py.value}> }}")
    by_program = _values(
        store,
        f"""SELECT ?f WHERE {{ ?f pk:ofProgram <{program.value}> ;
                                  pk:fiscalYear "2024"^^xsd:gYear }}""",
    )
    assert by_year == by_program and len(by_year) > 3
    wholes = _values(store, f"SELECT ?b WHERE {{ <{py.value}> pk:budget ?b }}")
    stated = _values(
        store,
        f"""SELECT ?b WHERE {{ <{program.value}> pk:budget ?b .
                               ?b pk:fiscalYear "2024"^^xsd:gYear }}""",
    )
    assert wholes == stated != set()
    assert _values(
        store,
        f"SELECT ?p ?y WHERE {{ <{py.value}> a pk:ProgramYear ; pk:yearOf ?p ; pk:fiscalYear ?y }}",
    ) == {(program.value, "2024")}


def test_items_and_tasks_are_issued_by_their_documents_issuer(store):
    task = iri.task("I-1-1")
    assert _values(store, f"SELECT ?a WHERE {{ <{task.value}> pk:issuedBy ?a }}") == {
        (iri.agency("MOTIE").value,)
    }
    unissued = store.select(
        """SELECT ?x WHERE { GRAPH ?g { ?x a pk:CooperationItem } ?g pk:issuer ?a
                             FILTER NOT EXISTS { ?x pk:issuedBy ?a } } LIMIT 1"""
    )
    assert unissued == []


def test_an_agencys_lineage_is_itself_and_its_successions_either_way(store):
    def lineage(acronym: str) -> set[str]:
        rows = _values(store, f"SELECT ?b WHERE {{ <{iri.agency(acronym).value}> pk:lineage ?b }}")
        return {r[0].rsplit("/", 1)[1] for r in rows}

    assert lineage("MOTIE") == lineage("MOTIR") == {"MOTIE", "MOTIR"}
    assert lineage("ME") == {"ME", "MCEE"}
    assert lineage("DAPA") == {"DAPA"}  # named by a document, no succession


def test_the_lookups_are_in_their_own_graph_only(store):
    elsewhere = store.select(
        f"""SELECT ?g WHERE {{ GRAPH ?g {{ ?s pk:nameKey|pk:programYear|pk:issuedBy|pk:lineage ?o }}
                              FILTER(?g != {LOOKUPS}) }} LIMIT 1"""
    )
    assert elsewhere == []


def test_descriptions_and_the_projection_leave_the_lookup_links_out(store):
    shown = {"pk:" + link.rsplit("#", 1)[1] for link in LOOKUP_LINKS}
    for node in (iri.program("3231"), iri.task("I-2-1"), iri.agency("MOTIE")):
        entity = describe(store, node.value)
        said = {k.lstrip("^") for k in [*entity.properties, *entity.neighbours]}
        assert not said & shown, node
    relations = {d["relation"] for *_, d in project(store).edges(data=True)}
    assert not relations & shown  # other links between projected entities: by their pk: name
