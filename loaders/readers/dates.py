"""Dates as the documents print them.

Dates come as ``2025년 12월 3일``, ``2025. 12. 17.``, ``'25.11``, ``('24.5월)``, ``‘26.上``,
``'21.03.10.`` or a bare ``'26``; :func:`read_date` returns the ISO reading (``2025-12-03``,
``2025-11``, ``2026``) with the printed text. Money figures are read by
:mod:`policykg.loaders.readers.amounts`, the time they are for by
:mod:`policykg.loaders.readers.timing`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
