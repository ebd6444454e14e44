"""The one golden-case mechanism of the test suite.

A case is a folder ``tests/cases/<kind>/<case>/`` holding ``input.txt`` (lines of a bundled
document), ``meta.json`` (``source``, ``lines`` as ``[[start, end], ...]``, ``description``,
``traps`` and whatever the kind needs) and ``expected.nt`` (sorted N-Triples, findings included)
or ``expected.json``. A failure prints the sorted difference. ``POLICYKG_REGEN=1`` rewrites the
expected files after a deliberate change: read the diff before committing it.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterable
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Triple, serialize

from policykg.build.findings import finding_triples
from policykg.model.records import GraphBuilder
from tests.support.paths import CASES, SOURCES


def case_names(kind: str) -> list[str]:
    """The case folders of one kind, by name."""
    return sorted(p.name for p in (CASES / kind).iterdir() if (p / "input.txt").is_file())


def meta(folder: Path) -> dict:
    return json.loads((folder / "meta.json").read_text("utf-8"))


def ntriples(triples: Iterable[Triple]) -> list[str]:
    body = serialize(list(triples), format=RdfFormat.N_TRIPLES).decode("utf-8")
    return sorted(line for line in body.splitlines() if line.strip())


def builder_ntriples(builder: GraphBuilder) -> list[str]:
    """Everything a builder holds, its findings included, as sorted N-Triples lines."""
    return ntriples(builder.result().triples + finding_triples(builder.findings))


def check_ntriples(folder: Path, got: list[str]) -> None:
    path = folder / "expected.nt"
    if os.environ.get("POLICYKG_REGEN"):
        path.write_text("\n".join(got) + "\n", "utf-8")
    expected = sorted(x for x in path.read_text("utf-8").splitlines() if x.strip())
    if got != expected:
        diff = "\n".join(
            difflib.unified_diff(expected, got, "expected.nt", "got", lineterm="", n=0)
        )
        pytest.fail(f"{folder.name}: output differs from expected.nt\n{diff}")


def check_json(folder: Path, got: object) -> None:
    path = folder / "expected.json"
    if os.environ.get("POLICYKG_REGEN"):
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert got == json.loads(path.read_text("utf-8"))


def check_real_snippet(folder: Path, *required: str) -> None:
    """The input is exactly the listed lines of the bundled document, in order."""
    info = meta(folder)
    source = (SOURCES / info["source"]).read_text("utf-8").split("\n")
    expected = [line for a, b in info["lines"] for line in source[a - 1 : b]]
    got = (folder / "input.txt").read_text("utf-8").split("\n")
    assert _trim(got) == _trim(expected)
    for key in ("description", "traps", *required):
        assert info.get(key), f"{folder.name}: meta.json lacks {key!r}"


def _trim(lines: list[str]) -> list[str]:
    """Lines without trailing blank ones (a final newline is optional in a case's input)."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return lines[:end]
