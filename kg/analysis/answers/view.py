"""What an answer page shows, as data: sentences, headline figures, charts, tables, findings.

Every number of a page is computed once here (from the question's answer and its summary, by the
code the API uses) and carried with the text it is shown as, so the HTML page, its downloads and
``/api/answers`` agree to the digit and nothing downstream re-sums. Pages draw these objects;
they never compute.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from policykg.analysis.money import eok, korean_amount
from policykg.model.errors import QueryError


class Reader(Protocol):
    """What a view is built from: :class:`policykg.graph.PolicyGraph` offers all of it."""

    store: Any

    def ask(self, name: str, **params: object) -> Any: ...

    def impact(
        self,
        node: str,
        *,
        cut: float,
        year: int | None = ...,
        depth: int | None = ...,
        direction: str = ...,
        kinds: tuple[str, ...] = ...,
    ) -> Any: ...

    def resolve(self, ref: str) -> str: ...

    @property
    def networkx(self) -> Any: ...

    @property
    def findings(self) -> Any: ...

    @property
    def lines(self) -> Any: ...


@dataclass(frozen=True)
class Source:
    """Where a figure was read: the document (file stem), its lines and their text."""

    document: str
    start: int
    end: int
    quote: str = ""

    @property
    def where(self) -> str:
        """``motie-2024-performance-plan 5114–5116행``."""
        lines = f"{self.start}" if self.start == self.end else f"{self.start}–{self.end}"
        return f"{self.document} {lines}행"


@dataclass
class Cell:
    """One shown value: its text, the value behind it (for sorting and downloads), where it was
    read and the findings that touch it."""

    text: str
    value: Any = None
    href: str | None = None
    sources: list[Source] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def sort_key(self) -> tuple:
        v = self.value if self.value is not None else self.text
        if isinstance(v, (int, float, Decimal)):
            return (0, float(v), "")
        return (1, 0.0, str(v))


@dataclass(frozen=True)
class Column:
    """A table column: its key, Korean and English names; numbers align right, a short column
    (a level, an account, a type) keeps its text on one line."""

    key: str
    ko: str
    en: str
    numeric: bool = False
    short: bool = False

    @property
    def header(self) -> str:
        """``금액 (억원) amount``: Korean first, English beside (the download's header too)."""
        return f"{self.ko} ({self.en})"


@dataclass
class Table:
    id: str
    ko: str
    en: str
    columns: list[Column]
    rows: list[dict[str, Cell]]
    sort: str = ""  # the column the rows are in the order of ("-" first: descending)

    def sorted_by(self, sort: str | None) -> Table:
        """The rows in the order of column ``sort`` (``-key`` descending); an unknown column is
        the request's fault."""
        if not sort:
            return self
        key = sort.lstrip("-")
        if key not in {c.key for c in self.columns}:
            raise QueryError(
                f"table {self.id!r} has no column {key!r}; "
                f"columns: {', '.join(c.key for c in self.columns)}"
            )
        numeric = next(c.numeric for c in self.columns if c.key == key)
        present = [r for r in self.rows if r.get(key) is not None and _sortable(r[key], numeric)]
        missing = [
            r for r in self.rows if not (r.get(key) is not None and _sortable(r[key], numeric))
        ]
        present.sort(key=lambda r: r[key].sort_key, reverse=sort.startswith("-"))
        return Table(self.id, self.ko, self.en, self.columns, present + missing, sort)

    def records(self) -> list[dict[str, Any]]:
        """The rows as shown, by column header: numbers as numbers, everything else as text."""
        out = []
        for row in self.rows:
            record: dict[str, Any] = {}
            for c in self.columns:
                cell = row.get(c.key)
                if cell is None:
                    record[c.header] = None
                elif c.numeric and isinstance(cell.value, (int, float, Decimal)):
                    record[c.header] = cell.value
                else:
                    record[c.header] = cell.text
            out.append(record)
        return out


@dataclass(frozen=True)
class Figure:
    """A headline figure: what it counts (Korean, English), the value and how it is shown."""

    key: str
    ko: str
    en: str
    value: Any
    text: str
    detail: str = ""

    @classmethod
    def amount(cls, key: str, ko: str, en: str, won: int) -> Figure:
        """A money figure: in 조원 and 억원 (``3조 692억원``) with the 억원 figure beside it."""
        return cls(key, ko, en, won, korean_amount(won), eok(won))


@dataclass(frozen=True)
class Segment:
    series: str
    value: float
    text: str = ""


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: a label (code and name), its segments, and marks."""

    label: str
    segments: tuple[Segment, ...]
    text: str = ""  # the value written at the bar's end
    marked: bool = False  # e.g. a program shared by several tasks
    mark: str = ""  # what the mark means, for the bar's tooltip
    href: str | None = None


@dataclass
class Chart:
    """A bar chart: ``bars`` (stacked by series) or ``diverging`` (negative left)."""

    id: str
    kind: str
    ko: str
    en: str
    unit: str
    bars: list[Bar]
    series: list[str] = field(default_factory=list)
    note_ko: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class ParamValue:
    """A parameter as the page shows it: the value and what it names."""

    name: str
    value: str
    title: str = ""


@dataclass
class AnswerView:
    """Everything an answer page shows."""

    question: str
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    params: list[ParamValue]
    sentences_ko: list[str] = field(default_factory=list)
    sentences_en: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    notice_ko: str = ""
    notice_en: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (Korean text, href)

    def table(self, table_id: str) -> Table:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise QueryError(
            f"no table {table_id!r}; tables: {', '.join(t.id for t in self.tables) or 'none'}"
        )

    def to_dict(self) -> dict[str, Any]:
        """The view as JSON-ready data (the page's JSON download and ``/api/answers``)."""
        out = asdict(self)
        out["tables"] = [
            {
                "id": t.id,
                "ko": t.ko,
                "en": t.en,
                "sort": t.sort,
                "columns": [asdict(c) | {"header": c.header} for c in t.columns],
                "rows": [{k: _cell_dict(c) for k, c in row.items()} for row in t.rows],
            }
            for t in self.tables
        ]
        return out


def _sortable(cell: Cell, numeric: bool) -> bool:
    """A cell takes part in its column's order (empty or non-numbers in a numeric column go last,
    whichever the direction)."""
    if numeric:
        return isinstance(cell.value, (int, float, Decimal))
    return bool(cell.text)


def _cell_dict(cell: Cell) -> dict[str, Any]:
    out: dict[str, Any] = {"text": cell.text}
    if cell.value is not None:
        out["value"] = cell.value
    if cell.href:
        out["href"] = cell.href
    if cell.sources:
        out["sources"] = [asdict(s) | {"where": s.where} for s in cell.sources]
    if cell.findings:
        out["findings"] = cell.findings
    if cell.note:
        out["note"] = cell.note
    return out
