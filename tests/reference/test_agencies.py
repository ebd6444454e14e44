"""The agency registry (names, dates, search, tokeniser, RDF) and MOTIE's organisation chart."""

from __future__ import annotations

from datetime import date

import pytest
from pyoxigraph import Literal

from policykg.loaders.plan.context import plan_context
from policykg.loaders.plan.organisation import parse_organisation, read_org_chart
from policykg.loaders.plan.outline import PlanOutline
from policykg.model import iri
from policykg.model.errors import KGError
from policykg.model.records import GraphBuilder, SourceInfo
from policykg.reference.agencies import AgencyRegistry, AmbiguousAgencyError, registry


@pytest.mark.parametrize("alias", ["산업부", "産", "MOTIE", "산업통상자원부", "motie", "우리부"])
def test_search_by_any_alias_finds_motie(alias):
    assert "MOTIE" in [a.acronym for a in registry().search(alias)]


def test_search_by_english_name_and_partial_name():
    assert registry().search("Ministry of Environment")[0].acronym == "ME"
    assert "MCEE" in [a.acronym for a in registry().search("기후에너지")]


@pytest.mark.parametrize(
    "on, expected",
    [
        ("2021-03-01", "MOTIE"),
        (date(2024, 2, 1), "MOTIE"),
        ("2025-09-30", "MOTIE"),
        ("2025-10-01", "MOTIR"),
        (date(2025, 12, 17), "MOTIR"),
        ("2026-05-01", "MOTIR"),
    ],
)
def test_sanupbu_resolves_by_document_date(on, expected):
    assert registry().resolve("산업부", on).acronym == expected


def test_resolution_without_a_date_is_ambiguous_for_sanupbu():
    with pytest.raises(AmbiguousAgencyError, match="MOTIE, MOTIR"):
        registry().resolve("산업부")
    assert registry().resolve("기재부").acronym == "MOEF"
    assert registry().resolve("없는부", "2024-01-01") is None
    with pytest.raises(AmbiguousAgencyError, match="on 2010-01-01"):
        registry().resolve("산업부", "2010-01-01")  # before both: no date settles it


def test_environment_ministry_is_succeeded_by_mcee():
    reg = registry()
    assert reg.resolve("환경부", "2024-01-01").acronym == "ME"
    assert reg.resolve("환경부", "2025-12-17").acronym == "ME"  # the name only ever meant ME
    assert reg.resolve("기후에너지환경부", "2025-12-17").acronym == "MCEE"
    assert [a.acronym for a in reg.successors("ME")] == ["MCEE"]
    assert [a.acronym for a in reg.successors("MOTIE")] == ["MOTIR"]
    assert {(c.old, c.new, c.date.isoformat()) for c in reg.changes} == {
        ("MOTIE", "MOTIR", "2025-10-01"),
        ("ME", "MCEE", "2025-10-01"),
    }


def _read(text, on="2024-01-01"):
    return [(m.form, m.agency.acronym) for m in registry().find_mentions(text, on)]


def test_tokeniser_reads_ministry_lists():
    # motie-2024-performance-plan.txt l.15749 and l.29791
    assert _read("ㅇ (이해관계집단) 관계부처(국방부·해수부·환경부·산림청 등), 지방") == [
        ("국방부", "MND"),
        ("해수부", "MOF"),
        ("환경부", "ME"),
        ("산림청", "KFS"),
    ]
    assert [a for _, a in _read("(산업부·기재부·국조실(탄녹위)·외교부·환경부·중기부·관세청)")] == [
        "MOTIE",
        "MOEF",
        "OPC",
        "CNGGC",
        "MOFA",
        "ME",
        "MSS",
        "KCS",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "ㅇ (산업환경과) 글로벌 CFE 포럼(CF연합, ‘24.10월) 통합 개최",  # l.29941: a MOTIE division
        "기후변화에 따른 환경규제 강화 일환인 EU탄소국경조정제도",
        "중소기업의 환경부담 완화",
        "산업부문 온실가스 감축",
        "원전환경과",
        "범부처 협의체",
        "산업·에너지 분야",  # a short tag needs an agency next to it in the list
        "- (산업) 반도체 업황 개선",  # "(산업)" alone is a sector label
    ],
)
def test_tokeniser_does_not_read_words_or_divisions_as_agencies(text):
    assert _read(text) == []


def test_tokeniser_accepts_particles_and_short_tags_in_lists():
    assert _read("환경부와 협의하고 중기부로부터 지원") == [("환경부", "ME"), ("중기부", "MSS")]
    # l.29977, l.29980, l.30012, l.29971
    assert _read("실증 등 경쟁력 강화 지원(’24~, 산업·농림)") == [
        ("산업", "MOTIE"),
        ("농림", "MAFRA"),
    ]
    assert _read("보험료 20% 할인 혜택 제공(’24.4∼, 산업)") == [("산업", "MOTIE")]
    assert [a for _, a in _read("산업·문체·국토부 관계부처 합동 TF")] == ["MOTIE", "MCST", "MOLIT"]
    assert _read("* 産 산업집적법 시행령, 國 산업입지법 시행령 개정 추진") == [
        ("産", "MOTIE"),
        ("國", "MOLIT"),
    ]
    assert _read("산업부 장관", "2025-12-17") == [("산업부", "MOTIR")]


def test_registry_rejects_a_successor_it_does_not_know():
    data = {
        "agencies": [
            {"acronym": "AAA", "ko": "가부", "en": "A", "category": "ministry", "successor": "ZZZ"}
        ]
    }
    with pytest.raises(KGError, match="AAA refers to unknown agency ZZZ"):
        AgencyRegistry.from_json(data)


def test_registry_triples_in_the_reference_graph(store):
    motie, motir = iri.agency("MOTIE"), iri.agency("MOTIR")
    rows = store.select(
        "SELECT ?a ?b ?c ?d WHERE { ?a pk:successor ?b . ?c org:originalOrganization ?a ;"
        " org:resultingOrganization ?b ; pk:changeDate ?d }",
        {"a": motie, "b": motir},
    )
    assert [r["d"].value for r in rows] == ["2025-10-01"]
    labels = {
        r["l"] for r in store.select("SELECT ?a ?l WHERE { ?a skos:altLabel ?l }", {"a": motie})
    }
    assert Literal("산업부", language="ko") in labels and Literal("MOTIE") in labels
    assert store.select("SELECT ?a ?t WHERE { ?a a ?t }", {"a": iri.agency("ME")})


# -- the plan's owner and organisation chart (motie-2024-performance-plan.txt l.1622-1997)


def test_plan_owner_and_date(plan_lines):
    ctx = plan_context(plan_lines)
    assert ctx.owner.acronym == "MOTIE" and ctx.owner_line == 1624 and ctx.on_date.year == 2024


def test_org_chart_places_divisions_under_their_bureaus(plan_lines):
    chart = read_org_chart(plan_lines)
    parent = {name: u.parent for name, u in chart.units.items()}
    assert parent["산업환경과"] == "산업정책관"  # l.1693 column 2, l.1703
    assert parent["산업재난담당관"] == "비상안전기획관"  # l.1722: two bullets on one line
    assert parent["산업공급망정책과"] == "산업공급망정책관"
    assert parent["투자정책과"] == "투자정책관"
    assert parent["홍보담당관"] == "대변인"  # l.1678 "대 변 인 ㆍ홍보담당관"
    assert parent["무역위원회"] is None  # an affiliated agency under the minister
    assert "운영지원과" in chart.units  # spelled vertically, l.1686-1691
    assert "2030부산세계박람회유치지원단" in chart.units  # broken over l.1675-1676
    assert "전기전자정보표준과" in chart.units  # l.1903-1904
    unplaced = {u.name for u in chart.unplaced}
    assert {"운영지원과", "표준정책과", "마산지역관리원"} <= unplaced
    assert "산업환경과" not in unplaced


def test_org_units_in_the_store(store):
    rows = store.select(
        """SELECT ?a ?u ?p WHERE { ?u a pk:OrgUnit ; rdfs:label "산업환경과"@ko ;
                             org:unitOf ?a ; org:subOrganizationOf/rdfs:label ?p }""",
        {"a": iri.agency("MOTIE")},
    )
    assert [r["p"].value for r in rows] == ["산업정책관"]
    assert rows[0]["u"] == iri.org_unit("MOTIE", "산업환경과")
    doc = iri.document("motie-2024-performance-plan")
    assert store.select("SELECT ?d ?a WHERE { ?d pk:issuer ?a }", {"d": doc})[0]["a"] == iri.agency(
        "MOTIE"
    )


def test_unplaced_units_are_reported(built_store):
    report = built_store[1]
    kinds = {f.kind: f for f in report.findings if f.document == "motie-2024-performance-plan"}
    assert "org-unit-not-placed" in kinds
    assert "운영지원과 (l.1686)" in kinds["org-unit-not-placed"].message


def test_plan_without_owner_heading_is_reported():
    lines = ["2024년도 성과관리 시행계획", "1. 가나다부 일반 현황", "(1) 조직"]
    b = GraphBuilder(SourceInfo("test-plan"), lines)
    parse_organisation(b, PlanOutline(lines))
    assert [(f.kind, f.line) for f in b.findings] == [("unresolved-owner", 2)]
