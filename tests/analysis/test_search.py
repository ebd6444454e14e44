"""Korean-aware search: spacing and middle dots, aliases, two-syllable queries, codes first."""

from __future__ import annotations

import pytest

from policykg.analysis.search import SearchIndex, search
from policykg.model import iri
from policykg.model.errors import QueryError
from tests.support.graph_fixtures import synthetic_store


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.from_store(synthetic_store())


def _nodes(hits):
    return [h.node for h in hits]


def test_exact_name_ranks_first_over_names_containing_it(index):
    hits = index.search("환경부")
    assert hits[0].node == iri.agency("ME").value and hits[0].matched == "label"
    assert iri.agency("MCEE").value in _nodes(hits)  # 기후에너지환경부 contains it
    assert _nodes(hits).index(iri.agency("MCEE").value) > 0


def test_alias_finds_every_agency_it_names(index):
    top = _nodes(index.search("산업부")[:2])
    assert set(top) == {iri.agency("MOTIE").value, iri.agency("MOTIR").value}
    assert index.search("기재부")[0].node == iri.agency("MOEF").value


@pytest.mark.parametrize("query, expected", [("환경", "ME"), ("산업", "MOTIE"), ("공급", None)])
def test_two_syllable_queries_match_inside_names(index, query, expected):
    hits = index.search(query)
    assert hits, query
    if expected:
        assert iri.agency(expected).value in _nodes(hits)
    assert all(h.score >= 55 for h in hits if h.matched in ("label", "alias"))


@pytest.mark.parametrize(
    "query",
    ["소재 부품 장비", "소재‧부품‧장비", "소재ㆍ부품ㆍ장비", "소재부품장비", "소재·부품·장비"],
)
def test_spacing_and_middle_dot_variants_do_not_matter(index, query):
    assert iri.goal("I-2").value in _nodes(index.search(query))


@pytest.mark.parametrize(
    "query, node",
    [
        ("I-2-1", iri.task("I-2-1")),
        ("Ⅰ-2-①", iri.task("I-2-1")),
        ("i-2-1", iri.task("I-2-1")),
        ("3231", iri.program("3231")),
        ("20-1", iri.agenda_task(2022, "20-1")),
    ],
)
def test_exact_codes_rank_first(index, query, node):
    hits = index.search(query)
    assert hits[0].node == node.value and hits[0].matched == "code" and hits[0].score == 100


@pytest.mark.parametrize(
    "query, node",
    [
        ("국정 20-1", iri.agenda_task(2022, "20-1")),
        ("(국정 24-1)", iri.agenda_task(2022, "24-1")),
        ("과제 Ⅰ-2-③", iri.task("I-2-3")),
        ("국정20-1", iri.agenda_task(2022, "20-1")),
        ("(국정24-1)", iri.agenda_task(2022, "24-1")),
    ],
)
def test_a_code_ending_the_query_is_found(index, query, node):
    hit = index.search(query)[0]
    assert (hit.node, hit.matched, hit.score) == (node.value, "code", 50)


def test_a_path_finds_its_entity(index):
    hit = index.search("program/motie/3231")[0]
    assert (hit.node, hit.matched) == (iri.program("3231").value, "path")


def test_code_outranks_a_quote_that_mentions_it(index):
    hits = index.search("3231")
    assert hits[0].node == iri.program("3231").value
    assert {h.matched for h in hits[1:]} <= {"text"}  # tasks whose budget lines quote 3231


def test_abbreviation_defined_in_the_text_finds_the_item_and_related_task(index):
    hits = index.search("CBAM")
    nodes = _nodes(hits)
    assert nodes[0] == iri.cooperation(1).value and hits[0].matched == "abbreviation"
    assert iri.task("IV-3-3").value in nodes
    assert index.search("cbam")[0].node == iri.cooperation(1).value


def test_types_filter_and_limit(index):
    assert {h.type for h in index.search("산업", types=("Agency",))} == {"Agency"}
    assert len(index.search("산업", limit=1)) == 1


@pytest.mark.parametrize("query", ["", "   ", "·"])
def test_empty_query_is_an_error(index, query):
    with pytest.raises(QueryError):
        index.search(query)


def test_unknown_text_finds_nothing(index):
    assert index.search("존재하지않는말") == []


def test_module_search_function():
    assert search(synthetic_store(), "환경부")[0].node == iri.agency("ME").value


# -- the bundled corpus (agencies come from the curated registry)


def test_real_store_finds_the_ministry_of_environment_first(store):
    assert SearchIndex.from_store(store).search("환경부")[0].node == iri.agency("ME").value


def test_real_store_alias_sanupbu_finds_motie_and_motir(store):
    top = _nodes(SearchIndex.from_store(store).search("산업부")[:2])
    assert set(top) == {iri.agency("MOTIE").value, iri.agency("MOTIR").value}
