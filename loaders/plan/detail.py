"""Headings of a plan's detailed part ("세부 추진계획"): strategic goals, performance goals, tasks.

A task's plan opens with a heading that ends in its code in brackets, followed by the first block
of the plan ("□ 추진배경" …). The code printed there may be wrong, in Latin letters, or lack its
closing bracket; the heading may carry a stray "□2" prefix or wrap over lines. :func:`align`
matches the headings found to the tasks of the linkage table in document order by title and code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.loaders.plan.linkage import STEP, normal_code, similarity
from policykg.model.numbering import ROMAN, roman_glyph
from policykg.model.text import clean_title

TASK_CODE_END = re.compile(
    rf"\(\s*(?P<code>{ROMAN}\s*-\s*\d{{1,2}}\s*-\s*{STEP})\s*"
    r"(?P<close>\))?\s*$"
)
PLAN_BLOCK = re.compile(r"^\s*□\s*(?:추진\s*배경|주요\s*내용\s*및\s*추진\s*계획)")
BOX_PREFIX = re.compile(r"^\s*□\s*\d*\s*")
STRAT_HEAD = re.compile(rf"^\s*전략목표\s*(?P<code>{ROMAN}|\d+)\s*(?P<rest>.*)$")
PERF_HEAD = re.compile(
    rf"^\s*성과목표\s*(?P<code>{ROMAN}\s*-\s*\d+(?:\s*-\s*\d+)?)\s*\.?\s*"
    r"(?P<rest>.*)$"
)
SECTION_OPEN = re.compile(r"^\s*\(\d\)\s*\S|^\s*기\s*본\s*방\s*향")
MAIN_BLOCK = re.compile(r"^\s*□\s*주요\s*내용\s*및\s*추진\s*계획")
TASK_PLANS = re.compile(r"^\s*\(\d\)\s*관리과제별\s*추진\s*계획")
NOTE = re.compile(r"^\s*\*")
PAGE_START_PENALTY = 0.1
LATIN = re.compile(r"[IVX]")
MATCH_FLOOR = 0.45
CODE_BONUS = 0.3
LOOKAHEAD = 8


@dataclass(frozen=True)
class Heading:
    """A heading of the detailed part: the printed code and title and the lines they span."""

    printed_code: str
    code: str
    title: str
    start: int
    line: int
    closed: bool = True
    prefix: str = ""
    opens: bool = True


def _next_text(
    lines: list[str],
    n: int,
    limit: int = LOOKAHEAD,
    skip_notes: bool = False,
) -> int | None:
    """The first non-blank line after line ``n`` (1-based), within ``limit`` lines."""
    for m in range(n + 1, min(n + limit, len(lines)) + 1):
        if lines[m - 1].strip() and not (skip_notes and NOTE.match(lines[m - 1])):
            return m
    return None


def _heading_text(lines: list[str], line: int, floor: int) -> tuple[int, list[tuple[int, str]]]:
    """Walk up from a code line to the first line of the heading (the one opening a page)."""
    taken = [(line, lines[line - 1])]
    n = line
    while n - 1 > floor and len(taken) < 3:
        if lines[taken[-1][0] - 1][:1].isspace():
            break
        n -= 1
        raw = lines[n - 1]
        if not raw.strip():
            continue
        if PLAN_BLOCK.match(raw) or raw.strip().startswith(("(", "<", "□ ", "ㅇ", "-", "*")):
            break
        taken.append((n, raw))
    taken.reverse()
    return taken[0][0], taken


def _join(parts: list[tuple[int, str]]) -> str:
    out = ""
    prev = None
    for n, raw in parts:
        glue = "" if prev is not None and n == prev[0] + 1 and prev[1] == prev[1].rstrip() else " "
        out += (glue if out else "") + raw.strip()
        prev = (n, raw)
    return clean_title(out)


def task_headings(lines: list[str], start: int, end: int) -> tuple[list[Heading], list[Heading]]:
    """Task headings in ``start``..``end``, and code-like lines that do not open a plan.

    A heading is followed by the first block of a plan ("□ 추진배경", notes aside); a code line
    that opens a page but is not followed by such a block is kept as a weaker candidate
    (``opens`` false) for :func:`align` to accept or reject.
    """
    found: list[Heading] = []
    stray: list[Heading] = []
    floor = start
    for n in range(start, end + 1):
        raw = lines[n - 1]
        m = TASK_CODE_END.search(raw)
        if not m:
            continue
        nxt = _next_text(lines, n, skip_notes=True)
        opens = nxt is not None and PLAN_BLOCK.match(lines[nxt - 1]) is not None
        first, parts = _heading_text(lines, n, floor)
        candidate = opens or lines[first - 1][:1].isspace()
        if not candidate:
            first, parts = n, [(n, raw)]
        text = _join(parts)
        text = text[: text.rfind("(")].strip() if "(" in text else text
        prefix = BOX_PREFIX.match(text)
        title = text[prefix.end() :] if prefix else text
        h = Heading(
            m.group("code"),
            normal_code(m.group("code")),
            clean_title(title),
            first,
            n,
            m.group("close") is not None,
            prefix.group(0).strip() if prefix else "",
            opens,
        )
        (found if candidate else stray).append(h)
        if candidate:
            floor = n
    return found, stray


def goal_headings(
    lines: list[str],
    start: int,
    end: int,
    pattern: re.Pattern,
) -> list[Heading]:
    """Strategic or performance goal headings: a code line followed by "(1) 주요 내용"."""
    out: list[Heading] = []
    for n in range(start, end + 1):
        m = pattern.match(lines[n - 1])
        if not m:
            continue
        parts = [(n, m.group("rest"))] if m.group("rest").strip() else []
        k, too_long = n, False
        while True:
            k = _next_text(lines, k, 3) or end + 1
            if k > end or SECTION_OPEN.match(lines[k - 1]):
                break
            if len(parts) >= 3:
                too_long = True
                break
            parts.append((k, lines[k - 1]))
        if too_long or k > end:
            continue
        title = _join(parts) if parts else ""
        code = m.group("code")
        if code.isdigit():
            code = roman_glyph(int(code)) or code
        out.append(
            Heading(m.group("code"), normal_code(code), title, n, parts[0][0] if parts else n)
        )
    return out


def align(headings: list[Heading], expected: list[tuple[str, list[str]]]) -> dict[int, int]:
    """Match headings to the expected (code, titles) sequence, both in document order.

    A monotone alignment maximising title similarity plus a bonus where the printed code agrees;
    pairs scoring under :data:`MATCH_FLOOR` are never matched. Returns heading → expected index.
    """
    h, e = len(headings), len(expected)

    def score(i: int, j: int) -> float:
        return match_score(headings[i], expected[j])

    best = [[0.0] * (e + 1) for _ in range(h + 1)]
    move = [[0] * (e + 1) for _ in range(h + 1)]
    for i in range(h - 1, -1, -1):
        for j in range(e - 1, -1, -1):
            options = [(best[i + 1][j], 1), (best[i][j + 1], 2)]
            s = score(i, j)
            if s >= MATCH_FLOOR:
                options.append((best[i + 1][j + 1] + s, 3))
            best[i][j], move[i][j] = max(options)
    out: dict[int, int] = {}
    i = j = 0
    while i < h and j < e:
        if move[i][j] == 3:
            out[i] = j
            i, j = i + 1, j + 1
        elif move[i][j] == 1:
            i += 1
        else:
            j += 1
    return out


def match_score(heading: Heading, expected: tuple[str, list[str]]) -> float:
    """Title similarity plus the code bonus (less a penalty for a heading opening no plan)."""
    code, titles = expected
    bonus = (CODE_BONUS if heading.code == code else 0.0) - (
        0.0 if heading.opens else PAGE_START_PENALTY
    )
    sim = max((similarity(heading.title, t, MATCH_FLOOR - bonus) for t in titles if t), default=0.0)
    return sim + bonus


def plan_start(lines: list[str], start: int, end: int, after_plan: bool) -> int | None:
    """The first line of a task plan's opening block in ``start``..``end``, if any.

    With ``after_plan`` the range begins inside the previous task's plan: the plan sought begins
    only after that plan's "□ 주요내용 및 추진계획" block.
    """
    n = start
    if after_plan:
        n = next((k for k in range(start, end + 1) if MAIN_BLOCK.match(lines[k - 1])), end) + 1
    for k in range(n, end + 1):
        if PLAN_BLOCK.match(lines[k - 1]):
            return k
    return None


def subsection(lines: list[str], start: int, end: int, pattern: re.Pattern) -> int | None:
    """The first line in ``start``..``end`` matching ``pattern``."""
    return next((n for n in range(start, end + 1) if pattern.match(lines[n - 1])), None)


def is_latin(printed: str) -> bool:
    return bool(LATIN.search(printed))
