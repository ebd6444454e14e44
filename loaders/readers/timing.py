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
from collections.abc import Sequence
from dataclasses import dataclass

from policykg.loaders.readers.amounts import Amount

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
    taken: list[tuple[int, int]] = []
    for kind, pattern in _EXPRESSIONS:
        for m in pattern.finditer(line):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            t = _reading(kind, m, on_year)
            if t is None:
                continue
            out.append(_modified(line, t))
            taken.append((m.start(), m.end()))
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


def _modified(line: str, t: TimeExpr) -> TimeExpr:
    """The kind a time takes from what follows it: a comparison, a target, a start."""
    if _COMPARED.match(line, t.end):
        return TimeExpr(t.kind, t.start, t.end, t.year, t.period, compared=True)
    if t.kind == "year" and _SINCE.match(line, t.end):
        return TimeExpr("since", t.start, t.end, year=t.year)
    target = _TARGET.match(line, t.end)
    if t.kind == "year" and target and not _CLAUSE_END.search(line, t.end, target.end()):
        return TimeExpr("target", t.start, t.end, year=t.year)
    sentence = max((m.end() for m in _SENTENCE_END.finditer(line, 0, t.start)), default=0)
    lead = _SENTENCE_START.match(line, sentence)
    if t.kind == "year" and lead and lead.end() == t.start and _TOPIC.match(line, t.end):
        return TimeExpr(t.kind, t.start, t.end, t.year, t.period, topic=True)
    return t


def bind(line: str, figures: Sequence[Amount], on_year: int | None = None) -> list[When | None]:
    """The time of each figure of ``line`` (``None`` where its clause gives none)."""
    times = time_expressions(line, on_year)
    groups = _paren_groups(line)
    slots = [_own_slot(line, f, times, groups, figures) for f in figures]
    taken = {id(t) for t in slots if t is not None}
    out: list[When | None] = []
    for k, f in enumerate(figures):
        t = slots[k]
        if t is None and f.joined_year:
            out.append(When("year", year=f.joined_year, line_start=f.start))
            continue
        if t is None:
            free = [x for x in times if id(x) not in taken and not x.compared]
            t = _in_scope(line, f, free, groups, figures)
        if t is None:
            out.append(None)
            continue
        when = When(t.kind, t.year, t.period, t.start)
        if slots[k] is None and t.kind == "year" and t.year:
            when = _compared(line, figures, k, times, t.year) or when
        out.append(when)
    return out


def _compared(
    line: str, figures: Sequence[Amount], k: int, times: Sequence[TimeExpr], year: int
) -> When | None:
    """The year of a figure that is the base of a comparison: the first of ``A → B`` after
    ``'19년 대비 '20년`` or ``전년 대비``, or a figure in parentheses after ``전년 대비``."""
    f = figures[k]
    if _AFTER_PREVIOUS.search(line, 0, f.start):
        return When("year", year - 1, line_start=f.start)
    if _chain_previous(line, figures, k) is not None or _chain_next(line, figures, k) is None:
        return None
    a, b = _clause_bounds(line, f.start, -1, len(line), commas=False)
    base = [t for t in times if t.compared and t.year and a <= t.start < f.start]
    if base:
        return When("year", base[-1].year, line_start=base[-1].start)
    if _PREVIOUS_YEAR.search(line, a, b):
        return When("year", year - 1, line_start=f.start)
    return None


def _paren_groups(line: str) -> list[tuple[int, int]]:
    """Every parenthesis of the line as ``(open, close)`` (an unclosed one runs to the end)."""
    stack: list[int] = []
    out: list[tuple[int, int]] = []
    for i, ch in enumerate(line):
        if ch in "(（":
            stack.append(i)
        elif ch in ")）" and stack:
            out.append((stack.pop(), i))
    out += [(s, len(line)) for s in stack]
    return out


def _own_slot(
    line: str,
    f: Amount,
    times: Sequence[TimeExpr],
    groups: Sequence[tuple[int, int]],
    figures: Sequence[Amount],
) -> TimeExpr | None:
    """A time printed as the figure's own tag: just before it, or in a parenthesis just after."""
    for t in reversed(times):
        if t.end > f.start or t.compared:
            continue
        if _BEFORE_FIGURE.match(line[t.end : f.start]):
            return t
        group = _innermost(groups, t.start)
        if (
            group
            and group[1] < f.start
            and not line[group[1] + 1 : f.start].strip(" ^")
            and not any(group[0] < g.start < group[1] for g in figures)
        ):
            return t
        break
    after = re.match(r"\s?\(", line[f.end :])
    if after:
        group = _innermost(groups, f.end + after.end() - 1)
        inside = [t for t in times if group and group[0] < t.start < group[1]]
        if group and len(inside) == 1 and not any(group[0] < g.start < group[1] for g in figures):
            rest = line[group[0] + 1 : inside[0].start] + line[inside[0].end : group[1]]
            if not re.search(r"\d", rest) and len(rest.strip()) <= 4:
                return inside[0]
    return None


def _innermost(groups: Sequence[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    inside = [g for g in groups if g[0] <= pos <= g[1]]
    return max(inside, key=lambda g: g[0]) if inside else None


def _annotation(line: str, t: TimeExpr, groups: Sequence[tuple[int, int]], figures) -> bool:
    """A date in parentheses right after a word (not a figure): it dates that word."""
    group = _innermost(groups, t.start)
    if group is None or line[group[0] + 1 : t.start].strip() or line[t.end : group[1]].strip():
        return False
    before = line[: group[0]].rstrip("'’\"” ")
    return (
        bool(before)
        and re.match(r"[가-힣A-Za-z]", before[-1]) is not None
        and not any(f.end == len(before) for f in figures)
    )


def _in_scope(
    line: str,
    f: Amount,
    times: Sequence[TimeExpr],
    groups: Sequence[tuple[int, int]],
    figures: Sequence[Amount],
) -> TimeExpr | None:
    """The nearest time of the figure's clause, from its parenthesis outwards."""
    # a date of a word before the figure dates that word ("중동 상황(2026년 2월) 발생에 따른 …");
    # after it, the figure's own action ("330억원 지분 투자('20.12)")
    times = [t for t in times if t.start > f.end or not _annotation(line, t, groups, figures)]
    scopes = sorted((g for g in groups if g[0] < f.start < g[1]), key=lambda g: -g[0])
    for lo, hi in [*scopes, (-1, len(line))]:
        inner = [g for g in groups if lo < g[0] and g[1] < hi]
        level = [t for t in times if lo < t.start < hi and not _hidden(t, inner, figures, f)]
        a, b = _clause_bounds(line, f.start, lo, hi, commas=lo >= 0)
        near = [t for t in level if a <= t.start < b]
        if not near and lo >= 0:
            # another part of the parenthesis that holds only a time: ('26~'30, 총 8,146억원)
            near = [t for t in level if _alone(line, t, lo, hi, figures)]
        if near:
            return min(near, key=lambda t: _distance(t, f))
        if lo < 0:
            topic = [t for t in level if t.topic and t.start < f.start]
            sentence = max((m.end() for m in _SENTENCE_END.finditer(line, 0, f.start)), default=0)
            topic = [t for t in topic if t.start >= sentence]
            if topic:
                return topic[-1]
    return None


def _hidden(t: TimeExpr, inner, figures: Sequence[Amount], f: Amount) -> bool:
    """A time inside a parenthesis of this level that holds another figure belongs to it."""
    for g in inner:
        if g[0] < t.start < g[1]:
            return any(g[0] < x.start < g[1] for x in figures if x is not f) and not (
                g[0] < f.start < g[1]
            )
    return False


def _alone(line: str, t: TimeExpr, lo: int, hi: int, figures: Sequence[Amount]) -> bool:
    a, b = _clause_bounds(line, t.start, lo, hi, commas=True)
    return not any(a <= x.start < b for x in figures)


def _clause_bounds(line: str, pos: int, lo: int, hi: int, *, commas: bool) -> tuple[int, int]:
    ends = _CLAUSE_END if not commas else _SEGMENT_END
    start, end = lo + 1, hi
    for m in ends.finditer(line, lo + 1, hi):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


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
    m = re.match(rf"\s*\^?(?:\([^()]{{0,14}}\)|{_Q}\d{{2}}(?:\.|년)?(?!\d))?\s*", line[pos:])
    return pos + (m.end() if m else 0)
