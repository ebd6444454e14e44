"""The system tables of a plan's indicators, and the counts the plan states about itself.

Each strategic goal's "< 전략목표 및 성과목표, 관리과제․성과지표 체계 >" lists under every goal
(Ⅰ., 1. / Ⅲ-1.) and task (①) its title and then its indicator names, wrapped over lines with
nothing between two names, and at times interleaved with the end of the title. The names are split
by aligning the text with the detail table's rows: each row's name is at the end of the text
before its values, so a segment of the block is scored against the line-suffixes of that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile

from policykg.loaders.plan.indicators.tables import WEIGHT, DetailRow, join_name, strip_row_text
from policykg.loaders.readers.similarity import best_ratio, ratio
from policykg.model.numbering import CIRCLED_DIGIT, ROMAN_GLYPH
from policykg.model.text import ascii_code, compare_key, search_key

SYSTEM_TITLE = re.compile(r"<\s*전략목표\s*및\s*성과목표,\s*관리과제.\s*성과지표\s*체계\s*>")
_SYSTEM_END = re.compile(
    rf"^\s*\(1\)\s*주요\s*내용|^\s*전략목표\s*(?:{ROMAN_GLYPH}|\d)"
    r"|^\s*\(2\)\s*성과지표\s*$|^\s*□\s*성과지표\s*및\s*측정방법"
)
_PAGE_HEADER = re.compile(r"^\s*(?:성과\s*)?(?:목표\s*)?관리과제\s*성과지표\s*$")
_SPLIT_HEADER = re.compile(r"^\s*(?:성과|목표)\s*$")
_PAGE_NUMBER = re.compile(r"^\s*-\s*\d+\s*-\s*$|\s-\s*\d+\s*-\s*$")
_SG_MARK = re.compile(rf"^\s*({ROMAN_GLYPH})\s*\.\s*")
_PG_MARK = re.compile(rf"^\s*(?:{ROMAN_GLYPH}\s*-\s*)?(\d{{1,2}})\s*\.(?!\d)\s*")
_TASK_MARK = re.compile(rf"^\s*({CIRCLED_DIGIT})\s*")


@dataclass
class SystemBlock:
    """A goal or task of a system table with the pieces of text that follow its marker."""

    level: str
    code: str
    heading_line: int
    units: list[tuple[int, str]]


def _split_header(lines: list[str], m: int) -> bool:
    """A page header of the system table broken over lines ("성과" / "목표" / "관리과제
    성과지표")."""
    if not _SPLIT_HEADER.match(lines[m]):
        return False
    after = [t for t in lines[m + 1 : m + 6] if t.strip()][:2]
    return any(_PAGE_HEADER.match(t) for t in after)


def find_system_tables(lines: list[str]) -> list[list[SystemBlock]]:
    """The blocks (goal or task with its following text) of every system table."""
    tables = []
    n = 0
    while n < len(lines):
        if not SYSTEM_TITLE.search(lines[n]):
            n += 1
            continue
        blocks: list[SystemBlock] = []
        sg = pg = ""
        m = n + 1
        while m < len(lines) and not _SYSTEM_END.search(lines[m]):
            text = lines[m]
            if _PAGE_HEADER.match(text) or not text.strip() or _split_header(lines, m):
                m += 1
                continue
            if (mk := _SG_MARK.match(text)) and not re.match(rf"\s*{ROMAN_GLYPH}\s*-", text):
                sg = ascii_code(mk.group(1))
                blocks.append(SystemBlock("strategic", sg, m + 1, [(m + 1, text[mk.end() :])]))
            elif (mk := _PG_MARK.match(text)) and blocks:
                pg = f"{sg}-{int(mk.group(1))}"
                blocks.append(SystemBlock("performance", pg, m + 1, [(m + 1, text[mk.end() :])]))
            elif (mk := _TASK_MARK.match(text)) and pg:
                code = f"{pg}-{ascii_code(mk.group(1))}"
                blocks.append(SystemBlock("task", code, m + 1, [(m + 1, text[mk.end() :])]))
            elif blocks:
                blocks[-1].units.append((m + 1, text.strip()))
            m += 1
        tables.append(blocks)
        n = m
    return tables


def similarity(a: str, b: str, floor: float = 0.0) -> float:
    """The :func:`ratio` of two keys, 0 when either is empty (below ``floor``: a bound)."""
    return ratio(a, b, floor) if a and b else 0.0


def _suffixes(pieces: list[tuple[int, str]], limit: int = 8) -> list[str]:
    """Compare keys of the last ``limit`` line-suffixes of a row's text (where its name is)."""
    keys = [compare_key(p) for _, p in pieces]
    return [
        k
        for k in (
            "".join(keys[s:]) for s in range(len(keys) - 1, max(-1, len(keys) - 1 - limit), -1)
        )
        if k
    ]


def _score(segment: str, suffixes: list[str], floor: float = 0.0) -> float:
    """How well ``segment`` matches the name at the end of a row's text: the best similarity
    with one of its line-suffixes (exact from ``floor`` up; below it, a bound below ``floor``)."""
    if not segment:
        return 0.0
    longest = 3 * len(segment) + 10
    return best_ratio(segment, takewhile(lambda suffix: len(suffix) <= longest, suffixes), floor)


_EXTRA_NAME_COST = 0.3
_SAME_TITLE = 0.7
_NAME_IN_HEADING = 0.65
_SKIPPED_TARGET_COST = 1.0
_MARGIN = 1e-9


def _title_end(pieces: list[tuple[int, str]], first_target: list[str], title: str | None) -> int:
    """How many pieces belong to the block's title.

    With a known ``title`` printed alike, the prefix of pieces most like it. Otherwise the
    heading line, up to the word from which the rest of the line best matches the first
    indicator's name (if it does), and then the lines that are neither found in the first name
    nor end with a unit nor are part of the text before the first row's values.
    """
    if title is not None and pieces:
        key, best, end = search_key(title), 0.0, 0
        for e in range(1, len(pieces) + 1):
            score = similarity(
                search_key("".join(p for _, p in pieces[:e])), key, max(best, _SAME_TITLE)
            )
            if score > best:
                best, end = score, e
        if best >= _SAME_TITLE:
            return end
    first_line = pieces[0][0] if pieces else 0
    head = [i for i, (line, _) in enumerate(pieces) if line == first_line]
    end, best = len(head), _NAME_IN_HEADING
    for i in head[1:]:
        rest = compare_key("".join(p for _, p in pieces[i : len(head)]))
        score = _score(rest, first_target) if len(rest) >= 4 else 0.0
        if score > best:
            end, best = i, score
    if end < len(head):
        return end
    while (
        end < len(pieces)
        and _score(compare_key(pieces[end][1]), first_target) < 0.5
        and not pieces[end][1].rstrip().endswith(")")
        and not any(compare_key(pieces[end][1]) in t for t in first_target[-1:])
    ):
        end += 1
    return end if end < len(pieces) else len(head)


def _without_title_words(piece: str, title: str | None) -> str:
    """A line without the end of the known title printed at its start (the columns of the
    system table interleave: "고도화한다. 비중(%)")."""
    if title is None:
        return piece
    key, words = search_key(title), piece.split()
    for cut in range(len(words), 0, -1):
        head = search_key("".join(words[:cut]))
        if len(head) >= 3 and key.endswith(head):
            return " ".join(words[cut:])
    return piece


def align_system_names(
    units: list[tuple[int, str]], targets: list[list[tuple[int, str]]], title: str | None = None
) -> tuple[list[tuple[str, tuple[int, int]] | None], list[tuple[str, tuple[int, int]]]]:
    """Split a block's text after its title into one name per target, and the names left over.

    ``units`` are (line, text) pieces, the first the heading line after its marker (its words are
    cut apart: the title may end mid-line). ``targets`` are the (line, text) pieces that precede
    the value runs of the detail table (the name is at their end). Returns per target its
    (name, lines), or None when the system table has no name for it; and the names the system
    table prints that no target matched.
    """
    pieces: list[tuple[int, str]] = []
    for i, (line, text) in enumerate(units):
        words = WEIGHT.sub(" ", _PAGE_NUMBER.sub("", text)).split()
        if i == 0:
            pieces.extend((line, w) for w in words)
        elif words:
            pieces.append((line, " ".join(words)))
    keys = [_suffixes(t) for t in targets]
    start = _title_end(pieces, keys[0] if keys else [], title)
    ends_title = (
        start > 0
        and title is not None
        and search_key(title).endswith(search_key(pieces[start - 1][1]))
    )
    body = [
        (line, rest)
        for line, p in pieces[start:]
        if (rest := p if ends_title else _without_title_words(p, title))
    ]
    n, k = len(body), len(keys)
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    back: list[list[tuple[int, int, str]]] = [[(0, 0, "")] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    segments = {
        (a, b): compare_key("".join(p for _, p in body[a:b]))
        for b in range(n + 1)
        for a in range(max(0, b - 12), b)
    }
    for j in range(k + 1):
        for b in range(n + 1):
            if j and best[j - 1][b] + _SKIPPED_TARGET_COST < best[j][b]:
                best[j][b], back[j][b] = best[j - 1][b] + _SKIPPED_TARGET_COST, (j - 1, b, "skip")
            for a in range(max(0, b - 12), b):
                seg = segments[a, b]
                if j and best[j - 1][a] < inf:
                    base = best[j - 1][a] + 1.0
                    # Only a score above base - best[j][b] can lower the cost: below it a bound
                    # will do (the margin keeps a bound off the rounding edge).
                    cost = base - _score(seg, keys[j - 1], base - best[j][b] - _MARGIN)
                    if cost < best[j][b]:
                        best[j][b], back[j][b] = cost, (j - 1, a, "match")
                if best[j][a] < inf and seg.endswith(")"):
                    inner = sum(p.rstrip().endswith(")") for _, p in body[a : b - 1])
                    cost = best[j][a] + _EXTRA_NAME_COST * (1 + 2 * inner)
                    if cost < best[j][b]:
                        best[j][b], back[j][b] = cost, (j, a, "extra")
    matched: list[tuple[str, tuple[int, int]] | None] = [None] * k
    extra: list[tuple[str, tuple[int, int]]] = []
    j, b = k, n
    while j or b:
        pj, a, how = back[j][b]
        chunk = body[a:b]
        if how == "match":
            matched[pj] = (join_name([p for _, p in chunk]), (chunk[0][0], chunk[-1][0]))
        elif how == "extra":
            extra.append((join_name([p for _, p in chunk]), (chunk[0][0], chunk[-1][0])))
        j, b = pj, a
    return matched, extra[::-1]


def detail_name(row: DetailRow, system_name: str) -> None:
    """Pick the end of the text before a row's values that best matches its system name."""
    pieces = [(line, strip_row_text(p)) for line, p in row.before]
    pieces = [(line, p) for line, p in pieces if p]
    if not pieces:
        return
    key = compare_key(system_name)
    best, start = -1.0, len(pieces) - 1
    for s in range(len(pieces) - 1, -1, -1):
        score = similarity(compare_key("".join(p for _, p in pieces[s:])), key, max(best, 0.0))
        if score > best:
            best, start = score, s
    chosen = pieces[start:]
    row.name = join_name([p for _, p in chosen])
    row.name_lines = (chosen[0][0], chosen[-1][0])


_SIX_COUNTS = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$")
_SUMMARY_ROW = re.compile(r"^\s*(전략목표|성과목표|관리과제)\s+(\d+)\s+(\d+)\s*$")
_PLAN_COUNTS = re.compile(r"목표\s*및\s*과제\s*현황")
_APPENDIX_COUNTS = re.compile(r"총괄\s*현황")
_LEVELS = {"전략목표": "strategic", "성과목표": "performance", "관리과제": "task"}


@dataclass(frozen=True)
class StatedCount:
    """A count of indicators the document states: for the whole plan or one strategic goal."""

    line: int
    scope: str
    level: str
    owners: int
    indicators: int


def stated_counts(lines: list[str]) -> list[StatedCount]:
    """The counts of goals, tasks and indicators the plan states about itself.

    The "(3) 목표 및 과제 현황" table and the head of each system table print six numbers
    (strategic goals, their indicators, performance goals, theirs, tasks, theirs); the appendix
    "총괄현황" prints a row per level.
    """
    out: list[StatedCount] = []
    scope = ""
    for n, text in enumerate(lines, 1):
        if _PLAN_COUNTS.search(text):
            scope = "plan"
        elif SYSTEM_TITLE.search(text):
            scope = "strategic-goal"
        elif _APPENDIX_COUNTS.search(text):
            scope = "appendix"
        elif scope in ("plan", "strategic-goal") and (m := _SIX_COUNTS.match(text)):
            nums = [int(g) for g in m.groups()]
            for i, level in enumerate(("strategic", "performance", "task")):
                out.append(StatedCount(n, scope, level, nums[2 * i], nums[2 * i + 1]))
            scope = ""
        elif scope == "appendix" and (m := _SUMMARY_ROW.match(text)):
            out.append(StatedCount(n, scope, _LEVELS[m.group(1)], int(m.group(2)), int(m.group(3))))
            if m.group(1) == "관리과제":
                scope = ""
    return out
