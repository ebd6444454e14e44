"""A small synthetic plan for the graph, impact, search and API tests.

It has the shape of the real one around program 3231: two tasks of goal I-2 share program 3231
(I-2-3's table repeats its amount and adds program 1234), the tasks support agenda items 20-1 and
24-1, a cooperation item defines CBAM in its lines, agencies carry the aliases of the corpus.
"""

from __future__ import annotations

from pyoxigraph import Quad

from policykg.model import iri
from policykg.model.records import GraphBuilder, SourceInfo, integer, year
from policykg.model.vocab import PK, SKOS
from policykg.store.policy_store import PolicyStore

EOK = 100_000_000
LINES = [
    "2024년도 성과관리 시행계획",  # 1
    "Ⅰ. 첨단산업 초격차 확보",  # 2
    "Ⅰ-2. 소재·부품·장비 공급망 안정",  # 3
    "Ⅰ-2-①  소부장 핵심기술 개발",  # 4
    "① 소재부품장비기술개발(3231) 100",  # 5
    "Ⅰ-2-③ 소부장 공급망 안정화",  # 6
    "① 소재부품장비기술개발(3231) 100",  # 7
    "② 공급망안정화지원(1234) 300",  # 8
    "Ⅳ. 통상 질서 대응",  # 9
    "Ⅳ-3. 기후 통상 규범 대응",  # 10
    "Ⅳ-3-③ 기후환경 에너지 규범 논의 선제 대응",  # 11
    "(관계부처 협의체) 탄소국경조정제도(CBAM) 등 기후 관련 환경부 협의",  # 12
    "③ 통상규범대응(9999) 50",  # 13
    "국정 20-1 소부장 경쟁력 강화",  # 14
    "국정 24-1 공급망 안정",  # 15
    "1. EU 탄소국경조정제도 대응",  # 16
    "(산업부·기재부·환경부)",  # 17
    "2. 소부장 공급망 협력",  # 18
    "(산업부·환경부)",  # 19
    "지표 1 핵심기술 확보 건수",  # 20
    "산업통상자원부 산업통상부 환경부 기후에너지환경부 기획재정부",  # 21
    "① 소재부품장비기술개발(3231) 90 ('23)",  # 22
]


def _funding(b: GraphBuilder, task: str, program: str, fy: int, amount: int, line: int):
    node = iri.keyed("funding", task, program, fy)
    b.entity(node, PK.Funding, lines=line)
    b.link(iri.task(task), PK.hasFunding, node, lines=line)
    b.add(node, PK.task, iri.task(task))
    b.add(node, PK.program, iri.program(program))
    b.add(node, PK.fiscalYear, year(fy))
    b.add(node, PK.amountKRW, integer(amount * EOK))


def synthetic_builder() -> GraphBuilder:
    b = GraphBuilder(SourceInfo("synthetic-plan"), LINES)
    plan = b.entity(iri.plan(), PK.PerformancePlan, lines=1, label="2024년도 성과관리 시행계획")
    goals = [
        ("I", PK.StrategicGoal, "첨단산업 초격차 확보", None, 2),
        ("I-2", PK.PerformanceGoal, "소재·부품·장비 공급망 안정", "I", 3),
        ("IV", PK.StrategicGoal, "통상 질서 대응", None, 9),
        ("IV-3", PK.PerformanceGoal, "기후 통상 규범 대응", "IV", 10),
    ]
    for code, cls, label, parent, line in goals:
        b.entity(iri.goal(code), cls, lines=line, label=label, code=code)
        b.link(iri.goal(code), PK.partOf, iri.goal(parent) if parent else plan, lines=line)
    for code, label, goal, line in [
        ("I-2-1", "소부장 핵심기술 개발", "I-2", 4),
        ("I-2-3", "소부장 공급망 안정화", "I-2", 6),
        ("IV-3-3", "기후환경 에너지 규범 논의 선제 대응", "IV-3", 11),
    ]:
        b.entity(iri.task(code), PK.ManagementTask, lines=line, label=label, code=code)
        b.link(iri.task(code), PK.partOf, iri.goal(goal), lines=line)
    for code, label in [
        ("3231", "소재부품장비기술개발"),
        ("1234", "공급망안정화지원"),
        ("9999", "통상규범대응"),
    ]:
        b.entity(iri.program(code), PK.Program, lines=5, label=label, code=code)
    _funding(b, "I-2-1", "3231", 2024, 100, 5)
    _funding(b, "I-2-1", "3231", 2023, 90, 22)
    _funding(b, "I-2-3", "3231", 2024, 100, 7)
    _funding(b, "I-2-3", "1234", 2024, 300, 8)
    _funding(b, "IV-3-3", "9999", 2024, 50, 13)
    scheme = b.entity(iri.agenda_scheme(2022), SKOS.ConceptScheme, lines=14)
    for parent, child, task, line in [("20", "20-1", "I-2-1", 14), ("24", "24-1", "I-2-3", 15)]:
        for code in (parent, child):
            node = b.entity(
                iri.agenda_task(2022, code),
                PK.NationalAgendaTask,
                lines=line,
                label=f"국정과제 {code}",
                code=code,
            )
            b.add(node, SKOS.inScheme, scheme)
        b.add(iri.agenda_task(2022, child), SKOS.broader, iri.agenda_task(2022, parent))
        b.link(iri.task(task), PK.supportsAgenda, iri.agenda_task(2022, child), lines=line)
    agencies = [
        ("MOTIE", "산업통상자원부", "산업부"),
        ("MOTIR", "산업통상부", "산업부"),
        ("ME", "환경부", None),
        ("MCEE", "기후에너지환경부", None),
        ("MOEF", "기획재정부", "기재부"),
    ]
    for acronym, label, alias in agencies:
        node = b.entity(iri.agency(acronym), PK.Agency, lines=21, label=label, code=acronym)
        if alias:
            b.alt_label(node, alias)
    for n, title, task, parties, line in [
        (1, "EU 탄소국경조정제도 대응", "IV-3-3", ("MOTIE", "MOEF", "ME"), 16),
        (2, "소부장 공급망 협력", "I-2-1", ("MOTIE", "ME"), 18),
    ]:
        item = b.entity(
            iri.cooperation(n), PK.CooperationItem, lines=(line, line + 1), label=title, code=str(n)
        )
        b.link(item, PK.relatedTask, iri.task(task), lines=line)
        for acronym in parties:
            b.link(item, PK.participant, iri.agency(acronym), lines=line + 1)
    b.link(iri.task("IV-3-3"), PK.mentionsAgency, iri.agency("ME"), lines=12)
    indicator = b.entity(
        iri.indicator("I-2-1", 1), PK.PerformanceIndicator, lines=20, label="핵심기술 확보 건수"
    )
    b.link(iri.task("I-2-1"), PK.hasIndicator, indicator, lines=20)
    return b


def synthetic_store() -> PolicyStore:
    graph = iri.document_graph("synthetic-plan")
    triples = synthetic_builder().result().triples
    return PolicyStore.in_memory(Quad(t.subject, t.predicate, t.object, graph) for t in triples)
