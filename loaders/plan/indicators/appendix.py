"""The indicator names of the plan's appendix "붙임1-1 성과지표 현황".

The appendix lists every strategic goal ("1. …"), performance goal ("Ⅰ-1. …") and task
("Ⅰ-1-① …") with its indicators, each entry ending with its target and kind ("266 정량 결과").
Owners are taken in order per level (a heading without entries, such as a performance goal
printed as a group row above its tasks, is skipped; a code printed wrongly does not matter), and
each entry's name is the stretch of its text most like the name the system table gives.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from policykg.loaders.plan.indicators.tables import WEIGHT, join_name
from policykg.loaders.readers.similarity import best_ratio
from policykg.model.numbering import CIRCLED_DIGIT, ROMAN
from policykg.model.text import compare_key

_START = re.compile(r"^\s*\d\.\s*전략목표별\s*성과지표\s*현황")
_PERFORMANCE_SECTION = re.compile(r"^\s*\d\.\s*성과목표별\s*성과지표\s*현황")
_END = re.compile(r"^\s*붙임\s*\d")
_SPACE = re.compile(r"\s+")  # as compare_key drops it
_ENTRY_END = re.compile(
    r"\s(?:(?P<target>\S+)\s+)?(?:정량|정성)\s+(?:결과|산출|과정|투입)(?:\s.*)?$"
)
_SG_HEAD = re.compile(r"^\s*\d\.\s*(?=\S)")
_PG_HEAD = re.compile(rf"^\s*{ROMAN}\s*-\s*\d+\s*\.{{0,2}}\s*(?=[^\d\s.-])")
_TASK_HEAD = re.compile(rf"^\s*(?:\[[^\]]*\]\s*)?{ROMAN}\s*-\s*\d+\s*-\s*{CIRCLED_DIGIT}\s*\.?\s*")
_MARKER = re.compile(rf"^\s*{CIRCLED_DIGIT}\s*")


@dataclass
class AppendixOwner:
    """One goal or task of the appendix: its level, heading line and entries (line ranges)."""

    level: str
    heading_line: int
    entries: list[tuple[int, int]]


def appendix_owners(lines: list[str]) -> list[AppendixOwner]:
    """The owners of the appendix with their entries, in document order."""
    start = next((n for n, t in enumerate(lines) if _START.match(t)), None)
    if start is None:
        return []
    stop = next((n for n in range(start + 1, len(lines)) if _END.match(lines[n])), len(lines))
    performance_from = next(
        (n for n in range(start, stop) if _PERFORMANCE_SECTION.match(lines[n])), stop
    )
    heads = []
    for n in range(start + 1, stop):
        text = lines[n]
        if _TASK_HEAD.match(text):
            heads.append((n, "task"))
        elif _PG_HEAD.match(text):
            heads.append((n, "performance"))
        elif n < performance_from and _SG_HEAD.match(text):
            heads.append((n, "strategic"))
    owners = []
    for i, (n, level) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else stop
        if level == "strategic":
            end = min(end, performance_from)
        entries, first = [], n
        for m in range(n, end):
            if _ENTRY_END.search(lines[m]):
                entries.append((first + 1, m + 1))
                first = m + 1
        if entries:
            owners.append(AppendixOwner(level, n + 1, entries))
    return owners


def _pieces(lines: list[str], entry: tuple[int, int], heading_line: int) -> list[tuple[int, str]]:
    """An entry's words (heading line and last line) and lines (the rest), without the code,
    the circled number and the target with its kind."""
    out: list[tuple[int, str]] = []
    for n in range(entry[0], entry[1] + 1):
        text = lines[n - 1]
        if n == heading_line:
            text = _TASK_HEAD.sub("", _PG_HEAD.sub("", text), count=1)
        if n == entry[1]:
            text = _ENTRY_END.sub("", " " + text)
        text = WEIGHT.sub(" ", _MARKER.sub("", text)).strip()
        if not text:
            continue
        if n in (heading_line, entry[1]):
            out.extend((n, w) for w in text.split())
        else:
            out.append((n, text))
    return out


def appendix_name(
    lines: list[str], entry: tuple[int, int], heading_line: int, names: list[str]
) -> tuple[str, tuple[int, int], float] | None:
    """The stretch of an entry most like one of ``names``: (text, lines, similarity)."""
    pieces = _pieces(lines, entry, heading_line)
    keys = [compare_key(n) for n in names]
    sizes = [len(_SPACE.sub("", p)) for _, p in pieces]  # letters of each piece's compare key
    lengths = sorted({len(k) for k in keys})
    best: tuple[str, tuple[int, int], float] | None = None
    for s in range(len(pieces)):
        size = 0
        for e in range(s + 1, min(len(pieces), s + 14) + 1):
            size += sizes[e - 1]
            # no ratio beats 2·min(sizes)/(sum of sizes): a stretch no name can match better
            # than the best so far is not compared (nor any longer one, once it is the longer)
            if best is not None and lengths and _ceiling(size, lengths) <= best[2]:
                if size >= lengths[-1]:
                    break
                continue
            chunk = pieces[s:e]
            text = join_name([p for _, p in chunk])
            score = best_ratio(compare_key(text), keys, best[2] if best else 0.0)
            if best is None or score > best[2]:
                best = (text, (chunk[0][0], chunk[-1][0]), score)
    return best


def _ceiling(size: int, lengths: list[int]) -> float:
    """The highest ratio a text of ``size`` letters can reach with a key of one of ``lengths``
    (sorted): 2·min/(sum), highest for the nearest length on either side."""
    at = bisect_left(lengths, size)
    near = lengths[max(at - 1, 0) : at + 1]
    return max((2 * min(size, n) / (size + n) if size + n else 1.0 for n in near), default=0.0)


def appendix_target(line: str) -> str | None:
    """The target printed before an entry's kind ("266 정량 결과" → "266")."""
    m = _ENTRY_END.search(" " + line)
    return m.group("target") if m else None
