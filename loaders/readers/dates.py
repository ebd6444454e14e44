"""Dates, years, periods and money figures as the documents print them.

Dates come as ``2025년 12월 3일``, ``2025. 12. 17.``, ``'25.11``, ``('24.5월)``, ``‘26.上``,
``'21.03.10.`` or a bare ``'26``; :func:`read_date` returns the ISO reading (``2025-12-03``,
``2025-11``, ``2026``) with the printed text. Money figures are ``8,146억원``, ``5.5조원``,
``200억불``; :func:`amounts` returns each with its value, unit, won amount where the unit is in
won, and the year or period printed next to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_Q = "['‘’`]"
_DATE_PATTERNS = (
    (re.compile(r"(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일"), "ymd"),
    (re.compile(r"(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\."), "ymd"),
    (re.compile(_Q + r"(\d{2})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?"), "yymd"),
    (re.compile(r"(\d{4})년\s*(\d{1,2})월"), "ym"),
    (re.compile(r"(\d{4})\.\s*(\d{1,2})\.(?!\s*\d)"), "ym"),
    (re.compile(_Q + r"(\d{2})\.\s*(\d{1,2})(?:월)?(?![\d,])"), "yym"),
    (re.compile(_Q + r"(\d{2})\.\s*(上|下|상반기|하반기|\d분기)"), "yyh"),
    (re.compile(r"(\d{4})년\s*(상반기|하반기)"), "yh"),
    (re.compile(r"(\d{4})년"), "y"),
    (re.compile(_Q + r"(\d{2})(?![\d.])"), "yy"),
)

UNITS_KRW = {
    "억원": 10**8,
    "억 원": 10**8,
    "조원": 10**12,
    "조": 10**12,
    "백만원": 10**6,
    "만원": 10**4,
}
UNITS = ("억 달러", "억달러", "억불", "조원", "억 원", "억원", "백만원", "만원", "조")
_AMOUNT = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?("
    + "|".join(re.escape(u) for u in UNITS[:-1])
    + r"|조(?![가-힣]))"
)
_YEAR_TOKEN = re.compile(
    _Q + r"(\d{2})(?!\d)|(?<![\d.,])(\d{4})(?=년(?!간)|[\s,.)~]|$)"
    r"|(?<![\d.,])(\d{2})(?=년(?!간))"
)
_PERIOD = re.compile(
    r"(?:" + _Q + r"(?P<a2>\d{2})|(?<![\d.,])(?P<a4>\d{4}))년?\s*~\s*"
    r"(?:" + _Q + r"?(?P<b2>\d{2})(?!\d)|(?P<b4>\d{4}))년?"
    r"|~\s*(?:" + _Q + r"(?P<u2>\d{2})|(?P<u4>\d{4}))"
)


@dataclass(frozen=True)
class DateReading:
    iso: str
    printed: str
    start: int
    end: int


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def _half(mark: str) -> str:
    return {"上": "H1", "상반기": "H1", "下": "H2", "하반기": "H2"}.get(mark, f"Q{mark[0]}")


def read_dates(text: str) -> list[DateReading]:
    """Every date in ``text``, most specific reading first where readings overlap."""
    found: list[DateReading] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            g = m.groups()
            y = _year(g[0])
            if not 1990 <= y <= 2060:
                continue
            if kind in ("ymd", "yymd"):
                month, day = int(g[1]), int(g[2])
                if not (1 <= month <= 12 and 1 <= day <= 31):
                    continue
                iso = f"{y:04d}-{month:02d}-{day:02d}"
            elif kind in ("ym", "yym"):
                month = int(g[1])
                if not 1 <= month <= 12:
                    continue
                iso = f"{y:04d}-{month:02d}"
            elif kind in ("yyh", "yh"):
                iso = f"{y:04d}-{_half(g[1])}"
            else:
                iso = f"{y:04d}"
            found.append(DateReading(iso, m.group(0), m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def read_date(text: str) -> DateReading | None:
    """The first date in ``text``."""
    dates = read_dates(text)
    return dates[0] if dates else None


def compatible(a: str, b: str) -> bool:
    """Whether two ISO readings can be the same day (one is a coarser form of the other)."""
    return a.startswith(b) or b.startswith(a)


@dataclass(frozen=True)
class Amount:
    printed: str
    value: Decimal
    unit: str
    krw: int | None
    year: int | None
    period: str | None
    start: int


def _token(m: re.Match) -> str:
    return next(g for g in m.groups() if g)


def _period_text(m: re.Match) -> str:
    until = m["u2"] or m["u4"]
    if until:
        return f"~{_year(until)}"
    return f"{_year(m['a2'] or m['a4'])}-{_year(m['b2'] or m['b4'])}"


def _context_year(line: str, start: int) -> tuple[int | None, str | None]:
    """The year or period printed just before a figure (or in its parentheses)."""
    window_start = max(0, start - 30)
    before = line[window_start:start]
    periods = list(_PERIOD.finditer(before))
    years = [m for m in _YEAR_TOKEN.finditer(before) if 1990 <= _year(_token(m)) <= 2060]
    open_paren = line.rfind("(", 0, start)
    if periods and (not years or periods[-1].end() >= years[-1].end()):
        return None, _period_text(periods[-1])
    if years:
        last = years[-1]
        if re.match(r"년?\s*까지", before[last.end() :]):
            return None, f"~{_year(_token(last))}"
        return _year(_token(last)), None
    if open_paren >= 0 and ")" not in line[open_paren:start]:
        close = line.find(")", start)
        inside = line[start : close if close >= 0 else len(line)]
        period = _PERIOD.search(inside)
        if period and not (period["u2"] or period["u4"]):
            return None, _period_text(period)
        year = next(
            (m for m in _YEAR_TOKEN.finditer(inside) if 1990 <= _year(_token(m)) <= 2060), None
        )
        if year:
            return _year(_token(year)), None
    return None, None


def amounts(line: str) -> list[Amount]:
    """Every money figure on a line, with the year or period printed next to it."""
    out = []
    for m in _AMOUNT.finditer(line):
        value = Decimal(m.group(1).replace(",", ""))
        unit = m.group(2)
        krw = int(value * UNITS_KRW[unit]) if unit in UNITS_KRW else None
        year, period = _context_year(line, m.start())
        out.append(Amount(m.group(0), value, unit.replace(" ", ""), krw, year, period, m.start()))
    return out
