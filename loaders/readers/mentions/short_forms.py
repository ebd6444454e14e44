"""Short forms a document defines for a law or a plan: ``「…에 관한 특별법」(이하 '…특별법')``.

A bracketed or quoted name followed by ``(이하 'X')`` or ``(이하 "X"라 한다)`` defines X as its
short form in that document, so a later plain X is the same law or plan. A short form that is no
name of its own (``(이하 "법"이라 한다)``) defines nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DEFINED = re.compile(
    r"[「｢‘'“](?P<long>[^」｣’'”\n]{2,80})[」｣’'”]\s*\(\s*이하\s*[\"'‘“]?"
    r"(?P<short>[^\"'’”()]{1,30}?)[\"'’”]?\s*(?:이?라(?:고)?\s*한다)?\s*\)"
)


def defined_short_forms(lines: Iterable[str]) -> list[tuple[str, str]]:
    """Every ``(short form, full name)`` the lines define, in order.

    >>> defined_short_forms(["「기업 활력 제고를 위한 특별법」(이하 '기업활력법')에 따라"])
    [('기업활력법', '기업 활력 제고를 위한 특별법')]
    """
    return [
        (m["short"].strip(), m["long"].strip())
        for text in lines
        if "이하" in text  # what every definition prints: most lines have none
        for m in _DEFINED.finditer(text)
    ]
