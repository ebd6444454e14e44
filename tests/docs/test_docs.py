"""The documentation names every CLI command and every named question (as datasette's tests do)."""

from __future__ import annotations

import importlib
import re

import pytest

from policykg.analysis.questions import questions
from policykg.cli.main import parser
from tests.support.paths import DOCS, README, ROOT


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


# a path as the docs and docstrings write one; those with a pattern (``graph-*.png``) aside
CITED_PATH = re.compile(
    r"(?<![\w/.-])((?:kg|loaders|api|cli|tests|benchmarks|queries|ontology|data|docs|\.ci)"
    r"/[\w./*{}<>-]*[\w/*}>])"
)
CITED_NAME = re.compile(r"(?<![\w/.])(policykg(?:\.\w+)+)")
TEXTS = [README, *DOCS.rglob("*.md")] + [
    p
    for d in ("kg", "loaders", "api", "cli", "tests", "benchmarks")
    for p in (ROOT / d).rglob("*.py")
]


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
        return True
    return False


def test_every_cited_path_exists():
    """A file or folder the docs or the code name (``kg/build/shared.py``) is there."""
    missing = sorted(
        f"{text.relative_to(ROOT)}: {m.group(1)}"
        for text in TEXTS
        for m in CITED_PATH.finditer(text.read_text("utf-8"))
        if not any(c in m.group(1) for c in "*{}<>") and not (ROOT / m.group(1)).exists()
    )
    assert not missing


def test_every_cited_name_exists():
    """A module, class or function the docs or the code name (``policykg.build.shared``) exists;
    entry-point group names aside."""
    groups = {"policykg.loaders", "policykg.linkers"}
    missing = sorted(
        f"{text.relative_to(ROOT)}: {m.group(1)}"
        for text in TEXTS
        for m in CITED_NAME.finditer(text.read_text("utf-8"))
        if m.group(1) not in groups and not _resolves(m.group(1))
    )
    assert not missing
