"""Money figures as the documents print them: numerals, units, currencies, chains.

A figure is a number with a money unit: ``8,146억원``, ``5.5조원``, ``200억불``, ``14억 달러``,
``99달러``, ``11만원``, Korean numerals before 억/조/만 (``7천억불`` is 7,000억불, ``1천만달러``
is 1,000만달러), a compound (``41억 2,000만 위안``). :func:`read_amounts` returns each with its
value (the numeral folded in), unit, currency and the amount in that currency's units.

A bare number shares the unit of the chain it starts (``3,500 → 2,000억불``,
``('17) 1.26 → ('21) 2.35 → ('22 목표) 2.52조원``). A year printed into the figure by the text
extraction (``'2317.8 → '2420조원``: ``'23 17.8 → '24 20조원``) is read apart from it
(:attr:`Amount.joined_year`). Not money: an article of a law (``무역확장법 232조``, ``제12조``),
a number whose unit is not money (``15%``, ``2위``), 조 before 달러 or 불 (``1조 달러`` is dollars).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_BIG = {"만": 10**4, "억": 10**8, "조": 10**12}
_FACTOR = {**_BIG, "백만": 10**6}
_SMALL = {"십": 10, "백": 100, "천": 1000}
_CURRENCY = {"원": "KRW", "달러": "USD", "불": "USD", "위안": "CNY"}
# Words that start with 원 and follow a count ("12 원전"), so 원 there is no currency.
_NOT_WON = "전장자료유칙인산화래형천격점본심조고시금리아"
_Q = "['‘’`]"
# a number, a numeral (천/백/십) and a big unit, optionally a second smaller part, a currency
_FIGURE_BODY = (
    rf"(?P<n1>{NUMBER})\s?(?P<s1>[천백십])?\s?(?P<b1>[조억만])"
    rf"(?:\s?(?P<n2>{NUMBER})\s?(?P<s2>[천백십])?\s?(?P<b2>[억만]))?"
    rf"(?:\s?(?P<cur>원(?![{_NOT_WON}])|달러|불|위안))?"
    rf"|(?P<n0>{NUMBER})\s?(?P<cur0>원(?![{_NOT_WON}])|달러|위안)"
)
_FIGURE = re.compile(rf"(?<![\d.,'‘’`])(?:{_FIGURE_BODY})")
_FIGURE_AT = re.compile(_FIGURE_BODY)  # at a known start (after a year printed into the figure)
# 조 as an article of a law: "무역확장법 232조", "제12조", "232조의2"
_ARTICLE_BEFORE = re.compile(r"(?:법\s*|제\s*)$")
# A year printed into a figure: '2317.8 (→) or '2420조원
_JOINED = re.compile(
    rf"{_Q}(?P<year>\d{{2}})(?P<n>\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?)"
    r"(?=\s*(?:→|->|➔)|\s?(?:[천백십]?[조억만])?\s?(?:원|달러|불|위안))"
)
_ARROW = re.compile(r"\s*(?:→|->|➔|⇒)\s*")
# a time tag a chain element may start with: ('23), '23, (’25., ('22 목표), ^('19년)
_ELEMENT_TIME = re.compile(
    rf"\s*\^?(?:\(\s*{_Q}?\d{{2,4}}[^()]{{0,12}}\)|{_Q}\d{{2}}(?:\.|년)?(?!\d))\s*"
)
_BARE = re.compile(rf"(?<![\d.,'‘’`Δ△])(?P<n>{NUMBER})(?![\d%]|[.,]\d|\\?%|\s?[가-힣A-Za-z~])")
# a number with 억, 조 or 만 and no currency: money only where the text gives the currency
_BARE_BIG = re.compile(
    rf"(?<![\d.,'‘’`])(?P<n>{NUMBER})\s?(?P<s>[천백십])?\s?(?P<b>[조억만])(?![가-힣\d])"
)
# a label printing the unit of the numbers after it: 지원한도(억원): …, 추이(억불, 신고기준) : …
_UNIT_LABEL = re.compile(r"\((?P<big>억|조|백만|만)\s?(?P<cur>원|불|달러)(?:\s?,[^()]*)?\)\s?:")


class Taken:
    """The characters of a line already read as part of something: a mask, so that checking a
    span costs its length, not the number of spans read before it."""

    def __init__(self, length: int) -> None:
        self.mask = bytearray(length + 1)

    def overlaps(self, start: int, end: int) -> bool:
        return self.mask.find(1, start, max(end, start + 1)) >= 0

    def add(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)


@dataclass(frozen=True)
class Amount:
    """One money figure of a line: characters ``start``..``end`` as ``printed``."""

    printed: str
    value: Decimal
    unit: str
    currency: str
    base: Decimal
    start: int
    end: int
    shared_unit: bool = False  # a bare number of a chain, with the chain's unit
    joined_year: int | None = None  # a year the extraction printed into the figure

    @property
    def krw(self) -> int | None:
        """The amount in won, for a figure in won."""
        return int(self.base) if self.currency == "KRW" else None


def read_amounts(line: str) -> list[Amount]:
    """Every money figure of ``line`` in order, bare chain members with their chain's unit."""
    found = [a for a in (_figure(m, line) for m in _FIGURE.finditer(line)) if a]
    taken = Taken(len(line))
    for a in found:
        taken.add(a.start, a.end)
    for m in _JOINED.finditer(line):
        if taken.overlaps(m.start(), m.end()):
            continue
        unit_m = _FIGURE_AT.match(line, m.start("n"))
        year = 2000 + int(m["year"])
        joined = _figure(unit_m, line) if unit_m else None
        if joined is not None:
            printed = line[m.start() : joined.end]
            found.append(_replace(joined, printed=printed, start=m.start(), year=year))
        else:
            found.append(_bare(line, m.start(), m.end(), m["n"], year))
        taken.add(m.start(), found[-1].end)
    found += _in_given_units(line, found, taken)
    found.sort(key=lambda a: a.start)
    return _share_units(line, found, taken)


def _in_given_units(line: str, found: list[Amount], taken: Taken) -> list[Amount]:
    """Numbers whose unit the text gives elsewhere: after a unit label (``지원한도(억원): …
    수도권 150``), or with 억/조/만 in a parenthesis right after a figure (``1,812억원(국비
    1,306억, 지방비 506억)``)."""
    out: list[Amount] = []
    label = _UNIT_LABEL.search(line)
    if label:
        big, cur = label["big"], label["cur"]
        for m in _BARE.finditer(line, label.end()):
            if not taken.overlaps(m.start(), m.start() + 1):
                value = _number(m["n"])
                base = (value * _FACTOR[big]).normalize()
                unit = big + cur
                out.append(
                    Amount(m.group(0), value, unit, _CURRENCY[cur], base, m.start(), m.end())
                )
                taken.add(m.start(), m.end())
    for m in _BARE_BIG.finditer(line):
        if taken.overlaps(m.start(), m.end()):
            continue
        opened = line.rfind("(", max(0, m.start() - 60), m.start())
        owner = next((a for a in found if opened >= 0 and a.end == opened), None)
        if owner is None or ")" in line[opened : m.start()]:
            continue
        cur = owner.unit[-1] if owner.unit.endswith(("원", "불")) else owner.unit[-2:]
        value = _number(m["n"]) * _SMALL.get(m["s"] or "", 1)
        base = (value * _BIG[m["b"]]).normalize()
        out.append(
            Amount(m.group(0), value, m["b"] + cur, owner.currency, base, m.start(), m.end())
        )
        taken.add(m.start(), m.end())
    return out


def _figure(m: re.Match, line: str) -> Amount | None:
    if m["n0"]:
        cur = m["cur0"]
        value = _number(m["n0"])
        return Amount(m.group(0), value, cur, _CURRENCY[cur], value, m.start(), m.end())
    cur = m["cur"]
    if cur is None:
        # a bare 조 is won ("5조 투자"), unless it is an article of a law; a bare 억 or 만 is not
        # money ("3억배럴", "40만 TB")
        if m["b1"] != "조" or m["n2"] or _ARTICLE_BEFORE.search(line, 0, m.start()):
            return None
        if m.end() < len(line) and re.match(r"[가-힣]", line[m.end()]):
            return None
        cur = "원"
    elif m["b1"] == "조" and _ARTICLE_BEFORE.search(line, 0, m.start()):
        return None
    big = m["b2"] or m["b1"]
    value = _number(m["n1"]) * _SMALL.get(m["s1"] or "", 1) * _BIG[m["b1"]] / _BIG[big]
    if m["n2"]:
        if _BIG[m["b2"]] >= _BIG[m["b1"]]:
            return None
        value += _number(m["n2"]) * _SMALL.get(m["s2"] or "", 1)
    unit = big + cur
    base = (value * _BIG[big]).normalize()
    return Amount(m.group(0).strip(), value, unit, _CURRENCY[cur], base, m.start(), m.end())


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _replace(a: Amount, *, printed: str, start: int, year: int) -> Amount:
    return Amount(printed, a.value, a.unit, a.currency, a.base, start, a.end, a.shared_unit, year)


def _bare(line: str, start: int, end: int, number: str, year: int | None = None) -> Amount:
    """A number without a unit of its own; :func:`_share_units` gives it its chain's unit."""
    value = _number(number)
    return Amount(line[start:end], value, "", "", value, start, end, True, year)


def _share_units(line: str, found: list[Amount], taken: Taken) -> list[Amount]:
    """Bare numbers that start a chain ``A → B unit`` take the unit of the next member."""
    bares = {a.start: a for a in found if a.shared_unit}
    for m in _BARE.finditer(line):
        if not taken.overlaps(m.start(), m.start() + 1):
            bares.setdefault(m.start(), _bare(line, m.start(), m.end(), m["n"]))
    starts = {a.start for a in found}
    members = sorted(
        [*found, *(a for a in bares.values() if a.start not in starts)], key=lambda a: a.start
    )
    out: list[Amount] = []
    unit: Amount | None = None
    for a in reversed(members):
        if not a.shared_unit:
            out.append(a)
            unit = a
            continue
        arrow = _ARROW.match(line, a.end)
        nxt = unit if unit and arrow and _next_member(line, arrow.end()) == unit.start else None
        if nxt is not None:
            shared = Amount(
                a.printed,
                a.value,
                nxt.unit,
                nxt.currency,
                (a.value * nxt.base / nxt.value).normalize(),
                a.start,
                a.end,
                True,
                a.joined_year,
            )
            out.append(shared)
            unit = shared
        else:
            unit = None
    return sorted(out, key=lambda a: a.start)


def _next_member(line: str, pos: int) -> int:
    """Where the chain member after an arrow at ``pos`` starts, its time tag skipped."""
    m = _ELEMENT_TIME.match(line, pos)
    if m and m.end() > pos and not _JOINED.match(line, pos):
        return m.end()
    return pos
