"""Whose plan a performance plan is, and on which date its names are read.

The ministry that owns the plan is the one named in the heading "1. 산업통상자원부 일반 현황"; the
document's date (for resolving short forms such as "산업부") comes from the first "2024년도" of the
text. Read once per plan through ``PlanOutline.context``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from policykg.reference.agencies import Agency, AmbiguousAgencyError, registry

_OWNER_RE = re.compile(r"^\s*\d+\.\s*(\S+)\s+일반\s*현황\s*$")
_YEAR_RE = re.compile(r"(20\d\d)\s*년도")
YEAR_LOOKAHEAD = 60


@dataclass(frozen=True)
class PlanContext:
    """Whose plan this is and on which date its names are read."""

    owner: Agency | None
    owner_line: int | None
    on_date: date | None


def plan_context(lines: Sequence[str]) -> PlanContext:
    """The owner named in the "N. <ministry> 일반 현황" heading and the plan's year (1 January)."""
    on = None
    for text in lines[:YEAR_LOOKAHEAD]:
        m = _YEAR_RE.search(text)
        if m:
            on = date(int(m.group(1)), 1, 1)
            break
    for n, text in enumerate(lines, 1):
        m = _OWNER_RE.match(text)
        if m:
            try:
                return PlanContext(registry().resolve(m.group(1), on), n, on)
            except AmbiguousAgencyError:
                return PlanContext(None, n, on)
    return PlanContext(None, None, on)
