"""Golden cases for the document loaders: real snippets of the corpus (the source lines are in
each case's meta.json) and the sorted N-Triples they must give, findings included."""

from __future__ import annotations

import importlib

import pytest

from policykg.build.findings import finding_triples
from policykg.model.records import SourceInfo
from tests.support.golden import (
    CASES,
    case_names,
    check_ntriples,
    check_real_snippet,
    meta,
    ntriples,
)

KIND = "documents"


def _run_case(folder) -> list[str]:
    loader = importlib.import_module(f"policykg.loaders.{meta(folder)['loader']}")
    text = (folder / "input.txt").read_text("utf-8")
    result = loader.parse(text, SourceInfo(f"case-{folder.name}", "input.txt"))
    return ntriples(result.triples + finding_triples(result.findings))


@pytest.mark.parametrize("name", case_names(KIND))
def test_golden(name):
    check_ntriples(CASES / KIND / name, _run_case(CASES / KIND / name))


@pytest.mark.parametrize("name", case_names(KIND))
def test_case_input_is_a_real_snippet(name):
    check_real_snippet(CASES / KIND / name, "loader")
