"""Reading the indicator tables of a performance plan out of flattened PDF text.

Two kinds of table hold a plan's performance indicators:

* the detail tables ("(2) 성과지표" of a goal, "□ 성과지표 및 측정방법" of a task): a header
  with the years (’21 ’22 ’23 ’24), then per indicator its name, an optional weight "(0.3)" and one
  printed value per year, followed by free text (rationale, formula, data source);
* the system tables "< 전략목표 및 성과목표, 관리과제․성과지표 체계 >": per strategic goal (Ⅰ.),
  performance goal (1. / Ⅲ-1.) and task (①) its title, then its indicator names, wrapped over lines
  with nothing between two names.

A detail row is found by its run of one value per year; the names in the system table are split by
aligning them with the text that precedes each run. Everything here is pure: lines in, records out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

from policykg.text import ascii_code, clean_title, compare_key, search_key

_YEAR = r"[’‘'`´]\s?(\d\d)"
_YEAR_HEADER = re.compile(rf"(?:{_YEAR}\s*){{4,}}$")
_GOAL_HEADING = re.compile(r"^\s*\(2\)\s*성과지표\s*$")
_TASK_HEADING = re.compile(r"^\s*□\s*성과지표\s*및\s*측정방법")
_TABLE_END = re.compile(
    r"\([ⅠⅡⅢⅣⅤⅥⅦVI]+\s*-\s*\d+\s*-?\s*[①-⑳\d]\)?\s*$|^\s*성과목표\s*[ⅠⅡⅢⅣⅤⅥⅦ]|^\s*\(\d\)\s"
    r"|^\s*<\s*참고|^\s*전략목표|^\s*[ⅠⅡⅢⅣⅤⅥⅦ]\s+[가-힣]|□\s*추진배경|<\s*전략목표\s*성과지표\s*>")
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_BROKEN_GROUP = re.compile(r"^\d{1,3}(?:,\d{3})*,\d{1,2}$")
_TEXT_VALUES = frozenset({"신규", "-", "–", "―", "－", "N/A", "n/a", "집계중", "미집계", "미정",
                          "신설", "(신설)", "(신규)"})
_UNIT_SUFFIX = re.compile(r"(?<=\d)(?:[*%]|(?!년)[가-힣]{1,2})$|\s\((?:신규|신설)\)$")
_NOTES = frozenset({"(신규)", "(신설)"})
_WORD_TARGET = re.compile(r"[가-힣]{1,4}")
_WEIGHT = re.compile(r"\(\s*(공통\s*,?\s*)?(0?\.\d+|1(?:\.0+)?|0\d)\s*\)")
_UNIT_NOTE = re.compile(r"\(\s*단위\s*[:：]\s*([^)]+)\)")
_MARKER = re.compile(r"^\s*[①-⑳➀-➉]\s*")
SYSTEM_TITLE = re.compile(r"<\s*전략목표\s*및\s*성과목표,\s*관리과제.\s*성과지표\s*체계\s*>")
_SYSTEM_END = re.compile(r"^\s*\(1\)\s*주요\s*내용|^\s*전략목표\s*[ⅠⅡⅢⅣⅤⅥⅦ\d]")
_PAGE_HEADER = re.compile(r"^\s*(?:성과\s*)?(?:목표\s*)?관리과제\s*성과지표\s*$")
_SPLIT_HEADER = re.compile(r"^\s*(?:성과|목표)\s*$")
_PAGE_NUMBER = re.compile(r"^\s*-\s*\d+\s*-\s*$|\s-\s*\d+\s*-\s*$")
_SG_MARK = re.compile(r"^\s*([ⅠⅡⅢⅣⅤⅥⅦ])\s*\.\s*")
_PG_MARK = re.compile(r"^\s*(?:[ⅠⅡⅢⅣⅤⅥⅦ]\s*-\s*)?(\d{1,2})\s*\.(?!\d)\s*")
_TASK_MARK = re.compile(r"^\s*([①-⑳])\s*")


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
    end_line: int
    years: list[int]
    rows: list[DetailRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class SystemBlock:
    """A goal or task of a system table with the pieces of text that follow its marker."""

    level: str
    code: str
    heading_line: int
    units: list[tuple[int, str]]


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
    m = _YEAR_HEADER.search(line)
    if not m or not re.fullmatch(r"[^’‘'`´]*\)?\s*|\s*", line[:m.start()]):
        return None
    return [2000 + int(y) for y in re.findall(_YEAR, m.group(0))]


def _tokens(lines: list[str], start: int, end: int) -> list[tuple[int, int, str]]:
    """Whitespace tokens of lines start..end-1 (1-based) as (line, column, text)."""
    out = []
    for n in range(start, end):
        for m in re.finditer(r"\S+", lines[n - 1]):
            out.append((n, m.start(), m.group(0)))
    return out


def _merge_broken_cells(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join cells a narrow column broke over lines: "1,22"+"6", "33.2"+"%", "신"+"규"."""
    out: list[tuple[int, int, str]] = []
    for n, col, t in tokens:
        if out and out[-1][0] < n:
            prev = out[-1][2]
            if (_BROKEN_GROUP.match(prev) and re.fullmatch(r"\d{1,2}", t)
                    and len(prev.rsplit(",", 1)[1]) + len(t) == 3) \
                    or (t == "%" and _NUMBER.match(prev)) or (prev == "신" and t == "규"):
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
    such as the task's own title repeated above the table, is skipped).
    """
    k = len(table.years)
    toks = _merge_broken_cells(_tokens(lines, table.header_line + 1, limit))
    i = 0
    pending: list[tuple[int, int, str]] = []
    end = limit - 1
    while i < len(toks):
        line = toks[i][0]
        if _TABLE_END.search(lines[line - 1]):
            if table.rows:
                end = line - 1
                break
            pending = [t for t in pending if t[0] > line]
            while i < len(toks) and toks[i][0] == line:
                i += 1
            continue
        run = toks[i:i + k]
        starts_line = i == 0 or toks[i - 1][0] < run[0][0] or not _is_value(toks[i - 1][2])
        if len(run) == k and starts_line and all(_is_value(t) for _, _, t in run[:-1]) and (
                _is_value(run[-1][2]) or (_WORD_TARGET.fullmatch(run[-1][2])
                                          and run[-1][0] == run[-2][0])) and not (
                i + k < len(toks) and toks[i + k][0] == run[-1][0]
                and _NUMBER.match(toks[i + k][2])):
            values = [PrintedValue(y, "target" if j == k - 1 else "actual", t, n,
                                   parse_number(t))
                      for j, ((n, _, t), y) in enumerate(zip(run, table.years))]
            table.rows.append(DetailRow(values, (run[0][0], run[-1][0]), _pieces(pending)))
            i += k
            pending = []
            # the rest of the value line is free text (the target's rationale)
            while i < len(toks) and toks[i][0] == run[-1][0]:
                i += 1
            continue
        m = _partial_run(lines, toks, i, k)
        if m:
            run = toks[i:i + m]
            worded = i + m < len(toks) and toks[i + m][0] == run[-1][0]
            years = table.years[:m] if worded else table.years[k - m:]
            values = [PrintedValue(y, "target" if y == table.years[-1] else "actual", t, n,
                                   parse_number(t)) for (n, _, t), y in zip(run, years)]
            table.rows.append(DetailRow(values, (run[0][0], run[-1][0]), _pieces(pending)))
            table.problems.append((run[0][0], (
                f"row prints {m} of {k} yearly values and then words; the words are not read "
                f"as values" if worded else
                f"row prints {m} of {k} yearly values; read as the last {m} years")))
            i += m
            pending = []
            while i < len(toks) and toks[i][0] == run[-1][0]:
                i += 1
            continue
        pending.append(toks[i])
        i += 1
    table.end_line = end
    _weighted_rows(table, [t for t in pending if t[0] <= end])


_LOOSE_VALUE = re.compile(r"^[<(]?(?:[\d][\d.,]*[가-힣%*]{0,2}|신규|신설|-)[>)]?$")


def _weighted_rows(table: DetailTable, trailing: list[tuple[int, int, str]]) -> None:
    """Rows whose values could not be read as a run, found by their weight "(0.3)".

    A weight in the text before a row, other than that row's own, starts a row of its own; so
    does a weight after the last row. Its values are the value-like words right after it.
    """
    k = len(table.years)
    rows: list[DetailRow] = []
    tail = DetailRow([], (0, 0), _pieces(trailing))
    for row in table.rows + [tail]:
        marks = [i for i, (_, p) in enumerate(row.before) if _WEIGHT.search(p)]
        extra = marks[:-1] if row is not tail else marks
        cut = 0
        for w in extra:
            nxt = [m for m in marks if m > w]
            stop = nxt[0] if nxt else len(row.before)
            words = [(line, t) for line, p in row.before[w + 1:stop] for t in p.split()]
            cells = []
            for line, t in words:
                if not _LOOSE_VALUE.match(t) or len(cells) == k:
                    break
                cells.append((line, t))
            if not cells:
                continue
            years = table.years[k - len(cells):]
            values = [PrintedValue(y, "target" if y == table.years[-1] else "actual", t, line,
                                   parse_number(t)) for (line, t), y in zip(cells, years)]
            rows.append(DetailRow(values, (cells[0][0], cells[-1][0]), row.before[cut:w + 1]))
            table.problems.append((cells[0][0], "row found by its weight; values read as printed: "
                                   + " ".join(t for _, t in cells)))
            cut = w + 1
        if row is not tail:
            row.before = row.before[cut:]
            rows.append(row)
    table.rows = rows


def _partial_run(lines: list[str], toks: list[tuple[int, int, str]], i: int, k: int) -> int:
    """Length of a row that prints fewer values than years, or 0.

    Only a line that starts with at least two values: numbers right after a name that ends with
    its unit ")" (the leading cells are empty), or a run with "-"/"신규" followed by words (the
    later cells are printed as words).
    """
    line, col, _ = toks[i]
    if col != len(lines[line - 1]) - len(lines[line - 1].lstrip()) or i == 0:
        return 0
    m = 0
    while i + m < len(toks) and toks[i + m][0] == line and _is_value(toks[i + m][2]) and m < k:
        m += 1
    if not 2 <= m < k:
        return 0
    run = [t for _, _, t in toks[i:i + m]]
    after_unit = toks[i - 1][2].endswith(")") \
        and not re.search(r"\(\D?\d\d\)$", toks[i - 1][2])
    if after_unit and all(_NUMBER.match(t) for t in run):
        return m
    worded = i + m < len(toks) and toks[i + m][0] == line \
        and re.match(r"[가-힣]", toks[i + m][2])
    if worded and run[0] in _TEXT_VALUES:
        return m
    return 0


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
        if _GOAL_HEADING.match(text):
            heading = ("goal", n + 1)
        elif _TASK_HEADING.match(text):
            heading = ("task", n + 1)
        years = year_header(text) if heading else None
        if years and heading:
            limit = n + 1
            while limit < len(lines) and limit - n < 400 and not year_header(lines[limit]):
                limit += 1
            table = DetailTable(heading[0], heading[1], n + 1, limit, years)
            if len(set(years)) != len(years):
                table.problems.append((n + 1, f"year header repeats a year: {text.strip()}"))
            _rows(lines, table, limit + 1)
            tables.append(table)
            heading = None
        n += 1
    return tables


def strip_row_text(piece: str) -> str:
    """A detail row's name text without its marker, weight and unit note."""
    return _UNIT_NOTE.sub("", _WEIGHT.sub("", _MARKER.sub("", piece))).strip()


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
        w = _WEIGHT.search(piece)
        if w:
            row.weight = read_weight(w.group(2))
            row.weight_text, row.weight_line = w.group(0), line
        u = _UNIT_NOTE.search(piece)
        if u:
            row.unit_note = u.group(1).strip()


def _split_header(lines: list[str], m: int) -> bool:
    """A page header of the system table broken over lines ("성과" / "목표" / "관리과제 성과지표")."""
    if not _SPLIT_HEADER.match(lines[m]):
        return False
    after = [t for t in lines[m + 1:m + 6] if t.strip()][:2]
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
            if (mk := _SG_MARK.match(text)) and not re.match(r"\s*[ⅠⅡⅢⅣⅤⅥⅦ]\s*-", text):
                sg = ascii_code(mk.group(1))
                blocks.append(SystemBlock("strategic", sg, m + 1, [(m + 1, text[mk.end():])]))
            elif (mk := _PG_MARK.match(text)) and blocks:
                pg = f"{sg}-{int(mk.group(1))}"
                blocks.append(SystemBlock("performance", pg, m + 1, [(m + 1, text[mk.end():])]))
            elif (mk := _TASK_MARK.match(text)) and pg:
                code = f"{pg}-{ascii_code(mk.group(1))}"
                blocks.append(SystemBlock("task", code, m + 1, [(m + 1, text[mk.end():])]))
            elif blocks:
                blocks[-1].units.append((m + 1, text.strip()))
            m += 1
        tables.append(blocks)
        n = m
    return tables


def join_name(parts: list[str]) -> str:
    """Wrapped pieces of a name joined as printed.

    >>> join_name(["지식서비스산업기술개발(", "R&D) 사업화 성공률(%)"])
    '지식서비스산업기술개발(R&D) 사업화 성공률(%)'
    """
    text = clean_title(" ".join(parts))
    return re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


def _suffixes(pieces: list[tuple[int, str]], limit: int = 8) -> list[str]:
    """Compare keys of the last ``limit`` line-suffixes of a row's text (where its name is)."""
    keys = [compare_key(p) for _, p in pieces]
    return [k for k in ("".join(keys[s:]) for s in range(len(keys) - 1,
                                                        max(-1, len(keys) - 1 - limit), -1)) if k]


def _score(segment: str, suffixes: list[str]) -> float:
    """How well ``segment`` matches the name at the end of a row's text: the best similarity
    with one of its line-suffixes."""
    best = 0.0
    for suffix in suffixes:
        if len(suffix) > 3 * len(segment) + 10:
            break
        best = max(best, _similarity(segment, suffix))
    return best


_EXTRA_NAME_COST = 0.3
_SAME_TITLE = 0.7
_NAME_IN_HEADING = 0.65
_SKIPPED_TARGET_COST = 1.0


def _title_end(pieces: list[tuple[int, str]], first_target: list[str], title: str | None
               ) -> int:
    """How many pieces belong to the block's title.

    With a known ``title`` printed alike, the prefix of pieces most like it. Otherwise the
    heading line, up to the word from which the rest of the line best matches the first
    indicator's name (if it does), and then the lines that are neither found in the first name
    nor end with a unit.
    """
    if title is not None and pieces:
        key = search_key(title)
        scores = [_similarity(search_key("".join(p for _, p in pieces[:e])), key)
                  for e in range(1, len(pieces) + 1)]
        if max(scores) >= _SAME_TITLE:
            return 1 + scores.index(max(scores))
    first_line = pieces[0][0] if pieces else 0
    head = [i for i, (line, _) in enumerate(pieces) if line == first_line]
    end, best = len(head), _NAME_IN_HEADING
    for i in head[1:]:
        rest = compare_key("".join(p for _, p in pieces[i:len(head)]))
        score = _score(rest, first_target) if len(rest) >= 4 else 0.0
        if score > best:
            end, best = i, score
    if end < len(head):
        return end
    while end < len(pieces) and _score(compare_key(pieces[end][1]), first_target) < 0.5 \
            and not pieces[end][1].rstrip().endswith(")"):
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


def split_system_names(units: list[tuple[int, str]], targets: list[list[tuple[int, str]]],
                       title: str | None = None) -> list[tuple[str, tuple[int, int]] | None]:
    """Split a block's text after its title into one name per target.

    ``units`` are (line, text) pieces, the first the heading line after its marker (its words are
    cut apart: the title may end mid-line). ``targets`` are the (line, text) pieces that precede
    the value runs of the detail table (the name is at their end). Returns per target its (name, lines), or None
    when the system table has no name for it.
    """
    matched, _ = align_system_names(units, targets, title)
    return matched


def align_system_names(units: list[tuple[int, str]], targets: list[list[tuple[int, str]]],
                       title: str | None = None
                       ) -> tuple[list[tuple[str, tuple[int, int]] | None],
                                  list[tuple[str, tuple[int, int]]]]:
    """Like :func:`split_system_names`, also returning the names no target matched."""
    pieces: list[tuple[int, str]] = []
    for i, (line, text) in enumerate(units):
        words = _WEIGHT.sub(" ", _PAGE_NUMBER.sub("", text)).split()
        if i == 0:
            pieces.extend((line, w) for w in words)
        elif words:
            pieces.append((line, " ".join(words)))
    keys = [_suffixes(t) for t in targets]
    start = _title_end(pieces, keys[0] if keys else [], title)
    ends_title = start > 0 and title is not None \
        and search_key(title).endswith(search_key(pieces[start - 1][1]))
    body = [(line, rest) for line, p in pieces[start:]
            if (rest := p if ends_title else _without_title_words(p, title))]
    n, k = len(body), len(keys)
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    back: list[list[tuple[int, int, str]]] = [[(0, 0, "")] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(k + 1):
        for b in range(n + 1):
            if j and best[j - 1][b] + _SKIPPED_TARGET_COST < best[j][b]:
                best[j][b], back[j][b] = best[j - 1][b] + _SKIPPED_TARGET_COST, (j - 1, b, "skip")
            for a in range(max(0, b - 12), b):
                seg = compare_key("".join(p for _, p in body[a:b]))
                if j and best[j - 1][a] < inf:
                    cost = best[j - 1][a] + 1.0 - _score(seg, keys[j - 1])
                    if cost < best[j][b]:
                        best[j][b], back[j][b] = cost, (j - 1, a, "match")
                if best[j][a] < inf and seg.endswith(")"):
                    cost = best[j][a] + _EXTRA_NAME_COST
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


def detail_name(row: DetailRow, system_name: str) -> None:
    """Pick the end of the text before a row's values that best matches its system name."""
    pieces = [(line, strip_row_text(p)) for line, p in row.before]
    pieces = [(line, p) for line, p in pieces if p]
    if not pieces:
        return
    key = compare_key(system_name)
    best, start = -1.0, len(pieces) - 1
    for s in range(len(pieces) - 1, -1, -1):
        score = _similarity(compare_key("".join(p for _, p in pieces[s:])), key)
        if score > best:
            best, start = score, s
    chosen = pieces[start:]
    row.name = join_name([p for _, p in chosen])
    row.name_lines = (chosen[0][0], chosen[-1][0])


_SIX_COUNTS = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$")
_SUMMARY_ROW = re.compile(r"^\s*(전략목표|성과목표|관리과제)\s+(\d+)\s+(\d+)\s*$")
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
        if re.search(r"목표\s*및\s*과제\s*현황", text):
            scope = "plan"
        elif SYSTEM_TITLE.search(text):
            scope = "strategic-goal"
        elif re.search(r"총괄\s*현황", text):
            scope = "appendix"
        elif scope in ("plan", "strategic-goal") and (m := _SIX_COUNTS.match(text)):
            nums = [int(g) for g in m.groups()]
            for i, level in enumerate(("strategic", "performance", "task")):
                out.append(StatedCount(n, scope, level, nums[2 * i], nums[2 * i + 1]))
            scope = ""
        elif scope == "appendix" and (m := _SUMMARY_ROW.match(text)):
            out.append(StatedCount(n, scope, _LEVELS[m.group(1)], int(m.group(2)),
                                   int(m.group(3))))
            if m.group(1) == "관리과제":
                scope = ""
    return out
