"""pk:mentionsAgency: the agencies a task's plan names as partners or stakeholders."""

from __future__ import annotations

from policykg.loaders.plan.agencies import task_mentions
from policykg.loaders.plan.outline import PlanOutline, TaskSection
from policykg.model import iri

ON = "2024-01-01"


def _outline(*lines: str) -> PlanOutline:
    outline = PlanOutline(list(lines))
    outline.task_sections = [TaskSection("I-1-1", "과제", 1, 1, len(lines))]
    return outline


def test_partner_list_gives_each_agency_with_its_line():
    outline = _outline(
        "□ 추진계획",
        "ㅇ (이해관계집단) 관계부처(국방부·해수부·환경부·산림청 등), 지방",  # l.15749
        "ㅇ 환경부와 협의",
    )
    found = task_mentions(outline, ON, "MOTIE")
    assert found == {
        ("I-1-1", "MND"): [2],
        ("I-1-1", "MOF"): [2],
        ("I-1-1", "ME"): [2, 3],
        ("I-1-1", "KFS"): [2],
    }


def test_divisions_words_owner_and_citations_are_not_partners():
    outline = _outline(
        "ㅇ (산업환경과) 글로벌 CFE 포럼 통합 개최",
        "- 기후변화에 따른 환경규제 강화 일환인 EU탄소국경조정제도",
        "ㅇ 중소기업 환경부담 완화, 산업부문 감축",
        "ㅇ 산업부 주관 협의회 운영",
        "* 2023년 잠정 합계출산율 0.72(통계청)",  # l.10893: a figure's source
        "(한전 통계)",
    )
    assert task_mentions(outline, ON, "MOTIE") == {}


def test_outside_task_sections_nothing_is_read():
    outline = PlanOutline(["ㅇ 환경부와 협의"])
    assert task_mentions(outline, ON, "MOTIE") == {}


def test_renewable_task_names_the_environment_ministry(store):
    rows = store.select(
        """SELECT ?t ?a ?l ?q WHERE { ?s rdf:subject ?t ; rdf:predicate pk:mentionsAgency ;
                             rdf:object ?a ; prov:wasDerivedFrom ?sp . ?sp pk:startLine ?l ;
                             pk:quote ?q }""",
        {"t": iri.task("III-3-3"), "a": iri.agency("ME")},
    )
    assert [int(r["l"].value) for r in rows] == [15749]
    assert "관계부처(국방부·해수부·환경부·산림청 등)" in rows[0]["q"].value


def test_every_environment_mention_quotes_the_ministry(store):
    rows = store.select(
        """SELECT ?a ?t ?q WHERE { ?s rdf:subject ?t ; rdf:predicate pk:mentionsAgency ;
                             rdf:object ?a ; prov:wasDerivedFrom/pk:quote ?q }""",
        {"a": iri.agency("ME")},
    )
    assert rows
    assert all("환경부" in r["q"].value.replace("산업환경과", "") for r in rows)


def test_no_task_mentions_its_own_ministry(store):
    assert not store.select(
        "SELECT ?a ?t WHERE { ?t pk:mentionsAgency ?a }", {"a": iri.agency("MOTIE")}
    )
