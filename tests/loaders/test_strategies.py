"""Strategy and plan names by structure, each rule on real lines of the corpus (file, lines)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from policykg.build.reading import load
from policykg.loaders.readers.mentions.extract import extract_mentions
from policykg.model import iri
from policykg.model.records import GraphBuilder, SourceInfo
from policykg.model.text import name_key
from policykg.model.vocab import PK, PROV, RDF, RDFS, SKOS
from tests.support.paths import SOURCES

W = "moti-2025-12-work-report.txt"
S = "motie-2024-02-new-industrial-policy-2.0.txt"
G = "gov-2026-national-agenda-progress.txt"
B = "geri-2021-03-gumi-issue-focus-49.txt"
PLAN = "motie-2024-performance-plan.txt"
ON = {W: "2025-12-17", S: "2024-02", G: "2026", B: "2021-03", PLAN: "2024"}


def lines_of(file: str, a: int, b: int) -> list[str]:
    return (SOURCES / file).read_text("utf-8").split("\n")[a - 1 : b]


def read(file: str, a: int, b: int, kinds=None):
    """The strategies found on lines a..b of a corpus file: {line: {label}} and the builder."""
    b_ = GraphBuilder(SourceInfo("x"), lines_of(file, a, b))
    extract_mentions(b_, lambda n: b_.doc, ON[file], **({"kinds": kinds} if kinds else {}))
    triples = b_.result().triples
    labels = {t.subject: t.object.value for t in triples if t.predicate == RDFS.label}
    found: dict[int, set[str]] = defaultdict(set)
    for t in triples:
        if t.predicate == PK.mentionOf and iri.kind(t.object) == "strategy":
            span = next(
                x.object.value
                for x in triples
                if x.subject == t.subject and x.predicate == PROV.wasDerivedFrom
            )
            found[a - 1 + int(span.rsplit("/", 1)[1].split("-")[0])].add(labels[t.object])
    return dict(found), triples


@pytest.mark.parametrize(
    "file,n,names",
    [
        (B, 283, {"미래 성장동력 확충 및 무역구조 혁신전략"}),  # 【… 주요 내용】
        (B, 357, {"차량용반도체 단기수급 대응 및 산업역량 강화전략"}),  # ▣ title
        (B, 46, {"위성통신기술 발전전략"}),  # prose: … 발전전략을 올 상반기 마련할 계획
        (B, 575, {"국가혁신클러스터육성사업 시행계획"}),  # prose: … 시행계획을 마련하고
        (B, 556, {"첨단 외국인투자 유치 로드맵", "해외수주 보강대책"}),  # …을, ②… 도 마련할
        (B, 546, {"CPTPP 대비 제도개선 방안"}),  # ②CPTPP 대비 제도개선 방안(…)
        (W, 143, {"권역별 성장엔진 육성계획"}),  # '**…육성계획**' in quotes with markup
        (G, 25, {"산업 R&D 혁신방안"}),  # a date inside the quotes
        (G, 146, {"5극 3특 성장엔진 육성 전략"}),  # 전략 outside the quotes
        (W, 38, {"석화 구조개편 로드맵", "철강산업 고도화 방안"}),  # name 및 …('25.8)
        (S, 344, {"제11차 전력수급기본계획"}),  # (11차 전력수급기본계획, '24.上): 제 added
        (W, 483, {"희토류 R&D 종합전략"}),  # … 종합전략 수립
        (S, 435, {"자율 제조 변혁지도"}),  # a 「name」 that is announced (수립)
    ],
)
def test_names_by_structure(file, n, names):
    found, _ = read(file, n, n)
    assert found.get(n, set()) == names


@pytest.mark.parametrize(
    "file,n,absent",
    [
        (S, 269, "공정기술 개발 로드맵"),  # 소자기업의 ‘…’: a company's own road map
        (G, 39, "AX 확산 전략"),  # 분과별로 AX 확산 전략을 발표: one of a family
        (S, 20, "업종별·기능별 산업전략"),  # … 산업전략 수립
        (G, 15, "다양한 전략"),  # 다양한 전략을 추진
        (W, 141, "지원방안"),  # 성장엔진 선정 및 지원방안 수립: a generic plan
        (W, 213, "조성계획"),  # 시범단지 선정 및 조성계획 발표
        (B, 76, "상업위성 생산 계획"),  # … 생산 계획 발표: any plan, not a name
        (G, 330, "2조원 이상 지원방안"),  # … 2조원 이상 지원방안을 마련
        (G, 330, "수 있도록 대책"),  # … 수 있도록 대책을 마련
        (B, 274, "확대무역전략"),  # 제4차 확대무역전략조정회의: a meeting
        (B, 830, "상주관세사 운영방안"),  # a cell of a table
        (PLAN, 25271, "시행계획"),  # 「시행계획」 수립: a plan word alone
    ],
)
def test_what_is_not_a_strategy_name(file, n, absent):
    found, _ = read(file, n, n)
    assert not any(name_key(absent) in name_key(x) for x in found.get(n, set()))


def test_a_footnote_gives_the_name_of_a_descriptive_one():
    # S l.302-303: 친환경 철자원 대책*을 마련 / * 「철자원 산업육성 방안」: …
    found, triples = read(S, 302, 303)
    assert found == {302: {"철자원 산업 육성방안"}, 303: {"철자원 산업 육성방안"}}
    node = iri.strategy(name_key("철자원 산업육성 방안"))
    alts = {t.object.value for t in triples if t.subject == node and t.predicate == SKOS.altLabel}
    assert "친환경 철자원 대책" in alts


def test_a_marked_name_printed_again_plainly_is_a_mention():
    # G l.15 (prose, before the quoted name), l.25 (quoted, dated), l.53 (a caption with other
    # spacing), l.109 (a caption), l.142 (other spacing)
    found, triples = read(G, 15, 142)
    for n in (15, 25, 109, 142):
        assert "산업 R&D 혁신방안" in found[n], n
    assert "K-바이오 의약산업 대도약 전략" in found[53]
    node = iri.strategy(name_key("산업 R&D 혁신방안"))
    assert [t.object.value for t in triples if t.subject == node and t.predicate == RDFS.label] == [
        "산업 R&D 혁신방안"
    ]  # one label: the other spelling is an altLabel
    alts = {t.object.value for t in triples if t.subject == node and t.predicate == SKOS.altLabel}
    assert alts == {"산업R&D 혁신방안"}


def issuers(triples) -> set[tuple[str, str]]:
    labels = {t.subject: t.object.value for t in triples if t.predicate == RDFS.label}
    return {
        (labels[t.subject], t.object.value.rsplit("/", 1)[1])
        for t in triples
        if t.predicate == PK.issuer and iri.kind(t.subject) == "strategy"
    }


def test_the_issuer_where_the_text_names_it():
    assert issuers(read(B, 46, 46)[1]) == {("위성통신기술 발전전략", "MSIT")}  # (과기정통부, …)
    assert issuers(read(B, 870, 870)[1]) == {("탄소소재 융복합 산업 종합 발전전략", "MOTIE")}
    assert issuers(read(B, 688, 688)[1]) == {("디지털 소재혁신 강화 실행계획", "MOTIE")}  # …는
    assert issuers(read(G, 92, 92)[1]) == {("K-배터리 경쟁력 강화방안", "MOTIR")}  # (이하 산업부)는
    assert issuers(read(G, 49, 49)[1]) == set()  # 관계부처 합동: no one agency


def test_the_strategy_document_names_itself_and_its_predecessor():
    result = load(SOURCES / S)
    own = iri.strategy(name_key("新산업정책2.0"))
    earlier = iri.strategy(name_key("新산업정책1.0"))
    triples = result.triples
    assert any(t.predicate == PK.describes and t.object == own for t in triples)
    assert any(t.subject == own and t.predicate == PK.issuer for t in triples)
    assert any(
        t.subject == earlier and t.predicate == PK.successor and t.object == own for t in triples
    )
    assert any(
        t.subject == earlier and t.predicate == RDF.type and t.object == PK.Strategy
        for t in triples
    )


def test_the_plan_reads_marked_names_only():
    # the performance plan's l.6196: (제4차 지능형로봇 기본계획, ‘23.12), a marked name; the
    # prose of l.1049 (… AI 자율 제조 기술 로드맵 수립) is not read in the plan
    found, _ = read(PLAN, 6196, 6196, kinds=("laws", "strategies"))
    assert found == {6196: {"제4차 지능형로봇 기본계획"}}
    assert read(PLAN, 1049, 1049, kinds=("laws", "strategies"))[0] == {}
