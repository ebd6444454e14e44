"""Tabular answers as JSON, CSV or XLSX (the spreadsheet format budget officers work in).

The format comes from a ``format`` parameter (``json``, ``csv``, ``xlsx``) or, failing that, the
``Accept`` header; JSON is the default. CSV is UTF-8 with a byte-order mark so that Excel opens
Korean text correctly; XLSX is written with openpyxl (part of the ``web`` extra).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from urllib.parse import quote

import orjson
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

from .errors import ApiError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "xlsx": XLSX}
_ALIASES = {
    "json": "json",
    "application/json": "json",
    "csv": "csv",
    "text/csv": "csv",
    "xlsx": "xlsx",
    "excel": "xlsx",
    XLSX: "xlsx",
}


def choose(fmt: str | None, accept: str | None = None) -> str:
    """``json``, ``csv`` or ``xlsx`` for a ``format`` parameter or an ``Accept`` header.

    >>> choose("XLSX"), choose(None, "text/csv, */*;q=0.1"), choose(None, None)
    ('xlsx', 'csv', 'json')
    """
    if fmt:
        name = _ALIASES.get(fmt.strip().lower())
        if name is None:
            raise ApiError(
                400, "bad-format", f"unknown format {fmt!r}; use one of {', '.join(MEDIA_TYPES)}"
            )
        return name
    for part in (accept or "").split(","):
        name = _ALIASES.get(part.split(";")[0].strip().lower())
        if name:
            return name
    return "json"


def _cell(value: object) -> object:
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(jsonable_encoder(value), ensure_ascii=False)
    return value


def to_csv(columns: Sequence[str], rows: Sequence[Mapping[str, object]]) -> str:
    """CSV text with a header row; lists and mappings as JSON.

    >>> to_csv(["code", "share"], [{"code": "I-2-1", "share": 0.3}]).splitlines()
    ['\\ufeffcode,share', 'I-2-1,0.3']
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else _cell(row.get(c)) for c in columns])
    return "\ufeff" + out.getvalue()


def to_xlsx(
    columns: Sequence[str], rows: Sequence[Mapping[str, object]], sheet: str = "answer"
) -> bytes:
    """An XLSX workbook with one sheet: a bold header row, then the rows."""
    return to_workbook([(sheet, columns, rows)])


def to_workbook(
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Mapping[str, object]]]],
) -> bytes:
    """An XLSX workbook with a sheet per ``(name, columns, rows)``: a bold header row, the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for name, columns, rows in sheets:
        title = _sheet_title(name, used)
        ws = wb.create_sheet(title)
        ws.append(list(columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_xlsx_cell(row.get(c)) for c in columns])
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(name: str, used: set[str]) -> str:
    """A sheet name Excel takes: at most 31 characters, none of []:*?/\\, unique."""
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "answer"
    title, n = base, 1
    while title in used:
        n += 1
        title = f"{base[: 31 - len(str(n)) - 1]}_{n}"
    used.add(title)
    return title


def _xlsx_cell(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    return _cell(value)


def render(
    columns: Sequence[str],
    rows: Sequence[Mapping[str, object]],
    fmt: str,
    *,
    name: str,
    extra: Mapping[str, object] | None = None,
) -> Response:
    """The response for a table: JSON ``{**extra, "columns", "rows"}``, CSV or XLSX.

    ``name`` names the downloaded file (``name.csv``, ``name.xlsx``) and the sheet.
    """
    columns = list(columns)
    if fmt == "csv":
        return Response(
            to_csv(columns, rows),
            media_type="text/csv; charset=utf-8",
            headers=download_headers(name, "csv"),
        )
    if fmt == "xlsx":
        return Response(
            to_xlsx(columns, rows, sheet=name),
            media_type=XLSX,
            headers=download_headers(name, "xlsx"),
        )
    body = {**(extra or {}), "columns": columns, "rows": list(rows)}
    return Response(to_json(body), media_type="application/json")


def to_json(value: object) -> bytes:
    """JSON bytes (orjson), with values as FastAPI's encoder gives them (a whole ``Decimal`` as
    an integer, any other as a float; keys that are not strings written as strings, as
    :func:`json.dumps` does).

    >>> to_json({2024: 1})
    b'{"2024":1}'
    >>> to_json({"lost_krw": Decimal("300000000"), "share": Decimal("0.3")})
    b'{"lost_krw":300000000,"share":0.3}'
    """
    return orjson.dumps(value, default=_plain, option=orjson.OPT_NON_STR_KEYS)


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value.as_tuple().exponent >= 0 else float(value)  # type: ignore[operator]
    return jsonable_encoder(value)


def download_headers(name: str, ext: str) -> dict[str, str]:
    """``Content-Disposition`` naming the downloaded file ``name.ext`` (ASCII and UTF-8)."""
    safe = (
        "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_." else "_" for ch in name)
        or "answer"
    )
    return {
        "Content-Disposition": (
            f"attachment; filename=\"{safe}.{ext}\"; filename*=UTF-8''{quote(name)}.{ext}"
        )
    }
