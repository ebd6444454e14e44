"""Rendering rows and reports for the terminal: json, csv and aligned tables (wide-char aware)."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from decimal import Decimal


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith("https://w3id.org/policykg/id/"):
        return value[len("https://w3id.org/policykg/id/") :]
    return str(value)


def table(columns: Sequence[str], rows: Sequence[dict], max_width: int = 60) -> str:
    cells = [[_cell(r.get(c))[:max_width] for c in columns] for r in rows]
    widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(
            v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=False)
        ).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    return "\n".join(out)


def _json_default(value: object):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return str(value)


def to_json(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2, default=_json_default)


def to_csv(columns: Sequence[str], rows: Sequence[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow(
            [_cell(r.get(c)) if not isinstance(r.get(c), str) else r.get(c) for c in columns]
        )
    return buf.getvalue()


def render(columns: Sequence[str], rows: Sequence[dict], fmt: str) -> str:
    if fmt == "json":
        return to_json({"columns": list(columns), "rows": list(rows)})
    if fmt == "csv":
        return to_csv(columns, rows)
    return table(columns, rows)
