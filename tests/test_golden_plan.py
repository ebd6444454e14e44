"""Golden cases of the plan's outline and agenda links: real snippets, expected N-Triples.

Each folder of ``tests/cases/plan`` holds ``input.txt`` (lines of the bundled plan, listed with
the trap they show in ``meta.json``) and ``expected.nt``: the triples the outline and agenda
parsers emit for it, findings included, sorted. A failure prints the sorted difference.
Run with ``POLICYKG_REGEN=1`` to rewrite ``expected.nt`` after a deliberate change (then read
the diff before committing it).
"""
from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, serialize

from policykg.findings import finding_triples
from policykg.loaders.plan_agenda import parse_agenda
from policykg.loaders.plan_outline import parse_outline
from policykg.records import GraphBuilder, SourceInfo
from policykg.text import nfc

CASES = Path(__file__).parent / "cases" / "plan"
SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources"


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "input.txt").is_file())


def run_case(folder: Path) -> list[str]:
    text = nfc((folder / "input.txt").read_text("utf-8"))
    b = GraphBuilder(SourceInfo(f"case-{folder.name}"), text.split("\n"))
    outline = parse_outline(b)
    parse_agenda(b, outline)
    triples = b.result().triples + finding_triples(b.findings)
    body = serialize(triples, format=RdfFormat.N_TRIPLES).decode("utf-8")
    return sorted(line for line in body.splitlines() if line.strip())


@pytest.mark.parametrize("name", case_names())
def test_golden(name):
    folder = CASES / name
    got = run_case(folder)
    expected_path = folder / "expected.nt"
    if os.environ.get("POLICYKG_REGEN"):
        expected_path.write_text("\n".join(got) + "\n", "utf-8")
    expected = sorted(line for line in expected_path.read_text("utf-8").splitlines()
                      if line.strip())
    if got != expected:
        diff = "\n".join(difflib.unified_diff(expected, got, "expected.nt", "got", lineterm="",
                                              n=0))
        pytest.fail(f"{name}: output differs from expected.nt\n{diff}")


@pytest.mark.parametrize("name", case_names())
def test_case_input_is_a_real_snippet(name):
    """The input is exactly the listed lines of the bundled document, in order."""
    meta = json.loads((CASES / name / "meta.json").read_text("utf-8"))
    source = (SOURCES / meta["source"]).read_text("utf-8").split("\n")
    expected = [line for a, b in meta["lines"] for line in source[a - 1:b]]
    assert (CASES / name / "input.txt").read_text("utf-8").split("\n")[:-1] == expected
    assert meta["traps"] and meta["description"]
