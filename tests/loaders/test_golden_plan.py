"""Golden cases of the plan's outline and agenda links: real snippets, expected N-Triples.

Each folder of ``tests/cases/plan`` holds ``input.txt`` (lines of the bundled plan, listed with
the trap they show in ``meta.json``) and ``expected.nt``: the triples the outline and agenda
parsers emit for it, findings included, sorted. A failure prints the sorted difference.
Run with ``POLICYKG_REGEN=1`` to rewrite ``expected.nt`` after a deliberate change (then read
the diff before committing it).
"""

from __future__ import annotations

import pytest

from policykg.loaders.plan.agenda import parse_agenda
from policykg.loaders.plan.outline import parse_outline
from policykg.model.records import GraphBuilder, SourceInfo
from policykg.model.text import nfc
from tests.support.golden import (
    CASES,
    builder_ntriples,
    case_names,
    check_ntriples,
    check_real_snippet,
)

KIND = "plan"


def run_case(folder) -> list[str]:
    text = nfc((folder / "input.txt").read_text("utf-8"))
    b = GraphBuilder(SourceInfo(f"case-{folder.name}"), text.split("\n"))
    parse_agenda(b, parse_outline(b))
    return builder_ntriples(b)


@pytest.mark.parametrize("name", case_names(KIND))
def test_golden(name):
    check_ntriples(CASES / KIND / name, run_case(CASES / KIND / name))


@pytest.mark.parametrize("name", case_names(KIND))
def test_case_input_is_a_real_snippet(name):
    check_real_snippet(CASES / KIND / name)
