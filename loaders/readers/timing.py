"""Which time a money figure is for: the nearest time expression of its clause, with its kind.

Time expressions (:func:`time_expressions`) are read with a kind:

* ``year`` — ``'24년``, ``2025년 11월``, ``('24.11)``, ``'24.``, and years relative to the
  document's (``올해``, ``금년``, ``연내``; ``작년``, ``지난해``);
* ``period`` — ``'26~'30``, ``2027~2035년``, ``2026년부터 4년간`` (2026-2029),
  ``2025년 6월부터 2026년 3월까지``;
* ``until`` — ``~'28``, ``(~47년)``, ``'25년까지``, ``'25.11월까지``;
* ``target`` — a year followed by 목표 (``'30년 개소 목표``, ``('22 목표)``);
* ``since`` — a year followed by 이후 (``'25년 이후 총 9.4조원``).

A year followed by 대비, 比, 보다, 와 같이, 처럼 is the base of a comparison and is bound to
nothing; a date in parentheses right after a word that is not a figure (``중동 상황(2026년 2월)``)
dates that word, not a figure.

:func:`bind` gives every figure of a line its time: the time printed in its own slot (a tag
just before it, ``('23) 96조원``, ``'24 739억원``; a parenthesis just after it,
``1,824억원(~’28)``; a year printed into it), else the nearest time expression of its clause —
inside its parenthesis first (``('26~'30, 총 8,146억원)``), then outwards; clauses end at a
sentence end, a connective ending before a comma (``…하였고,``, ``…하며,``), ``/``, ``▲``.
A time at the start of a sentence (``'23년에는 …``, ``(수출) '20년 …``) frames the whole sentence
where a clause has no time of its own. In ``전년 대비 A → B`` A is the year before B's, and in
``'19년 대비 '20년 … (A → B)`` A is '19's; a figure in parentheses after 전년(동기) 대비
(``전년대비(68.5억불)``) is the year before's.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from policykg.loaders.readers.amounts import Amount, Taken

_Q = "['‘’`]"
_Y4 = r"(?<![\d.,])(?:199\d|20[0-6]\d)(?!\s?(?:[천백십]?[조억만]|원|달러|불|개|명|건|%))"
# a year as printed: '24, ’24., 2024, 2024년, '24년
_YEAR = rf"(?:{_Q}\d{{2}}(?!\d)|{_Y4}(?!\d))"
_M = r"(?:1[0-2]|0?[1-9])(?!\d)"
_MONTH = rf"(?:\.\s?{_M}(?:월)?(?:\.\s?\d{{1,2}}\.?)?|\.\s?(?:上|下|末|\dQ)|Q)?"
_DAY = r"(?:\s?\d{1,2}월(?:\s?\d{1,2}일)?)?"
_EXPRESSIONS: tuple[tuple[str, re.Pattern], ...] = (
    (
        "for-years",
        re.compile(
            rf"(?P<a>{_YEAR}|올해|금년)년?(?:\s?\d{{1,2}}월)?\s?부터\s?(?P<n>\d{{1,2}})\s?년간"
        ),
    ),
    (
        "from-to",
        re.compile(
            rf"(?P<a>{_YEAR}|올해|금년)년?(?:\s?\d{{1,2}}월)?\s?부터\s?"
            rf"(?P<b>{_YEAR})년?(?:\s?\d{{1,2}}월)?\s?까지"
        ),
    ),
    (
        "period",
        re.compile(
            rf"(?P<a>{_YEAR}){_MONTH}년?\s?[~∼]\s?(?P<b>{_Q}?\d{{2}}(?!\d)|{_Y4}(?!\d)){_MONTH}년?(?:간)?"
        ),
    ),
    ("until", re.compile(rf"[~∼]\s?(?P<b>{_Q}\d{{2}}(?!\d)|{_Y4}(?!\d)|\d{{2}}(?=년)){_MONTH}년?")),
    ("until", re.compile(rf"(?P<b>{_YEAR}){_MONTH}년?{_DAY}\s?까지")),
    ("year", re.compile(rf"(?P<a>{_YEAR}){_MONTH}(?:년(?:도)?)?{_DAY}(?:\s?(?:상반기|하반기))?")),
    (
        "year",
        re.compile(
            r"(?P<rel>올해|금년|연내|작년|지난\s?해|내년)|(?P<rel2>올)(?=\s(?:상반기|하반기|중))"
        ),
    ),
)
_COMPARED = re.compile(r"\s?(?:대비|比|보다|와\s같이|과\s같이|처럼|에\s?비해)")
_TARGET = re.compile(r"[^\d,.()]{0,6}목표")
_SINCE = re.compile(r"\s?이후")
_TOPIC = re.compile(r"(?:에는|에도|에|은|는)?\s")
_RELATIVE = {"올해": 0, "금년": 0, "연내": 0, "올": 0, "작년": -1, "지난해": -1, "지난 해": -1}
_RELATIVE["내년"] = 1
# where a sentence ends; where a clause ends (a connective ending before a comma, a slash...)
_SENTENCE_END = re.compile(r"(?<=[다요])\.|(?<=[가-힣)])\.\s|[?!]\s")
_CLAUSE_END = re.compile(
    r"(?<=[며고서면나데만지여])\s?,|\s/\s|\s[-•]\s|\s?[▲▶]|※|;|⇒|(?<=[다요])\.|(?<=[가-힣)])\.\s"
)
_SEGMENT_END = re.compile(_CLAUSE_END.pattern + r"|(?<!\d),|,(?!\d)")
_SENTENCE_START = re.compile(r"[\s\-*•◦○□■◆◇▶➔①-⑳]*(?:\([^()]{1,12}\)\s*)?")
_BEFORE_FIGURE = re.compile(r"[\s)^]*(?:(?:총|약|최대)\s?)?$")
_PREVIOUS_YEAR = re.compile(r"전년\s?(?:도\s?)?(?:동기\s?)?(?:대비|比)")
_AFTER_PREVIOUS = re.compile(r"전년\s?(?:도\s?)?(?:동기\s?)?(?:대비|比)\s?\(\s?$")
_ARROW = re.compile(r"\s*(?:→|->|➔)\s*")
_TAG = re.compile(rf"\s*\^?(?:\([^()]{{0,14}}\)|{_Q}\d{{2}}(?:\.|년)?(?!\d))?\s*")


@dataclass(frozen=True)
class TimeExpr:
    """A time expression of a line: characters ``start``..``end``."""

    kind: str  # year, period, until, target, since
    start: int
    end: int
    year: int | None = None  # year, target, since
    period: str | None = None  # "2026-2030" (period) or "~2047" (until)
    compared: bool = False  # the base of a comparison: bound to nothing
    topic: bool = False  # at the start of its sentence: it frames the whole sentence

    @property
    def text(self) -> str:
        return self.period or str(self.year)


@dataclass(frozen=True)
class When:
    """The time a figure is for, as bound: its kind and its year or period."""

    kind: str
    year: int | None = None
    period: str | None = None
    line_start: int = -1  # where in the line the bound expression starts


def _year(token: str, on_year: int | None) -> int | None:
    digits = re.sub(r"\D", "", token)
    if not digits:
        return None
    y = int(digits)
    return y + 2000 if y < 100 else y


def time_expressions(line: str, on_year: int | None = None) -> list[TimeExpr]:
    """Every time expression of ``line``, in order; relative years need ``on_year``."""
    out: list[TimeExpr] = []
    taken = Taken(len(line))
    sentences = [m.end() for m in _SENTENCE_END.finditer(line)]
    for kind, pattern in _EXPRESSIONS:
        for m in pattern.finditer(line):
            if taken.overlaps(m.start(), m.end()):
                continue
            t = _reading(kind, m, on_year)
            if t is None:
                continue
            out.append(_modified(line, t, sentences))
            taken.add(m.start(), m.end())
    return sorted(out, key=lambda t: t.start)


def _reading(kind: str, m: re.Match, on_year: int | None) -> TimeExpr | None:
    groups = m.groupdict()
    if kind == "year" and (groups.get("rel") or groups.get("rel2")):
        if on_year is None:
            return None
        rel = re.sub(r"\s", " ", groups.get("rel") or groups["rel2"])
        return TimeExpr("year", m.start(), m.end(), year=on_year + _RELATIVE[rel])
    a = _start_year(groups.get("a"), on_year)
    if kind == "for-years":
        if a is None:
            return None
        return TimeExpr("period", m.start(), m.end(), period=f"{a}-{a + int(m['n']) - 1}")
    if kind in ("from-to", "period"):
        b = _year(m["b"], on_year)
        if a is None or b is None or b < a:
            return None
        return TimeExpr("period", m.start(), m.end(), period=f"{a}-{b}")
    if kind == "until":
        b = _year(m["b"], on_year)
        return TimeExpr("until", m.start(), m.end(), period=f"~{b}") if b else None
    return TimeExpr("year", m.start(), m.end(), year=a) if a else None


def _start_year(token: str | None, on_year: int | None) -> int | None:
    if token in ("올해", "금년"):
        return on_year
    return _year(token, on_year) if token else None


def _modified(line: str, t: TimeExpr, sentences: Sequence[int]) -> TimeExpr:
    """The kind a time takes from what follows it: a comparison, a target, a start."""
    if _COMPARED.match(line, t.end):
        return TimeExpr(t.kind, t.start, t.end, t.year, t.period, compared=True)
    if t.kind == "year" and _SINCE.match(line, t.end):
        return TimeExpr("since", t.start, t.end, year=t.year)
    target = _TARGET.match(line, t.end)
    if t.kind == "year" and target and not _CLAUSE_END.search(line, t.end, target.end()):
        return TimeExpr("target", t.start, t.end, year=t.year)
    lead = _SENTENCE_START.match(line, _last_before(sentences, t.start))
    if t.kind == "year" and lead and lead.end() == t.start and _TOPIC.match(line, t.end):
        return TimeExpr(t.kind, t.start, t.end, t.year, t.period, topic=True)
    return t


def _last_before(positions: Sequence[int], pos: int) -> int:
    """The last of sorted ``positions`` at or before ``pos`` (0 if none)."""
    k = bisect_right(positions, pos)
    return positions[k - 1] if k else 0


class _Layout:
    """What binding needs to know of a line, computed once: its parentheses (each with its
    parent, and the innermost one at every position), clause, segment and sentence ends, the
    starts of its times and figures. Every lookup is then a bisection, so a line is bound in
    about ``n log n`` of its length whatever it holds."""

    def __init__(self, line: str, times: Sequence[TimeExpr], figures: Sequence[Amount]) -> None:
        self.line = line
        self.times = times
        self.time_starts = [t.start for t in times]
        self.time_ends = [t.end for t in times]
        self.figure_starts = sorted(f.start for f in figures)
        self.groups: list[list[int]] = []  # [open, close, parent]
        self.owner = [-1] * (len(line) + 1)
        stack: list[int] = []
        for i, ch in enumerate(line):
            if ch in "(（":
                self.groups.append([i, len(line), stack[-1] if stack else -1])
                stack.append(len(self.groups) - 1)
            self.owner[i] = stack[-1] if stack else -1
            if ch in ")）" and stack:
                self.groups[stack.pop()][1] = i
        self.owner[len(line)] = -1
        self.clauses = [(m.start(), m.end()) for m in _CLAUSE_END.finditer(line)]
        self.segments = [(m.start(), m.end()) for m in _SEGMENT_END.finditer(line)]
        self.sentences = [m.end() for m in _SENTENCE_END.finditer(line)]

    def group(self, k: int) -> tuple[int, int] | None:
        return (self.groups[k][0], self.groups[k][1]) if k >= 0 else None

    def innermost(self, pos: int) -> tuple[int, int] | None:
        return self.group(self.owner[pos]) if 0 <= pos <= len(self.line) else None

    def scopes(self, pos: int, depth: int = 3) -> list[tuple[int, int]]:
        """The parentheses holding ``pos``, innermost first (at most ``depth``)."""
        out: list[tuple[int, int]] = []
        k = self.owner[pos]
        while k >= 0 and len(out) < depth:
            if self.groups[k][0] < pos:
                out.append((self.groups[k][0], self.groups[k][1]))
            k = self.groups[k][2]
        return out

    def times_in(self, lo: int, hi: int) -> Sequence[TimeExpr]:
        """The times starting strictly between ``lo`` and ``hi``."""
        return self.times[bisect_right(self.time_starts, lo) : bisect_left(self.time_starts, hi)]

    def figures_in(self, lo: int, hi: int) -> int:
        """How many figures start strictly between ``lo`` and ``hi``."""
        return max(0, bisect_left(self.figure_starts, hi) - bisect_right(self.figure_starts, lo))

    def bounds(self, pos: int, lo: int, hi: int, *, commas: bool) -> tuple[int, int]:
        """The clause (or, with ``commas``, the segment) of ``pos`` within ``lo``..``hi``."""
        ends = self.segments if commas else self.clauses
        k = bisect_right(ends, (pos, len(self.line) + 1))
        start, end = lo + 1, hi
        for j in range(k - 1, -1, -1):
            s, e = ends[j]
            if e <= pos:
                start = max(start, e) if s > lo else start
                break
        for j in range(k, len(ends)):
            s, e = ends[j]
            if s >= pos:
                end = min(end, s) if e <= hi else end
                break
        return start, end


def bind(line: str, figures: Sequence[Amount], on_year: int | None = None) -> list[When | None]:
    """The time of each figure of ``line`` (``None`` where its clause gives none)."""
    times = time_expressions(line, on_year)
    layout = _Layout(line, times, figures)
    slots = [_own_slot(layout, f, figures) for f in figures]
    taken = {id(t) for t in slots if t is not None}
    out: list[When | None] = []
    for k, f in enumerate(figures):
        t = slots[k]
        if t is None and f.joined_year:
            out.append(When("year", year=f.joined_year, line_start=f.start))
            continue
        if t is None:
            t = _in_scope(layout, f, figures, taken)
        if t is None:
            out.append(None)
            continue
        when = When(t.kind, t.year, t.period, t.start)
        if slots[k] is None and t.kind == "year" and t.year:
            when = _compared(layout, figures, k, t.year) or when
        out.append(when)
    return out


def _compared(layout: _Layout, figures: Sequence[Amount], k: int, year: int) -> When | None:
    """The year of a figure that is the base of a comparison: the first of ``A → B`` after
    ``'19년 대비 '20년`` or ``전년 대비``, or a figure in parentheses after ``전년 대비``."""
    line, f = layout.line, figures[k]
    if _AFTER_PREVIOUS.search(line, max(0, f.start - 16), f.start):
        return When("year", year - 1, line_start=f.start)
    if _chain_previous(line, figures, k) is not None or _chain_next(line, figures, k) is None:
        return None
    a, b = layout.bounds(f.start, -1, len(line), commas=False)
    base = [t for t in layout.times_in(a - 1, f.start) if t.compared and t.year]
    if base:
        return When("year", base[-1].year, line_start=base[-1].start)
    if _PREVIOUS_YEAR.search(line, a, b):
        return When("year", year - 1, line_start=f.start)
    return None


def _own_slot(layout: _Layout, f: Amount, figures: Sequence[Amount]) -> TimeExpr | None:
    """A time printed as the figure's own tag: just before it, or in a parenthesis just after."""
    line = layout.line
    k = bisect_right(layout.time_ends, f.start)
    while k > 0 and layout.times[k - 1].compared:
        k -= 1
    if k > 0:
        t = layout.times[k - 1]
        if _BEFORE_FIGURE.match(line[t.end : f.start]):
            return t
        group = layout.innermost(t.start)
        if (
            group
            and group[1] < f.start
            and not line[group[1] + 1 : f.start].strip(" ^")
            and not layout.figures_in(group[0], group[1])
        ):
            return t
    after = re.match(r"\s?\(", line[f.end : f.end + 2])
    if after:
        group = layout.innermost(f.end + after.end() - 1)
        inside = layout.times_in(*group) if group else []
        if group and len(inside) == 1 and not layout.figures_in(group[0], group[1]):
            rest = line[group[0] + 1 : inside[0].start] + line[inside[0].end : group[1]]
            if not re.search(r"\d", rest) and len(rest.strip()) <= 4:
                return inside[0]
    return None


def _annotation(layout: _Layout, t: TimeExpr, figures: Sequence[Amount]) -> bool:
    """A date in parentheses right after a word (not a figure): it dates that word."""
    line = layout.line
    group = layout.innermost(t.start)
    if group is None or line[group[0] + 1 : t.start].strip() or line[t.end : group[1]].strip():
        return False
    before = line[: group[0]].rstrip("'’\"” ")
    return (
        bool(before)
        and re.match(r"[가-힣A-Za-z]", before[-1]) is not None
        and not any(f.end == len(before) for f in figures)
    )


def _in_scope(
    layout: _Layout, f: Amount, figures: Sequence[Amount], taken: set[int]
) -> TimeExpr | None:
    """The nearest time of the figure's clause, from its parenthesis outwards."""
    line = layout.line
    for lo, hi in [*layout.scopes(f.start), (-1, len(line))]:
        a, b = layout.bounds(f.start, lo, hi, commas=lo >= 0)
        level = [t for t in layout.times_in(lo, hi) if _free(layout, t, f, figures, taken, lo, hi)]
        near = [t for t in level if a <= t.start < b]
        if not near and lo >= 0:
            # another part of the parenthesis that holds only a time: ('26~'30, 총 8,146억원)
            near = [t for t in level if _alone(layout, t, lo, hi)]
        if near:
            return min(near, key=lambda t: _distance(t, f))
        if lo < 0:
            sentence = _last_before(layout.sentences, f.start)
            topic = [t for t in level if t.topic and sentence <= t.start < f.start]
            if topic:
                return topic[-1]
    return None


def _free(
    layout: _Layout,
    t: TimeExpr,
    f: Amount,
    figures: Sequence[Amount],
    taken: set[int],
    lo: int,
    hi: int,
) -> bool:
    """Whether ``t`` may be the time of ``f`` at the level ``lo``..``hi``: not another
    figure's tag, not a base of comparison; not in a parenthesis of this level that holds
    another figure; not a date of a word before the figure (``중동 상황(2026년 2월) 발생에 따른
    …``; after it, it is the figure's own action: ``330억원 지분 투자('20.12)``)."""
    if id(t) in taken or t.compared:
        return False
    if t.start < f.end and _annotation(layout, t, figures):
        return False
    k = layout.owner[t.start]
    while k >= 0 and layout.groups[k][0] > lo:
        g0, g1 = layout.groups[k][0], layout.groups[k][1]
        if g1 < hi and not (g0 < f.start < g1) and layout.figures_in(g0, g1):
            return False
        k = layout.groups[k][2]
    return True


def _alone(layout: _Layout, t: TimeExpr, lo: int, hi: int) -> bool:
    a, b = layout.bounds(t.start, lo, hi, commas=True)
    return not layout.figures_in(a - 1, b)


def _distance(t: TimeExpr, f: Amount) -> int:
    return f.start - t.end if t.end <= f.start else t.start - f.end


def _chain_previous(line: str, figures: Sequence[Amount], k: int) -> Amount | None:
    if k == 0:
        return None
    prev = figures[k - 1]
    m = _ARROW.match(line, prev.end)
    return prev if m and _tag_end(line, m.end()) == figures[k].start else None


def _chain_next(line: str, figures: Sequence[Amount], k: int) -> Amount | None:
    if k + 1 >= len(figures):
        return None
    return figures[k + 1] if _chain_previous(line, figures, k + 1) is not None else None


def _tag_end(line: str, pos: int) -> int:
    m = _TAG.match(line, pos)
    return m.end() if m else pos
