"""Laws and dated strategies of the performance plan: one IRI per law across the documents, on
the management task whose section holds the line; fragments of broken names are not laws.

Real lines of ``motie-2024-performance-plan.txt`` (line numbers given) and the built store.
"""

from __future__ import annotations

import pytest

from policykg.analysis.questions import ask
from policykg.loaders.plan.outline import parse_outline
from policykg.loaders.readers.mentions.extract import extract_mentions
from policykg.loaders.readers.mentions.laws import join_wrapped_quotes
from policykg.model import iri
from policykg.model.records import GraphBuilder, SourceInfo
from policykg.model.vocab import PK, RDF, RDFS
from policykg.reference.curated import law_key

PLAN = "motie-2024-performance-plan"
WORK = "moti-2025-12-work-report"
PROGRESS = "gov-2026-national-agenda-progress"
GERI = "geri-2021-03-gumi-issue-focus-49"


def laws_of(lines: list[str]) -> dict[str, set[int]]:
    """Law label -> lines of its mentions, for ``lines`` read as a document of their own."""
    b = GraphBuilder(SourceInfo("t"), lines)
    extract_mentions(b, lambda n: b.doc, "2024", kinds=("laws",))
    triples = b.result().triples
    laws = {t.subject for t in triples if t.predicate == RDF.type and t.object == PK.Law}
    label = {
        t.subject: t.object.value
        for t in triples
        if t.predicate == RDFS.label and t.subject in laws
    }
    spans = {t.subject: int(t.object.value) for t in triples if t.predicate == PK.startLine}
    where = {t.subject: t.object for t in triples if t.predicate == PK.mentionOf}
    out: dict[str, set[int]] = {}
    for t in triples:
        if t.predicate.value.endswith("wasDerivedFrom") and t.subject in where:
            out.setdefault(label[where[t.subject]], set()).add(spans[t.object])
    return out


# -- the store: one law, mentions from each document, on the plan's task


def test_foreign_trade_act_has_mentions_from_the_plan_and_the_other_documents(store):
    rows = ask(store, "documents-mentioning", entity="대외무역법").rows
    assert {r["entity_iri"] for r in rows} == {iri.law(law_key("대외무역법")).value}
    places = {(r["document"], r["line"]) for r in rows}
    # plan l.736 "- (대외무역법 개정) 전략물자 지정 사유 확대" is in the plan's overview, not in a
    # task section, so it belongs to the document
    assert {(PLAN, 736), (GERI, 296), (WORK, 437)} <= places
    plan_items = {r["item"] for r in rows if r["document"] == PLAN}
    assert plan_items == {iri.document(PLAN).value}


def test_business_vitality_act_is_one_law_from_the_plan_and_the_progress_report(store):
    rows = ask(store, "documents-mentioning", entity="기업활력법").rows
    assert {r["entity_iri"] for r in rows} == {
        iri.law(law_key("기업 활력 제고를 위한 특별법")).value
    }
    by_doc = {(r["document"], r["line"]): r["item"] for r in rows}
    assert (PROGRESS, 152) in by_doc
    # plan l.3600 "ㅇ ｢기업 활력 제고를 위한 특별법｣에 근거하여" lies in task I-1-1's section
    assert by_doc[(PLAN, 3600)] == iri.task("I-1-1").value


def test_every_plan_law_mention_is_on_the_task_whose_section_holds_its_line(store, plan_lines):
    outline = parse_outline(GraphBuilder(SourceInfo(PLAN), plan_lines))
    rows = store.select(
        """
        SELECT ?doc ?item ?line WHERE {
          ?m a pk:Mention ; pk:mentionOf ?law ; pk:mentionIn ?item ; pk:document ?doc ;
             prov:wasDerivedFrom/pk:startLine ?line .
          ?law a pk:Law .
        }""",
        {"doc": iri.document(PLAN)},
    )
    assert len(rows) > 100
    on_tasks = 0
    for r in rows:
        section = outline.task_at(int(r["line"].value))
        want = iri.task(section.code) if section else iri.document(PLAN)
        assert r["item"] == want, r
        on_tasks += section is not None
    assert on_tasks > len(rows) // 2


def test_plan_laws_have_no_fragments(store):
    rows = store.select(
        """
        SELECT DISTINCT ?doc ?label WHERE {
          ?m pk:mentionOf ?law ; pk:document ?doc .
          ?law a pk:Law ; rdfs:label|skos:altLabel ?label .
        }""",
        {"doc": iri.document(PLAN)},
    )
    labels = {r["label"].value for r in rows}
    assert {
        "대외무역법",
        "기업 활력 제고를 위한 특별법",
        "산업기술보호법",
        "자원안보특별법",
        "석유 및 석유대체연료사업법",
        "불공정무역행위 조사 및 산업피해 구제에 관한 법률",
        "고준위 방사성폐기물 특별법",
        "美 반도체법",
        "EU 배터리법",
        "EU 탄소중립산업법",
    } <= labels
    fragments = {
        "관리 특별법",
        "동법",
        "같은 법",
        "석유대체연료사업법",
        "안전관리법",
        "과학법",
        "어린이제품안전법",
        "로봇법",
        "방사성폐기물 특별법",
        "국제통상법",
        "음암법",
        "산업기술혁신",
        "촉진법",
    }
    assert not labels & fragments
    keys = {law_key(x) for x in labels}
    assert not keys & {law_key(x) for x in fragments}


def test_the_build_still_validates(built_store):
    report = built_store[1]
    assert report.validation is not None
    assert report.validation.violations == []


def test_plan_events_dated_after_the_plan_year_are_planned(store):
    rows = ask(store, "law-timeline", law="국가자원안보특별법").rows
    plan = {(r["action"], r["date"], r["reading"]) for r in rows if r["document"] == PLAN}
    # l.429 "* 국가자원안보특별법 제정 완료(‘24.2.6일) 및 시행(’25.2.7일)"
    assert ("제정", "2024-02-06", "stated") in plan


# -- the recogniser on real plan lines


def test_quoted_name_broken_over_lines_is_one_law_on_the_opening_line(plan_lines):
    # l.17125-17129: "주유소는 「석유 및 " / "" / "석유대체연료사업" / "" / "법」 제29조*0.3+ "
    got = laws_of(plan_lines[17124:17129])
    assert got == {"석유 및 석유대체연료사업법": {1}}
    # l.9965-9967: "이 규정은 「산업기술혁신" / "촉진법」(이하 "법"이라 한다), 「같은 법 시행령」…"
    got = laws_of(plan_lines[9964:9967])
    assert got == {"산업기술혁신촉진법": {1}}
    # l.1978-1979: " 「불공정무역행위 조사 및 산업피해 " / "구제에 관한 법률」 제27조"
    assert laws_of(plan_lines[1977:1979]) == {
        "불공정무역행위 조사 및 산업피해 구제에 관한 법률": {1}
    }


def test_joining_keeps_the_rest_of_the_continuation_line(plan_lines):
    joined = join_wrapped_quotes(plan_lines[32677:32681])  # l.32678-32681
    assert joined[0].strip() == "주유소는 「석유 및 석유대체연료사업법」"
    assert joined[1].strip() == ""
    assert joined[3] == plan_lines[32680]  # "제29조*0.3+제27조*0.4+ " untouched


def test_unclosed_quote_is_not_joined_across_another_opening():
    lines = ["가나 「다라 ", "「마바법」 개정"]
    assert join_wrapped_quotes(lines) == lines
    assert laws_of(lines) == {"마바법": {2}}


@pytest.mark.parametrize(
    ("line", "text", "law"),
    [
        # l.28117: the plain tail of "전기용품 및 생활용품 안전관리법" is not a law
        (28117, "· 전기용품 및 생활용품 안전관리법 하위법령 입법예고 (모터 달린", None),
        # l.3555: "반도체·과학법" (CHIPS and Science Act) is not 과학법
        (3555, "* (美) 반도체·과학법에 인재양성 132억$, (中) 백인·천인·만인계획(’94~‘22)", None),
        # l.874: "전기·생활·어린이제품안전법" is a list, not 어린이제품안전법
        (874, "ㅇ (법령정비) 전기·생활·어린이제품안전법 및 안전기준 개정(71건)", None),
        # l.1458: international trade law is a field, not a statute
        (1458, "국내 산업계를 보호하며, 국제통상법 주요 현안* 논의에 실질적 기여", None),
        # l.27234: a measuring method, not a law
        (27234, "* 드론 간이 소음시험 표준(음암법에 의한 음향파워레벨 실험실 간이측정 방법)", None),
        # l.18008: "고준위방폐물 관리 특별법령" — "관리 특별법" is the tail of a longer name
        (18008, " □ 고준위방폐물 관리 특별법령 마련 과정에서 지역주민, 시민단체, ", None),
        # l.6256: "지능형 로봇법" is the whole name, not 로봇법
        (6256, "추진체계 등을 전면 보완하는 지능형 로봇법 개정안 마련(12월)", "지능형 로봇법"),
        # l.18641: the word before "방사성폐기물 특별법" belongs to the name
        (18641, "신규 신규 신규 3 고준위 방사성폐기물 특별법 제정, ", "고준위 방사성폐기물 특별법"),
        # l.7637, l.8054: a foreign jurisdiction is part of the name
        (7637, "ㅇ (향후계획) 국내기업 불확실성 최소화를 위해 美 반도체법 등 통상", "美 반도체법"),
        (8054, "확보했으나, 美 IRA, EU 배터리법 등 공급망 리스크 지속중", "EU 배터리법"),
        # l.35: 안정화법 ends in 화법 but is a statute; l.29971: 산업집적법 ends in 적법
        (
            35,
            "□ ｢소부장법｣을 ｢소부장 및 공급망 안정화법｣으로 개정*(’23.5월)",
            "소부장 및 공급망 안정화법",
        ),
        (29971, "* 産 산업집적법 시행령, 國 산업입지법 시행령 개정 추진", "산업집적법"),
        # l.23232: a name followed by an arrow
        (
            23232,
            "통상변화대응지원 위한 법률 개정(무역조정지원법→통상변화대응법) ‘24.2월",
            "무역조정지원법",
        ),
    ],
)
def test_plan_line(plan_lines, line, text, law):
    assert plan_lines[line - 1].strip() == text.strip()
    got = laws_of([text])
    if law is None:
        fragment = {
            "안전관리법",
            "과학법",
            "반도체·과학법",
            "어린이제품안전법",
            "국제통상법",
            "음암법",
            "관리 특별법",
        }
        assert not set(got) & fragment, got
    else:
        assert law in got, got


def test_editorial_mark_inside_a_quoted_name_is_dropped(plan_lines):
    # l.4734 and l.4736-4738: the name, and the same name printed with "(추가)" over two lines
    got = laws_of(plan_lines[4733:4738])
    assert got == {"소재·부품·장비산업 경쟁력 강화 및 공급망 안정화를 위한 특별조치법": {1, 3}}


def test_statements_about_decrees_and_drafts_are_not_dated_events_of_the_law(plan_lines):
    def events(n: int) -> list[tuple[str, str]]:
        b = GraphBuilder(SourceInfo("t"), [plan_lines[n - 1]])
        return [
            (e.action, e.date.iso)
            for e in extract_mentions(b, lambda _: b.doc, "2024", kinds=("laws",))
        ]

    # l.14663 "ㆍ집단에너지사업법 시행규칙 정비 추진 ‘24.6월": 시행규칙 is a decree, not 시행
    assert events(14663) == []
    # l.17747 "「자원안보특별법」 하위 법령 제정 관련 입법예고, 규제심사 ’24.9월"
    assert events(17747) == []
    # l.10592 "기술이전법 전면 개정안 마련 ‘24.4월": a draft
    assert events(10592) == []
    # l.23328 "…공포 및 행정규칙 발령 ‘24.12월" never reads "‘24.1" from a cut date
    assert events(23328) == []
    # l.429: the law itself, enacted and to take effect
    assert events(429)[0] == ("제정", "2024-02-06")


def test_no_contradictory_dates_from_the_plan_schedule_tables(built_store):
    found = [
        f for f in built_store[1].findings if f.kind == "contradictory-dates" and f.document == PLAN
    ]
    assert found == []


def test_plain_names_in_an_item_about_a_foreign_jurisdiction_are_that_jurisdictions(plan_lines):
    # l.20093-20097: "ㅇ 최근 EU는 美·中 패권 경쟁, …" / "" / "역내 산업경쟁력 강화를 위한 …" / ""
    # / "    * 탄소국경조정제도, 핵심원자재법, 반도체법, 에코디자인 규정, 佛전기차보조금 등"
    got = laws_of(plan_lines[20092:20097])
    assert got == {"EU 핵심원자재법": {5}, "EU 반도체법": {5}}
    # the next item is not about the EU any more
    assert laws_of([*plan_lines[20092:20097], "ㅇ 대외무역법 개정"]) == {
        "EU 핵심원자재법": {5},
        "EU 반도체법": {5},
        "대외무역법": {6},
    }


def test_the_eu_net_zero_act_is_not_the_korean_carbon_neutral_industry_act(store):
    rows = ask(store, "documents-mentioning", entity="탄소중립산업법").rows
    # progress report l.272: 「탄소중립산업법」을 발의; plan l.19425 names the EU's act
    assert {(r["document"], r["line"]) for r in rows} == {(PROGRESS, 272)}
    eu = ask(store, "documents-mentioning", entity="EU 탄소중립산업법").rows
    assert {(r["document"], r["line"]) for r in eu} == {(PLAN, 19425)}


def test_a_long_quoted_passage_is_not_joined():
    lines = ["그는 「" + "가" * 50, "나" * 40 + " 대외무역법 개정」"]
    assert join_wrapped_quotes(lines) == lines
    assert laws_of(lines) == {"대외무역법": {2}}
