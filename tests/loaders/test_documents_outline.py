"""Heading structure of the four documents: items, numbering as printed, parents and line spans.

Line numbers are those of the bundled files in data/sources/.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from policykg.build.reading import decode
from policykg.loaders import agenda_progress, regional_brief, strategy, work_report
from policykg.loaders.readers.headings import Rule, build_outline, find_headings
from policykg.model.errors import SourceParseError
from policykg.model.families import detect
from policykg.model.records import GraphBuilder, SourceInfo
from policykg.model.vocab import PK
from tests.support.paths import SOURCES

WORK = "moti-2025-12-work-report"
STRATEGY = "motie-2024-02-new-industrial-policy-2.0"
BRIEF = "geri-2021-03-gumi-issue-focus-49"
PROGRESS = "gov-2026-national-agenda-progress"
MODULES = {WORK: work_report, STRATEGY: strategy, BRIEF: regional_brief, PROGRESS: agenda_progress}


def text(stem: str) -> str:
    path = SOURCES / f"{stem}.txt"
    return decode(path.read_bytes(), path.name)


@cache
def parsed(stem: str):
    return MODULES[stem].parse(text(stem), SourceInfo(stem, f"{stem}.txt"))


def item(stem: str, path: str):
    return parsed(stem).records["outline"].by_path(path)


@pytest.mark.parametrize("stem", list(MODULES))
def test_each_document_is_recognised_by_its_family_from_its_text(stem):
    assert detect("next-years-document.txt", text(stem)).name == MODULES[stem].FAMILY.name


@pytest.mark.parametrize(
    "stem,path,printed,title,start,end",
    [
        (WORK, "I/1", "①", "'25년 성과 및 보완점", 8, 58),
        (WORK, "I/2", "2", "대내외 여건", 61, 107),
        (WORK, "III/1/1", "①", "5극 3특 성장엔진 육성", 119, 143),
        (WORK, "III/2/1", "1", "제조혁신 전략 'M.AX (Manufacturing AI Transformation)'", 219, 259),
        (WORK, "III/3/3", "③", "경제산업안보: K-산업방파제", 457, 506),
        (STRATEGY, "4/1/2", "②", "현장애로 해소·밀착 지원으로 첨단산업 투자환경 개선", 174, 225),
        (
            STRATEGY,
            "4/1/4",
            "④",
            "공급망 안정화 및 산업기술보호 강화를 통해 경제안보 확립",
            263,
            286,
        ),
        (STRATEGY, "4/3", "3", "수출 고도화", 346, 383),
        (
            STRATEGY,
            "4/3/1",
            "1",
            "7,000억불 수출 달성을 위해 수출 시장·품목 전략적 다변화",
            350,
            363,
        ),
        (
            STRATEGY,
            "4/2/1/1",
            "①",
            "자동차: 전기차 전환 흐름 지속 → 수출·투자 촉진 및 부품 역량 강화",
            292,
            295,
        ),
        (BRIEF, "a4", None, "경제협력개발기구(OECD) 중간 경제전망 발표 ('21.03.09.)", 173, 272),
        (BRIEF, "a4/2", "2", "'21년 세계경제 전망", 193, 207),
        (
            BRIEF,
            "1/III/2/3/2",
            "②",
            "탄소소재 제조·성형 장비의 공통 활용 위한 플랫폼 구축·운영",
            1034,
            1039,
        ),
        (PROGRESS, "30", "030", "주력산업 혁신으로 4대 제조 강국 실현", 69, 164),
        (PROGRESS, "37/s2", None, "주요 교역국과 통상·산업 협력 강화", 191, 228),
        (PROGRESS, "c3", None, "2차 공공기관 이전 등 균형성장 거점 육성", 294, 344),
    ],
)
def test_item_numbering_title_and_span(stem, path, printed, title, start, end):
    it = item(stem, path)
    assert (it.heading.printed, it.title, it.start, it.end) == (printed, title, start, end)
    lines = text(stem).split("\n")
    assert (
        title.split()[0].strip("'") in lines[it.heading.line - 1]
        or title in lines[it.heading.title_end - 1]
    )


def test_work_report_hierarchy_mixes_roman_dot_box_and_circled():
    outline = parsed(WORK).records["outline"]
    top = [i.path for i in outline.items if i.parent is None]
    assert top == ["I", "III"]
    assert [
        c.heading.printed for c in outline.by_path("III/2").children if c.heading.kind == "key-task"
    ] == ["1", "②", "3"]
    assert item(WORK, "III/1/1/s1").title == "5극 3특 균형성장의 견인차, '성장엔진' 선정"
    assert item(WORK, "III/1/1/s1").parent.path == "III/1/1"


def test_strategy_pillars_are_the_items_of_its_strategy_section():
    result = parsed(STRATEGY)
    pillars = sorted(
        t.subject.value.rsplit("/", 1)[-1]
        for t in result.triples
        if t.predicate == PK.category and t.object.value == "pillar"
    )
    assert pillars == ["1", "2", "3", "4"]
    assert [item(STRATEGY, f"4/{n}").title for n in range(1, 5)] == [
        "첨단산업 초격차",
        "주력산업 대전환",
        "수출 고도화",
        "AI 시대의 新 산업정책",
    ]


def test_progress_chapters_numbered_and_unnumbered():
    outline = parsed(PROGRESS).records["outline"]
    chapters = [(i.path, i.start) for i in outline.items if i.heading.kind == "chapter"]
    assert chapters == [("c1", 15), ("30", 69), ("37", 166), ("c2", 252), ("c3", 294)]
    assert outline.by_path("c1").title == "" and outline.by_path("c2").title == ""
    assert [
        (f.line, f.kind) for f in parsed(PROGRESS).findings if f.kind == "chapter-without-number"
    ] == [
        (15, "chapter-without-number"),
        (252, "chapter-without-number"),
        (294, "chapter-without-number"),
    ]
    titles = {i.title for i in outline.items}
    assert "대한민국 연도별 수출 현황 (단위: 억 달러)" not in titles  # a figure label
    assert "한미 무역협상" not in titles  # a photo caption


def test_brief_articles_follow_page_headers():
    outline = parsed(BRIEF).records["outline"]
    articles = [i for i in outline.items if i.heading.kind == "article"]
    assert len(articles) == 14
    assert articles[-1].heading.printed == "01"
    assert articles[-1].title == "탄소소재 융복합 산업 종합 발전전략 (산업통상자원부)"


SNIPPET = ["1 첫째", "① 가", "② 나", "2 둘째", "① 다", "4 넷째", "② 라"]


def _outline(lines):
    b = GraphBuilder(SourceInfo("snippet"), lines)
    rules = (
        Rule("s", "box", re.compile(r"^(?P<num>\d)\s+(?P<title>\S.*)$")).match,
        Rule("s", "circled", re.compile(r"^(?P<num>[①-⑳])\s*(?P<title>\S.*)$")).match,
    )
    return b, build_outline(b, find_headings(lines, rules))


def test_numbering_places_headings_and_reports_a_gap():
    b, outline = _outline(SNIPPET)
    assert [i.path for i in outline.items] == ["1", "1/1", "1/2", "2", "2/1", "2/1/4", "2/2"]
    gap = [f for f in b.findings if f.kind == "outline-numbering"]
    assert [(f.line, f.document) for f in gap] == [(6, "snippet")]


def test_duplicate_number_under_one_parent_is_kept_apart():
    b, outline = _outline(["1 가", "① 나", "① 다"])
    assert [i.path for i in outline.items] == ["1", "1/1", "1/1/1"]
    b, outline = _outline(["1 가", "2 나", "2 다"])
    assert [i.path for i in outline.items] == ["1", "2", "2~2"]
    assert [f.line for f in b.findings if f.kind == "outline-duplicate-number"] == [3]


def test_work_report_without_title_block_is_an_error_pointing_at_the_document():
    body = "\n".join(text(WORK).split("\n")[5:])
    with pytest.raises(SourceParseError) as exc:
        work_report.parse(body, SourceInfo("broken-report", "broken-report.txt"))
    assert exc.value.document == "broken-report" and exc.value.line == 1
    assert not work_report.matches("broken-report.txt", body)


def test_an_unnumbered_title_stands_between_two_items_of_its_list():
    # motie-2024-02-new-industrial-policy-2.0.txt l.385: a title between pillars 3 and 4,
    # opening a ◇ box; its ①-③ (l.391, 404, 410) are its own, and pillar 4 still follows 3
    title = item(STRATEGY, "4/s1")
    assert (title.title, title.start, title.end) == ("산업정책의 “속도+성과” 향상 방안", 385, 414)
    assert item(STRATEGY, "4/3/3").end == 383
    assert [(c.path, c.start) for c in title.children] == [
        ("4/s1/1", 391),
        ("4/s1/2", 404),
        ("4/s1/3", 410),
    ]
    assert item(STRATEGY, "4/4").heading.printed == "4"
    assert not [f for f in parsed(STRATEGY).findings if f.kind.startswith("outline")]


def test_an_appendix_closes_the_item_before_it():
    # motie-2024-02-new-industrial-policy-2.0.txt l.446-470: 참고 / 20대 핵심 투자 프로젝트
    appendix = item(STRATEGY, "ref1")
    assert (appendix.title, appendix.start, appendix.end) == ("20대 핵심 투자 프로젝트", 446, 470)
    assert appendix.parent is None and item(STRATEGY, "4/4/2/2").end == 444
    category = {
        t.object.value
        for t in parsed(STRATEGY).triples
        if t.subject == appendix.node and t.predicate == PK.category
    }
    assert category == {"appendix"}


def test_progress_report_of_an_unknown_agenda_list_reports_instead_of_guessing():
    doc = "\n".join(
        [
            "",
            "2031년",
            "",
            "999대 국정과제 추진 실적",
            "",
            "대한민국정부",
            "",
            "030",
            "",
            "어떤 과제 제목",
            "",
            "본문 문단은 충분히 길어서 산문으로 읽힙니다. "
            "정부는 이 과제를 통해 여러 성과를 거두었으며 앞으로도 계속 추진해 나갈 계획입니다.",
        ]
    )
    result = agenda_progress.parse(doc, SourceInfo("future-report", "future-report.txt"))
    kinds = [(f.kind, f.line) for f in result.findings]
    assert ("agenda-list-unknown", 4) in kinds and ("agenda-list-unknown", 8) in kinds
    assert not any(t.predicate == PK.supportsAgenda for t in result.triples)
