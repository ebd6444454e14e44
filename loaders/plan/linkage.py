"""The rows of a plan's "국정목표 연계" table: goals, tasks and the link cells printed beside them.

The table is flattened PDF text: a task's title wraps over lines, the agenda titles beside it wrap
too, blank lines fall inside cells, a page break repeats the table header in the middle of a row.
:func:`parse_rows` cuts the table into one :class:`Row` per goal or task line and reads the link
cells (:class:`Cell`) of each row; where the task title ends and the first agenda title begins is
ambiguous in the text alone, so each row keeps the candidate splits (:class:`Split`) and the
outline chooses one with the task's other printed titles (:func:`choose_split`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.loaders.readers.similarity import similarity
from policykg.model.numbering import CIRCLED_DIGIT, CIRCLED_DIGITS, ROMAN
from policykg.model.text import ascii_code, clean_title, compare_key

STEP = rf"(?:{CIRCLED_DIGIT}|\d{{1,2}})"
TASK_LINE = re.compile(rf"^\s*(?P<code>{ROMAN}\s*-\s*\d{{1,2}}\s*-\s*{STEP})\s*(?P<rest>.*)$")
PERF_LINE = re.compile(rf"^\s*(?P<code>{ROMAN}\s*-\s*\d{{1,2}})\s*\.\s*(?P<rest>.*)$")
STRAT_LINE = re.compile(rf"^\s*(?P<code>{ROMAN})\s*\.\s*(?P<rest>.*)$")
HEADER_LINES = frozenset(
    {"성과", "목표", "관리과제", "국정목표 연계", "(과제명 및 과제코드)", "성과목표"}
)
AGENDA_MARK = re.compile(
    r"\(\s*(?P<label>국정\s*과제|국정)?\s*"
    r"(?P<code>\d{1,3}(?:\s*-\s*\d{1,2})?)\s*\)(?P<extra>\))?"
)
LIVELIHOOD = re.compile(rf"민생\s*과제\s*(?P<codes>[0-9{CIRCLED_DIGITS}\s,\-]+)")
WORKPLAN = re.compile(r"부처\s*업무\s*계획\s*\(\s*(?P<codes>[0-9,\-\s]+)\)")
DOUBLE_SPACE = re.compile(r"\S(\s{2,})\S")
MIN_GAIN = 0.1


def normal_code(printed: str) -> str:
    """``Ⅰ - 1 - ①`` → ``I-1-1``; Latin letters and stray spaces are accepted."""
    return ascii_code(re.sub(r"\s+", "", printed))


@dataclass(frozen=True)
class Piece:
    """One printed line of a row's text; ``glue`` joins it to the previous piece."""

    line: int
    text: str
    glue: str = " "


def join(pieces: list[Piece]) -> str:
    """Rejoin wrapped lines: no space where a word broke at the line end, one space elsewhere."""
    out = ""
    for p in pieces:
        out += (p.glue if out else "") + p.text
    return clean_title(out).strip(" ,")


@dataclass(frozen=True)
class Cell:
    """A link printed beside a task: ``kind`` is ``agenda``, ``livelihood`` or ``workplan``."""

    kind: str
    printed: str
    codes: tuple[str, ...]
    title: str
    lines: tuple[int, int]
    extra_bracket: bool = False


@dataclass(frozen=True)
class Split:
    """One reading of where a task title ends: the title and the text left for the first cell."""

    title: str
    lines: tuple[int, int]
    rest: tuple[Piece, ...]
    kind: str  # "line" (at a line end), "gap" (at a double space), "word" (at a single space)


@dataclass
class Row:
    """A strategic goal (``level`` 1), performance goal (2) or task (3) line of the table."""

    level: int
    code: str
    printed_code: str
    line: int
    pieces: list[Piece] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    splits: list[Split] = field(default_factory=list)
    leftover: list[Piece] = field(default_factory=list)
    title: str = ""
    lines: tuple[int, int] = (0, 0)


def _level(text: str) -> tuple[int, re.Match] | None:
    for level, pattern in ((3, TASK_LINE), (2, PERF_LINE), (1, STRAT_LINE)):
        m = pattern.match(text)
        if m:
            return level, m
    return None


def parse_rows(lines: list[str], start: int, end: int) -> list[Row]:
    """Cut the table in lines ``start``..``end`` (1-based, inclusive) into rows."""
    rows: list[Row] = []
    blank = False
    prev_open = False
    for n in range(start, end + 1):
        raw = lines[n - 1]
        text = raw.strip()
        if not text or text in HEADER_LINES:
            blank = blank or not text
            prev_open = True
            continue
        hit = _level(raw)
        if hit:
            level, m = hit
            rows.append(Row(level, normal_code(m.group("code")), m.group("code"), n))
            rest = m.group("rest").strip()
            if rest:
                rows[-1].pieces.append(Piece(n, rest, ""))
        elif rows:
            glue = " " if blank or prev_open else ""
            rows[-1].pieces.append(Piece(n, text, glue))
        blank = False
        prev_open = raw != raw.rstrip()
    for row in rows:
        _read_cells(row)
    return rows


def _split_marks(piece: Piece) -> list[tuple[str, Piece | re.Match]]:
    """A piece as a sequence of text and link marks."""
    out: list[tuple[str, Piece | re.Match]] = []
    pos = 0
    text = piece.text
    for kind, pattern in (("livelihood", LIVELIHOOD), ("workplan", WORKPLAN)):
        m = pattern.search(text)
        if m:
            if text[: m.start()].strip():
                out.extend(_split_marks(Piece(piece.line, text[: m.start()].strip(), piece.glue)))
            out.append((kind, m))
            tail = text[m.end() :].strip()
            if tail:
                out.extend(_split_marks(Piece(piece.line, tail, " ")))
            return out
    for m in AGENDA_MARK.finditer(text):
        if m.group("label") is None and "-" not in m.group("code"):
            continue
        if text[pos : m.start()].strip():
            out.append(
                (
                    "text",
                    Piece(
                        piece.line, text[pos : m.start()].strip(), piece.glue if pos == 0 else " "
                    ),
                )
            )
        out.append(("agenda", m))
        pos = m.end()
    tail = text[pos:].strip(" ,)")
    if tail:
        out.append(("text", Piece(piece.line, tail, piece.glue if pos == 0 else " ")))
    return out


def cell_codes(printed: str) -> tuple[str, ...]:
    """The codes of a livelihood or work-plan cell; ``1-1,2,5`` is 1-1, 1-2 and 1-5."""
    out: list[str] = []
    for part in (p.strip() for p in printed.split(",")):
        if not part:
            continue
        if "-" not in part and out:
            part = out[-1].rsplit("-", 1)[0] + "-" + part
        out.append(ascii_code(part.replace(" ", "")))
    return tuple(out)


def _read_cells(row: Row) -> None:
    """Read the link cells of a row; text not closed by a code stays in ``pending``/leftover."""
    pending: list[Piece] = []
    first: list[Piece] | None = None
    for piece in row.pieces:
        for kind, item in _split_marks(piece):
            if isinstance(item, Piece):  # kind == "text"
                pending.append(item)
                continue
            m = item
            if kind == "agenda":
                if first is None and row.level == 3:
                    first = list(pending)
                    title = ""
                else:
                    title = join(pending)
                start = pending[0].line if pending else piece.line
                row.cells.append(
                    Cell(
                        "agenda",
                        m.group(0),
                        (normal_code(m.group("code")),),
                        title,
                        (start, piece.line),
                        bool(m.group("extra")),
                    )
                )
                pending = []
            else:
                if first is None:
                    first = list(pending)
                    pending = []
                row.cells.append(
                    Cell(
                        kind,
                        m.group(0).strip(),
                        cell_codes(m.group("codes")),
                        "",
                        (piece.line, piece.line),
                    )
                )
    if first is None:
        first, pending = pending, []
    row.leftover = pending
    row.pieces = first
    has_agenda = any(c.kind == "agenda" for c in row.cells)
    row.splits = _candidate_splits(first) if row.level == 3 and has_agenda else []
    if row.level != 3 or not row.splits:
        row.title = join(first)
        row.lines = (row.line, first[-1].line if first else row.line)


def _candidate_splits(pieces: list[Piece]) -> list[Split]:
    """Every place a task title may end inside the text before its first agenda code."""
    out: list[Split] = []
    if not pieces:
        return out
    head = pieces[0]
    for k in range(1, len(pieces) + 1):
        out.append(
            Split(join(pieces[:k]), (pieces[0].line, pieces[k - 1].line), tuple(pieces[k:]), "line")
        )
    words = [m.start() for m in re.finditer(r"(?<=\S)\s+(?=\S)", head.text)]
    gaps = {m.start(1) for m in DOUBLE_SPACE.finditer(head.text)}
    for pos in words:
        rest = Piece(head.line, head.text[pos:].strip(), " ")
        out.append(
            Split(
                clean_title(head.text[:pos]),
                (head.line, head.line),
                (rest, *pieces[1:]),
                "gap" if pos in gaps else "word",
            )
        )
    return out


def choose_split(row: Row, references: list[str]) -> Split | None:
    """Pick the task title among ``row.splits`` using the task's titles printed elsewhere.

    Without references the title ends at a double space on the task's line if there is one,
    else at the end of that line. A reading that cuts a line at a single space must beat the
    structural readings by :data:`MIN_GAIN` in similarity.
    """
    if not row.splits:
        return None
    gap = [s for s in row.splits if s.kind == "gap"]
    if not references:
        return gap[0] if gap else row.splits[0]

    def score(s: Split) -> float:
        return max(similarity(s.title, r) for r in references)

    best = max((s for s in row.splits if s.kind != "word"), key=score)
    other = max(row.splits, key=score)
    return other if score(other) >= score(best) + MIN_GAIN else best


def apply_split(row: Row, split: Split | None) -> None:
    """Fix the row's title and give the first agenda cell the rest of the text."""
    if split is None:
        return
    row.title = split.title
    row.lines = (row.line, split.lines[1])
    rest = list(split.rest)
    for i, cell in enumerate(row.cells):
        if cell.kind == "agenda":
            start = rest[0].line if rest else cell.lines[1]
            row.cells[i] = Cell(
                cell.kind,
                cell.printed,
                cell.codes,
                join(rest),
                (start, cell.lines[1]),
                cell.extra_bracket,
            )
            return
    row.leftover = rest + row.leftover


def settle_by_agenda_titles(rows: list[Row]) -> list[Row]:
    """Move a title's last line out of an agenda cell when the other rows agree it is not there.

    When a task title wraps and its heading is worded differently, the wrapped end can stay in
    front of the first agenda title ("…고도화" / "로 R&D 혁신 강화" / "수요자 지향 …(국정 22)").
    If other rows print that agenda code (or its parent) with a title that this cell's text
    merely ends with, and more often than this cell's reading, the extra text is the end of the
    task title. Returns the rows changed.
    """
    titles: dict[str, dict[str, set[str]]] = {}
    for row in rows:
        for cell in row.cells:
            if cell.kind == "agenda" and cell.title:
                by_title = titles.setdefault(cell.codes[0], {})
                by_title.setdefault(compare_key(cell.title), set()).add(row.code)
    changed = []
    for row in rows:
        first = next((c for c in row.cells if c.kind == "agenda"), None)
        if first is None or not row.splits or not first.title:
            continue
        code = first.codes[0]
        key = compare_key(first.title)
        own = len(titles.get(code, {}).get(key, set()) - {row.code})
        known: dict[str, int] = {}
        for c in {code, code.split("-")[0]}:
            for k, tasks in titles.get(c, {}).items():
                if k != key and tasks - {row.code}:
                    known[k] = max(known.get(k, 0), len(tasks - {row.code}))
        for split in row.splits:
            rest = compare_key(join(list(split.rest)))
            if (
                known.get(rest, 0) > own and len(split.title) > len(row.title)
                if split.kind != "word"
                else known.get(rest, 0) > own and not own
            ):
                apply_split(row, split)
                changed.append(row)
                break
    return changed
