"""The documentation names every CLI command and every named question (as datasette's tests do)."""

from __future__ import annotations

import pytest

from policykg.analysis.questions import questions
from policykg.cli.main import parser
from tests.support.paths import DOCS, README


def _commands() -> list[str]:
    sub = next(a for a in parser()._actions if a.dest == "command")
    return sorted(sub.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_documented(command):
    assert f"`policykg {command}" in (DOCS / "cli.md").read_text("utf-8")


@pytest.mark.parametrize("name", sorted(questions()))
def test_every_named_question_is_documented(name):
    assert f"`{name}`" in (DOCS / "cli.md").read_text("utf-8")


def test_every_doc_is_linked_from_the_readme():
    readme = README.read_text("utf-8")
    for doc in DOCS.glob("*.md"):
        assert f"docs/{doc.name}" in readme, doc.name
