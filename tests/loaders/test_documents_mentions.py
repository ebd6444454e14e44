"""Mentions: laws (bracketed, plain, curated aliases), dated law statements, strategies, money
figures, regions and industries — on real lines of the corpus (file and line given)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policykg.loaders.linkers.contradictory_dates import check_dates
from policykg.loaders.readers.amounts import read_amounts
from policykg.loaders.readers.dates import compatible, read_dates
from policykg.loaders.readers.mentions.extract import extract_mentions
from policykg.loaders.readers.timing import bind
from policykg.model import iri
from policykg.model.records import GraphBuilder, SourceInfo
from policykg.model.vocab import PK, RDF, RDFS, SKOS
from policykg.reference.curated import law_key

# gov-2026-national-agenda-progress.txt l.152 and l.330 (shortened around the law names)
PROGRESS_152 = (
    "2026년 2월 25일, 대산 1호 프로젝트를 첫 사업재편으로 승인하였습니다. 「석유화학산업 경쟁력 "
    "강화 및 지원에 관한 특별법」도 2025년 12월 3일 제정되어, 기업의 사업재편과 고부가 전환 노력의 "
    "제도적 기반이 마련되었습니다. 이후 석유화학·철강기업 등의 사업재편 지원을 강화하기 위해 "
    "「기업 활력 제고를 위한 특별법」도 2026년 3월 31일 개정되었습니다."
)
PROGRESS_330 = (
    "우선, '석유화학산업 재도약 추진방향'을 발표(2025년 8월 20일)하여 구조개편의 로드맵을 "
    "수립하였고, 석유화학산업 경쟁력 강화 및 지원에 관한 특별법도 제정(2025년 12월 30일)하였습니다."
)
# moti-2025-12-work-report.txt l.39-40, l.343, l.437
WORK_39 = (
    " - 공정거래 특례, 사업재편 지원 등이 포함된 특별법* 제정, 수소환원 제철 예타 통과('26~'30, "
    "총 8,146억원) 등 친환경·고부가 전환 지원"
)
WORK_40 = " - * 철강 특별법 국회 통과('25.11), 석유화학 특별법 국회 통과('25.12)"
WORK_343 = "- 「산업 GX 촉진법」 제정(기존 「친환경산업법」 전면 개정)"
WORK_437 = "- 한국판 **NTE 보고서 발간**, 상대국 시정조치 요구(「대외무역법」 개정, ‘26)"
# geri-2021-03-gumi-issue-focus-49.txt l.296
GERI_296 = (
    "- 대외무역법 개정을 통해 서비스무역의 대상을 전 업종으로 확대*하고 별도 지원규정을 신설하여"
)


def run(stem: str, lines: list[str], on: str):
    b = GraphBuilder(SourceInfo(stem), lines)
    events = extract_mentions(b, lambda n: b.doc, on)
    return b, events


def objects(b, s, p):
    return {t.object.value for t in b.result().triples if t.subject == s and t.predicate == p}


def of_type(b, cls):
    return {t.subject for t in b.result().triples if t.predicate == RDF.type and t.object == cls}


PETRO = iri.law(law_key("석유화학산업 경쟁력 강화 및 지원에 관한 특별법"))


def test_bracketed_and_plain_repeat_of_a_long_law_name_are_one_law_with_two_dates():
    _b, events = run("progress", [PROGRESS_152, PROGRESS_330], "2026")
    petro = sorted((e.line, e.action, e.date.iso) for e in events if e.law == PETRO)
    assert petro == [(1, "제정", "2025-12-03"), (2, "제정", "2025-12-30")]
    vitality = iri.law(law_key("기업 활력 제고를 위한 특별법"))
    assert [(e.action, e.date.iso, e.planned) for e in events if e.law == vitality] == [
        ("개정", "2026-03-31", False)
    ]


def test_curated_aliases_join_one_iri_and_keep_the_printed_name():
    b, events = run("work", [WORK_39, WORK_40, WORK_343], "2025-12-17")
    laws = of_type(b, PK.Law)
    assert PETRO in laws
    gx = iri.law(law_key("산업그린전환촉진법"))
    assert gx in laws and "산업 GX 촉진법" in objects(b, gx, SKOS.altLabel)
    assert objects(b, PETRO, SKOS.altLabel) == {"석유화학 특별법"}
    labels = {lbl for law in laws for lbl in objects(b, law, RDFS.label)}
    assert "포함된 특별법" not in labels and "특별법" not in labels
    assert ("국회 통과", "2025-12") in {(e.action, e.date.iso) for e in events if e.law == PETRO}


def test_plain_and_bracketed_forms_of_foreign_trade_act_are_one_iri():
    b1, _ev1 = run("geri", [GERI_296], "2021-03")
    b2, ev2 = run("work", [WORK_437], "2025-12-17")
    law = iri.law(law_key("대외무역법"))
    assert law in of_type(b1, PK.Law) and law in of_type(b2, PK.Law)
    assert [(e.action, e.date.iso, e.planned) for e in ev2] == [("개정", "2026", True)]


@pytest.mark.parametrize(
    "line,expected",
    [
        ("공정방법 개선과 불법수출, 첨단 공법 도입", set()),
        ("본 개정법은 2026년 6월부터 시행될 예정입니다.", set()),
        ("- 「국가첨단전략산업법」 개정, 증손회사 의무지분을 완화", {"국가첨단전략산업법"}),
        ("무역보험법 개정을 통해 그동안 정부·은행다른 기금만 가능했던", {"무역보험법"}),
        # tails of names broken by spacing or a line end, and methods (performance plan l.13941,
        # l.9049)
        ("위하여 특별법을 적기 제정하는 공급망 안정화 특별법 제정", set()),
        ("안전·신뢰성 평가법 개발을 통해 산업 촉진법 개정", set()),
        ("* 철강 특별법 국회 통과('25.11)", {"철강 특별법"}),
    ],
)
def test_what_is_and_is_not_a_law(line, expected):
    b, _ = run("x", [line], "2025-01-01")
    assert {lbl for law in of_type(b, PK.Law) for lbl in objects(b, law, RDFS.label)} == expected


@pytest.mark.parametrize(
    "line,regions",
    [
        (
            "* (석화) 여수('25.5), 서산('25.8), (철강) 포항('25.8), 광양('25.11)",
            {"여수", "서산", "포항", "광양"},
        ),
        ("- AI 대전환으로 전주기 지원, 부산물 억제 공정개발과 초대구경 강관", set()),
        ("- 수도권 반도체 생태계를 광주-부산-구미로 확장하는", {"수도권", "광주", "부산", "구미"}),
    ],
)
def test_region_mentions_respect_word_boundaries(line, regions):
    b, _ = run("x", [line], "2025-12-17")
    assert {n.value.rsplit("/", 1)[-1] for n in of_type(b, PK.Region)} == {
        iri.region(r).value.rsplit("/", 1)[-1] for r in regions
    }


def test_industry_alias_and_exclusion():
    b, _ = run("x", ["- 석화·철강 등 덤핑 피해 주요 업종, 탄소섬유 생산"], "2025-12-17")
    assert of_type(b, PK.Industry) == {
        iri.industry("petrochemical"),
        iri.industry("steel"),
        iri.industry("carbon-materials"),
    }


def test_amount_figures_with_period_and_year():
    b, _ = run(
        "work",
        [WORK_39, " - 경제안보품목 국내·외 생산차액 보전(’25. 146 → ’26. 291억원)"],
        "2025-12-17",
    )
    figures = of_type(b, PK.AmountFigure)
    got = {
        (
            objects(b, f, PK.amountText).pop(),
            next(iter(objects(b, f, PK.amountKRW)), None),
            next(iter(objects(b, f, PK.period)), None),
            next(iter(objects(b, f, PK.fiscalYear)), None),
        )
        for f in figures
    }
    assert got == {
        ("8,146억원", "814600000000", "2026-2030", None),
        ("146", "14600000000", None, "2025"),  # a bare chain member shares 억원
        ("291억원", "29100000000", None, "2026"),
    }


def test_strategies_with_dates_from_a_list_and_from_quotes():
    lines = [
        "첨단산업 ▶ 반도체 초강대국 달성 전략(22.7), ▶ 이차전지 산업 혁신전략(22.11)",
        "2025년 11월 ‘K-배터리 경쟁력 강화방안’을 수립·발표하였습니다.",
    ]
    b, _ = run("x", lines, "2026")
    dates = {
        objects(b, e, RDFS.label).pop(): objects(b, e, PK.date).pop() for e in of_type(b, PK.Event)
    }
    assert dates == {
        "반도체 초강대국 달성 전략 발표 (22.7)": "2022-07",
        "이차전지 산업 혁신전략 발표 (22.11)": "2022-11",
        "K-배터리 경쟁력 강화방안 수립 2025년 11월": "2025-11",
    }


def amounts(line: str, on_year: int | None = None):
    figures = read_amounts(line)
    return [
        (a.printed, a.value, a.unit, a.currency, w and (w.kind, w.year or w.period))
        for a, w in zip(figures, bind(line, figures, on_year), strict=True)
    ]


def test_dates_as_printed():
    assert [d.iso for d in read_dates("('25.11) 2025년 12월 3일 '26.上 2025. 12. 17. ‘26")] == [
        "2025-11",
        "2025-12-03",
        "2026-H1",
        "2025-12-17",
        "2026",
    ]
    assert compatible("2025-12", "2025-12-03") and not compatible("2025-12-03", "2025-12-30")


def test_amounts_with_their_year_or_period():
    # moti-2025-12-work-report.txt l.52, l.15
    assert amounts("- 역대 최대 규모 '26년 산업 R&D 예산(5.5조원, +18%) 확정") == [
        ("5.5조원", Decimal("5.5"), "조원", "KRW", ("year", 2026)),
    ]
    assert amounts(" - * 연간 한도 200억불 설정, '상업적 합리성' 고려 명문화 등") == [
        ("200억불", Decimal("200"), "억불", "USD", None),
    ]
    # geri l.480 and l.860: a percentage or a duration is not a year
    assert amounts("설비투자 58.6% 증가(99→157억불)") == [
        ("99", Decimal("99"), "억불", "USD", None),
        ("157억불", Decimal("157"), "억불", "USD", None),
    ]
    assert amounts("10년간 총 5,955억원")[0][-1] is None
    assert amounts("최저 20~40ms 100억원")[0][-1] is None
    # geri l.287: a year followed by 까지 is the end of a period
    assert amounts("- '25년까지 약 5조원을 투자하여") == [
        ("5조원", Decimal("5"), "조원", "KRW", ("until", "~2025"))
    ]


def test_unknown_mention_kind_is_refused():
    b = GraphBuilder(SourceInfo("x"), ["a"])
    with pytest.raises(ValueError, match="unknown mention kinds"):
        extract_mentions(b, lambda n: b.doc, None, kinds=("laws", "lawz"))


def test_contradictory_dates_across_documents_are_one_finding_with_both_places():
    b1, _ = run("doc-a", [PROGRESS_152], "2026")
    b2, _ = run(
        "doc-b",
        ["x", "「석유화학산업 경쟁력 강화 및 지원에 관한 특별법」 제정(2025년 12월 30일)"],
        "2026",
    )
    out = check_dates([b1.result(), b2.result()])
    found = [f for f in out.findings if PETRO.value in f.about]
    assert len(found) == 1
    f = found[0]
    assert (f.kind, f.document, f.line) == ("contradictory-dates", "doc-a", 1)
    assert "doc-a:1" in f.message and "doc-b:2" in f.message


def test_figures_printed_with_their_program_name():
    # gov-2026-national-agenda-progress.txt l.262; moti-2025-12-work-report.txt l.136
    lines = [
        "발굴·지원하는 '탄소감축 경매사업'(2026년 250억원), 대규모 감축설비 및 R&D 투자기업",
        "* (국민성장펀드) 150조원의 40% 이상을 성장엔진 육성 프로젝트에 집중 투자",
    ]
    b, _ = run("x", lines, "2026")
    labels = {objects(b, f, RDFS.label).pop() for f in of_type(b, PK.AmountFigure)}
    assert labels == {"탄소감축 경매사업: 250억원 (2026)", "국민성장펀드: 150조원"}


def test_plain_dated_strategy_names_start_after_the_sentence_subject():
    # geri-2021-03-gumi-issue-focus-49.txt l.701
    line = (
        "- 디지털 소재혁신 강화 실행계획은 소재부품장비 2.0전략('20.7), "
        "한국판 뉴딜 종합 계획('20.7)의 후속 계획"
    )
    b, _ = run("geri", [line], "2021-03")
    assert {objects(b, s, RDFS.label).pop() for s in of_type(b, PK.Strategy)} == {
        "소재부품장비 2.0전략",
        "한국판 뉴딜 종합 계획",
    }


def test_strategy_dates_belong_to_the_strategy_not_to_a_later_step():
    # motie-2024-02-new-industrial-policy-2.0.txt l.142 (dated, after the 2024-02 document: planned)
    # and l.444 (the date is the feasibility study's, not the road map's)
    lines = [
        "반도체 설계 역량 제고를 위한 「팹리스 산업 경쟁력 강화방안」 수립('24.上)",
        "- 「AI 자율 제조 기술 로드맵」에 따라 예타 사업 기획('24.下)",
    ]
    b, _ = run("strategy", lines, "2024-02")
    events = {
        objects(b, e, RDFS.label).pop(): objects(b, e, PK.reading).pop()
        for e in of_type(b, PK.Event)
    }
    assert events == {"팹리스 산업 경쟁력 강화방안 수립 '24.上": "planned"}
