"""Goal and task titles as printed in the plan's other lists: alternative labels with their lines.

Besides the linkage table and the detailed headings, a plan lists its goals in the overview's
goal system ("(2) 시행계획의 목표체계", narrow columns), in each strategic goal's system table
("< 전략목표 및 성과목표, 관리과제․성과지표 체계 >") and in the indicator appendix ("3. 성과목표별
…", "4. 관리과제별 …"). A title there wraps over lines mixed with indicator names, so each printed
title is read as the run of lines after its code that best matches a title already known for
that code (:func:`best_run`); a run matching none is not taken.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from policykg.loaders.plan.linkage import PERF_LINE, STRAT_LINE, TASK_LINE, normal_code
from policykg.loaders.readers.similarity import best_similarity
from policykg.model.numbering import CIRCLED_DIGIT
from policykg.model.text import compare_key

SYSTEM_TABLE = re.compile(r"<\s*전략목표\s*및\s*성과목표")
NUMBERED = re.compile(r"^\s*(?P<n>\d{1,2})\.\s*(?P<rest>\S.*)$")
CIRCLED = re.compile(rf"^\s*(?P<n>{CIRCLED_DIGIT})\s*(?P<rest>\S.*)$")
SUBSECTION = re.compile(r"^\s*\(\d\)\s*\S")
APPENDIX_SECTION = re.compile(r"^\s*(?P<n>\d)\.\s*(?:성과목표별|관리과제별)\s*성과지표\s*현황")
VISION = re.compile(r"^\s*비전\s*$")
ARROWS = re.compile(r"^\s*⇩")
MIN_SIMILARITY = 0.85
MAX_LINES = 8


@dataclass(frozen=True)
class Printed:
    """A title printed for ``code`` on lines ``lines``, and where (``source``)."""

    code: str
    title: str
    lines: tuple[int, int]
    source: str


def best_run(
    lines: list[str], first: int, head: str, stop: int, known: list[str], is_opener
) -> tuple[str, int] | None:
    """The title starting with ``head`` on line ``first``, continued over the following lines.

    Runs of 0..:data:`MAX_LINES` further non-blank lines (not crossing another opener or
    ``stop``) are tried; the run most similar to a known title wins if similar enough.
    """
    parts = [(first, head)]
    candidates = [(first, head)]
    n = first
    while len(parts) <= MAX_LINES:
        n += 1
        if n > stop:
            break
        raw = lines[n - 1]
        if not raw.strip():
            continue
        if is_opener(raw):
            break
        glue = (
            ""
            if lines[parts[-1][0] - 1] == lines[parts[-1][0] - 1].rstrip() and n == parts[-1][0] + 1
            else " "
        )
        parts.append((n, parts[-1][1] + glue + raw.strip()))
        candidates.append(parts[-1])

    def score(text: str, floor: float = 0.0) -> float:
        return best_similarity(text, known, floor)

    end, text = candidates[0]
    top = (score(text), -end, text)
    for end, text in candidates[1:]:  # a run scoring below the best so far is only bounded
        top = max(top, (score(text, top[0]), -end, text))
    _, neg_end, text = top
    last = len(text) - len(lines[-neg_end - 1].strip())
    cuts = [text[: m.start()] for m in re.finditer(r"\s+", text) if m.start() >= last] + [text]
    best, rank = text, (score(text), len(text))
    for cut in cuts[:-1]:
        if (got := (score(cut, rank[0]), len(cut))) > rank:
            best, rank = cut, got
    best = re.sub(r"\s+", " ", best).strip().lstrip(".,·‧ㆍ ")
    ends = {compare_key(k).rstrip(".")[-1:] for k in known if k}
    complete = compare_key(best).rstrip(".")[-1:] in ends
    return (best, -neg_end) if complete and score(best, MIN_SIMILARITY) >= MIN_SIMILARITY else None


def _openers(*patterns: re.Pattern):
    return lambda raw: any(p.match(raw) for p in patterns)


def system_tables(
    lines: list[str],
    parts: dict[str, tuple[int, int]],
    sg_codes: list[str],
    known: dict[str, list[str]],
) -> Iterator[Printed]:
    """Titles in each strategic goal's system table of the detailed part."""
    opener = _openers(STRAT_LINE, PERF_LINE, TASK_LINE, NUMBERED, CIRCLED)
    for sg in sg_codes:
        if f"details:{sg}" not in parts:
            continue
        a, z = parts[f"details:{sg}"]
        start = next((n for n in range(a, z + 1) if SYSTEM_TABLE.search(lines[n - 1])), None)
        if start is None:
            continue
        stop = next((n - 1 for n in range(start + 1, z + 1) if SUBSECTION.match(lines[n - 1])), z)
        pg = None
        for n in range(start, stop + 1):
            raw = lines[n - 1]
            code, head = _code_of(raw, sg, pg)
            if code is None:
                continue
            if code.count("-") == 1:
                pg = code
            found = best_run(lines, n, head, stop, known.get(code, []), opener)
            if found:
                yield Printed(code, found[0], (n, found[1]), "system_table")


def _code_of(raw: str, sg: str, pg: str | None) -> tuple[str | None, str]:
    for pattern in (TASK_LINE, PERF_LINE, STRAT_LINE):
        m = pattern.match(raw)
        if m:
            return normal_code(m.group("code")), m.group("rest").strip()
    m = NUMBERED.match(raw)
    if m:
        return f"{sg}-{int(m.group('n'))}", m.group("rest").strip()
    m = CIRCLED.match(raw)
    if m and pg:
        return f"{pg}-{normal_code(m.group('n'))}", m.group("rest").strip()
    return None, ""


def appendix_lists(
    lines: list[str],
    parts: dict[str, tuple[int, int]],
    sg_codes: list[str],
    known: dict[str, list[str]],
) -> Iterator[Printed]:
    """Titles in the indicator appendix's lists by performance goal and by task."""
    if "indicator_appendix" not in parts:
        return
    a, z = parts["indicator_appendix"]
    sections = {
        n: section for n in range(a, z + 1) if (section := APPENDIX_SECTION.match(lines[n - 1]))
    }
    heads = list(sections)
    opener = _openers(STRAT_LINE, PERF_LINE, TASK_LINE, NUMBERED)
    for i, start in enumerate(heads):
        stop = heads[i + 1] - 1 if i + 1 < len(heads) else z
        source = f"appendix_sec{sections[start].group('n')}"
        for n in range(start + 1, stop + 1):
            raw = lines[n - 1]
            code, head = None, ""
            for pattern in (TASK_LINE, PERF_LINE):
                m = pattern.match(raw)
                if m:
                    code, head = normal_code(m.group("code")), m.group("rest").strip()
                    break
            m = NUMBERED.match(raw)
            if code is None and m and 0 < int(m.group("n")) <= len(sg_codes):
                code, head = sg_codes[int(m.group("n")) - 1], m.group("rest").strip()
            if code is None:
                continue
            found = best_run(lines, n, head, stop, known.get(code, []), opener)
            if found:
                yield Printed(code, found[0], (n, found[1]), source)


def goal_system(
    lines: list[str],
    parts: dict[str, tuple[int, int]],
    sg_codes: list[str],
    known: dict[str, list[str]],
) -> Iterator[Printed]:
    """Titles in the overview's goal system: strategic goals in columns, then their goals."""
    if "goal_system" not in parts:
        return
    a, z = parts["goal_system"]
    vision = next((n for n in range(a, z + 1) if VISION.match(lines[n - 1])), None)
    arrows = next((n for n in range(a, z + 1) if ARROWS.match(lines[n - 1])), None)
    if vision and arrows and vision < arrows:
        blocks = _paragraphs(lines, vision + 1, arrows - 1)
        if len(blocks) == len(sg_codes):
            for code, (first, last, text) in zip(sg_codes, blocks, strict=False):
                if best_similarity(text, known.get(code, []), MIN_SIMILARITY) >= MIN_SIMILARITY:
                    yield Printed(code, text, (first, last), "goal_system")
    sg = 0
    opener = _openers(CIRCLED)
    for n in range(arrows or a, z + 1):
        m = CIRCLED.match(lines[n - 1])
        if not m:
            continue
        if m.group("n") == "①":
            sg += 1
        if sg > len(sg_codes):
            break
        code = f"{sg_codes[sg - 1]}-{normal_code(m.group('n'))}"
        found = best_run(lines, n, m.group("rest").strip(), z, known.get(code, []), opener)
        if found:
            yield Printed(code, found[0], (n, found[1]), "goal_system")


def _paragraphs(lines: list[str], start: int, end: int) -> list[tuple[int, int, str]]:
    """Blank-separated paragraphs of ``start``..``end``, wrapped lines rejoined."""
    out: list[tuple[int, int, str]] = []
    current: list[int] = []
    for n in range(start, end + 2):
        raw = lines[n - 1] if n <= end else ""
        if raw.strip():
            current.append(n)
            continue
        if current:
            text = ""
            for k in current:
                prev = lines[k - 2] if text else ""
                text += ("" if text and prev == prev.rstrip() else " " if text else "") + lines[
                    k - 1
                ].strip()
            out.append((current[0], current[-1], re.sub(r"\s+", " ", text).strip()))
            current = []
    return out


def printed_titles(
    lines: list[str],
    parts: dict[str, tuple[int, int]],
    sg_codes: list[str],
    known: dict[str, list[str]],
) -> list[Printed]:
    """Every title printed in the plan's goal system, system tables and indicator appendix."""
    out: list[Printed] = []
    for reader in (goal_system, system_tables, appendix_lists):
        out.extend(reader(lines, parts, sg_codes, known))
    return out
