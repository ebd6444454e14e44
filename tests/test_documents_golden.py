"""Golden cases for the document loaders: real snippets of the corpus (the source lines are in
each case's meta.json) and the sorted N-Triples they must give, findings included."""
from __future__ import annotations

import difflib
import importlib
import json
import os
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, serialize

from policykg.findings import finding_triples
from policykg.records import SourceInfo

CASES = Path(__file__).parent / "cases" / "documents"


def _run_case(folder: Path) -> list[str]:
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    loader = importlib.import_module(f"policykg.loaders.{meta['loader']}")
    text = (folder / "input.txt").read_text("utf-8")
    result = loader.parse(text, SourceInfo(f"case-{folder.name}", "input.txt"))
    body = serialize(result.triples + finding_triples(result.findings),
                     format=RdfFormat.N_TRIPLES).decode("utf-8")
    return sorted(line for line in body.splitlines() if line.strip())


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_golden(name):
    """POLICYKG_REGEN=1 rewrites expected.nt (read the diff before committing it)."""
    folder = CASES / name
    got = _run_case(folder)
    if os.environ.get("POLICYKG_REGEN"):
        (folder / "expected.nt").write_text("\n".join(got) + "\n", "utf-8")
    expected = sorted(x for x in (folder / "expected.nt").read_text("utf-8").splitlines() if x)
    if got != expected:
        pytest.fail("\n".join(difflib.unified_diff(expected, got, "expected.nt", "got",
                                                    lineterm="", n=0)))
