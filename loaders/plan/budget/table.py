"""Finding and reading the "□ 관련 재정사업 내역" tables of a performance plan.

The extraction flattened each table into lines. A table has a unit line "(단위 : 억원)", a header
"회계구분 ’23 ’24" naming the two fiscal years, then program groups (free-text lines), programs
("① 산업경쟁력 분석(3133) 일반회계 35.86 30.91", whole-program amounts in parentheses), their
sub-projects ("▪ 산업통계및동향분석기반사업(301) 18.29 6.04") and item lines below those. Rows may
wrap over several lines, amounts may be stacked one per line, accounts may be split ("기후대응" /
"기금"), and a table cut by a page break continues after the indicator table of the same task.

:func:`find_tables` locates the tables and their continuations; :func:`read_table` turns the lines
into :class:`Row` trees with the cells still in the printed order; :mod:`.columns` places
the cells in their year columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from policykg.loaders.plan.budget.numbers import Amount, is_amount_line, read_amount
from policykg.model.numbering import LIST_MARK

TITLE = re.compile(r"관련\s*재정사업\s*내역")
NONE_STATED = re.compile(r"해당\s*(사항)?\s*없음")
UNIT = re.compile(r"^\(?\s*단위\s*[:：]\s*(억원|백만원|천원)\s*\)?$")
HEADER = re.compile(r"^회계구분")
YEAR = re.compile(r"[’‘'`](\d{2})\b")
PAGE = re.compile(r"^-\s*\d+\s*-$")
CIRCLED = re.compile(rf"^({LIST_MARK})\s*")
BULLET = re.compile(r"^[▪■◦⁃•]\s*")
ITEM_BULLET = re.compile(r"^(?:[·ㆍ]\s*|-\s+(?=[^\d\s-]))")
ACCOUNT = re.compile(r"^(?:\S+(?:회계|기금)|일반|소특|지특|에특|〃)$")
FOOTNOTE = re.compile(r"\s*\d?」$")
CODE_PART = re.compile(r"^\d{3,4}(?:-\d{3,4})?$")
SUB_CODE_IN_LINE = re.compile(
    r"\((?:[^()]*,\s*)?(\d{3}|\d{4}-\d{3})(?:\s*,[^()]*)?\)\s*(?:\d?」)?(?:\s|$)"
)
WITHIN = "內"
NOTE = re.compile(r"^[*※]")


@dataclass
class Row:
    """One program, sub-project or item line of a table, with its cells in printed order."""

    kind: str  # "program", "sub" or "item"
    text: str
    start: int
    end: int
    name: str = ""
    code: str | None = None
    program_code: str | None = None  # a sub-project's program, from a code such as 1932-301
    group_code: str | None = None  # a program's group, from a code such as 1500-1531
    qualifier: str | None = None  # other parts of the code cell: "융자", "R&D", "정보화"
    account: str | None = None
    ditto: bool = False  # the account cell was "〃" (same as above)
    within: bool = False  # "內": the figures are the part of the row this task uses
    group: str | None = None
    cells: list[Amount] = field(default_factory=list)
    shares: dict[int, Amount] = field(default_factory=dict)
    whole: dict[int, Amount] = field(default_factory=dict)
    children: list[Row] = field(default_factory=list)
    parent: Row | None = field(default=None, repr=False)
    notes: list[str] = field(default_factory=list)
    named: bool = False  # the name is complete (a code, an account or cells followed)
    used: list[int] = field(default_factory=list)  # every line the row was read from

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Issue:
    """Something the reader met that the data-quality report should show."""

    kind: str
    message: str
    lines: tuple[int, ...]


@dataclass
class BudgetTable:
    """One task's budget table: where it is, its unit and years, and its program rows."""

    line: int
    parts: list[tuple[int, int]]
    none_stated: bool = False
    unit: str | None = None
    unit_line: int | None = None
    years: tuple[int, ...] = ()
    header_line: int | None = None
    programs: list[Row] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def rows(self):
        for program in self.programs:
            yield from program.walk()


# -- locating ---------------------------------------------------------------------------------


def _strong(text: str) -> bool:
    """A line that can only belong to a budget table (used to find continuations)."""
    t = text.strip()
    if HEADER.match(t) and YEAR.search(t):
        return True
    if CIRCLED.match(t) and re.search(r"\(\d{4}(?:[-,][^)]*)?\)", t):
        return True
    return bool(BULLET.match(t) and SUB_CODE_IN_LINE.search(t))


def find_tables(
    lines: Sequence[str], section_end: Callable[[int], int | None]
) -> list[BudgetTable]:
    """Every budget table of a plan, with the continuation found after the indicator table.

    ``section_end(n)`` gives the last line of the task section holding line ``n`` (or None):
    a continuation is looked for only inside that section.
    """
    titles = [n for n, text in enumerate(lines, 1) if TITLE.search(text) and "□" in text]
    tables = []
    for k, title in enumerate(titles):
        end = title
        while end < len(lines) and not lines[end].lstrip().startswith("□"):
            end += 1
        table = BudgetTable(
            title, [(title, end)], none_stated=bool(NONE_STATED.search(lines[title - 1]))
        )
        limit = section_end(title)
        next_title = titles[k + 1] if k + 1 < len(titles) else len(lines) + 1
        if limit is not None and not table.none_stated:
            cont = _continuation(lines, end + 1, min(limit, next_title - 1))
            if cont:
                table.parts.append(cont)
        tables.append(table)
    return tables


def _continuation(lines: Sequence[str], first: int, last: int) -> tuple[int, int] | None:
    start = next((n for n in range(first, last + 1) if _strong(lines[n - 1])), None)
    if start is None:
        return None
    back = start - 1
    while back >= first and (not lines[back - 1].strip() or is_amount_line(lines[back - 1])):
        back -= 1
    start = back + 1
    while not lines[start - 1].strip():
        start += 1
    end = start
    for n in range(start, last + 1):
        t = lines[n - 1].strip()
        if t.startswith("□") or "성과목표" in t:
            break
        if t:
            end = n
    return (start, end)


# -- reading ----------------------------------------------------------------------------------


def split_cells(tokens: list[str], line: int) -> tuple[list[str], bool, list[str], list[Amount]]:
    """Split a row's tokens into name tokens, the "內" mark, account tokens and amount cells,
    reading from the right.

    >>> split_cells("▪ 지속가능경영확산사업(302) 일반회계 24.13 23.77".split(), 1)[2]
    ['일반회계']
    """
    cells: list[Amount] = []
    i = len(tokens)
    while i > 0 and (a := read_amount(tokens[i - 1], line)) is not None:
        cells.insert(0, a)
        i -= 1
    if (
        cells
        and i > 0
        and re.fullmatch(r"\(\d{3,4}\)", cells[0].text)
        and name_and_code(" ".join(tokens[:i]))[1] is None
    ):
        i += 1  # "소재부품장비기술개발 (3231)": a code
        cells.pop(0)
    account: list[str] = []
    within = False
    while i > 0 and (ACCOUNT.match(tokens[i - 1]) or tokens[i - 1] == WITHIN):
        if tokens[i - 1] == WITHIN:
            within = True
        else:
            account.insert(0, tokens[i - 1])
        i -= 1
    return tokens[:i], within, account, cells


def name_and_code(text: str) -> tuple[str, str | None, str | None]:
    """A row's name, its budget code and the other parts of the code cell.

    >>> name_and_code("산업경쟁력 분석(3133)")
    ('산업경쟁력 분석', '3133', None)
    >>> name_and_code("가스안전관리(5143, 융자)")
    ('가스안전관리', '5143', '융자')
    >>> name_and_code("바이오산업육성(3649)3」")
    ('바이오산업육성', '3649', None)
    >>> name_and_code("국가표준기술개발및보급(R&D, 305)")
    ('국가표준기술개발및보급', '305', 'R&D')
    >>> name_and_code("청정화력핵심기술개발(R&D)")
    ('청정화력핵심기술개발(R&D)', None, None)
    """
    body = FOOTNOTE.sub("", text.strip()).strip()
    m = re.search(r"\(([^()]*)\)$", body)
    if m:
        parts = [p.strip() for p in m.group(1).split(",")]
        codes = [p for p in parts if CODE_PART.match(p)]
        if codes:
            rest = [p for p in parts if p not in codes]
            return body[: m.start()].strip(), codes[0], ", ".join(rest) or None
    return body, None, None


def _join(prev: str, nxt: str) -> str:
    return prev.rstrip() + (" " if prev != prev.rstrip() else "") + nxt.strip()


class _Reader:
    """The state machine that turns a table's lines into rows."""

    def __init__(self, table: BudgetTable, lines: Sequence[str]) -> None:
        self.table = table
        self.lines = lines
        self.program: Row | None = None
        self.sub: Row | None = None
        self.row: Row | None = None
        self.groups: list[tuple[int, str]] = []
        self.group: str | None = None
        self.note: Row | None = None
        self.block: Row | None = None

    def issue(self, kind: str, message: str, *lines: int) -> None:
        self.table.issues.append(Issue(kind, message, tuple(lines)))

    def read(self) -> None:
        items = [
            (n, self.lines[n - 1].strip())
            for start, end in self.table.parts
            for n in range(start, end + 1)
            if self.lines[n - 1].strip()
        ]
        i = 0
        while i < len(items):
            n, t = items[i]
            nxt = items[i + 1][1] if i + 1 < len(items) else ""
            if self._fragment(t, nxt):
                self._account(t + nxt, n, items[i + 1][0])
                i += 2
                continue
            self._line(n, t)
            i += 1
        self._unused_groups()

    @staticmethod
    def _fragment(t: str, nxt: str) -> bool:
        """An account name split over two lines ("기후대응" / "기금")."""
        return (
            bool(re.fullmatch(r"[가-힣]{2,6}", t))
            and bool(re.fullmatch(r"[가-힣]{2,4}", nxt))
            and not ACCOUNT.match(t)
            and bool(ACCOUNT.match(t + nxt))
        )

    def _line(self, n: int, t: str) -> None:
        if n == self.table.line or PAGE.match(t):
            return
        if m := UNIT.match(t):
            self.table.unit = self.table.unit or m.group(1)
            self.table.unit_line = self.table.unit_line or n
            return
        if HEADER.match(t):
            years = tuple(2000 + int(y) for y in YEAR.findall(t))
            if years and not self.table.years:
                self.table.years, self.table.header_line = years, n
            return
        if CIRCLED.match(t):
            return self._program(n, CIRCLED.sub("", t))
        if BULLET.match(t):
            return self._sub(n, BULLET.sub("", t))
        pending = self.row is not None and not self.row.named
        if is_amount_line(t) or self._cells_line(t):
            return self._cells(n, t)
        if ACCOUNT.match(t):
            return self._account(t, n, n)
        if pending and not ITEM_BULLET.match(t):
            return self._continue(n, t)
        if NOTE.match(t):
            self.note = self.row
            if self.row is not None:
                self.row.notes.append(t)
            return
        if ITEM_BULLET.match(t) or (t.startswith("(") and self.program is not None):
            return self._item(n, ITEM_BULLET.sub("", t))
        if SUB_CODE_IN_LINE.search(t) and (self.program is not None or "-" in t):
            return self._sub(n, t)
        if self.note is not None and self.note is self.row:
            self.note.notes[-1] += " " + t
            return
        self.groups.append((n, t))

    @staticmethod
    def _cells_line(t: str) -> bool:
        name, _within, account, cells = split_cells(t.split(), 0)
        return not name and bool(account) and bool(cells)

    def _new(self, kind: str, n: int, text: str) -> Row:
        row = Row(kind, text, n, n, used=[n])
        self.note = self.block = None
        self._parse(row, text, n)
        return row

    def _parse(self, row: Row, text: str, n: int) -> None:
        name_tokens, within, account, cells = split_cells(text.split(), n)
        row.text = text
        row.within = row.within or within
        name, code, qualifier = name_and_code(" ".join(name_tokens))
        if row.kind == "item" and name.startswith("(") and name.endswith(")"):
            name = name[1:-1]
        row.name, row.qualifier = name, qualifier
        if code and "-" in code:
            head, tail = code.split("-", 1)
            if row.kind == "program" or len(tail) == 4:
                row.group_code, code = head, tail
            else:
                row.program_code, code = head, tail
        row.code = code
        if account:
            self._set_account(row, " ".join(account))
        row.cells.extend(cells)
        row.named = bool(code or account or cells) or (
            row.kind == "item" and text.startswith("(") and text.endswith(")")
        )

    def _set_account(self, row: Row, account: str) -> None:
        if account == "〃":
            row.ditto = True
            return
        row.account = account

    def _program(self, n: int, text: str) -> None:
        row = self._new("program", n, text)
        if self.groups:
            self.group = self.groups[-1][1]
            self._drop_groups(keep_last=True)
        row.group = self.group
        self.table.programs.append(row)
        self.program, self.sub, self.row = row, None, row

    def _sub(self, n: int, text: str) -> None:
        row = self._new("sub", n, text)
        if row.program_code and (self.program is None or self.program.code != row.program_code):
            implicit = Row(
                "program", text, n, n, name="", code=row.program_code, named=True, used=[n]
            )
            if self.groups:
                self.group = self.groups[-1][1]
                self._drop_groups(keep_last=True)
            implicit.group = self.group
            self.table.programs.append(implicit)
            self.program = implicit
        elif self.groups:
            self._drop_groups(keep_last=False)
        if self.program is None:
            self.issue("budget-orphan-row", f"sub-project line before any program: {text}", n)
            return
        row.parent = self.program
        self.program.children.append(row)
        self.sub, self.row = row, row

    def _item(self, n: int, text: str) -> None:
        row = self._new("item", n, text)
        parent = self.sub or self.program
        if parent is None:
            self.issue("budget-orphan-row", f"item line before any program: {text}", n)
            return
        row.parent = parent
        parent.children.append(row)
        self.row = row

    def _target(self) -> Row | None:
        """The row that a line of cells or an account belongs to: the last row, or the
        sub-project above a run of amount-less items (a block stacked column by column)."""
        row = self.row
        if self.block is not None:
            return self.block
        if (
            row is not None
            and row.kind == "item"
            and not row.cells
            and row.parent is not None
            and row.parent.kind == "sub"
            and not row.parent.cells
        ):
            self.block = row.parent
            return row.parent
        return row

    def _cells(self, n: int, t: str) -> None:
        target = self._target()
        if target is None:
            self.issue("budget-unread-lines", f"amounts before any program: {t}", n)
            return
        _name, within, account, cells = split_cells(t.split(), n)
        if account:
            self._set_account(target, " ".join(account))
        target.within = target.within or within
        target.cells.extend(cells)
        target.named = True
        target.end = max(target.end, n)
        target.used.append(n)

    def _account(self, account: str, first: int, last: int) -> None:
        target = self._target()
        if target is None:
            self.groups.append((first, account))
            return
        self._set_account(target, account)
        target.named = True
        target.end = max(target.end, last)
        target.used.extend(range(first, last + 1))

    def _continue(self, n: int, t: str) -> None:
        row = self.row
        assert row is not None
        cells_before = list(row.cells)
        row.cells.clear()
        self._parse(row, _join(row.text, t), n)
        row.cells[:0] = cells_before
        row.end = n
        row.used.append(n)

    def _drop_groups(self, keep_last: bool) -> None:
        unused = self.groups[:-1] if keep_last else self.groups
        if unused:
            lines = [n for n, _t in unused]
            self.issue(
                "budget-unread-lines",
                "text in the table read as neither a row nor a "
                "program group: " + " / ".join(t for _n, t in unused),
                *lines,
            )
        self.groups = []

    def _unused_groups(self) -> None:
        self._drop_groups(keep_last=False)


def read_table(table: BudgetTable, lines: Sequence[str]) -> BudgetTable:
    """Fill ``table`` with its unit, years and program rows (cells not yet placed in years)."""
    if not table.none_stated:
        _Reader(table, lines).read()
    return table
