"""Regions and industries a line names, from the curated gazetteers (``data/reference/``).

Region names are word-bounded (a Hangul letter before a name, or after it unless it is a suffix
such as 시, 도, 권 or a particle, means another word); industry names are not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from pyoxigraph import NamedNode

from policykg.loaders.readers.mentions.writer import MentionWriter
from policykg.reference.curated import GazetteerEntry

_REGION_NEXT = (
    "시",
    "도",
    "군",
    "권",
    "에",
    "의",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "와",
    "과",
    "로",
    "지역",
    "산단",
    "산업",
    "국가",
    "혁신",
    "형",
)


def read_gazetteer(
    w: MentionWriter,
    text: str,
    line: int,
    entries: Sequence[GazetteerEntry],
    cls: NamedNode,
    mint: Callable[[str], NamedNode],
    bounded: bool,
) -> None:
    for entry in entries:
        if any(_accept(text, name, entry.exclude, bounded) for name in entry.names):
            node = mint(entry.key)
            w.b.entity(node, cls, lines=line, label=entry.label)
            w.mention(node, line)


def any_name(entries: Sequence[GazetteerEntry]) -> re.Pattern:
    """Finds any name of the gazetteer ``entries`` in a line."""
    return re.compile("|".join(re.escape(n) for e in entries for n in e.names) or "(?!)")


def _accept(text: str, name: str, exclude: Sequence[str], bounded: bool) -> bool:
    if name not in text:
        return False
    for m in re.finditer(re.escape(name), text):
        if any(text.find(x, max(0, m.start() - len(x)), m.end() + len(x)) >= 0 for x in exclude):
            continue
        if not bounded:
            return True
        prev = text[m.start() - 1] if m.start() else " "
        rest = text[m.end() :]
        if _is_hangul(prev):
            continue
        if not rest or not _is_hangul(rest[0]) or rest.startswith(_REGION_NEXT):
            return True
    return False


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"
