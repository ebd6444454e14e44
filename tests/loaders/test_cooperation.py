"""Cooperation items of section "Ⅳ 협업과제" (motie-2024-performance-plan.txt l.29787-30101)
and the named question tasks-by-cooperation."""

from __future__ import annotations

import pytest

from policykg.analysis.questions import ask
from policykg.loaders.plan.cooperation import parse_cooperation, read_items, section_range
from policykg.loaders.plan.outline import PlanOutline
from policykg.model import iri
from policykg.model.errors import QueryError
from policykg.model.records import GraphBuilder, SourceInfo
from policykg.model.vocab import PK
from policykg.reference.agencies import registry
from tests.support.golden import (
    CASES,
    builder_ntriples,
    case_names,
    check_ntriples,
    check_real_snippet,
)

PLAN_DATE = "2024-01-01"
KIND = "cooperation"


def _run_case(folder) -> list[str]:
    lines = (folder / "input.txt").read_text("utf-8").split("\n")
    b = GraphBuilder(SourceInfo(f"case-{folder.name}"), lines)
    parse_cooperation(b, PlanOutline(lines))
    return builder_ntriples(b)


@pytest.mark.parametrize("name", case_names(KIND))
def test_golden(name):
    check_ntriples(CASES / KIND / name, _run_case(CASES / KIND / name))


@pytest.mark.parametrize("name", case_names(KIND))
def test_case_input_is_a_real_snippet(name):
    check_real_snippet(CASES / KIND / name)


def _codes(store, item: int, prop) -> set[str]:
    rows = store.select(
        "SELECT ?i ?p ?c WHERE { ?i ?p ?x . ?x pk:code ?c }",
        {"i": iri.cooperation(item), "p": prop},
    )
    return {r["c"].value for r in rows}


def test_seven_items_with_titles_and_blocks(plan_lines):
    items, out_of_sequence = read_items(
        plan_lines, *section_range(plan_lines, PlanOutline(plan_lines))
    )
    assert out_of_sequence == []
    assert [i.number for i in items] == [1, 2, 3, 4, 5, 6, 7]
    assert items[0].title == "EU 탄소국경조정제도 대응" and items[0].start == 29789
    assert items[6].title == "24년도 R&D 감액 기업 지원(전부처 지원)"
    assert all("과제목표" in i.blocks for i in items)


def test_item_1_participants_match_the_gold_sample(store, gold):
    gold_item = next(i for i in gold["cooperation_items"] if i["no"] == 1)
    expected = {registry().resolve(name, PLAN_DATE).acronym for name in gold_item["participants"]}
    assert _codes(store, 1, PK.participant) == expected
    body = {
        registry().resolve(n, PLAN_DATE).acronym for n in gold_item["participants_named_in_body"]
    }
    assert body <= expected


def test_participant_links_carry_their_lines(store):
    rows = store.select(
        """SELECT ?i ?a ?l WHERE { ?s rdf:subject ?i ; rdf:predicate pk:participant ;
                             rdf:object ?a ; prov:wasDerivedFrom/pk:startLine ?l }""",
        {"i": iri.cooperation(1), "a": iri.agency("ME")},
    )
    assert sorted(int(r["l"].value) for r in rows) == [29791, 29809, 29813]


def test_item_goal_title_and_related_task(store):
    rows = store.select(
        "SELECT ?i ?t ?g WHERE { ?i rdfs:label ?t ; pk:goalText ?g }", {"i": iri.cooperation(1)}
    )
    assert rows[0]["t"].value == "EU 탄소국경조정제도 대응"
    assert rows[0]["g"].value.startswith("ㅇ 관계부처 간 EU의 탄소국경조정제도에 협력 대응함으로써")
    assert _codes(store, 1, PK.relatedTask) == {"IV-3-3"}
    lines = store.select(
        """SELECT ?i ?l ?q WHERE { ?s rdf:subject ?i ; rdf:predicate pk:relatedTask ;
                              prov:wasDerivedFrom ?sp . ?sp pk:startLine ?l ; pk:quote ?q }""",
        {"i": iri.cooperation(1)},
    )
    assert lines and all("CBAM" in r["q"].value or "탄소국경조정" in r["q"].value for r in lines)


def test_item_4_is_motie_alone_with_its_divisions(store):
    # l.29934-29947: (투자정책과) (산업환경과) (자동차과) (통상협력총괄과) — all MOTIE divisions
    assert _codes(store, 4, PK.participant) == {"MOTIE"}
    rows = store.select(
        "SELECT ?i ?n WHERE { ?i pk:involvesUnit/rdfs:label ?n }", {"i": iri.cooperation(4)}
    )
    assert {r["n"].value for r in rows} == {
        "투자정책과",
        "산업환경과",
        "자동차과",
        "통상협력총괄과",
    }


def test_other_items_parties_and_lead(store):
    assert _codes(store, 3, PK.participant) == {"MOLIT", "MOIS", "MOJ"}  # l.29890-29898
    assert {"MOTIE", "MOLIT", "MAFRA"} <= _codes(store, 5, PK.participant)
    assert {"MOTIE", "MCST", "MOLIT"} <= _codes(store, 6, PK.participant)
    assert {"MSS", "KIBO"} <= _codes(store, 7, PK.participant)
    # l.29852: "(산업부) 무역기술장벽 대응 부처 협의회 운영" repeats the item's title
    assert _codes(store, 2, PK.lead) == {"MOTIE"}
    assert _codes(store, 1, PK.lead) == set()


def _section(*body: str) -> list[str]:
    return [
        "2024년도 정책 추진방향",
        "1. 산업통상자원부 일반 현황",
        " Ⅳ  협업과제 ",
        *body,
        " Ⅴ  환류 등 관련계획",
    ]


def test_unresolved_ministry_forms_are_reported():
    lines = _section(
        "1. 가상 협업과제",
        "(산업부·가나다부·국토부)",
        "□ 과제 목표",
        "ㅇ 목표",
        "□ 부처간 협업필요 사항",
        "ㅇ (라마바청) 협조",
        "ㅇ (없는정책과) 협조",
    )
    b = GraphBuilder(SourceInfo("test-plan"), lines)
    parse_cooperation(b, PlanOutline(lines))
    messages = {(f.kind, f.line): f.message for f in b.findings}
    assert ("unresolved-agency", 5) in messages and "가나다부" in messages[("unresolved-agency", 5)]
    assert ("unresolved-agency", 9) in messages and "라마바청" in messages[("unresolved-agency", 9)]
    assert ("unknown-division", 10) in messages
    triples = b.result().triples
    participants = {t.object for t in triples if t.predicate == PK.participant}
    assert participants == {iri.agency("MOTIE"), iri.agency("MOLIT")}


def test_no_section_no_items():
    lines = ["1. 산업통상자원부 일반 현황", "본문"]
    b = GraphBuilder(SourceInfo("test-plan"), lines)
    parse_cooperation(b, PlanOutline(lines))
    assert not [t for t in b.result().triples if t.object == PK.CooperationItem]


# -- the named question


def _rows(store, **params):
    return ask(store, "tasks-by-cooperation", **params).rows


def test_motie_and_environment(store):
    rows = _rows(store, a1="MOTIE", a2="ME")
    kinds = {(r["kind"], r["code"], r["task_code"]) for r in rows}
    assert ("cooperation-item", "1", None) in kinds
    assert ("cooperation-task", "1", "IV-3-3") in kinds
    assert ("task-mention", None, "III-3-3") in kinds
    assert not [r for r in rows if r["code"] == "4"]  # its only "환경" is MOTIE's 산업환경과
    item = next(r for r in rows if r["kind"] == "cooperation-item")
    assert set(item["parties"].split(", ")) == {
        "MOTIE",
        "MOEF",
        "OPC",
        "CNGGC",
        "MOFA",
        "ME",
        "MSS",
        "KCS",
    }
    assert item["line"] == 29791
    mention = next(r for r in rows if r["task_code"] == "III-3-3")
    assert mention["line"] == 15749 and mention["parties"] == "ME"


def test_three_agencies_narrow_the_answer(store):
    assert {r["task_code"] for r in _rows(store, a1="MOTIE", a2="ME", a3="MSS")} == {None, "IV-3-3"}
    assert _rows(store, a1="MOTIE", a2="ME", a3="MOJ") == []
    assert {r["code"] for r in _rows(store, a1="MOTIE", a2="MOLIT", a3="MAFRA")} == {"5"}


def test_successors_on_request(store):
    assert _rows(store, a1="MOTIR", a2="MCEE") == []
    rows = _rows(store, a1="MOTIR", a2="MCEE", successors="yes")
    assert {(r["kind"], r["task_code"]) for r in rows} >= {
        ("cooperation-item", None),
        ("cooperation-task", "IV-3-3"),
        ("task-mention", "III-3-3"),
    }


@pytest.mark.parametrize("bad", ["환경부", "ME; DROP", ""])
def test_parameters_are_checked_not_spliced(store, bad):
    with pytest.raises(QueryError):
        ask(store, "tasks-by-cooperation", a1="MOTIE", a2=bad)


def test_summary_lists_items_and_tasks(store):
    answer = ask(store, "tasks-by-cooperation", a1="MOTIE", a2="ME")
    assert answer.summary["agencies"] == ["MOTIE", "ME"]
    assert answer.summary["cooperation_items"] == ["1"]
    assert answer.summary["related_tasks"] == ["IV-3-3"]
    assert "III-3-3" in answer.summary["tasks_naming_all"]


def test_lead_stated_in_the_text():
    lines = _section(
        "1. 가상 협업과제",
        "□ 과제 목표",
        "ㅇ 국토부 주관으로 관계부처 협의",
        "□ 부처간 협업필요 사항",
        "ㅇ (기재부) 재원 협조",
    )
    b = GraphBuilder(SourceInfo("test-plan"), lines)
    parse_cooperation(b, PlanOutline(lines))
    leads = {t.object for t in b.result().triples if t.predicate == PK.lead}
    assert leads == {iri.agency("MOLIT")}


def test_the_plans_ministry_is_a_party_of_its_items(store):
    # item 3 (l.29863) names only 국토교통부, 행정안전부, 법무부; it is MOTIE's item all the same
    rows = _rows(store, a1="MOTIE", a2="MOJ")
    assert {(r["kind"], r["code"], r["task_code"]) for r in rows} == {
        ("cooperation-item", "3", None),
        ("cooperation-task", "3", "III-2-4"),
    }
    assert _rows(store, a1="ME", a2="MOJ") == []


def test_numbering_gaps_and_empty_sections_are_reported():
    lines = _section("1. 첫 과제", "□ 과제 목표", "ㅇ 목표", "3. 번호가 건너뛴 과제", "□ 과제 목표")
    b = GraphBuilder(SourceInfo("test-plan"), lines)
    parse_cooperation(b, PlanOutline(lines))
    assert [(f.kind, f.line) for f in b.findings] == [("cooperation-numbering", 7)]
    lines = _section("본문만 있음")
    b = GraphBuilder(SourceInfo("test-plan"), lines)
    parse_cooperation(b, PlanOutline(lines))
    assert [(f.kind, f.line) for f in b.findings] == [("cooperation-empty", 3)]
