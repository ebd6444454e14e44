"""Money figures and the time they are for, each rule on a real line of the corpus (file, line).

Files: W = moti-2025-12-work-report.txt, S = motie-2024-02-new-industrial-policy-2.0.txt,
G = gov-2026-national-agenda-progress.txt, B = geri-2021-03-gumi-issue-focus-49.txt.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from policykg.loaders.readers.amounts import read_amounts
from policykg.loaders.readers.timing import bind, time_expressions
from tests.support.paths import SOURCES

W = "moti-2025-12-work-report.txt"
S = "motie-2024-02-new-industrial-policy-2.0.txt"
G = "gov-2026-national-agenda-progress.txt"
B = "geri-2021-03-gumi-issue-focus-49.txt"
YEAR = {W: 2025, S: 2024, G: 2026, B: 2021}


def line(file: str, n: int) -> str:
    return (SOURCES / file).read_text("utf-8").split("\n")[n - 1]


def figures(file: str, n: int) -> list[tuple]:
    """(printed, value, unit, currency, time) of each figure of a corpus line."""
    text = line(file, n)
    found = read_amounts(text)
    times = bind(text, found, YEAR[file])
    return [
        (a.printed, a.value, a.unit, a.currency, w and (w.kind, w.year or w.period))
        for a, w in zip(found, times, strict=True)
    ]


def test_a_bare_number_shares_the_unit_of_its_chain():
    assert figures(W, 14) == [  # (3,500 → 2,000억불)
        ("3,500", 3500, "억불", "USD", None),
        ("2,000억불", 2000, "억불", "USD", None),
    ]
    assert figures(B, 673) == [  # ('17) 1.26 → ('21) 2.35 → ('22 목표) 2.52조원
        ("1.26", Decimal("1.26"), "조원", "KRW", ("year", 2017)),
        ("2.35", Decimal("2.35"), "조원", "KRW", ("year", 2021)),
        ("2.52조원", Decimal("2.52"), "조원", "KRW", ("target", 2022)),
    ]
    # not money: a chain of percentages, a ranking, a count in 만대
    assert figures(W, 13) == [] and figures(W, 24) == [] and figures(S, 295) == []


def test_korean_numerals_and_currencies():
    assert figures(W, 23)[0][:4] == ("7천억불", 7000, "억불", "USD")
    assert figures(G, 185)[0][:4] == ("1천만달러", 1000, "만달러", "USD")
    assert figures(G, 175)[0][:4] == ("1조 달러", 1, "조달러", "USD")  # 조 before 달러: dollars
    assert [f[:4] for f in figures(B, 73)] == [
        ("99달러", 99, "달러", "USD"),
        ("11만원", 11, "만원", "KRW"),
    ]
    assert figures(B, 76)[0][:4] == ("41억 2,000만 위안", 412000, "만위안", "CNY")
    a = read_amounts(line(B, 76))[0]
    assert a.base == 4_120_000_000 and a.krw is None


def test_an_article_of_a_law_is_not_money():
    assert figures(G, 207) == []  # 미국 무역확장법 232조 관세
    assert figures(B, 643) == []  # 과학기술기본법 제12조의2 제3항


def test_a_year_printed_into_a_figure_is_read_apart():
    # S l.370 '2317.8 → '2420조원 is '23 17.8 → '24 20조원, not 2,420조원
    assert figures(S, 370) == [
        ("'2317.8", Decimal("17.8"), "조원", "KRW", ("year", 2023)),
        ("'2420조원", 20, "조원", "KRW", ("year", 2024)),
    ]


def test_units_given_by_a_label_or_by_the_figure_before():
    assert [f[:3] for f in figures(S, 281)] == [  # 지원한도(억원): (現) 수도권 150, …
        ("150", 150, "억원"),
        ("300", 300, "억원"),
        ("200", 200, "억원"),
        ("400", 400, "억원"),
    ]
    assert [f[:3] for f in figures(B, 580)] == [  # 1,812억원(국비 1,306억, 지방비 506억)
        ("1,812억원", 1812, "억원"),
        ("1,306억", 1306, "억원"),
        ("506억", 506, "억원"),
    ]
    assert [f[4] for f in figures(B, 533)] == [("year", 2019), ("year", 2020)]  # not 11.5%


@pytest.mark.parametrize(
    "file,n,times",
    [
        (S, 310, [("period", "2023-2026"), ("period", "2023-2025")]),  # the nearest of two
        (S, 308, [("period", "2023-2030")]),  # (총사업비) 1,858억원, (사업기간) '23~'30년
        (W, 281, [("until", "~2028")]),  # 1,824억원(~’28): the parenthesis right after
        (S, 35, [("year", 2024), ("until", "~2047")]),  # 674조원(~47년)
        (W, 39, [("period", "2026-2030")]),  # ('26~'30, 총 8,146억원)
        (W, 290, [("year", 2026), ("year", 2026)]),  # (’26, 총 743억원(신규 443억원 포함))
        (W, 180, [("target", 2030), ("target", 2030)]),  # '30년 개소 목표(국비 …)
        (G, 234, [("since", 2025)]),  # ‘25년 이후 총 9.4조원
        (G, 332, [("period", "2026-2029")]),  # 2026년부터 4년간 총 8,146억원
        (B, 860, [("period", "2021-2030")] * 3),  # 올해 7월부터 2030년까지
        (B, 340, [("year", 2021)]),  # 금년 중 … 1,500억원: the document's year
        (G, 242, [("year", 2024), ("year", 2025)]),  # 2025년 기준 전년 대비 (A → B)
        (B, 480, [("year", 2019), ("year", 2020)]),  # ‘19년 대비 ‘20년 … (99→157억불)
        (B, 531, [("year", 2020), ("year", 2019)]),  # 전년대비(68.5 억불)
        (S, 34, [("year", 2023)]),  # '23년에는 …, 총 327억불: the sentence's time
        (B, 407, [("year", 2020)]),  # (수출) '20년 … 반면, 對美 수출은 741억불로
        (S, 178, [("year", 2024)]),  # 총 110조원 ('23년 대비 10%↑): a base is no time
        (B, 556, [None]),  # 지난 해와 같이 … 300억불 목표: a comparison, no year
        (G, 236, [None]),  # 중동 상황(2026년 2월) … 1.5조원: the date of another word
        (B, 66, [("year", 2020)]),  # 330억원 지분 투자('20.12): the date of its own action
        (G, 107, [("year", 2025)]),  # 2025년에 … 1,233억원 …하였으며, 2026년에는 …
        (S, 203, [None]),  # ▶ '28년까지 전력 … ▶ 용수관로 구축(정부, 154억원)
    ],
)
def test_a_figure_takes_the_time_of_its_clause(file, n, times):
    assert [f[4] for f in figures(file, n)] == times


def test_time_expressions_have_kinds():
    kinds = [(t.kind, t.text) for t in time_expressions(line(W, 185), 2025)]
    assert kinds == [("period", "2026-2030")]  # '26~'30년간
    assert [(t.kind, t.compared) for t in time_expressions(line(W, 23), 2025)] == [
        ("until", False),  # '25.11월까지
        ("year", True),  # 지난해 대비: the base of a comparison
    ]
