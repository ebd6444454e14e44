"""Regions, industries, agencies and investment projects, each rule on real lines of the corpus
(file, lines); document-defined short forms."""

from __future__ import annotations

from policykg.build.reading import load
from policykg.loaders.readers.mentions.extract import extract_mentions
from policykg.loaders.readers.mentions.gazetteers import Gazetteer
from policykg.loaders.readers.mentions.short_forms import defined_short_forms
from policykg.loaders.readers.projects import project_rows
from policykg.model import iri
from policykg.model.records import GraphBuilder, SourceInfo
from policykg.model.text import name_key
from policykg.model.vocab import PK, RDF, RDFS
from policykg.reference.agencies import registry
from tests.support.paths import SOURCES

W = "moti-2025-12-work-report.txt"
S = "motie-2024-02-new-industrial-policy-2.0.txt"
G = "gov-2026-national-agenda-progress.txt"
B = "geri-2021-03-gumi-issue-focus-49.txt"
PLAN = "motie-2024-performance-plan.txt"


def line(file: str, n: int) -> str:
    return (SOURCES / file).read_text("utf-8").split("\n")[n - 1]


def regions(file: str, n: int, on: str) -> list[str]:
    return [e.key for e in Gazetteer(on).regions_in(line(file, n))]


def industries(file: str, n: int) -> list[str]:
    return [e.key for e in Gazetteer(None).industries_in(line(file, n))]


def test_a_region_inside_a_longer_one_is_not_read_as_well():
    # B l.954: (대경·동남권) is one 권역, not also 동남권
    assert regions(B, 954, "2021-03") == ["대경동남권"]


def test_bare_region_names_in_a_chain_are_their_권역():
    # W l.166: 충청-영남-호남을 잇는 배터리 '트라이앵글'
    assert regions(W, 166, "2025-12-17") == ["충청권", "영남권", "호남권"]
    # W l.159: a chain of cities stays cities
    assert regions(W, 159, "2025-12-17") == ["수도권", "광주", "부산", "구미", "남부권"]


def test_a_place_name_means_what_it_named_on_the_document_date():
    # B l.959 (2021): (전북) is 전라북도; G l.314 (2026): 전북도 is 전북특별자치도; B l.609 (2021):
    # 강원 is 강원도
    assert regions(B, 959, "2021-03") == ["서남권", "전라북도"]
    assert "전북" in regions(G, 314, "2026")
    assert "강원도" in regions(B, 609, "2021-03")
    assert "강원" in regions(B, 609, "2024-01-01")


def test_an_industry_inside_another_word_is_not_read():
    # B l.965: 전방산업 holds 방산 but names no defence industry
    assert "defence" not in industries(B, 965)
    # S l.470: 탄소섬유 is the carbon-materials industry (the longest name), not also 섬유
    assert industries(S, 470) == ["textile", "carbon-materials"]


def test_a_name_inside_an_organisation_is_no_region():
    # B l.23: GERI 구미전자정보기술원
    assert regions(B, 23, "2021-03") == []


def test_the_idiom_産學研_names_no_agency():
    # W l.233: 産·學·研 1천개 이상 단체가 참여; the performance plan l.29971: 産 … 國 are agencies
    assert registry().find_mentions(line(W, 233), "2025-12-17") == []
    tags = [m.agency.acronym for m in registry().find_mentions(line(PLAN, 29971), "2024-01-01")]
    assert tags == ["MOTIE", "MOLIT"]


def test_a_short_form_is_defined_only_where_it_is_a_name():
    # the performance plan l.9965-9967: (이하 "법"이라 한다) defines no law
    lines = (SOURCES / PLAN).read_text("utf-8").split("\n")[9964:9967]
    assert ("법", "산업기술혁신 촉진법") in defined_short_forms([" ".join(lines)])
    b = GraphBuilder(SourceInfo("x"), lines)
    extract_mentions(b, lambda n: b.doc, "2024")
    laws = {
        t.object.value
        for t in b.result().triples
        if t.predicate == RDFS.label and iri.kind(t.subject) == "law"
    }
    assert laws == {"산업기술혁신촉진법"}


def test_the_project_table_of_a_strategy():
    rows = project_rows((SOURCES / S).read_text("utf-8").split("\n"), 2024)
    assert len(rows) == 20
    first, eighth, last = rows[0], rows[7], rows[-1]
    assert (first.line, first.ordinal, first.name, first.sector, first.places, first.period) == (
        451,
        1,
        "세계 최대 최첨단 반도체 클러스터 조성",
        "반도체",
        ("평택", "용인"),
        "2022-2047",
    )
    # a parenthesis inside the name is the name's; the sector of a merged cell is the one above
    assert (eighth.name, eighth.sector, eighth.places) == (
        "배터리 핵심소재(양극재·음극재) 생산기지 구축",
        "이차전지",
        ("포항",),
    )
    assert (last.name, last.period) == ("국산 탄소섬유 생산시설 증설", "2011-2028")


def test_projects_are_entities_the_strategy_lists():
    result = load(SOURCES / S)
    triples = result.triples
    projects = {
        t.subject for t in triples if t.predicate == RDF.type and t.object == PK.InvestmentProject
    }
    assert len(projects) == 20
    listed = {t.object for t in triples if t.predicate == PK.includesProject}
    assert listed == projects
    cluster = iri.project(name_key("세계 최대 최첨단 반도체 클러스터 조성"))
    assert {t.object for t in triples if t.subject == cluster and t.predicate == PK.region} == {
        iri.region("평택"),
        iri.region("용인"),
    }
    assert {t.object for t in triples if t.subject == cluster and t.predicate == PK.industry} == {
        iri.industry("semiconductor")
    }
    # l.184 names two of them in prose: mentions on that line too
    mentioned = {
        t.object
        for t in triples
        if t.predicate == PK.mentions and t.object in projects and "4/1/2/1" in t.subject.value
    }
    assert len(mentioned) == 2
