"""Reading the detail tables of a plan's indicators out of flattened PDF text.

A detail table ("(2) 성과지표" of a goal, "□ 성과지표 및 측정방법" of a task) has a header with
the years (’21 ’22 ’23 ’24), then per indicator its name, an optional weight "(0.3)" and one
printed value per year, followed by free text (rationale, formula, data source). A row is found by
its run of one value per year (numbers a narrow column broke over lines are joined first); rows the
flattening garbled are found by their weight. Pure: lines in, records out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import chain

from policykg.model.numbering import CIRCLED_DIGIT, LIST_MARK, ROMAN, ROMAN_GLYPH
from policykg.model.text import clean_title

_YEAR_MARKS = "’‘'`´"
_YEAR = rf"[{_YEAR_MARKS}]\s?(\d\d)"
_YEAR_HEADER = re.compile(rf"(?:{_YEAR}\s*){{4,}}$")
_YEAR_MARK = re.compile(f"[{_YEAR_MARKS}]")
_TOKEN = re.compile(r"\S+")
_SPACE_AFTER_PAREN, _SPACE_BEFORE_PAREN = re.compile(r"\(\s+"), re.compile(r"\s+\)")
_GOAL_HEADING = re.compile(r"^\s*\(2\)\s*성과지표\s*$")
_TASK_HEADING = re.compile(r"^\s*□\s*성과지표\s*및\s*측정방법")
_TABLE_END = re.compile(
    rf"\({ROMAN}\s*-\s*\d+\s*-?\s*(?:{CIRCLED_DIGIT}|\d)\)?\s*$|^\s*성과목표\s*{ROMAN_GLYPH}"
    rf"|^\s*\(\d\)\s|^\s*<\s*참고|^\s*전략목표|^\s*{ROMAN_GLYPH}\s+[가-힣]|□\s*추진배경"
    r"|<\s*전략목표\s*성과지표\s*>"
)
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_BROKEN_GROUP = re.compile(r"^\d{1,3}(?:,\d{3})*,\d{1,2}$")
_TEXT_VALUES = frozenset(
    {
        "신규",
        "-",
        "–",
        "―",
        "－",
        "N/A",
        "n/a",
        "집계중",
        "미집계",
        "미정",
        "신설",
        "(신설)",
        "(신규)",
        "O",
        "○",
    }
)
_EMPTY_CELLS = frozenset({"-", "–", "―", "－", "신규", "신설"})
_UNIT_SUFFIX = re.compile(r"(?<=\d)(?:[*%]|(?!년)[가-힣]{1,2})$|\s\((?:신규|신설)\)$")
_NOTES = frozenset({"(신규)", "(신설)"})
_WORD_TARGET = re.compile(r"[가-힣]{1,4}")
WEIGHT = re.compile(r"\(\s*(공통\s*,?\s*)?(0?\.\d+|1(?:\.0+)?|0\d)\s*\)")
_UNIT_NOTE = re.compile(r"\(\s*단위\s*[:：]\s*([^)]+)\)")
_MARKER = re.compile(rf"^\s*{LIST_MARK}\s*")


@dataclass(frozen=True)
class PrintedValue:
    """One cell of a detail table: the year column, actual or target, the text as printed."""

    year: int
    kind: str
    text: str
    line: int
    number: Decimal | None


@dataclass
class DetailRow:
    """One indicator of a detail table."""

    values: list[PrintedValue]
    value_lines: tuple[int, int]
    before: list[tuple[int, str]]
    name: str = ""
    name_lines: tuple[int, int] | None = None
    weight: Decimal | None = None
    weight_text: str = ""
    weight_line: int | None = None
    unit_note: str = ""


@dataclass
class DetailTable:
    """A detail table: its heading kind ("goal" or "task"), year header and rows."""

    kind: str
    heading_line: int
    header_line: int
    years: list[int]
    rows: list[DetailRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def parse_number(text: str) -> Decimal | None:
    """The number a printed value stands for, or None ("-", "신규", text).

    >>> parse_number("1,350"), parse_number("102.3"), parse_number("신규")
    (Decimal('1350'), Decimal('102.3'), None)
    """
    t = _bare(text.strip())
    if not _NUMBER.match(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None


def _is_value(token: str) -> bool:
    bare = _bare(token)
    return bare in _TEXT_VALUES or bool(_NUMBER.match(bare))


def _bare(token: str) -> str:
    """A printed number without its footnote mark, percent sign or unit word ("265건")."""
    return _UNIT_SUFFIX.sub("", token)


def year_header(line: str) -> list[int] | None:
    """The two-digit years of a detail table's header line, if it is one.

    >>> year_header("(또는 자료출처)’21 ’22 ’23 ‘24")
    [2021, 2022, 2023, 2024]
    """
    if not _YEAR_MARK.search(line):  # (most lines: the search below is slower)
        return None
    m = _YEAR_HEADER.search(line)
    if not m or not re.fullmatch(r"[^’‘'`´]*\)?\s*|\s*", line[: m.start()]):
        return None
    return [2000 + int(y) for y in re.findall(_YEAR, m.group(0))]


def _tokens(lines: list[str], start: int, end: int) -> list[tuple[int, int, str]]:
    """Whitespace tokens of lines start..end-1 (1-based) as (line, column, text)."""
    out = []
    for n in range(start, end):
        for m in _TOKEN.finditer(lines[n - 1]):
            out.append((n, m.start(), m.group(0)))
    return out


def _merge_broken_cells(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join cells a narrow column broke over lines: "1,22"+"6", "33.2"+"%", "신"+"규"."""
    out: list[tuple[int, int, str]] = []
    for n, col, t in tokens:
        if out and out[-1][0] < n:
            prev = out[-1][2]
            if (
                (
                    _BROKEN_GROUP.match(prev)
                    and re.fullmatch(r"\d{1,2}", t)
                    and len(prev.rsplit(",", 1)[1]) + len(t) == 3
                )
                or (t == "%" and _NUMBER.match(prev))
                or (prev == "신" and t == "규")
            ):
                out[-1] = (out[-1][0], out[-1][1], prev + t)
                continue
            if t in _NOTES and _is_value(prev) and not prev.endswith(t):
                out[-1] = (out[-1][0], out[-1][1], f"{prev} {t}")
                continue
        out.append((n, col, t))
    return out


def _rows(lines: list[str], table: DetailTable, limit: int) -> None:
    """Find each run of one value per year and the text before it; set the table's end.

    The table ends at the first heading after its first row (a heading before the first row,
    such as the task's own title repeated above the table, is skipped). Its lines are read up to
    a heading and a few lines on (what the reading looks at past the heading), and up to
    ``limit`` only when no heading there ends the table: the rows are those a reading of every
    line up to ``limit`` finds.
    """
    start = table.header_line + 1
    problems = len(table.problems)
    ends = (n for n in range(start, limit - _PAST_END) if _TABLE_END.search(lines[n - 1]))
    for horizon in chain((e + _PAST_END for e in ends), [limit]):  # (lazily)
        toks = _merge_broken_cells(_tokens(lines, start, horizon))
        if _read_rows(lines, table, toks, limit, complete=horizon == limit):
            return
        table.rows.clear()  # too few lines read: again, with more
        del table.problems[problems:]


_PAST_END = 4  # lines read past a heading that may end a detail table


def _read_rows(
    lines: list[str],
    table: DetailTable,
    toks: list[tuple[int, int, str]],
    limit: int,
    complete: bool,
) -> bool:
    """Read the rows from ``toks``; False when they stop too soon past the table's end (unless
    they are ``complete``: every token up to ``limit``): the reading looks up to a row's length
    ahead, and the last token may yet be joined with the next line's first."""
    k = len(table.years)
    i = 0
    pending: list[tuple[int, int, str]] = []
    end = limit - 1
    while i < len(toks):
        line = toks[i][0]
        if _TABLE_END.search(lines[line - 1]):
            if table.rows:
                if not complete and i + k + 2 > len(toks):
                    return False
                end = line - 1
                break
            pending = [t for t in pending if t[0] > line]
            while i < len(toks) and toks[i][0] == line:
                i += 1
            continue
        run = toks[i : i + k]
        starts_line = i == 0 or toks[i - 1][0] < run[0][0] or not _is_value(toks[i - 1][2])
        if (
            len(run) == k
            and starts_line
            and all(_is_value(t) for _, _, t in run[:-1])
            and (
                _is_value(run[-1][2])
                or (
                    _WORD_TARGET.fullmatch(run[-1][2])
                    and run[-1][0] == run[-2][0]
                    and all(t in _TEXT_VALUES or _NUMBER.match(t) for _, _, t in run[:-1])
                )
            )
            and not (
                i + k < len(toks) and toks[i + k][0] == run[-1][0] and _NUMBER.match(toks[i + k][2])
            )
        ):
            values = [
                PrintedValue(y, "target" if j == k - 1 else "actual", t, n, parse_number(t))
                for j, ((n, _, t), y) in enumerate(zip(run, table.years, strict=False))
            ]
            table.rows.append(DetailRow(values, (run[0][0], run[-1][0]), _pieces(pending)))
            if not _is_value(run[-1][2]):
                table.problems.append(
                    (
                        run[-1][0],
                        f"the target is printed as words starting “{run[-1][2]}”; kept as text",
                    )
                )
            i += k
            pending = []
            # the rest of the value line is free text (the target's rationale)
            while i < len(toks) and toks[i][0] == run[-1][0]:
                i += 1
            continue
        m, worded = _partial_run(lines, toks, i, k)
        if m:
            run = toks[i : i + m]
            years = table.years[:m] if worded else table.years[k - m :]
            values = [
                PrintedValue(
                    y, "target" if y == table.years[-1] else "actual", t, n, parse_number(t)
                )
                for (n, _, t), y in zip(run, years, strict=False)
            ]
            table.rows.append(DetailRow(values, (run[0][0], run[-1][0]), _pieces(pending)))
            table.problems.append(
                (
                    run[0][0],
                    (
                        f"row prints {m} of {k} yearly values and then words; the words are not "
                        f"read as values"
                        if worded
                        else f"row prints {m} of {k} yearly values; read as the last {m} years"
                    ),
                )
            )
            i += m
            pending = []
            while i < len(toks) and toks[i][0] == run[-1][0]:
                i += 1
            continue
        pending.append(toks[i])
        i += 1
    else:
        if not complete:
            return False
    _weighted_rows(table, [t for t in pending if t[0] <= end])
    return True


_NOTE = re.compile(r"^<[^<>]+>$")
_LOOSE_VALUE = re.compile(r"^[<(]?(?:[\d][\d.,]*[가-힣%*]{0,2}|신규|신설|-|O|X|○|×)[>)]?$")


def _weighted_rows(table: DetailTable, trailing: list[tuple[int, int, str]]) -> None:
    """Rows whose values could not be read as a run, found by their weight "(0.3)".

    A weight in the text before a row, other than that row's own, starts a row of its own; so
    does a weight after the last row. Its values are the value-like words right after it (a
    note such as "<신규>" is not a value), the last of them the target.
    """
    k = len(table.years)
    rows: list[DetailRow] = []
    tail = DetailRow([], (0, 0), _pieces(trailing))
    for row in [*table.rows, tail]:
        marks = [i for i, (_, p) in enumerate(row.before) if WEIGHT.search(p)]
        extra = marks[:-1] if row is not tail else marks
        cut = 0
        for w in extra:
            nxt = [m for m in marks if m > w]
            stop = nxt[0] if nxt else len(row.before)
            words = [(line, t) for line, p in row.before[w + 1 : stop] for t in p.split()]
            cells: list[tuple[int, str]] = []
            for line, t in words:
                if not _LOOSE_VALUE.match(t) or len(cells) == k:
                    break
                if not _NOTE.match(t):
                    cells.append((line, t))
            if not cells:
                continue
            years = table.years[k - len(cells) :]
            values = [
                PrintedValue(
                    y, "target" if y == table.years[-1] else "actual", t, line, parse_number(t)
                )
                for (line, t), y in zip(cells, years, strict=False)
            ]
            rows.append(DetailRow(values, (cells[0][0], cells[-1][0]), row.before[cut : w + 1]))
            table.problems.append(
                (
                    cells[0][0],
                    "row found by its weight; values read as printed: "
                    + " ".join(t for _, t in cells),
                )
            )
            cut = w + 1
        if row is not tail:
            row.before = row.before[cut:]
            rows.append(row)
    table.rows = rows


def _partial_run(
    lines: list[str], toks: list[tuple[int, int, str]], i: int, k: int
) -> tuple[int, bool]:
    """Length of a row that prints fewer values than years (0 if none), and whether its cells
    are the first years (the later ones printed as words) rather than the last.

    Only a line that starts with at least two values: numbers right after a name that ends with
    its unit ")" (the leading cells are empty), or a run with "-"/"신규" followed by words (the
    later cells are printed as words).
    """
    line, col, _ = toks[i]
    if col != len(lines[line - 1]) - len(lines[line - 1].lstrip()) or i == 0:
        return 0, False
    m = 0
    while i + m < len(toks) and toks[i + m][0] == line and _is_value(toks[i + m][2]) and m < k:
        m += 1
    if not 2 <= m <= k:
        return 0, False
    run = [t for _, _, t in toks[i : i + m]]
    numbers = next((j for j, t in enumerate(run) if not _NUMBER.match(t)), m)
    after_unit = toks[i - 1][2].endswith(")") and not re.search(r"\(\D?\d\d\)$", toks[i - 1][2])
    if after_unit and 2 <= numbers < k:
        return numbers, False
    worded = i + m < len(toks) and toks[i + m][0] == line and re.match(r"[가-힣]", toks[i + m][2])
    if worded and m < k and run[0] in _EMPTY_CELLS:
        return m, True
    return 0, False


def _pieces(tokens: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """Tokens regrouped into (line, text) pieces."""
    out: list[tuple[int, str]] = []
    for n, _, t in tokens:
        if out and out[-1][0] == n:
            out[-1] = (n, out[-1][1] + " " + t)
        else:
            out.append((n, t))
    return out


def find_detail_tables(lines: list[str]) -> list[DetailTable]:
    """Every detail table of indicators, in document order."""
    tables: list[DetailTable] = []
    heading: tuple[str, int] | None = None
    n = 0
    while n < len(lines):
        text = lines[n]
        if "성과지표" not in text:  # (in both headings: most lines are neither)
            pass
        elif _GOAL_HEADING.match(text):
            heading = ("goal", n + 1)
        elif _TASK_HEADING.match(text):
            heading = ("task", n + 1)
        years = year_header(text) if heading else None
        if years and heading:
            limit = n + 1
            while limit < len(lines) and limit - n < 400 and not year_header(lines[limit]):
                limit += 1
            table = DetailTable(heading[0], heading[1], n + 1, years)
            if len(set(years)) != len(years):
                table.problems.append((n + 1, f"year header repeats a year: {text.strip()}"))
            _rows(lines, table, limit + 1)
            tables.append(table)
            heading = None
        n += 1
    return tables


def strip_row_text(piece: str) -> str:
    """A detail row's name text without its marker, weight and unit note."""
    return _UNIT_NOTE.sub("", WEIGHT.sub("", _MARKER.sub("", piece))).strip()


def read_weight(text: str) -> Decimal:
    """The weight a printed "(0.3)", "(.3)", "(공통, 0.2)" or misprinted "(03)" stands for.

    >>> read_weight("0.35"), read_weight(".3"), read_weight("03")
    (Decimal('0.35'), Decimal('0.3'), Decimal('0.3'))
    """
    if re.fullmatch(r"0\d", text):
        return Decimal("0." + text[1])
    return Decimal("0" + text if text.startswith(".") else text)


def row_extras(row: DetailRow) -> None:
    """Read the weight and the "(단위 : %)" note printed between a row's name and values."""
    for line, piece in row.before:
        w = WEIGHT.search(piece)
        if w:
            row.weight = read_weight(w.group(2))
            row.weight_text, row.weight_line = w.group(0), line
        u = _UNIT_NOTE.search(piece)
        if u:
            row.unit_note = u.group(1).strip()


def join_name(parts: list[str]) -> str:
    """Wrapped pieces of a name joined as printed.

    >>> join_name(["지식서비스산업기술개발(", "R&D) 사업화 성공률(%)"])
    '지식서비스산업기술개발(R&D) 사업화 성공률(%)'
    """
    text = clean_title(" ".join(parts))
    return _SPACE_AFTER_PAREN.sub("(", _SPACE_BEFORE_PAREN.sub(")", text))


def paragraph_name(row: DetailRow) -> None:
    """Without a name to match: the last paragraph (adjacent lines) before the row's values."""
    pieces = [(line, strip_row_text(p)) for line, p in row.before]
    pieces = [(line, p) for line, p in pieces if p]
    if not pieces:
        return
    start = len(pieces) - 1
    while start > 0 and pieces[start][0] - pieces[start - 1][0] == 1:
        start -= 1
    chosen = pieces[start:]
    row.name = join_name([p for _, p in chosen])
    row.name_lines = (chosen[0][0], chosen[-1][0])
